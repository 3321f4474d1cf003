package simulate

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteMastodon writes the world's Mastodon posts as Status entities, one
// JSON object a line, in time order, as the REST API (GET
// /api/v1/timelines/public, /api/v1/accounts/:id/statuses) and the
// streaming API return them.
//
// A status carries id, created_at, in_reply_to_id, in_reply_to_account_id,
// sensitive, spoiler_text, visibility ("public"), language, uri, url,
// replies_count, reblogs_count, favourites_count, edited_at, content,
// reblog, application, account, media_attachments, mentions, tags, emojis,
// card, poll and quote. content is HTML as Mastodon renders plain text:
// paragraphs in <p>, line breaks as <br />, links, #hashtags and
// @mentions as Mastodon marks them up. A boost is a status of its own
// whose content is empty and whose reblog is the boosted status; its uri
// and url end in /activity. A quote of a Mastodon post is a quote object
// ({"state":"accepted","quoted_status":...}, the quoted status's own quote
// given only by id); a quote of a post on another platform is a link card
// to it. card is otherwise the preview of the first link.
//
// Accounts are seen from a server of their own: acct is always
// user@instance. Account created_at is midnight of the day the account
// was made and last_status_at the day of its last status in the world,
// as Mastodon shows them. The writer uses no ground truth (roles,
// operations), except that syndication accounts declare themselves bots.
func WriteMastodon(w io.Writer, wd *World) error {
	if wd == nil {
		return nil
	}
	statuses := nativePosts(wd, Mastodon)
	last := make([]int32, len(wd.Accounts))
	for _, pi := range statuses {
		last[wd.Posts[pi].Account] = pi + 1
	}
	accounts := accountObjects(wd, Mastodon, func(dst []byte, a int) []byte {
		var lastAt time.Time
		if last[a] > 0 {
			lastAt = wd.Posts[last[a]-1].Time
		}
		return appendMastodonAccount(dst, &wd.Accounts[a], lastAt)
	})
	err := writeOrdered(w, len(statuses), 1024, func() chunkEncoder {
		e := &mastodonEncoder{wd: wd, statuses: statuses, accounts: accounts}
		return e.encode
	})
	if err != nil {
		return fmt.Errorf("write mastodon: %w", err)
	}
	return nil
}

// mastodonEncoder encodes a run of statuses; each goroutine has its own.
type mastodonEncoder struct {
	wd       *World
	statuses []int32
	accounts [][]byte // the JSON of each Mastodon account

	find    entityFinder
	handles []string
	short   []string
}

func (e *mastodonEncoder) encode(dst []byte, lo, hi int) []byte {
	for _, pi := range e.statuses[lo:hi] {
		dst = e.appendStatus(dst, int(pi), true)
		dst = append(dst, '\n')
	}
	return dst
}

