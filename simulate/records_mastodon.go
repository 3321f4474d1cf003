package simulate

import (
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
)

// MastodonUnresolvedPrefix is how a reader of statuses keeps an
// instance-local status id it cannot resolve to a URI (the status was not
// read before): it matches mastodon.LocalStatusPrefix.
const MastodonUnresolvedPrefix = "mastodon-status-id:"

// MastodonRecords returns the normalized records that reading
// WriteMastodon's output gives, each account and post once, in the order
// they are first read. A status carries its author, the boosted status and
// the quoted one in full, and the writer gives replies and quotes of
// quoted statuses by instance-local id. A reader resolves such an id to
// the status URI when it has read that status; a post naming one it has
// not read waits until it has (and goes out then), or until the end of
// the input, keeping the local id. So the records follow the order of the
// output as a reader meets it.
func MastodonRecords(w *World) []scrutineer.Record {
	if w == nil {
		return nil
	}
	m := &mastodonModel{
		w:        w,
		statuses: map[string]string{},
		accounts: map[string]string{},
		seen:     map[scrutineer.RecordKey]bool{},
		waiting:  map[string][]*mastodonHeld{},
	}
	for _, pi := range nativePosts(w, Mastodon) {
		m.top(int(pi))
	}
	for _, h := range m.queue {
		if !h.sent {
			m.add(scrutineer.Record{Post: h.p})
		}
	}
	return m.out
}

// top reads a status written at the top level, as the reader does: its
// records go out, but for posts waiting for a status not yet read; then
// the statuses it carried release the posts waiting for them.
func (m *mastodonModel) top(i int) {
	m.cur, m.holds, m.seenNow = m.cur[:0], m.holds[:0], m.seenNow[:0]
	m.status(i, true)
	for _, r := range m.cur {
		if r.Post == nil || !m.isHeld(r.Post) {
			m.add(r)
		}
	}
	for _, h := range m.holds {
		for _, id := range [2]string{h.reply, h.quote} {
			if id != "" {
				m.waiting[id] = append(m.waiting[id], h)
			}
		}
		m.queue = append(m.queue, h)
	}
	for _, s := range m.seenNow {
		for _, h := range m.waiting[s.id] {
			if h.reply == s.id {
				h.p.ReplyTo, h.reply = s.uri, ""
				if h.p.ReplyToAccount == "" {
					h.p.ReplyToAccount = s.acct
				}
			}
			if h.quote == s.id {
				h.p.QuoteOf, h.quote = s.uri, ""
			}
		}
		for _, h := range m.waiting[s.id] {
			if h.reply == "" && h.quote == "" && !h.sent {
				h.sent = true
				m.add(scrutineer.Record{Post: h.p})
			}
		}
	}
}

func (m *mastodonModel) isHeld(p *scrutineer.Post) bool {
	for _, h := range m.holds {
		if h.p == p {
			return true
		}
	}
	return false
}

// mastodonHeld is a post waiting for the statuses it names by local id.
type mastodonHeld struct {
	p            *scrutineer.Post
	reply, quote string
	sent         bool
}

type mastodonSeen struct{ id, uri, acct string }

// mastodonModel follows what a reader learns as it goes: the local ids of
// statuses and accounts it has read.
type mastodonModel struct {
	w        *World
	statuses map[string]string // local status id → URI
	accounts map[string]string // local account id → user@server
	seen     map[scrutineer.RecordKey]bool
	out      []scrutineer.Record
	find     entityFinder

	cur     []scrutineer.Record // of the top-level status being read
	holds   []*mastodonHeld     // of the top-level status being read
	seenNow []mastodonSeen      // statuses of the top-level status being read
	waiting map[string][]*mastodonHeld
	queue   []*mastodonHeld
}

func (m *mastodonModel) add(r scrutineer.Record) {
	if k := r.Key(); !m.seen[k] {
		m.seen[k] = true
		m.out = append(m.out, r)
	}
}

func mastodonAcctID(handle string) string {
	user, host := mastodonAcct(handle)
	return user + "@" + host
}

func mastodonStatusURI(w *World, i int) string {
	p := &w.Posts[i]
	user, host := mastodonAcct(w.Accounts[p.Account].Handle)
	return "https://" + host + "/users/" + user + "/statuses/" + p.ID
}

func (m *mastodonModel) statusRef(id string) string {
	if uri, ok := m.statuses[id]; ok {
		return uri
	}
	return MastodonUnresolvedPrefix + id
}

