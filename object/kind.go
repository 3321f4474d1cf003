package object

import (
	"fmt"
	"strings"
)

// Kind says what sort of object a raw value names, and so how it is
// normalised. The zero value is KindGeneric, the kind of CooRTweet's
// object_id column.
type Kind uint8

// The kinds of object. The names differ from the per-kind functions
// (KindDomain, not Domain) because both are exported from this package.
const (
	KindGeneric Kind = iota // an opaque id, kept as given apart from trimming
	KindURL                 // a link, canonicalised by CanonicalURL
	KindDomain              // the registrable domain of a link or host
	KindHashtag             // a hashtag, with or without '#'
	KindRepost              // the id of the post being reposted or retweeted
	KindReply               // the id of the post being replied to
	KindMention             // a mentioned account handle
	KindText                // the post text, for identical-text (copypasta) matching
	KindMedia               // a digest or perceptual hash of attached media
	numKinds
)

var kindNames = [numKinds]string{
	KindGeneric: "object",
	KindURL:     "url",
	KindDomain:  "domain",
	KindHashtag: "hashtag",
	KindRepost:  "repost",
	KindReply:   "reply",
	KindMention: "mention",
	KindText:    "text",
	KindMedia:   "media",
}

// kindAliases maps every accepted spelling (lower case, '-' read as '_') to
// its kind. Plurals and platform words are accepted because they are what
// people type on a command line or find in other tools' configuration.
var kindAliases = map[string]Kind{
	"object": KindGeneric, "objects": KindGeneric, "generic": KindGeneric,
	"id": KindGeneric, "object_id": KindGeneric,

	"url": KindURL, "urls": KindURL, "link": KindURL, "links": KindURL,
	"uri": KindURL,

	"domain": KindDomain, "domains": KindDomain, "host": KindDomain,
	"hosts": KindDomain, "hostname": KindDomain,

	"hashtag": KindHashtag, "hashtags": KindHashtag, "tag": KindHashtag,
	"tags": KindHashtag,

	"repost": KindRepost, "reposts": KindRepost, "retweet": KindRepost,
	"retweets": KindRepost, "rt": KindRepost, "share": KindRepost,
	"shares": KindRepost, "boost": KindRepost, "boosts": KindRepost,
	"reblog": KindRepost, "reblogs": KindRepost,

	"reply": KindReply, "replies": KindReply,

	"mention": KindMention, "mentions": KindMention,

	"text": KindText, "texts": KindText, "cotweet": KindText,
	"cotweets": KindText, "copypasta": KindText,

	"media": KindMedia, "image": KindMedia, "images": KindMedia,
	"media_hash": KindMedia, "mediahash": KindMedia,
}

// String returns the canonical name of k, as accepted by ParseKind.
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Kinds returns every kind, in declaration order.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

// validKindNames is the list quoted in ParseKind errors.
func validKindNames() string {
	return strings.Join(kindNames[:], ", ")
}

// ParseKind reads a kind name: the canonical names returned by String and
// common aliases ("link", "retweet", "rt", "hashtags", "urls", "cotweet",
// ...). Matching ignores case and surrounding space, and reads '-' as '_'.
func ParseKind(s string) (Kind, error) {
	key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
	if k, ok := kindAliases[key]; ok {
		return k, nil
	}
	return 0, fmt.Errorf("object: %w %q (valid: %s)", ErrUnknownKind, clip(s), validKindNames())
}

// ParseKinds reads a comma-separated list of kind names such as
// "url,repost,hashtag". Empty items (a trailing comma) are skipped and a kind
// named twice is kept once, at its first position. A list naming no kind at
// all is an error, since a caller asking for none almost certainly made a
// mistake.
func ParseKinds(csv string) ([]Kind, error) {
	var out []Kind
	var seen [numKinds]bool
	for item := range strings.SplitSeq(csv, ",") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		k, err := ParseKind(item)
		if err != nil {
			return nil, err
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("object: no kinds in %q (valid: %s)", clip(csv), validKindNames())
	}
	return out, nil
}

// MarshalText encodes k as its name, so kinds read well in JSON and flags.
func (k Kind) MarshalText() ([]byte, error) {
	if k >= numKinds {
		return nil, fmt.Errorf("object: %w %d", ErrUnknownKind, uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes any name accepted by ParseKind.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}
