package coord

// qutNetwork reproduces the QUT coordination-network-toolkit. Its message
// table keys on the message id, so a repeated content id keeps only its
// first row; an original post is not a repost of itself. Then
// w(a→b) = the number of a's distinct messages that have a message of b on
// the same object within ±window, self-loops left out, and a direction is
// kept when it reaches MinEdgeWeight. Every undirected co-share pair is a
// match in both directions, so the directed weights fall out of the pairs:
// w(a→b) is the number of distinct shares of a among the pairs of the edge.
func qutNetwork(d *Data, shares []Share, p Params) network {
	firstRow := newBits(len(d.Contents))
	keep := newBits(len(shares))
	for i := range shares {
		c := shares[i].Content
		if hasBit(firstRow, c) {
			continue
		}
		setBit(firstRow, c)
		if d.Objects[shares[i].Object] != d.Contents[c] {
			setBit(keep, uint32(i))
		}
	}
	offsets, ents := byObject(d, shares, func(i int) bool { return hasBit(keep, uint32(i)) })
	pairs := sweep(offsets, ents, int64(p.Window), true, false)
	if p.FastWindow > 0 {
		fw := int64(p.FastWindow)
		for i := range pairs {
			pairs[i].fast = pairs[i].delta <= fw
		}
	}
	edges, pairs, _ := aggregate(d, pairs, p.FastWindow > 0, false, nil)
	mew := int32(p.MinEdgeWeight)
	kept := edges[:0]
	var sa, sb []uint32
	for _, e := range edges {
		sa, sb = sa[:0], sb[:0]
		for _, pr := range pairs[e.PairStart:e.PairEnd] {
			if pr.aOlder == e.A {
				sa, sb = append(sa, pr.older), append(sb, pr.newer)
			} else {
				sa, sb = append(sa, pr.newer), append(sb, pr.older)
			}
		}
		e.WeightAB, e.WeightBA = int32(countDistinct(sa)), int32(countDistinct(sb))
		if e.WeightAB < mew {
			e.WeightAB = 0
		}
		if e.WeightBA < mew {
			e.WeightBA = 0
		}
		if e.WeightAB == 0 && e.WeightBA == 0 {
			continue
		}
		e.Weight = max(e.WeightAB, e.WeightBA)
		// The toolkit has no percentile threshold: every kept edge counts.
		e.Above = true
		e.Fast.Above = e.Fast.Weight > 0
		kept = append(kept, e)
	}
	return network{pairs: compactPairs(pairs, kept), edges: kept}
}

// compactPairs keeps only the pairs of the given edges, in edge order, and
// points the edges at their new ranges.
func compactPairs(pairs []cpair, edges []Edge) []Pair {
	out := make([]Pair, 0, len(pairs))
	for i := range edges {
		e := &edges[i]
		start := len(out)
		for _, c := range pairs[e.PairStart:e.PairEnd] {
			out = append(out, Pair{Older: c.older, Newer: c.newer, Fast: c.fast})
		}
		e.PairStart, e.PairEnd = start, len(out)
	}
	return out
}
