package simulate

import (
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
)

// BlueskyRecords returns the normalized records that reading WriteBluesky's
// output gives: every Bluesky account (from its identity event and
// profile) and every post and repost once, in the order of the stream. It
// follows what the writer writes, not the world: texts with links
// shortened, times cut to the millisecond, mentions by handle only when
// the mentioned account's identity event comes earlier in the stream.
func BlueskyRecords(w *World) []scrutineer.Record {
	if w == nil {
		return nil
	}
	events, accounts := blueskyEvents(w)
	// known[a] is the position in the stream of account a's identity event.
	known := make(map[int]int, len(accounts))
	for k, ev := range events {
		if ev < 0 {
			known[accounts[-int(ev)-1].a] = k
		}
	}
	e := &blueskyEncoder{wd: w}
	out := make([]scrutineer.Record, 0, len(events))
	for k, ev := range events {
		if ev < 0 {
			out = append(out, scrutineer.Record{Account: blueskyAccountRecord(w, accounts[-int(ev)-1].a)})
			continue
		}
		out = append(out, scrutineer.Record{Post: e.postRecord(int(ev), k, known)})
	}
	return out
}

func blueskyAccountRecord(w *World, a int) *scrutineer.Account {
	acc := &w.Accounts[a]
	r := &scrutineer.Account{
		Platform:    scrutineer.PlatformBluesky,
		ID:          acc.ID,
		Handle:      acc.Handle,
		Name:        acc.DisplayName,
		Description: acc.Description,
		URL:         "https://bsky.app/profile/" + acc.Handle,
	}
	if acc.Handle == "" {
		r.URL = "https://bsky.app/profile/" + acc.ID
	}
	if acc.ProfileImage != "" || acc.ImageHash != "" {
		h := acc.ImageHash
		if h == "" {
			h = acc.ProfileImage
		}
		r.ImageURL = "https://cdn.bsky.app/img/avatar/plain/" + acc.ID + "/" + blobCIDString(h) + "@jpeg"
	}
	return r
}

func blobCIDString(imageHash string) string {
	d := blobDigest(imageHash)
	return string(appendCID(nil, codecRaw, &d))
}

func bskyPostURI(w *World, i int) string {
	return "at://" + w.Accounts[w.Posts[i].Account].ID + "/" + bskyPostNSID + "/" + w.Posts[i].ID
}

// postRecord is the record of post i, at position k of the stream.
func (e *blueskyEncoder) postRecord(i, k int, known map[int]int) *scrutineer.Post {
	w := e.wd
	p := &w.Posts[i]
	acc := &w.Accounts[p.Account]
	r := &scrutineer.Post{
		Platform: scrutineer.PlatformBluesky,
		Account:  acc.ID,
		Handle:   acc.Handle,
		Time:     time.UnixMilli(p.Time.UnixMilli()).UTC(),
	}
	if p.RepostOf >= 0 {
		r.ID = "at://" + acc.ID + "/" + bskyRepostNSID + "/" + p.ID
		r.RepostOf = bskyPostURI(w, originalOf(w, i))
		return r
	}
	r.ID = bskyPostURI(w, i)
	h := acc.Handle
	if h == "" {
		h = acc.ID
	}
	r.URL = "https://bsky.app/profile/" + h + "/post/" + p.ID
	r.Lang = p.Lang
	e.buildText(i)
	r.Text = string(e.text)
	for _, f := range e.facets {
		switch f.kind {
		case entityURL:
			if u := p.URLs[f.item]; u != "" {
				r.URLs = append(r.URLs, u)
			}
		case entityTag:
			if t := strings.TrimPrefix(p.Hashtags[f.item], "#"); t != "" {
				r.Hashtags = append(r.Hashtags, t)
			}
		case entityMention:
			m := p.Mentions[f.item]
			did := w.Accounts[m].ID
			if at, ok := known[m]; ok && at < k && w.Accounts[m].Handle != "" {
				r.Mentions = append(r.Mentions, w.Accounts[m].Handle)
			} else if did != "" {
				r.Mentions = append(r.Mentions, did)
			}
		}
	}
	if parent := refTarget(w, i, p.ReplyTo, false); parent >= 0 {
		r.ReplyTo = bskyPostURI(w, parent)
		r.Thread = bskyPostURI(w, threadRoot(w, parent))
		r.ReplyToAccount = w.Accounts[w.Posts[parent].Account].ID
	}
	quote := refTarget(w, i, p.QuoteOf, true)
	native := quote >= 0 && w.Posts[quote].Platform == Bluesky
	if native {
		r.QuoteOf = bskyPostURI(w, quote)
	}
	switch {
	case len(p.Media) > 0:
		for _, m := range p.Media[:min(len(p.Media), 4)] {
			cid := blobCIDString(m)
			r.Media = append(r.Media, scrutineer.Media{Type: "photo", Hash: cid,
				URL: "https://cdn.bsky.app/img/feed_fullsize/plain/" + acc.ID + "/" + cid + "@jpeg"})
		}
	case native:
	default:
		link := ""
		if quote >= 0 {
			link = postWebURL(w, quote)
		} else if len(p.URLs) > 0 {
			link = p.URLs[0]
		}
		if link != "" && !containsString(r.URLs, link) {
			r.URLs = append(r.URLs, link)
		}
	}
	return r
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
