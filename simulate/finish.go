package simulate

import (
	"cmp"
	"slices"
	"time"
)

// finish puts posts in time order, gives them the platforms' ids, fixes
// every reference to the new order, and counts each account's posts.
func (g *gen) finish() {
	w := g.w
	// Drop what falls outside the simulated period (late replies, say).
	kept := w.Posts[:0]
	remap := make([]int, len(w.Posts))
	for i := range remap {
		remap[i] = -1
	}
	order := make([]int, 0, len(w.Posts))
	for i := range w.Posts {
		if t := w.Posts[i].Time; !t.Before(w.Start) && t.Before(w.End) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := w.Posts[a].Time.Compare(w.Posts[b].Time); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	posts := make([]Post, 0, len(order))
	for _, i := range order {
		remap[i] = len(posts)
		posts = append(posts, w.Posts[i])
	}
	_ = kept
	// A repost or reply of a dropped post, or one that would precede its
	// original, goes too; references are rewritten.
	final := posts[:0]
	remap2 := make([]int, len(posts))
	for i := range posts {
		p := posts[i]
		ok := true
		for _, ref := range []*int{&p.RepostOf, &p.ReplyTo, &p.QuoteOf} {
			if *ref < 0 {
				continue
			}
			*ref = remap[*ref]
			if *ref < 0 || *ref >= i {
				ok = false
			} else if *ref = remap2[*ref]; *ref < 0 {
				ok = false
			}
		}
		if !ok {
			remap2[i] = -1
			continue
		}
		remap2[i] = len(final)
		p.Index = len(final)
		final = append(final, p)
	}
	for k := range w.Operations {
		op := &w.Operations[k]
		ps := op.Posts[:0]
		for _, i := range op.Posts {
			if j := remap[i]; j >= 0 && remap2[j] >= 0 {
				ps = append(ps, remap2[j])
			}
		}
		slices.Sort(ps)
		op.Posts = ps
		slices.SortFunc(op.Timeline, func(a, b Event) int { return a.Time.Compare(b.Time) })
	}
	w.Posts = final
	// Ids come from the time, as on the platforms.
	for i := range w.Posts {
		p := &w.Posts[i]
		seq := uint64(i)
		switch p.Platform {
		case X:
			p.ID = xSnowflake(p.Time, seq)
		case Mastodon:
			p.ID = mastodonID(p.Time, seq)
		case Bluesky:
			p.ID = blueskyTID(p.Time, seq)
		}
	}
	// Statuses: what the account had posted before, plus what it posts now.
	counts := make([]int, len(w.Accounts))
	for i := range w.Posts {
		counts[w.Posts[i].Account]++
	}
	for i := range w.Accounts {
		a := &w.Accounts[i]
		years := w.Writ.Sub(a.Created).Hours() / (24 * 365)
		before := int(years * 40 * g.influence[i])
		if a.Role == RoleOperation {
			before = int(years * 5)
		}
		a.Statuses = max(0, before) + counts[i]
	}
	// Engagement counts follow the cascades.
	for i := range w.Posts {
		p := &w.Posts[i]
		if p.RepostOf >= 0 {
			w.Posts[p.RepostOf].Reposts++
		}
		if p.ReplyTo >= 0 {
			w.Posts[p.ReplyTo].Replies++
		}
	}
	r := newRNG(g.seed, 99)
	for i := range w.Posts {
		p := &w.Posts[i]
		if p.RepostOf < 0 {
			p.Likes = p.Reposts*(2+r.IntN(4)) + r.IntN(3)
		}
	}
	_ = time.Time{}
}
