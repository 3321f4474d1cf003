// Package scrutineer holds the domain types that every part of the platform
// shares: the accounts, posts and ads read from platforms and archives, and
// the interfaces of the services that store them. It depends on the
// standard library only.
package scrutineer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Platform names where an account, post or ad lives.
type Platform string

const (
	PlatformX         Platform = "x" // Twitter before 2023
	PlatformBluesky   Platform = "bluesky"
	PlatformMastodon  Platform = "mastodon" // and other ActivityPub servers with its API
	PlatformTelegram  Platform = "telegram"
	PlatformFacebook  Platform = "facebook"
	PlatformInstagram Platform = "instagram"
	PlatformTikTok    Platform = "tiktok"
	PlatformYouTube   Platform = "youtube"
	PlatformReddit    Platform = "reddit"
	PlatformWeb       Platform = "web" // a site, a blog, a news outlet
)

// Platforms lists the platforms, in a fixed order.
func Platforms() []Platform {
	return []Platform{PlatformX, PlatformBluesky, PlatformMastodon, PlatformTelegram, PlatformFacebook,
		PlatformInstagram, PlatformTikTok, PlatformYouTube, PlatformReddit, PlatformWeb}
}

// Known reports whether p is one of Platforms.
func (p Platform) Known() bool {
	for _, q := range Platforms() {
		if p == q {
			return true
		}
	}
	return false
}

// Count is a number that a record may or may not give: a follower count, a
// number of likes. The zero Count is unknown, which is not the same as a
// known zero.
type Count struct{ n int64 } // n is the value plus one; 0 means unknown

// Known returns a Count of n.
func Known(n int64) Count { return Count{n + 1} }

// Get returns the value and whether it is known.
func (c Count) Get() (int64, bool) { return c.n - 1, c.n != 0 }

// IsZero reports whether c is unknown, so that `omitzero` leaves unknown
// counts out of JSON and keeps known zeros.
func (c Count) IsZero() bool { return c.n == 0 }

// Equal reports whether c and d are the same (both unknown, or the same
// number).
func (c Count) Equal(d Count) bool { return c == d }

func (c Count) String() string {
	if c.n == 0 {
		return "unknown"
	}
	return strconv.FormatInt(c.n-1, 10)
}

func (c Count) MarshalJSON() ([]byte, error) {
	if c.n == 0 {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, c.n-1, 10), nil
}

func (c *Count) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*c = Count{}
		return nil
	}
	var n int64
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*c = Known(n)
	return nil
}

// RecordKind says what a Record holds.
type RecordKind string

const (
	KindAccount RecordKind = "account"
	KindPost    RecordKind = "post"
	KindAd      RecordKind = "ad"
)

// Record is one normalized item: exactly one of Account, Post and Ad is
// set. Readers of native formats yield records; stores keep them.
type Record struct {
	Account *Account
	Post    *Post
	Ad      *Ad
}

// Kind says which of the three the record holds ("" when none).
func (r Record) Kind() RecordKind {
	switch {
	case r.Post != nil:
		return KindPost
	case r.Account != nil:
		return KindAccount
	case r.Ad != nil:
		return KindAd
	}
	return ""
}

// Key identifies a record for de-duplication: its kind, platform and the
// platform's own id.
func (r Record) Key() RecordKey {
	switch {
	case r.Post != nil:
		return RecordKey{KindPost, r.Post.Platform, r.Post.ID}
	case r.Account != nil:
		return RecordKey{KindAccount, r.Account.Platform, r.Account.ID}
	case r.Ad != nil:
		return RecordKey{KindAd, r.Ad.Platform, r.Ad.ID}
	}
	return RecordKey{}
}

// RecordKey is what makes two records the same record.
type RecordKey struct {
	Kind     RecordKind
	Platform Platform
	ID       string
}

func (k RecordKey) String() string { return string(k.Kind) + ":" + string(k.Platform) + ":" + k.ID }

// RecordService stores normalized records. Storing is idempotent: a record
// whose key is already stored is counted as a duplicate and left as it was.
type RecordService interface {
	// PutRecords stores recs and says, for each, whether it was new.
	PutRecords(ctx context.Context, recs []Record) ([]bool, error)
}

// MarshalJSON writes the record as its account, post or ad with a leading
// "record" member naming which: one self-describing object per line in
// JSON Lines files.
func (r Record) MarshalJSON() ([]byte, error) {
	var v any
	switch {
	case r.Post != nil:
		v = r.Post
	case r.Account != nil:
		v = r.Account
	case r.Ad != nil:
		v = r.Ad
	default:
		return nil, errEmptyRecord
	}
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(body)+24)
	out = append(out, `{"record":"`...)
	out = append(out, r.Kind()...)
	out = append(out, '"')
	if len(body) > 2 {
		out = append(out, ',')
	}
	return append(out, body[1:]...), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *Record) UnmarshalJSON(b []byte) error {
	var head struct {
		Record RecordKind `json:"record"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return err
	}
	*r = Record{}
	switch head.Record {
	case KindPost:
		r.Post = new(Post)
		return json.Unmarshal(b, r.Post)
	case KindAccount:
		r.Account = new(Account)
		return json.Unmarshal(b, r.Account)
	case KindAd:
		r.Ad = new(Ad)
		return json.Unmarshal(b, r.Ad)
	case "":
		return errors.New(`no "record" member saying account, post or ad`)
	}
	return fmt.Errorf("record %q: want account, post or ad", head.Record)
}

var errEmptyRecord = errors.New("empty record: no account, post or ad")
