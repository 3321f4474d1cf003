package coord

import "time"

// Pair is two shares of one object by two accounts within the window: a
// coordinated share pair. Older is the earlier share (ties broken as
// CooRTweet does); both index Data.Shares.
type Pair struct {
	Older, Newer uint32
	// Fast is set when the pair is also coordinated within Params.FastWindow
	// (CooRTweet's time_window_<secs> column).
	Fast bool
}

// Side holds one network's statistics for an edge: the full network, or the
// fast one.
type Side struct {
	// SumDelta is the sum of the pairs' time differences, in nanoseconds.
	SumDelta int64
	// Weight is the number of coordinated share pairs (CooRTweet) or, in QUT
	// semantics, the larger of the two kept directed weights. (32 bits: a
	// network has millions of edges, and they are kept small.)
	Weight int32
	// NContent and NContentY count the distinct contents on the older and on
	// the newer side of the pairs. As in CooRTweet, they are sides of the
	// pairs, not of the two accounts.
	NContent, NContentY int32
	// Above is set when Weight is strictly greater than the threshold.
	Above bool
}

// AvgDelta is the mean time difference of the pairs in seconds.
func (s Side) AvgDelta() float64 {
	if s.Weight == 0 {
		return 0
	}
	return float64(s.SumDelta) / float64(s.Weight) / float64(time.Second)
}

// Symmetry is CooRTweet's edge_symmetry_score: min/max of the two content
// counts.
func (s Side) Symmetry() float64 {
	lo, hi := s.NContent, s.NContentY
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi == 0 {
		return 0
	}
	return float64(lo) / float64(hi)
}

// Edge ties two accounts. A's name sorts before B's byte by byte, as
// CooRTweet's pmin/pmax do in the C locale.
type Edge struct {
	A, B uint32
	// BFirst is set when CooRTweet's igraph output lists B before A. igraph
	// prints an undirected edge from its lower-numbered vertex, and numbers
	// vertices by first appearance in the aggregated edge table; writers
	// that want CooRTweet's exact rows follow this. The per-side columns
	// (NContent, NContentY) do not move with it, as in CooRTweet.
	BFirst bool
	Side
	// Fast is the edge in the fast network; its Weight is 0 when no pair of
	// the edge is fast.
	Fast Side
	// WeightAB and WeightBA are the directed weights (QUT semantics only; 0
	// where a direction fell below MinEdgeWeight).
	WeightAB, WeightBA int32
	// Kinds is a bit set of the object kinds (indexes into Data.Kinds) that tie
	// the two accounts.
	Kinds uint64
	// PairStart and PairEnd delimit the edge's pairs in Result.Pairs.
	PairStart, PairEnd int
	// Significance against the null model (zero when it was not run).
	Null EdgeNull
}

// EdgeNull is an edge's standing against the null model.
type EdgeNull struct {
	// Expected is the mean weight of this account pair over the null runs.
	Expected float64
	// P is the share of null runs (with one added to both sides, so it is
	// never 0) in which the pair's weight reached the observed weight.
	P float64
	// FDR is the local false-discovery rate at the edge's weight: null edges
	// of that weight (anywhere in the network, mean over the runs) over
	// observed edges of that weight, at most 1. Among millions of account
	// pairs some reach a low weight by chance, which the pair's own P cannot
	// see; FDR can.
	FDR float64
}