// status reads post i as the writer writes it, with its quote in full
// when fullQuote is set; it returns the post's ID.
func (m *mastodonModel) status(i int, fullQuote bool) string {
	w := m.w
	p := &w.Posts[i]
	a := &w.Accounts[p.Account]
	user, host := mastodonAcct(a.Handle)
	acct := user + "@" + host
	m.accounts[a.ID] = acct
	acc := &scrutineer.Account{
		Platform:    scrutineer.PlatformMastodon,
		ID:          acct,
		Handle:      acct,
		Name:        a.DisplayName,
		Description: mastodonPlain(strings.Trim(a.Description, " \r\n")),
		URL:         "https://" + host + "/@" + user,
		ImageURL:    a.ProfileImage,
		Created:     time.UnixMilli(a.Created.UTC().Truncate(24 * time.Hour).UnixMilli()).UTC(),
		Followers:   scrutineer.Known(int64(a.Followers)),
		Following:   scrutineer.Known(int64(a.Following)),
		Posts:       scrutineer.Known(int64(a.Statuses)),
		Bot:         a.Role == RoleSyndication,
	}
	r := &scrutineer.Post{
		Platform: scrutineer.PlatformMastodon,
		Account:  acct,
		Handle:   acct,
		Time:     time.UnixMilli(p.Time.UnixMilli()).UTC(),
		Likes:    scrutineer.Known(int64(p.Likes)),
		Reposts:  scrutineer.Known(int64(p.Reposts)),
		Replies:  scrutineer.Known(int64(p.Replies)),
	}
	if p.RepostOf >= 0 {
		r.ID = mastodonStatusURI(w, i) + "/activity"
		r.URL = r.ID
		m.statuses[p.ID] = r.ID
		m.seenNow = append(m.seenNow, mastodonSeen{p.ID, r.ID, acct})
		m.cur = append(m.cur, scrutineer.Record{Account: acc}, scrutineer.Record{Post: r})
		r.RepostOf = m.status(originalOf(w, i), true)
		return r.ID
	}
	r.ID = mastodonStatusURI(w, i)
	r.URL = "https://" + host + "/@" + user + "/" + p.ID
	r.Lang = p.Lang
	r.Source = p.Source
	m.statuses[p.ID] = r.ID
	m.seenNow = append(m.seenNow, mastodonSeen{p.ID, r.ID, acct})

	handles := mentionHandles(nil, w, p, Mastodon)
	short := make([]string, len(handles))
	for k, h := range handles {
		short[k], _ = mastodonAcct(h)
	}
	ents := m.find.find(p.Text, p, handles, short)
	for k, f := range ents {
		if f.kind == entityMention && !mentionedBefore(p, ents[:k], f.item) {
			ma := &w.Accounts[p.Mentions[f.item]]
			m.accounts[ma.ID] = mastodonAcctID(ma.Handle)
			r.Mentions = append(r.Mentions, mastodonAcctID(ma.Handle))
		}
	}
	for k, f := range ents {
		if f.kind == entityTag && !taggedBefore(p, ents[:k], f.item) && p.Hashtags[f.item] != "" {
			r.Hashtags = append(r.Hashtags, p.Hashtags[f.item])
		}
	}
	if parent := refTarget(w, i, p.ReplyTo, false); parent >= 0 {
		q := &w.Posts[parent]
		r.ReplyTo = m.statusRef(q.ID)
		r.ReplyToAccount = m.accounts[w.Accounts[q.Account].ID]
	}
	r.Text, r.URLs = mastodonContent(w, p, ents)
	quote := refTarget(w, i, p.QuoteOf, true)
	card := ""
	if quote >= 0 && w.Posts[quote].Platform != Mastodon {
		card = postWebURL(w, quote)
	} else if len(p.URLs) > 0 {
		card = p.URLs[0]
	}
	if card != "" && !containsString(r.URLs, card) {
		r.URLs = append(r.URLs, card)
	}
	for _, h := range p.Media {
		r.Media = append(r.Media, scrutineer.Media{Type: "photo", URL: "https://" + host + "/system/media_attachments/files/original/" + h + ".jpeg"})
	}
	m.cur = append(m.cur, scrutineer.Record{Account: acc}, scrutineer.Record{Post: r})
	switch {
	case quote < 0 || w.Posts[quote].Platform != Mastodon:
	case fullQuote:
		r.QuoteOf = m.status(quote, false)
	default:
		r.QuoteOf = m.statusRef(w.Posts[quote].ID)
	}
	reply, _ := strings.CutPrefix(r.ReplyTo, MastodonUnresolvedPrefix)
	quoted, _ := strings.CutPrefix(r.QuoteOf, MastodonUnresolvedPrefix)
	if reply != r.ReplyTo || quoted != r.QuoteOf {
		if reply == r.ReplyTo {
			reply = ""
		}
		if quoted == r.QuoteOf {
			quoted = ""
		}
		m.holds = append(m.holds, &mastodonHeld{p: r, reply: reply, quote: quoted})
	}
	return r.ID
}

// mastodonContent is the plain text of the HTML the writer makes of a
// post (see appendMastodonContent), and the links in it: links in full,
// mentions as @user, line breaks kept, runs of them made paragraphs.
func mastodonContent(w *World, p *Post, ents []textEntity) (string, []string) {
	text := p.Text
	lo, hi := 0, len(text)
	for lo < hi && strings.IndexByte(" \r\n", text[lo]) >= 0 {
		lo++
	}
	for hi > lo && strings.IndexByte(" \r\n", text[hi-1]) >= 0 {
		hi--
	}
	var b strings.Builder
	var urls []string
	pos := lo
	for _, f := range ents {
		if f.start < pos || f.end > hi {
			continue
		}
		b.WriteString(mastodonPlain(text[pos:f.start]))
		seg := text[f.start:f.end]
		switch f.kind {
		case entityURL:
			b.WriteString(seg)
			urls = append(urls, seg)
		case entityTag:
			b.WriteString(seg)
		case entityMention:
			mu, _ := mastodonAcct(w.Accounts[p.Mentions[f.item]].Handle)
			b.WriteString("@" + mu)
		}
		pos = f.end
	}
	if lo < hi {
		b.WriteString(mastodonPlain(text[pos:hi]))
	}
	return b.String(), urls
}

// mastodonPlain is what plain text comes back as once the writer has made
// it HTML (appendMastodonText): a single line break stays one, a run of
// more becomes a paragraph break, and a line loses one trailing '\r'.
func mastodonPlain(s string) string {
	var b strings.Builder
	for {
		k := strings.IndexByte(s, '\n')
		if k < 0 {
			b.WriteString(s)
			return b.String()
		}
		line := s[:k]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		b.WriteString(line)
		breaks := 0
		for k < len(s) && (s[k] == '\n' || s[k] == '\r') {
			if s[k] == '\n' {
				breaks++
			}
			k++
		}
		if breaks > 1 {
			b.WriteString("\n\n")
		} else {
			b.WriteString("\n")
		}
		s = s[k:]
	}
}