// appendStatus appends post i as a Status. A quoted status is written in
// full only when fullQuote is set, as Mastodon nests one level of quotes.
func (e *mastodonEncoder) appendStatus(dst []byte, i int, fullQuote bool) []byte {
	wd := e.wd
	p := &wd.Posts[i]
	a := &wd.Accounts[p.Account]
	user, host := mastodonAcct(a.Handle)
	if p.RepostOf >= 0 {
		orig := originalOf(wd, i)
		dst = append(dst, '{')
		dst = appendJSONField(dst, "id", p.ID)
		dst = appendJSONTime(dst, "created_at", p.Time)
		dst = append(dst, `,"in_reply_to_id":null,"in_reply_to_account_id":null,"sensitive":false,"spoiler_text":"","visibility":"public","language":null`...)
		dst = appendJSONKey(dst, "uri")
		dst = appendStatusURI(dst, user, host, p.ID, "/activity")
		dst = appendJSONKey(dst, "url")
		dst = appendStatusURI(dst, user, host, p.ID, "/activity")
		dst = appendJSONInt(dst, "replies_count", int64(p.Replies))
		dst = appendJSONInt(dst, "reblogs_count", int64(p.Reposts))
		dst = appendJSONInt(dst, "favourites_count", int64(p.Likes))
		dst = append(dst, `,"edited_at":null,"content":"","reblog":`...)
		dst = e.appendStatus(dst, orig, true)
		dst = append(dst, `,"application":null,"account":`...)
		dst = append(dst, e.accounts[p.Account]...)
		return append(dst, `,"media_attachments":[],"mentions":[],"tags":[],"emojis":[],"card":null,"poll":null,"quote":null}`...)
	}

	parent := refTarget(wd, i, p.ReplyTo, false)
	quote := refTarget(wd, i, p.QuoteOf, true)
	e.handles, e.short = mentionHandles(e.handles[:0], wd, p, Mastodon), e.short[:0]
	for _, h := range e.handles {
		s, _ := mastodonAcct(h)
		e.short = append(e.short, s)
	}
	ents := e.find.find(p.Text, p, e.handles, e.short)

	dst = append(dst, '{')
	dst = appendJSONField(dst, "id", p.ID)
	dst = appendJSONTime(dst, "created_at", p.Time)
	if parent >= 0 {
		q := &wd.Posts[parent]
		dst = appendJSONField(dst, "in_reply_to_id", q.ID)
		dst = appendJSONField(dst, "in_reply_to_account_id", wd.Accounts[q.Account].ID)
	} else {
		dst = append(dst, `,"in_reply_to_id":null,"in_reply_to_account_id":null`...)
	}
	dst = append(dst, `,"sensitive":false,"spoiler_text":"","visibility":"public"`...)
	dst = appendJSONFieldOrNull(dst, "language", p.Lang)
	dst = appendJSONKey(dst, "uri")
	dst = appendStatusURI(dst, user, host, p.ID, "")
	dst = appendJSONKey(dst, "url")
	dst = append(dst, `"https://`...)
	dst = appendJSONBody(dst, host)
	dst = append(dst, "/@"...)
	dst = appendJSONBody(dst, user)
	dst = append(dst, '/')
	dst = appendJSONBody(dst, p.ID)
	dst = append(dst, '"')
	dst = appendJSONInt(dst, "replies_count", int64(p.Replies))
	dst = appendJSONInt(dst, "reblogs_count", int64(p.Reposts))
	dst = appendJSONInt(dst, "favourites_count", int64(p.Likes))
	dst = append(dst, `,"edited_at":null,"content":`...)
	dst = appendMastodonContent(dst, wd, p, host, ents)
	dst = append(dst, `,"reblog":null,"application":`...)
	if p.Source != "" {
		dst = append(dst, `{"name":`...)
		dst = appendJSONString(dst, p.Source)
		dst = append(dst, `,"website":null}`...)
	} else {
		dst = append(dst, "null"...)
	}
	dst = append(dst, `,"account":`...)
	dst = append(dst, e.accounts[p.Account]...)

	dst = append(dst, `,"media_attachments":[`...)
	for k, h := range p.Media {
		if k > 0 {
			dst = append(dst, ',')
		}
		dst = appendAttachment(dst, p, k, h, host)
	}
	dst = append(dst, `],"mentions":[`...)
	n := 0
	for k, f := range ents {
		if f.kind != entityMention || mentionedBefore(p, ents[:k], f.item) {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		m := &wd.Accounts[p.Mentions[f.item]]
		mu, mh := mastodonAcct(m.Handle)
		dst = append(dst, '{')
		dst = appendJSONField(dst, "id", m.ID)
		dst = appendJSONField(dst, "username", mu)
		dst = appendJSONKey(dst, "url")
		dst = appendProfileURL(dst, mu, mh)
		dst = appendJSONField(dst, "acct", m.Handle)
		dst = append(dst, '}')
	}
	dst = append(dst, `],"tags":[`...)
	n = 0
	for k, f := range ents {
		if f.kind != entityTag || taggedBefore(p, ents[:k], f.item) {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		tag := p.Hashtags[f.item]
		dst = append(dst, `{"name":`...)
		dst = appendJSONString(dst, tag)
		dst = append(dst, `,"url":"https://`...)
		dst = appendJSONBody(dst, host)
		dst = append(dst, "/tags/"...)
		dst = appendPathEscaped(dst, tag)
		dst = append(dst, `"}`...)
	}
	dst = append(dst, `],"emojis":[],"card":`...)
	card := ""
	if quote >= 0 && wd.Posts[quote].Platform != Mastodon {
		card = postWebURL(wd, quote)
	} else if len(p.URLs) > 0 {
		card = p.URLs[0]
	}
	if card != "" {
		dst = append(dst, `{"url":`...)
		dst = appendJSONString(dst, card)
		dst = append(dst, `,"title":"","description":"","type":"link","author_name":"","author_url":"","provider_name":"","provider_url":"","html":"","width":0,"height":0,"image":null,"embed_url":"","blurhash":null}`...)
	} else {
		dst = append(dst, "null"...)
	}
	dst = append(dst, `,"poll":null,"quote":`...)
	// The quote comes last: writing the quoted status reuses the entity
	// scratch space.
	switch {
	case quote < 0 || wd.Posts[quote].Platform != Mastodon:
		dst = append(dst, "null"...)
	case fullQuote:
		dst = append(dst, `{"state":"accepted","quoted_status":`...)
		dst = e.appendStatus(dst, quote, false)
		dst = append(dst, '}')
	default:
		dst = append(dst, `{"state":"accepted","quoted_status_id":`...)
		dst = appendJSONString(dst, wd.Posts[quote].ID)
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

func mentionedBefore(p *Post, ents []textEntity, item int) bool {
	for _, f := range ents {
		if f.kind == entityMention && p.Mentions[f.item] == p.Mentions[item] {
			return true
		}
	}
	return false
}

func taggedBefore(p *Post, ents []textEntity, item int) bool {
	for _, f := range ents {
		if f.kind == entityTag && strings.EqualFold(p.Hashtags[f.item], p.Hashtags[item]) {
			return true
		}
	}
	return false
}

// appendStatusURI appends the quoted ActivityPub id of a status.
func appendStatusURI(dst []byte, user, host, id, suffix string) []byte {
	dst = append(dst, `"https://`...)
	dst = appendJSONBody(dst, host)
	dst = append(dst, "/users/"...)
	dst = appendJSONBody(dst, user)
	dst = append(dst, "/statuses/"...)
	dst = appendJSONBody(dst, id)
	dst = append(dst, suffix...)
	return append(dst, '"')
}

// appendProfileURL appends the quoted address of a profile page.
func appendProfileURL(dst []byte, user, host string) []byte {
	dst = append(dst, `"https://`...)
	dst = appendJSONBody(dst, host)
	dst = append(dst, "/@"...)
	dst = appendJSONBody(dst, user)
	return append(dst, '"')
}

// appendMastodonAccount appends an account as a Mastodon Account; lastAt
// is when it last posted (zero: never).
func appendMastodonAccount(dst []byte, a *Account, lastAt time.Time) []byte {
	user, host := mastodonAcct(a.Handle)
	dst = append(dst, '{')
	dst = appendJSONField(dst, "id", a.ID)
	dst = appendJSONField(dst, "username", user)
	dst = appendJSONField(dst, "acct", a.Handle)
	dst = appendJSONField(dst, "display_name", a.DisplayName)
	dst = appendJSONBool(dst, "locked", false)
	dst = appendJSONBool(dst, "bot", a.Role == RoleSyndication)
	dst = append(dst, `,"discoverable":true,"indexable":true,"group":false`...)
	dst = appendJSONTime(dst, "created_at", a.Created.UTC().Truncate(24*time.Hour))
	dst = appendJSONKey(dst, "note")
	dst = appendMastodonNote(dst, a.Description)
	dst = appendJSONKey(dst, "url")
	dst = appendProfileURL(dst, user, host)
	dst = appendJSONKey(dst, "uri")
	dst = append(dst, `"https://`...)
	dst = appendJSONBody(dst, host)
	dst = append(dst, "/users/"...)
	dst = appendJSONBody(dst, user)
	dst = append(dst, '"')
	for _, k := range [...]string{"avatar", "avatar_static"} {
		dst = appendJSONKey(dst, k)
		if a.ProfileImage != "" {
			dst = appendJSONString(dst, a.ProfileImage)
		} else {
			dst = append(dst, `"https://`...)
			dst = appendJSONBody(dst, host)
			dst = append(dst, `/avatars/original/missing.png"`...)
		}
	}
	for _, k := range [...]string{"header", "header_static"} {
		dst = appendJSONKey(dst, k)
		dst = append(dst, `"https://`...)
		dst = appendJSONBody(dst, host)
		dst = append(dst, `/headers/original/missing.png"`...)
	}
	dst = appendJSONInt(dst, "followers_count", int64(a.Followers))
	dst = appendJSONInt(dst, "following_count", int64(a.Following))
	dst = appendJSONInt(dst, "statuses_count", int64(a.Statuses))
	dst = appendJSONKey(dst, "last_status_at")
	if !lastAt.IsZero() {
		dst = append(dst, '"')
		n := len(dst)
		dst = appendTimeMilli(dst, lastAt)[:n+len("2006-01-02")]
		dst = append(dst, '"')
	} else {
		dst = append(dst, "null"...)
	}
	return append(dst, `,"hide_collections":false,"emojis":[],"fields":[]}`...)
}

// appendMastodonNote appends a profile description as Mastodon renders
// it: one paragraph, line breaks as <br />; empty stays empty.
func appendMastodonNote(dst []byte, s string) []byte {
	s = strings.Trim(s, " \r\n")
	if s == "" {
		return append(dst, `""`...)
	}
	dst = append(dst, `"<p>`...)
	dst = appendMastodonText(dst, s)
	return append(dst, `</p>"`...)
}

// appendMastodonContent appends a status's text as the HTML Mastodon makes
// of plain text, JSON-quoted: the text escaped, blank lines between
// paragraphs, line breaks, and the entities marked up.
func appendMastodonContent(dst []byte, wd *World, p *Post, host string, ents []textEntity) []byte {
	text := p.Text
	lo, hi := 0, len(text)
	for lo < hi && strings.IndexByte(" \r\n", text[lo]) >= 0 {
		lo++
	}
	for hi > lo && strings.IndexByte(" \r\n", text[hi-1]) >= 0 {
		hi--
	}
	if lo == hi {
		return append(dst, `""`...)
	}
	dst = append(dst, `"<p>`...)
	pos := lo
	for _, f := range ents {
		if f.start < pos || f.end > hi {
			continue
		}
		dst = appendMastodonText(dst, text[pos:f.start])
		seg := text[f.start:f.end]
		switch f.kind {
		case entityURL:
			dst = appendMastodonLink(dst, seg)
		case entityTag:
			dst = append(dst, `<a href=\"https://`...)
			dst = appendJSONHTMLBody(dst, host)
			dst = append(dst, "/tags/"...)
			dst = appendPathEscaped(dst, seg[1:])
			dst = append(dst, `\" class=\"mention hashtag\" rel=\"tag\">#<span>`...)
			dst = appendJSONHTMLBody(dst, seg[1:])
			dst = append(dst, `</span></a>`...)
		case entityMention:
			mu, mh := mastodonAcct(wd.Accounts[p.Mentions[f.item]].Handle)
			dst = append(dst, `<span class=\"h-card\" translate=\"no\"><a href=\"https://`...)
			dst = appendJSONHTMLBody(dst, mh)
			dst = append(dst, "/@"...)
			dst = appendJSONHTMLBody(dst, mu)
			dst = append(dst, `\" class=\"u-url mention\">@<span>`...)
			dst = appendJSONHTMLBody(dst, mu)
			dst = append(dst, `</span></a></span>`...)
		}
		pos = f.end
	}
	dst = appendMastodonText(dst, text[pos:hi])
	return append(dst, `</p>"`...)
}

// appendMastodonText appends plain text as HTML inside a JSON string: a
// single line break becomes <br />, more than one a new paragraph.
func appendMastodonText(dst []byte, s string) []byte {
	for {
		k := strings.IndexByte(s, '\n')
		if k < 0 {
			return appendJSONHTMLBody(dst, s)
		}
		line := s[:k]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		dst = appendJSONHTMLBody(dst, line)
		breaks := 0
		for k < len(s) && (s[k] == '\n' || s[k] == '\r') {
			if s[k] == '\n' {
				breaks++
			}
			k++
		}
		if breaks > 1 {
			dst = append(dst, "</p><p>"...)
		} else {
			dst = append(dst, "<br />"...)
		}
		s = s[k:]
	}
}

// appendMastodonLink appends a link as Mastodon marks it up: the scheme
// (and www.) hidden, 30 characters shown, the rest hidden behind an
// ellipsis.
func appendMastodonLink(dst []byte, u string) []byte {
	prefix := ""
	for _, s := range [...]string{"https://www.", "http://www.", "https://", "http://"} {
		if strings.HasPrefix(u, s) {
			prefix = s
			break
		}
	}
	rest := u[len(prefix):]
	shown, hidden := rest, ""
	n := 0
	for k := range rest {
		if n == 30 {
			shown, hidden = rest[:k], rest[k:]
			break
		}
		n++
	}
	dst = append(dst, `<a href=\"`...)
	dst = appendJSONHTMLBody(dst, u)
	dst = append(dst, `\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\"><span class=\"invisible\">`...)
	dst = appendJSONHTMLBody(dst, prefix)
	if hidden != "" {
		dst = append(dst, `</span><span class=\"ellipsis\">`...)
	} else {
		dst = append(dst, `</span><span class=\"\">`...)
	}
	dst = appendJSONHTMLBody(dst, shown)
	dst = append(dst, `</span><span class=\"invisible\">`...)
	dst = appendJSONHTMLBody(dst, hidden)
	return append(dst, `</span></a>`...)
}

// appendPathEscaped percent-encodes s for a URL path segment, as Rails
// writes a hashtag's address.
func appendPathEscaped(dst []byte, s string) []byte {
	const upper = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if asciiAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~' {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upper[c>>4], upper[c&15])
		}
	}
	return dst
}

// appendAttachment appends photo k of a post as a MediaAttachment. Its
// files are named by the image hash, so that equal images can be told
// apart from the addresses alone.
func appendAttachment(dst []byte, p *Post, k int, imageHash, host string) []byte {
	dst = append(dst, `{"id":"`...)
	dst = strconv.AppendUint(dst, mastodonMediaID(p, k), 10)
	dst = append(dst, `","type":"image"`...)
	for _, v := range [...]struct{ key, size string }{{"url", "original"}, {"preview_url", "small"}} {
		dst = appendJSONKey(dst, v.key)
		dst = append(dst, `"https://`...)
		dst = appendJSONBody(dst, host)
		dst = append(dst, "/system/media_attachments/files/"...)
		dst = append(dst, v.size...)
		dst = append(dst, '/')
		dst = appendJSONBody(dst, imageHash)
		dst = append(dst, `.jpeg"`...)
	}
	return append(dst, `,"remote_url":null,"preview_remote_url":null,"text_url":null,"meta":{"original":{"width":1200,"height":675,"size":"1200x675","aspect":1.7777777777777777},"small":{"width":640,"height":360,"size":"640x360","aspect":1.7777777777777777}},"description":null,"blurhash":null}`...)
}

// mastodonMediaID is the id of photo k of a post: a little older than the
// status, as an upload is.
func mastodonMediaID(p *Post, k int) uint64 {
	if id, ok := parseDecimalID(p.ID); ok && id > uint64(len(p.Media)+1)<<16 {
		return id - uint64(len(p.Media)-k)<<16
	}
	return nativeHash(uint64(k), p.ID) >> 2
}
