// Package records reads Scrutineer's own JSON Lines of normalized records
// (what `scrutineer ingest --out` writes and the simulator's ads.jsonl
// holds), so that normalized data can be read again.
package records

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// Format is Scrutineer's normalized records, one JSON object a line with a
// "record" member saying account, post or ad.
var Format = source.Format{
	Name:  "scrutineer-records",
	About: "Scrutineer's normalized account, post and ad records (JSON Lines)",
	Sniff: sniff,
	Read:  read,
}

func sniff(name string, head []byte) int {
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	for _, k := range []string{`{"record":"post"`, `{"record":"account"`, `{"record":"ad"`} {
		if bytes.HasPrefix(head, []byte(k)) {
			return 100
		}
	}
	if bytes.HasPrefix(head, []byte("{")) && bytes.Contains(head[:min(len(head), 200)], []byte(`"record":`)) {
		return 60
	}
	return 0
}

func read(r io.Reader, file string, sink source.Sink) error {
	var p fastjson.Parser
	return source.JSONValues(r, file, func(raw []byte, line int) error {
		v, err := p.ParseBytes(raw)
		if err != nil {
			sink.Reject(&source.RowError{File: file, Line: line, Err: fmt.Errorf("invalid JSON: %w", err)})
			return nil
		}
		rec, field, err := decode(v)
		if err != nil {
			sink.Reject(&source.RowError{File: file, Line: line, Field: field, Err: err})
			return nil
		}
		return sink.Record(rec)
	}, sink.Reject)
}

// fields reads typed members of an object, remembering the first that has
// the wrong type.
type fields struct {
	v     *fastjson.Value
	field string
	err   error
}

func (f *fields) fail(key string, err error) {
	if f.err == nil {
		f.field, f.err = key, err
	}
}

func (f *fields) str(key string) string {
	x := f.v.Get(key)
	if x == nil || x.Type() == fastjson.TypeNull {
		return ""
	}
	b, err := x.StringBytes()
	if err != nil {
		f.fail(key, errors.New("want a string"))
		return ""
	}
	return source.String(b)
}

func (f *fields) strs(key string) []string {
	x := f.v.Get(key)
	if x == nil || x.Type() == fastjson.TypeNull {
		return nil
	}
	items, err := x.Array()
	if err != nil {
		f.fail(key, errors.New("want an array of strings"))
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		b, err := it.StringBytes()
		if err != nil {
			f.fail(key, errors.New("want an array of strings"))
			return nil
		}
		out = append(out, source.String(b))
	}
	return out
}

func (f *fields) boolean(key string) bool {
	x := f.v.Get(key)
	if x == nil || x.Type() == fastjson.TypeNull {
		return false
	}
	b, err := x.Bool()
	if err != nil {
		f.fail(key, errors.New("want true or false"))
	}
	return b
}

func (f *fields) count(key string) scrutineer.Count {
	x := f.v.Get(key)
	if x == nil || x.Type() == fastjson.TypeNull {
		return scrutineer.Count{}
	}
	n, err := x.Int64()
	if err != nil {
		f.fail(key, errors.New("want a whole number"))
		return scrutineer.Count{}
	}
	return scrutineer.Known(n)
}

func (f *fields) time(key string) time.Time {
	s := f.str(key)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		f.fail(key, fmt.Errorf("want an RFC 3339 time, got %s", source.Quote(s)))
	}
	return t
}

func (f *fields) raw() []byte {
	x := f.v.Get("raw")
	if x == nil || x.Type() == fastjson.TypeNull {
		return nil
	}
	// fastjson parses leniently (a lone "." passes for a number), and the
	// raw record is kept as JSON: it must be JSON.
	b := source.AppendValue(nil, x)
	if err := source.ValidateJSON(b); err != nil {
		f.fail("raw", fmt.Errorf("invalid JSON: %w", err))
		return nil
	}
	return b
}

func (f *fields) platform() scrutineer.Platform {
	p := scrutineer.Platform(f.str("platform"))
	if p == "" {
		f.fail("platform", errors.New("missing"))
	}
	return p
}

func (f *fields) id() string {
	id := f.str("id")
	if id == "" {
		f.fail("id", errors.New("missing"))
	}
	return id
}

