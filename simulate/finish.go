package simulate

import (
	"cmp"
	"slices"
)

// finish puts posts in time order, gives them the platforms' ids, fixes
// every reference to the new order, and counts each account's posts.
func (g *gen) finish() {
	w := g.w
	// Every post, wherever it was made, by the index it was made with.
	n := len(w.Posts)
	for _, part := range g.extra {
		n += len(part)
	}
	src := make([]*Post, 0, n)
	for i := range w.Posts {
		src = append(src, &w.Posts[i])
	}
	for _, part := range g.extra {
		for j := range part {
			src = append(src, &part[j])
		}
	}
	// Drop what falls outside the simulated period (late replies, say).
	type key struct {
		t int64
		i int32
	}
	order := make([]key, 0, n)
	for i, p := range src {
		if !p.Time.Before(w.Start) && p.Time.Before(w.End) {
			order = append(order, key{p.Time.UnixNano(), int32(i)})
		}
	}
	// Keys are unique (the index breaks ties), so any sort is stable.
	slices.SortFunc(order, func(a, b key) int {
		if c := cmp.Compare(a.t, b.t); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	// newIdx maps an old index to the new one, or -1. A repost or reply of
	// a dropped post, or one that would precede its original, goes too.
	newIdx := make([]int32, n)
	rank := make([]int32, n) // old index -> place in order, or -1
	for i := range n {
		newIdx[i], rank[i] = -1, -1
	}
	for r, k := range order {
		rank[k.i] = int32(r)
	}
	kept := int32(0)
	from := make([]int32, 0, len(order)) // new index -> old
	for r, k := range order {
		p := src[k.i]
		ok := true
		for _, ref := range [3]int{p.RepostOf, p.ReplyTo, p.QuoteOf} {
			if ref >= 0 && (rank[ref] < 0 || rank[ref] >= int32(r) || newIdx[ref] < 0) {
				ok = false
			}
		}
		if ok {
			newIdx[k.i] = kept
			from = append(from, k.i)
			kept++
		}
	}
	rank, order = nil, nil
	// Gather the kept posts in their new order, in parallel.
	posts := make([]Post, kept)
	inChunks(int(kept), func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			p := &posts[k]
			*p = *src[from[k]]
			p.Index = k
			for _, ref := range []*int{&p.RepostOf, &p.ReplyTo, &p.QuoteOf} {
				if *ref >= 0 {
					*ref = int(newIdx[*ref])
				}
			}
		}
	})
	w.Posts, g.extra = posts, nil
	for k := range w.Operations {
		op := &w.Operations[k]
		ps := op.Posts[:0]
		for _, i := range op.Posts {
			if j := newIdx[i]; j >= 0 {
				ps = append(ps, int(j))
			}
		}
		slices.Sort(ps)
		op.Posts = ps
		slices.SortFunc(op.Timeline, func(a, b Event) int { return a.Time.Compare(b.Time) })
	}
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
}
