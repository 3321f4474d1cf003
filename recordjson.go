package scrutineer

import (
	"strconv"
	"time"

	"github.com/scrutineer/scrutineer/internal/jsonw"
)

// AppendJSON appends the record as MarshalJSON writes it, several times
// faster: ingest writes every record it reads. Raw is copied as it is;
// readers keep it valid JSON.
func (r Record) AppendJSON(b []byte) ([]byte, error) {
	e := enc{b: b}
	e.b = append(e.b, `{"record":"`...)
	switch {
	case r.Post != nil:
		e.b = append(e.b, `post"`...)
		e.post(r.Post)
	case r.Account != nil:
		e.b = append(e.b, `account"`...)
		e.account(r.Account)
	case r.Ad != nil:
		e.b = append(e.b, `ad"`...)
		e.ad(r.Ad)
	default:
		return b, errEmptyRecord
	}
	return append(e.b, '}'), nil
}

type enc struct{ b []byte }

func (e *enc) key(k string) {
	e.b = append(e.b, ',', '"')
	e.b = append(e.b, k...)
	e.b = append(e.b, '"', ':')
}

// str writes a member that is always present.
func (e *enc) str(k, v string) {
	e.key(k)
	e.b = jsonw.AppendString(e.b, v)
}

// opt writes a member that is left out when empty.
func (e *enc) opt(k, v string) {
	if v != "" {
		e.str(k, v)
	}
}

func (e *enc) strs(k string, v []string) {
	if len(v) == 0 {
		return
	}
	e.key(k)
	e.b = append(e.b, '[')
	for i, s := range v {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = jsonw.AppendString(e.b, s)
	}
	e.b = append(e.b, ']')
}

func (e *enc) flag(k string, v bool) {
	if v {
		e.key(k)
		e.b = append(e.b, "true"...)
	}
}

func (e *enc) count(k string, c Count) {
	if n, ok := c.Get(); ok {
		e.key(k)
		e.b = strconv.AppendInt(e.b, n, 10)
	}
}

// when writes a time as time.Time's MarshalJSON does; always is for the
// members without omitzero.
func (e *enc) when(k string, t time.Time, always bool) {
	if t.IsZero() && !always {
		return
	}
	e.key(k)
	e.b = append(e.b, '"')
	e.b = t.AppendFormat(e.b, time.RFC3339Nano)
	e.b = append(e.b, '"')
}

func (e *enc) raw(v []byte) {
	if len(v) > 0 {
		e.key("raw")
		e.b = append(e.b, v...)
	}
}

func (e *enc) post(p *Post) {
	e.str("platform", string(p.Platform))
	e.str("id", p.ID)
	e.opt("url", p.URL)
	e.str("account", p.Account)
	e.opt("handle", p.Handle)
	e.when("time", p.Time, true)
	e.opt("text", p.Text)
	e.opt("title", p.Title)
	e.opt("lang", p.Lang)
	e.opt("repost_of", p.RepostOf)
	e.opt("reply_to", p.ReplyTo)
	e.opt("quote_of", p.QuoteOf)
	e.opt("reply_to_account", p.ReplyToAccount)
	e.opt("thread", p.Thread)
	e.opt("channel", p.Channel)
	e.strs("urls", p.URLs)
	e.strs("hashtags", p.Hashtags)
	e.strs("mentions", p.Mentions)
	if len(p.Media) > 0 {
		e.key("media")
		e.b = append(e.b, '[')
		for i, m := range p.Media {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.b = append(e.b, `{"type":`...)
			e.b = jsonw.AppendString(e.b, m.Type)
			e.opt("url", m.URL)
			e.opt("hash", m.Hash)
			e.opt("alt_text", m.AltText)
			e.b = append(e.b, '}')
		}
		e.b = append(e.b, ']')
	}
	e.count("likes", p.Likes)
	e.count("reposts", p.Reposts)
	e.count("replies", p.Replies)
	e.count("quotes", p.Quotes)
	e.count("views", p.Views)
	e.opt("source", p.Source)
	e.strs("withheld_in", p.WithheldIn)
	e.flag("removed", p.Removed)
	e.flag("sensitive", p.Sensitive)
	e.raw(p.Raw)
}

func (e *enc) account(a *Account) {
	e.str("platform", string(a.Platform))
	e.str("id", a.ID)
	e.opt("handle", a.Handle)
	e.opt("name", a.Name)
	e.opt("description", a.Description)
	e.opt("location", a.Location)
	e.opt("url", a.URL)
	e.opt("website", a.Website)
	e.opt("image_url", a.ImageURL)
	e.opt("lang", a.Lang)
	e.when("created", a.Created, false)
	e.count("followers", a.Followers)
	e.count("following", a.Following)
	e.count("posts", a.Posts)
	e.flag("verified", a.Verified)
	e.flag("bot", a.Bot)
	e.flag("protected", a.Protected)
	e.flag("gone", a.Gone)
	e.opt("category", a.Category)
	e.raw(a.Raw)
}

func (e *enc) ad(a *Ad) {
	e.str("platform", string(a.Platform))
	e.str("id", a.ID)
	e.opt("url", a.URL)
	e.opt("account", a.Account)
	e.opt("advertiser", a.Advertiser)
	e.opt("payer", a.Payer)
	e.opt("payer_country", a.PayerCountry)
	e.opt("authorization", a.Authorization)
	e.flag("regulated", a.Regulated)
	e.opt("text", a.Text)
	e.opt("link_url", a.LinkURL)
	e.when("start", a.Start, false)
	e.when("end", a.End, false)
	e.opt("currency", a.Currency)
	e.count("spend_min", a.SpendMin)
	e.count("spend_max", a.SpendMax)
	e.count("impressions_min", a.ImpressionsMin)
	e.count("impressions_max", a.ImpressionsMax)
	e.strs("regions", a.Regions)
	e.raw(a.Raw)
}
