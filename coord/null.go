package coord

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// NullSummary is how much of the network the null model explains.
//
// The null model keeps every share's account and object, so each account's
// activity and each object's popularity stay as observed, and breaks the
// fine timing (see NullModel): what an account shares at a given second is
// no longer tied to what others share then. Edges that the null model
// cannot reproduce are coordination that activity and popularity alone do
// not explain.
type NullSummary struct {
	Runs int
	// ExpectedEdges and ExpectedPairs are the mean size of a null network.
	ExpectedEdges, ExpectedPairs float64
	// ExpectedAbove is the mean number of null edges that would pass the
	// observed threshold.
	ExpectedAbove float64
	// FDR estimates the false-discovery rate of the thresholded network: the
	// mean local FDR (EdgeNull.FDR) of its edges. It is at most
	// ExpectedAbove over the edges above the threshold, and lower when the
	// heavy edges are ones chance does not produce: a timing null keeps
	// which objects each account shares, so a planted group adds null edges
	// of low weight, never of its real weight.
	FDR float64
}

// ClusterNull is a cluster's standing against the null model.
type ClusterNull struct {
	// ExpectedWeight is the mean summed weight of null edges among the
	// cluster's accounts; ExpectedEdges the mean number of those above the
	// observed threshold.
	ExpectedWeight, ExpectedEdges float64
	// FDR is the mean local FDR of the cluster's edges.
	FDR float64
}

// shuffleTimes returns a copy of shares in which each account's times are
// permuted among that account's shares.
func shuffleTimes(shares []Share, nAccounts int, rng *rand.Rand) []Share {
	start := make([]int32, nAccounts+1)
	for i := range shares {
		start[shares[i].Account+1]++
	}
	for a := 1; a <= nAccounts; a++ {
		start[a] += start[a-1]
	}
	pos := make([]int32, nAccounts)
	copy(pos, start)
	idx := make([]int32, len(shares))
	for i := range shares {
		a := shares[i].Account
		idx[pos[a]] = int32(i)
		pos[a]++
	}
	out := make([]Share, len(shares))
	copy(out, shares)
	for a := 0; a < nAccounts; a++ {
		g := idx[start[a]:start[a+1]]
		// Fisher–Yates over the group's times.
		for i := len(g) - 1; i > 0; i-- {
			j := rng.IntN(i + 1)
			out[g[i]].Time, out[g[j]].Time = out[g[j]].Time, out[g[i]].Time
		}
	}
	return out
}

// jitterTimes returns a copy of shares, each moved by a uniform random
// offset in [-d, d].
func jitterTimes(shares []Share, d time.Duration, rng *rand.Rand) []Share {
	out := make([]Share, len(shares))
	copy(out, shares)
	span := 2*int64(d) + 1
	for i := range out {
		out[i].Time += rng.Int64N(span) - int64(d)
	}
	return out
}

// nullTally is what one null run contributes.
type nullTally struct {
	edges, pairs, above int
	weight              []int32 // null weight per observed edge
	levels              []int32 // null edges by weight, capped at the largest observed
	clusterWeight       []int64
	clusterAbove        []int32
}

func (r *Result) significance() {
	d, p := r.Data, r.Params
	runs := p.NullRuns
	observed := make(map[uint64]int32, len(r.Edges))
	for i := range r.Edges {
		e := &r.Edges[i]
		observed[uint64(e.A)<<32|uint64(e.B)] = int32(i)
	}
	clusterOf := make([]int32, len(d.Accounts))
	for _, m := range r.Members {
		clusterOf[m.Account] = int32(m.Cluster)
	}
	var maxW int32
	for i := range r.Edges {
		maxW = max(maxW, r.Edges[i].Weight)
	}
	nullAbove := func(e *Edge) bool {
		if p.Semantics == QUT {
			return e.Above
		}
		return float64(e.Weight) > r.Threshold
	}

	tallies := make([]nullTally, runs)
	workers := min(runs, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	var finished atomic.Int64
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for run := range next {
				rng := rand.New(rand.NewPCG(p.Seed, uint64(run)+1))
				var shares []Share
				if p.NullModel == NullShuffle {
					shares = shuffleTimes(d.Shares, len(d.Accounts), rng)
				} else {
					shares = jitterTimes(d.Shares, p.Jitter(), rng)
				}
				net := buildNetwork(d, shares, p)
				t := nullTally{
					edges:         len(net.edges),
					pairs:         len(net.pairs),
					weight:        make([]int32, len(r.Edges)),
					clusterWeight: make([]int64, len(r.Clusters)+1),
					clusterAbove:  make([]int32, len(r.Clusters)+1),
					levels:        make([]int32, maxW+1),
				}
				for i := range net.edges {
					e := &net.edges[i]
					t.levels[min(e.Weight, maxW)]++
					above := nullAbove(e)
					if above {
						t.above++
					}
					if j, ok := observed[uint64(e.A)<<32|uint64(e.B)]; ok {
						t.weight[j] = int32(e.Weight)
					}
					if c := clusterOf[e.A]; c > 0 && c == clusterOf[e.B] {
						t.clusterWeight[c] += int64(e.Weight)
						if above {
							t.clusterAbove[c]++
						}
					}
				}
				tallies[run] = t
				if p.Progress != nil {
					p.Progress("null model", int(finished.Add(1)), runs)
				}
			}
		})
	}
	for run := 0; run < runs; run++ {
		next <- run
	}
	close(next)
	wg.Wait()

	// Merge in run order so the result does not depend on scheduling.
	n := float64(runs)
	s := NullSummary{Runs: runs}
	reach := make([]int, len(r.Edges))
	sum := make([]int64, len(r.Edges))
	for _, t := range tallies {
		s.ExpectedEdges += float64(t.edges) / n
		s.ExpectedPairs += float64(t.pairs) / n
		s.ExpectedAbove += float64(t.above) / n
		for j, w := range t.weight {
			sum[j] += int64(w)
			if w >= r.Edges[j].Weight {
				reach[j]++
			}
		}
		for c := 1; c <= len(r.Clusters); c++ {
			r.Clusters[c-1].Null.ExpectedWeight += float64(t.clusterWeight[c]) / n
			r.Clusters[c-1].Null.ExpectedEdges += float64(t.clusterAbove[c]) / n
		}
	}
	for j := range r.Edges {
		r.Edges[j].Null.Expected = float64(sum[j]) / n
		r.Edges[j].Null.P = float64(1+reach[j]) / float64(1+runs)
	}
	// Local FDR by weight: null edges of a weight over observed ones.
	nullLevel := make([]float64, maxW+1)
	obsLevel := make([]float64, maxW+1)
	for _, t := range tallies {
		for w, c := range t.levels {
			nullLevel[w] += float64(c) / n
		}
	}
	for j := range r.Edges {
		obsLevel[r.Edges[j].Weight]++
	}
	var fdrSum float64
	var above int
	clusterFDR := make([]float64, len(r.Clusters)+1)
	for j := range r.Edges {
		e := &r.Edges[j]
		e.Null.FDR = min(1, nullLevel[e.Weight]/obsLevel[e.Weight])
		if !e.Above {
			continue
		}
		fdrSum += e.Null.FDR
		above++
		if c := clusterOf[e.A]; c > 0 {
			clusterFDR[c] += e.Null.FDR
		}
	}
	for c := range r.Clusters {
		if cl := &r.Clusters[c]; cl.Edges > 0 {
			cl.Null.FDR = clusterFDR[c+1] / float64(cl.Edges)
		}
	}
	if above > 0 {
		s.FDR = fdrSum / float64(above)
	}
	r.Null = s
}
