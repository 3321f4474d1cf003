package graph

import (
	"errors"
	"fmt"
	"math"
)

// Errors returned by New, wrapped with the offending edge.
var (
	ErrNodeCount  = errors.New("node count out of range")
	ErrNodeRange  = errors.New("node out of range")
	ErrEdgeWeight = errors.New("edge weight must be positive and finite")
)

// Edge is an undirected edge between U and V with weight W. U == V is a
// self-loop.
type Edge struct {
	U, V int32
	W    float64
}

// Graph is an immutable weighted undirected graph in CSR form. The
// neighbours of u are adj[offsets[u]:offsets[u+1]], excluding u itself;
// self-loops are kept apart in loops so the clustering inner loops need no
// special case for them.
type Graph struct {
	offsets  []int64
	adj      []int32
	weights  []float64
	loops    []float64 // self-loop weight per node, as given (not doubled)
	strength []float64 // sum of incident weights, self-loops counted twice
	total    float64   // sum of edge weights, each edge once: half the strength sum
}

// New builds a graph with n nodes from edges. Parallel edges, in either
// orientation, are merged by summing their weights; self-loops on a node are
// merged likewise. It returns an error if n is negative or too large for
// int32 node ids, if an edge names a node outside [0, n), or if a weight is
// not positive and finite.
func New(n int, edges []Edge) (*Graph, error) {
	if n < 0 || n > math.MaxInt32 {
		return nil, fmt.Errorf("graph: n=%d: %w", n, ErrNodeCount)
	}
	loops := make([]float64, n)
	// Row lengths before merging parallel edges.
	count := make([]int64, n+1)
	for i, e := range edges {
		if e.U < 0 || int(e.U) >= n || e.V < 0 || int(e.V) >= n {
			return nil, fmt.Errorf("graph: edge %d (%d-%d), n=%d: %w", i, e.U, e.V, n, ErrNodeRange)
		}
		if !(e.W > 0) || math.IsInf(e.W, 1) {
			return nil, fmt.Errorf("graph: edge %d (%d-%d) weight %v: %w", i, e.U, e.V, e.W, ErrEdgeWeight)
		}
		if e.U == e.V {
			loops[e.U] += e.W
			continue
		}
		count[e.U+1]++
		count[e.V+1]++
	}
	offsets := count
	for u := range n {
		offsets[u+1] += offsets[u]
	}
	entries := offsets[n]

	// Two stable counting sorts, first by target then by source, leave
	// every row sorted by neighbour in O(n+m), so duplicates are adjacent
	// and the result does not depend on the order of edges.
	bySrc := make([]int32, entries)
	byW := make([]float64, entries)
	pos := make([]int64, n)
	copy(pos, offsets[:n])
	for _, e := range edges {
		if e.U == e.V {
			continue
		}
		// Bucket by target: entry u->v goes in bucket v.
		bySrc[pos[e.V]], byW[pos[e.V]] = e.U, e.W
		pos[e.V]++
		bySrc[pos[e.U]], byW[pos[e.U]] = e.V, e.W
		pos[e.U]++
	}
	adj := make([]int32, entries)
	weights := make([]float64, entries)
	copy(pos, offsets[:n])
	for t := range n {
		for j := offsets[t]; j < offsets[t+1]; j++ {
			s := bySrc[j]
			adj[pos[s]], weights[pos[s]] = int32(t), byW[j]
			pos[s]++
		}
	}

	// Merge runs of equal neighbours in place; the write index never
	// overtakes the read index.
	var out int64
	start := offsets[0]
	for u := range n {
		end := offsets[u+1]
		offsets[u] = out
		for j := start; j < end; j++ {
			if out > offsets[u] && adj[out-1] == adj[j] {
				weights[out-1] += weights[j]
				continue
			}
			adj[out], weights[out] = adj[j], weights[j]
			out++
		}
		start = end
	}
	offsets[n] = out
	adj, weights = adj[:out:out], weights[:out:out]

	g := &Graph{offsets: offsets, adj: adj, weights: weights, loops: loops}
	g.strength = make([]float64, n)
	var sum float64
	for u := range n {
		s := 2 * loops[u]
		for _, w := range weights[offsets[u]:offsets[u+1]] {
			s += w
		}
		g.strength[u] = s
		sum += s
	}
	if math.IsInf(sum, 0) {
		return nil, fmt.Errorf("graph: total weight overflows float64: %w", ErrEdgeWeight)
	}
	g.total = sum / 2
	return g, nil
}

// Nodes returns the number of nodes.
func (g *Graph) Nodes() int { return len(g.strength) }

// Degree returns the number of distinct neighbours of u other than u itself.
func (g *Graph) Degree(u int) int { return int(g.offsets[u+1] - g.offsets[u]) }

// Neighbours returns the distinct neighbours of u other than u, in
// ascending order, and the merged weight of the edge to each. The slices
// alias the graph's storage and must not be modified. See SelfLoop for the
// weight of u's self-loop.
func (g *Graph) Neighbours(u int) (ids []int32, weights []float64) {
	lo, hi := g.offsets[u], g.offsets[u+1]
	return g.adj[lo:hi:hi], g.weights[lo:hi:hi]
}

// row returns u's neighbours and edge weights, the weights cut to the same
// length so that indexing them by the neighbour's position needs no
// bounds check.
func (g *Graph) row(u int32) ([]int32, []float64) {
	lo, hi := g.offsets[u], g.offsets[u+1]
	ids := g.adj[lo:hi]
	return ids, g.weights[lo:hi][:len(ids)]
}

// SelfLoop returns the merged weight of u's self-loops, 0 if it has none.
func (g *Graph) SelfLoop(u int) float64 { return g.loops[u] }

// Strength returns the weighted degree of u: the sum of the weights of
// its edges, with a self-loop counted twice.
func (g *Graph) Strength(u int) float64 { return g.strength[u] }

// TotalWeight returns the sum of all edge weights, each edge counted once
// (m in the modularity formula); the strengths sum to twice this.
func (g *Graph) TotalWeight() float64 { return g.total }
