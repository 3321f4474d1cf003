package graph

// Louvain partitions g into communities by greedy modularity optimisation
// (Blondel, Guillaume, Lambiotte and Lefebvre 2008): nodes move to the
// neighbouring community with the best modularity gain until none gains,
// then each community collapses into a node and the process repeats on the
// smaller graph.
//
// It returns the community of every node, labelled 0..k-1 with 0 the
// largest community (ties go to the community holding the smaller node
// id). Isolated nodes are their own communities and no community spans
// two connected components, but, unlike Leiden's, a community may be
// internally disconnected. The only error is an invalid opt.
func Louvain(g *Graph, opt Options) ([]int32, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	n := g.Nodes()
	labels := singletons(n)
	if g.total == 0 {
		return labels, nil
	}
	l := &louvain{
		m2:    2 * g.total,
		gamma: opt.Resolution,
		rng:   opt.random(),
		s:     newScratch(n),
		comm:  make([]int32, n),
		tot:   make([]float64, n),
		order: make([]int32, n),
	}
	cur := g
	for level := 0; opt.MaxIterations == 0 || level < opt.MaxIterations; level++ {
		comm := l.move(cur)
		k := renumber(comm, l.s.ids)
		if k == cur.Nodes() {
			break
		}
		for i, c := range labels {
			labels[i] = comm[c]
		}
		cur = aggregate(cur, comm, k, l.s)
	}
	orderBySize(labels, int(maxLabel(labels))+1)
	return labels, nil
}

// louvain holds what the levels of one run share; the slices are sized
// for the input graph and cut down to each level's.
type louvain struct {
	m2, gamma float64
	rng       *random
	s         *scratch
	comm      []int32
	tot       []float64
	order     []int32
}

// move runs the local moving phase on g from the singleton partition:
// sweeps over the nodes, moving each to the neighbouring community with
// the largest gain, until a sweep moves nothing. It returns
// the community of every node of g, in storage reused by the next call.
func (l *louvain) move(g *Graph) []int32 {
	n := g.Nodes()
	comm, tot, order := l.comm[:n], l.tot[:n], l.order[:n]
	identity(comm)
	copy(tot, g.strength)
	// The first sweep makes most of the moves and settles the structure;
	// a uniformly random order there avoids bias when node ids correlate
	// with communities, as they do when accounts are created or crawled
	// together. Later sweeps mostly confirm, and id order lets them
	// stream through the CSR arrays, about three times faster than random
	// order on large graphs.
	l.rng.shuffle(order)

	scale := l.gamma / l.m2
	nw := l.s.nw
	for {
		moved := 0
		for _, v := range order {
			ids, ws := g.row(v)
			if len(ids) == 0 {
				continue
			}
			kv := g.strength[v]
			touched := l.s.touched[:0]
			for j, u := range ids {
				c := comm[u]
				if nw[c] == 0 {
					touched = append(touched, c)
				}
				nw[c] += ws[j]
			}
			// The gain of joining c, up to terms that do not depend on c,
			// is nw[c] − gamma·kv·tot[c]/2m with v taken out of its own
			// community first.
			own := comm[v]
			tot[own] -= kv
			best, bestGain := own, nw[own]-scale*kv*tot[own]
			// Moves must beat staying by more than rounding noise, or
			// equal-gain nodes could swap back and forth forever.
			threshold := bestGain + gainEpsilon*kv
			for _, c := range touched {
				if gain := nw[c] - scale*kv*tot[c]; gain > threshold && gain > bestGain {
					best, bestGain = c, gain
				}
				nw[c] = 0
			}
			l.s.touched = touched
			tot[best] += kv
			if best != own {
				comm[v] = best
				moved++
			}
		}
		if moved == 0 {
			return comm
		}
		identity(order)
	}
}

// gainEpsilon is the relative margin by which a move must beat staying.
const gainEpsilon = 1e-12

func maxLabel(labels []int32) int32 {
	m := int32(-1)
	for _, c := range labels {
		m = max(m, c)
	}
	return m
}
