package graph

import "math"

// Leiden partitions g into communities by modularity optimisation with the
// Leiden algorithm (Traag, Waltman and van Eck 2019, "From Louvain to
// Leiden: guaranteeing well-connected communities"). Each iteration runs
// levels of: fast local moving driven by a queue; a randomised refinement
// that splits every community into well-connected pieces; aggregation of
// the refined pieces, with the unrefined partition as the starting point on
// the aggregate graph. Iterations repeat, each starting from the last
// result, until one improves modularity by less than 1e-4 or
// opt.MaxIterations is reached.
//
// It returns the community of every node, labelled 0..k-1 with 0 the
// largest community (ties go to the community holding the smaller node
// id). Every community induces a connected subgraph; isolated nodes are
// their own communities. The only error is an invalid opt.
func Leiden(g *Graph, opt Options) ([]int32, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	n := g.Nodes()
	part := singletons(n)
	if g.total == 0 {
		return part, nil
	}
	l := &leiden{
		m2:      2 * g.total,
		gamma:   opt.Resolution,
		theta:   opt.Randomness * meanEdgeWeight(g),
		rng:     opt.random(),
		s:       newScratch(n),
		tot:     make([]float64, n),
		partTot: make([]float64, n),
		ext:     make([]float64, n),
		own:     make([]float64, n),
		size:    make([]int32, n),
		order:   make([]int32, n),
		empty:   make([]int32, 0, n),
		refined: make([]int32, n),
		part:    [2][]int32{make([]int32, n), make([]int32, n)},
		queued:  make([]bool, n),
	}
	q := math.Inf(-1)
	for iter := 0; opt.MaxIterations == 0 || iter < opt.MaxIterations; iter++ {
		next := l.iterate(g, part)
		nq := Modularity(g, next, l.gamma)
		if nq < q {
			break // only rounding can make an iteration worse
		}
		part = next
		if nq < q+minIterationGain {
			break
		}
		q = nq
	}
	orderBySize(part, int(maxLabel(part))+1)
	return part, nil
}

// minIterationGain ends Leiden's outer loop: once an iteration improves
// modularity by less than this, another is not worth its cost. On large
// graphs iterations go on finding gains of 1e-5 or so, a few nodes each,
// for as long as one cares to run them; on small graphs a single move
// gains more than this, so they run until nothing moves.
const minIterationGain = 1e-4

// meanEdgeWeight returns the mean weight of g's distinct edges, self-loops
// included; g must have some. Scaling the randomness by it makes Leiden,
// like modularity, blind to the unit of the weights: multiplying every
// weight by a constant gives the same communities.
func meanEdgeWeight(g *Graph) float64 {
	edges := len(g.adj) / 2
	for _, w := range g.loops {
		if w > 0 {
			edges++
		}
	}
	return g.total / float64(edges)
}

// leiden holds what the phases of one run share. The slices are sized for
// the input graph and cut down to each level's; moveNodes and refine never
// run at once, so they share tot, size and order.
type leiden struct {
	m2, gamma float64
	theta     float64 // Options.Randomness in units of edge weight
	rng       *random
	s         *scratch

	tot     []float64  // total strength per community (moveNodes) or piece (refine)
	partTot []float64  // refine: total strength per community
	ext     []float64  // refine: weight from each piece to the rest of its community
	own     []float64  // refine: weight from each node to the rest of its community
	size    []int32    // nodes per community (moveNodes) or piece (refine)
	order   []int32    // visiting order, or moveNodes' queue
	empty   []int32    // moveNodes: ids of empty communities
	refined []int32    // refine's result
	part    [2][]int32 // the partition of this level and the next, alternately
	queued  []bool     // moveNodes: whether a node is in the queue
}

// iterate runs one Leiden iteration on g starting from the partition init
// (labels in [0, n)) and returns the new partition, labels dense from 0.
func (l *leiden) iterate(g *Graph, init []int32) []int32 {
	n := g.Nodes()
	// labels maps each node of g to its node in the current level graph.
	labels := singletons(n)
	part := l.part[0][:n]
	copy(part, init)
	k := renumber(part, l.s.ids)
	cur := g
	for {
		l.moveNodes(cur, part, k)
		k = renumber(part, l.s.ids)
		if k == cur.Nodes() {
			// Every level node is a community on its own, and each level
			// node is a refined, hence connected, set of nodes of g.
			break
		}
		refined := l.refine(cur, part, k)
		kr := renumber(refined, l.s.ids)
		if kr == cur.Nodes() {
			// Refinement merged nothing, so aggregating would repeat
			// this level. Keep the unrefined partition, split so that
			// every community stays connected.
			splitDisconnected(cur, part)
			break
		}
		// The aggregate node of each piece starts in its community.
		next := l.part[0][:kr]
		if &part[0] == &next[0] {
			next = l.part[1][:kr]
		}
		for v, r := range refined {
			next[r] = part[v]
		}
		for i, c := range labels {
			labels[i] = refined[c]
		}
		cur = aggregate(cur, refined, kr, l.s)
		part = next
	}
	for i, c := range labels {
		labels[i] = part[c]
	}
	return labels
}