func decode(v *fastjson.Value) (scrutineer.Record, string, error) {
	if v.Type() != fastjson.TypeObject {
		return scrutineer.Record{}, "", fmt.Errorf("want an object, got %s", v.Type())
	}
	f := &fields{v: v}
	var rec scrutineer.Record
	switch kind := scrutineer.RecordKind(f.str("record")); kind {
	case scrutineer.KindPost:
		rec.Post = decodePost(f)
	case scrutineer.KindAccount:
		rec.Account = decodeAccount(f)
	case scrutineer.KindAd:
		rec.Ad = decodeAd(f)
	case "":
		return rec, "record", errors.New("missing: want account, post or ad")
	default:
		return rec, "record", fmt.Errorf("want account, post or ad, got %s", source.Quote(string(kind)))
	}
	if f.err != nil {
		return scrutineer.Record{}, f.field, f.err
	}
	return rec, "", nil
}

func decodePost(f *fields) *scrutineer.Post {
	p := &scrutineer.Post{
		Platform: f.platform(), ID: f.id(), URL: f.str("url"), Account: f.str("account"), Handle: f.str("handle"),
		Time: f.time("time"), Text: f.str("text"), Title: f.str("title"), Lang: f.str("lang"),
		RepostOf: f.str("repost_of"), ReplyTo: f.str("reply_to"), QuoteOf: f.str("quote_of"),
		ReplyToAccount: f.str("reply_to_account"), Thread: f.str("thread"), Channel: f.str("channel"),
		URLs: f.strs("urls"), Hashtags: f.strs("hashtags"), Mentions: f.strs("mentions"),
		Likes: f.count("likes"), Reposts: f.count("reposts"), Replies: f.count("replies"), Quotes: f.count("quotes"),
		Views: f.count("views"), Source: f.str("source"), WithheldIn: f.strs("withheld_in"),
		Removed: f.boolean("removed"), Sensitive: f.boolean("sensitive"), Raw: f.raw(),
	}
	if p.Account == "" {
		f.fail("account", errors.New("missing"))
	}
	if p.Time.IsZero() {
		f.fail("time", errors.New("missing"))
	}
	if x := f.v.Get("media"); x != nil && x.Type() != fastjson.TypeNull {
		items, err := x.Array()
		if err != nil {
			f.fail("media", errors.New("want an array"))
		}
		for _, it := range items {
			m := &fields{v: it}
			if it.Type() != fastjson.TypeObject {
				f.fail("media", errors.New("want an array of objects"))
				break
			}
			p.Media = append(p.Media, scrutineer.Media{Type: m.str("type"), URL: m.str("url"), Hash: m.str("hash"), AltText: m.str("alt_text")})
			if m.err != nil {
				f.fail("media."+m.field, m.err)
			}
		}
	}
	return p
}

func decodeAccount(f *fields) *scrutineer.Account {
	return &scrutineer.Account{
		Platform: f.platform(), ID: f.id(), Handle: f.str("handle"), Name: f.str("name"),
		Description: f.str("description"), Location: f.str("location"), URL: f.str("url"), Website: f.str("website"),
		ImageURL: f.str("image_url"), Lang: f.str("lang"), Created: f.time("created"),
		Followers: f.count("followers"), Following: f.count("following"), Posts: f.count("posts"),
		Verified: f.boolean("verified"), Bot: f.boolean("bot"), Protected: f.boolean("protected"), Gone: f.boolean("gone"),
		Category: f.str("category"), Raw: f.raw(),
	}
}

func decodeAd(f *fields) *scrutineer.Ad {
	return &scrutineer.Ad{
		Platform: f.platform(), ID: f.id(), URL: f.str("url"), Account: f.str("account"),
		Advertiser: f.str("advertiser"), Payer: f.str("payer"), PayerCountry: f.str("payer_country"),
		Authorization: f.str("authorization"), Regulated: f.boolean("regulated"), Text: f.str("text"),
		LinkURL: f.str("link_url"), Start: f.time("start"), End: f.time("end"), Currency: f.str("currency"),
		SpendMin: f.count("spend_min"), SpendMax: f.count("spend_max"),
		ImpressionsMin: f.count("impressions_min"), ImpressionsMax: f.count("impressions_max"),
		Regions: f.strs("regions"), Raw: f.raw(),
	}
}
