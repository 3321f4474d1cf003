package coord

import "fmt"

// Result is everything Detect finds.
type Result struct {
	Data   *Data
	Params Params
	// Pairs are the coordinated share pairs, grouped by edge in edge order.
	Pairs []Pair
	// Edges are in the byte order of their account names.
	Edges []Edge
	// Threshold and FastThreshold are the edge-weight quantiles of the full
	// and fast networks (CooRTweet's weight_threshold cut-off).
	Threshold, FastThreshold float64
	// Clusters are the connected components of the network of edges above
	// the threshold, largest first; Communities partition the same accounts.
	Clusters    []Cluster
	Communities []Community
	// Members gives each account in the thresholded network its cluster and
	// community, in name order.
	Members []Member
	// Null summarises the null model (zero when NullRuns is 0).
	Null NullSummary
	// Dropped counts the clusters Params.MaxFDR removed.
	Dropped int
}

// Detect builds the coordination network of d with parameters p, then its
// clusters, statistics and, when p.NullRuns > 0, its significance.
func Detect(d *Data, p Params) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("detect: %w", err)
	}
	net := buildNetwork(d, d.Shares, p)
	r := &Result{
		Data:          d,
		Params:        p,
		Pairs:         net.pairs,
		Edges:         net.edges,
		Threshold:     net.threshold,
		FastThreshold: net.fastThreshold,
	}
	if err := r.cluster(); err != nil {
		return nil, fmt.Errorf("detect: %w", err)
	}
	if p.NullRuns > 0 {
		r.significance()
	}
	if p.MaxFDR > 0 {
		r.dropInsignificant(p.MaxFDR)
	}
	return r, nil
}

func buildNetwork(d *Data, shares []Share, p Params) network {
	if p.Semantics == QUT {
		return qutNetwork(d, shares, p)
	}
	return coortweetNetwork(d, shares, p)
}

// AboveEdges counts the edges above the threshold.
func (r *Result) AboveEdges() int {
	n := 0
	for i := range r.Edges {
		if r.Edges[i].Above {
			n++
		}
	}
	return n
}

// Delta returns a pair's time difference in nanoseconds.
func (r *Result) Delta(pr Pair) int64 {
	return r.Data.Shares[pr.Newer].Time - r.Data.Shares[pr.Older].Time
}
