package graph

import "fmt"

// Modularity returns the modularity of the partition community of g at the
// given resolution (gamma below):
//
//	Q = 1/(2m) Σ_ij [A_ij − gamma k_i k_j / (2m)] δ(c_i, c_j)
//
// where A_ii is twice the self-loop weight and k_i is the strength. The
// resolution is used as given (0 is allowed). A graph with no edge weight
// has modularity 0. Labels must lie in [0, g.Nodes()); Modularity panics
// if community has the wrong length or a label out of range, as both are
// programming errors.
func Modularity(g *Graph, community []int32, resolution float64) float64 {
	n := g.Nodes()
	if len(community) != n {
		panic(fmt.Sprintf("graph: Modularity: %d labels for %d nodes", len(community), n))
	}
	for u, c := range community {
		if c < 0 || int(c) >= n {
			panic(fmt.Sprintf("graph: Modularity: node %d has label %d outside [0, %d)", u, c, n))
		}
	}
	if g.total == 0 {
		return 0
	}
	in := make([]float64, n)  // Σ A_ij over i, j in the community
	tot := make([]float64, n) // Σ k_i over i in the community
	for u, c := range community {
		tot[c] += g.strength[u]
		s := 2 * g.loops[u]
		ids, ws := g.row(int32(u))
		for j, v := range ids {
			if community[v] == c {
				s += ws[j]
			}
		}
		in[c] += s
	}
	return quality(in, tot, 2*g.total, resolution)
}

// quality sums the per-community modularity terms.
func quality(in, tot []float64, m2, resolution float64) float64 {
	var q float64
	for c := range in {
		q += in[c] - resolution*tot[c]*tot[c]/m2
	}
	return q / m2
}