// moveNodes is the fast local moving phase. part (labels in [0, k)) is
// improved in place. Nodes wait in a queue, first in random order; each is
// moved to the community, possibly a new empty one, with the best gain,
// and when it moves its neighbours outside its new community are queued
// again. Labels in part stay below g.Nodes().
func (l *leiden) moveNodes(g *Graph, part []int32, k int) {
	n := g.Nodes()
	tot, size := l.tot[:n], l.size[:n]
	clear(tot)
	clear(size)
	for v, c := range part {
		tot[c] += g.strength[v]
		size[c]++
	}
	// Empty community ids, popped when a node does best on its own.
	empty := l.empty[:0]
	for c := n - 1; c >= k; c-- {
		empty = append(empty, int32(c))
	}

	queue := l.order[:n]
	l.rng.shuffle(queue)
	queued := l.queued[:n]
	for i := range queued {
		queued[i] = true
	}
	head, count := 0, n

	scale := l.gamma / l.m2
	nw := l.s.nw
	for count > 0 {
		v := queue[head]
		head++
		if head == n {
			head = 0
		}
		count--
		queued[v] = false

		ids, ws := g.row(v)
		kv := g.strength[v]
		touched := l.s.touched[:0]
		for j, u := range ids {
			c := part[u]
			if nw[c] == 0 {
				touched = append(touched, c)
			}
			nw[c] += ws[j]
		}
		own := part[v]
		tot[own] -= kv
		size[own]--
		best, bestGain := own, nw[own]-scale*kv*tot[own]
		threshold := bestGain + gainEpsilon*kv
		for _, c := range touched {
			if gain := nw[c] - scale*kv*tot[c]; gain > threshold && gain > bestGain {
				best, bestGain = c, gain
			}
			nw[c] = 0
		}
		l.s.touched = touched
		// An empty community gains 0.
		if size[own] > 0 && 0 > threshold && 0 > bestGain {
			best = empty[len(empty)-1]
			empty = empty[:len(empty)-1]
		}
		tot[best] += kv
		size[best]++
		if best == own {
			continue
		}
		part[v] = best
		if size[own] == 0 {
			empty = append(empty, own)
		}
		for _, u := range ids {
			if !queued[u] && part[u] != best {
				queued[u] = true
				tail := head + count
				if tail >= n {
					tail -= n
				}
				queue[tail] = u
				count++
			}
		}
	}
}

// refine splits each community of part (labels in [0, k)) into
// well-connected pieces. Starting from singletons, nodes are visited in
// random order; a node still on its own that is well connected to the
// rest of its community joins a well-connected piece of the same community
// it has edges to, chosen at random with probability proportional to
// exp(gain/theta) among those with gain ≥ 0, or stays alone (gain 0).
// Because a node only ever joins a piece it has an edge to, every piece
// is connected. It returns the piece of every node of g.
func (l *leiden) refine(g *Graph, part []int32, k int) []int32 {
	n := g.Nodes()
	scale := l.gamma / l.m2
	partTot := l.partTot[:k]
	clear(partTot)
	for v, c := range part {
		partTot[c] += g.strength[v]
	}
	refined := l.refined[:n]
	identity(refined)
	tot, size := l.tot[:n], l.size[:n]
	copy(tot, g.strength)
	// ext[v] starts as the weight from v to the rest of its community and
	// then tracks, per piece, the weight from the piece to the rest of
	// its community; own[v] keeps the starting value.
	ext, own := l.ext[:n], l.own[:n]
	for v := range int32(n) {
		size[v] = 1
		c := part[v]
		var w float64
		ids, ws := g.row(v)
		for j, u := range ids {
			if part[u] == c {
				w += ws[j]
			}
		}
		ext[v], own[v] = w, w
	}

	order := l.order[:n]
	l.rng.shuffle(order)
	nw := l.s.nw
	var probs []float64
	for _, v := range order {
		if size[v] != 1 {
			continue // others have joined v's piece
		}
		c := part[v]
		kv, kS := g.strength[v], partTot[c]
		if own[v] < scale*kv*(kS-kv) {
			continue // v is not well connected to its community
		}
		touched := l.s.touched[:0]
		ids, ws := g.row(v)
		for j, u := range ids {
			if part[u] != c {
				continue
			}
			r := refined[u]
			if nw[r] == 0 {
				touched = append(touched, r)
			}
			nw[r] += ws[j]
		}
		// Keep the candidates at the front of touched, their gains in
		// probs, staying alone counting as gain 0.
		probs = probs[:0]
		cand := touched[:0]
		maxGain := 0.0
		for _, r := range touched {
			gain := nw[r] - scale*kv*tot[r]
			wellConnected := ext[r] >= scale*tot[r]*(kS-tot[r])
			if gain >= 0 && wellConnected {
				cand = append(cand, r)
				probs = append(probs, gain)
				maxGain = max(maxGain, gain)
			} else {
				nw[r] = 0
			}
		}
		if len(cand) == 0 {
			l.s.touched = touched
			continue
		}
		// Subtract the largest gain before exponentiating so that large
		// gains cannot overflow.
		sum := math.Exp(-maxGain / l.theta)
		for i, gain := range probs {
			probs[i] = math.Exp((gain - maxGain) / l.theta)
			sum += probs[i]
		}
		x := l.rng.float64() * sum
		target := int32(-1)
		for i, p := range probs {
			x -= p
			if x < 0 {
				target = cand[i]
				break
			}
		}
		if target < 0 && x >= math.Exp(-maxGain/l.theta) {
			// Rounding left x just past the last candidate.
			target = cand[len(cand)-1]
		}
		if target >= 0 {
			refined[v] = target
			size[v] = 0
			size[target]++
			tot[target] += kv
			ext[target] += own[v] - 2*nw[target]
		}
		for _, r := range cand {
			nw[r] = 0
		}
		l.s.touched = touched
	}
	return refined
}
