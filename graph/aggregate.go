package graph

// scratch holds buffers shared by the levels of one run, sized for the
// input graph, which every level graph is at most as big as. Reusing them
// keeps a run from allocating per level.
type scratch struct {
	nw      []float64 // edge weight from the current node to each community, zero between uses
	touched []int32   // communities with nw != 0
	ids     []int32   // renumbering scratch
	start   []int32   // aggregate: first member of each community
	members []int32   // aggregate: nodes grouped by community
	levels  [2]Graph  // storage for aggregate graphs, used alternately
}

func newScratch(n int) *scratch {
	return &scratch{
		nw:      make([]float64, n),
		touched: make([]int32, 0, n),
		ids:     make([]int32, n),
		start:   make([]int32, n+1),
		members: make([]int32, n),
	}
}

// aggregate collapses each community of comm (labels 0..k-1) into one node.
// Edges inside a community become the new node's self-loop and edges
// between two communities are summed, so strengths and the total weight,
// hence modularity, carry over unchanged. The result lives in s.levels:
// if g is one of them the result goes in the other, so a chain of levels
// overwrites only the graph from two levels back.
func aggregate(g *Graph, comm []int32, k int, s *scratch) *Graph {
	n := g.Nodes()
	// Group nodes by community with a counting sort.
	start := s.start[:k+1]
	clear(start)
	for _, c := range comm {
		start[c+1]++
	}
	for c := range k {
		start[c+1] += start[c]
	}
	members := s.members[:n]
	pos := s.ids[:k]
	copy(pos, start[:k])
	for u, c := range comm {
		members[pos[c]] = int32(u)
		pos[c]++
	}

	a := &s.levels[0]
	if a == g {
		a = &s.levels[1]
	}
	a.offsets = resize(a.offsets, k+1)
	a.loops = resize(a.loops, k)
	a.strength = resize(a.strength, k)
	a.total = g.total
	// Merging edges can only shrink the adjacency, so g's size bounds it
	// and append never reallocates.
	if cap(a.adj) < len(g.adj) {
		a.adj = make([]int32, 0, len(g.adj))
		a.weights = make([]float64, 0, len(g.adj))
	}
	adj, weights := a.adj[:0], a.weights[:0]
	a.offsets[0] = 0
	nw, touched := s.nw, s.touched[:0]
	for c := range k {
		var loop, inner, str float64
		for _, u := range members[start[c]:start[c+1]] {
			str += g.strength[u]
			loop += g.loops[u]
			ids, ws := g.row(u)
			for j, v := range ids {
				d := comm[v]
				if d == int32(c) {
					inner += ws[j]
					continue
				}
				if nw[d] == 0 {
					touched = append(touched, d)
				}
				nw[d] += ws[j]
			}
		}
		for _, d := range touched {
			adj = append(adj, d)
			weights = append(weights, nw[d])
			nw[d] = 0
		}
		touched = touched[:0]
		// Each inner edge was seen from both ends.
		a.loops[c] = loop + inner/2
		a.strength[c] = str
		a.offsets[c+1] = int64(len(adj))
	}
	a.adj, a.weights = adj, weights
	s.touched = touched
	return a
}

// resize returns buf with length n, reallocating only if it is too small.
func resize[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// singletons returns labels putting every node in its own community.
func singletons(n int) []int32 {
	labels := make([]int32, n)
	identity(labels)
	return labels
}

// identity sets labels[i] = i.
func identity(labels []int32) {
	for i := range labels {
		labels[i] = int32(i)
	}
}
