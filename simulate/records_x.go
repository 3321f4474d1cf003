package simulate

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
)

// XRecords gives the normalized records that reading WriteX's output with
// the X API v2 reader gives: every X account the responses include and
// every tweet written, each once, in a stable order: the tweets in time
// order, each after the accounts it is the first to name. It follows what
// WriteX writes rather than the world where the two differ: the text with
// its t.co links, the photos of a retweet's original on the retweet, the
// timestamps cut to the millisecond, "und" for a post without a language,
// the default avatar for an account without one, and the quote counts
// WriteX counts.
func XRecords(w *World) []scrutineer.Record {
	if w == nil {
		return nil
	}
	tweets := nativePosts(w, X)
	quotes := map[int32]int32{}
	for _, i := range tweets {
		if w.Posts[i].RepostOf < 0 {
			if q := refTarget(w, int(i), w.Posts[i].QuoteOf, false); q >= 0 {
				quotes[int32(q)]++
			}
		}
	}
	e := &xEncoder{wd: w}
	var out []scrutineer.Record
	seen := make([]bool, len(w.Accounts))
	addUser := func(a int) {
		if !seen[a] {
			seen[a] = true
			out = append(out, scrutineer.Record{Account: xAccountRecord(&w.Accounts[a])})
		}
	}
	for _, ti := range tweets {
		i := int(ti)
		p := &w.Posts[i]
		addUser(p.Account)
		orig, parent, quote := -1, -1, -1
		if p.RepostOf >= 0 {
			orig = originalOf(w, i)
		} else {
			parent = refTarget(w, i, p.ReplyTo, false)
			quote = refTarget(w, i, p.QuoteOf, false)
		}
		// The text and its entities, as appendTweet builds them.
		e.text, e.ents = e.text[:0], e.ents[:0]
		photos := i
		if orig >= 0 {
			photos = orig
			oa := &w.Accounts[w.Posts[orig].Account]
			e.text = append(e.text, "RT @"...)
			e.text = append(e.text, oa.Handle...)
			e.ents = append(e.ents, xEntity{kind: entityMention, post: orig, item: -2})
			e.text = append(e.text, ": "...)
			e.buildText(orig, codePoints(bytesString(e.text)))
		} else {
			e.buildText(i, 0)
		}
		a := &w.Accounts[p.Account]
		handle := strings.TrimPrefix(jsonText(a.Handle), "@")
		lang := p.Lang
		if lang == "" {
			lang = "und"
		}
		conv := p.ID
		if parent >= 0 {
			conv = w.Posts[threadRoot(w, parent)].ID
		}
		rec := &scrutineer.Post{
			Platform: scrutineer.PlatformX,
			ID:       p.ID,
			Account:  a.ID,
			Handle:   handle,
			Time:     time.UnixMilli(p.Time.UnixMilli()).UTC(),
			Text:     xTextUnescaper.Replace(jsonText(string(e.text))),
			Lang:     jsonText(lang),
			Thread:   conv,
			Source:   jsonText(p.Source),
			Likes:    scrutineer.Known(int64(p.Likes)),
			Reposts:  scrutineer.Known(int64(p.Reposts)),
			Replies:  scrutineer.Known(int64(p.Replies)),
			Quotes:   scrutineer.Known(int64(quotes[ti])),
		}
		if handle != "" {
			rec.URL = "https://x.com/" + handle + "/status/" + p.ID
		}
		if orig >= 0 {
			rec.RepostOf = w.Posts[orig].ID
			addUser(w.Posts[orig].Account)
		}
		if parent >= 0 {
			rec.ReplyTo = w.Posts[parent].ID
			rec.ReplyToAccount = w.Accounts[w.Posts[parent].Account].ID
			addUser(w.Posts[parent].Account)
		}
		if quote >= 0 {
			rec.QuoteOf = w.Posts[quote].ID
			addUser(w.Posts[quote].Account)
		}
		// Entities are written by kind, each kind in the order of the text;
		// the link to the photos is media, not a link.
		for _, x := range e.ents {
			src := &w.Posts[x.post]
			switch x.kind {
			case entityURL:
				if x.item >= 0 {
					rec.URLs = append(rec.URLs, jsonText(src.URLs[x.item]))
				}
			case entityTag:
				if t := strings.TrimPrefix(jsonText(src.Hashtags[x.item]), "#"); t != "" {
					rec.Hashtags = append(rec.Hashtags, t)
				}
			case entityMention:
				acc := src.Account
				if x.item >= 0 {
					acc = src.Mentions[x.item]
				}
				if h := strings.TrimPrefix(jsonText(w.Accounts[acc].Handle), "@"); h != "" {
					rec.Mentions = append(rec.Mentions, h)
				}
				addUser(acc)
			}
		}
		for _, m := range w.Posts[photos].Media {
			rec.Media = append(rec.Media, scrutineer.Media{Type: "photo", URL: jsonText("https://pbs.twimg.com/media/" + m + ".jpg")})
		}
		out = append(out, scrutineer.Record{Post: rec})
	}
	return out
}

// xAccountRecord is the account appendXUser writes, as read back.
func xAccountRecord(a *Account) *scrutineer.Account {
	img := a.ProfileImage
	if img == "" {
		img = "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png"
	}
	r := &scrutineer.Account{
		Platform:    scrutineer.PlatformX,
		ID:          a.ID,
		Handle:      strings.TrimPrefix(jsonText(a.Handle), "@"),
		Name:        jsonText(a.DisplayName),
		Description: jsonText(a.Description),
		Location:    jsonText(a.Location),
		ImageURL:    jsonText(img),
		Created:     time.UnixMilli(a.Created.UnixMilli()).UTC(),
		Followers:   scrutineer.Known(int64(a.Followers)),
		Following:   scrutineer.Known(int64(a.Following)),
		Posts:       scrutineer.Known(int64(a.Statuses)),
		Verified:    a.Verified,
	}
	if r.Handle != "" {
		r.URL = "https://x.com/" + r.Handle
	}
	return r
}

// xTextUnescaper undoes the escaping of '&', '<' and '>' that X applies
// to tweet text and that readers of its responses undo; WriteX does not
// escape them, so a text that holds "&amp;" comes back as "&".
var xTextUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// jsonText is s as a JSON decoder gives it back from the writer's
// escaping: each byte that is not valid UTF-8 becomes U+FFFD.
func jsonText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
