package graph_test

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/graph/simple"

	"github.com/scrutineer/scrutineer/graph"
)

// tb is the part of testing.TB that the helpers need; rapid.T has it too.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// mustNew builds a graph or fails the test.
func mustNew(t tb, n int, edges []graph.Edge) *graph.Graph {
	t.Helper()
	g, err := graph.New(n, edges)
	if err != nil {
		t.Fatalf("New(%d, %d edges): %v", n, len(edges), err)
	}
	return g
}

// randomEdges returns m random edges on n nodes, with parallel edges and,
// if loops, self-loops; weights are 1 unless weighted.
func randomEdges(rng *rand.Rand, n, m int, weighted, loops bool) []graph.Edge {
	edges := make([]graph.Edge, 0, m)
	for len(edges) < m {
		u, v := rng.Int32N(int32(n)), rng.Int32N(int32(n))
		if u == v && !loops {
			continue
		}
		w := 1.0
		if weighted {
			w = 0.1 + 5*rng.Float64()
		}
		edges = append(edges, graph.Edge{U: u, V: v, W: w})
	}
	return edges
}

// plantedPartition draws a graph of groups×size nodes where node i is in
// group i/size; pairs inside a group are joined with probability pIn and
// other pairs with probability pOut.
func plantedPartition(rng *rand.Rand, groups, size int, pIn, pOut float64) (int, []graph.Edge, []int32) {
	n := groups * size
	truth := make([]int32, n)
	for i := range truth {
		truth[i] = int32(i / size)
	}
	var edges []graph.Edge
	for u := range n {
		for v := u + 1; v < n; v++ {
			p := pOut
			if truth[u] == truth[v] {
				p = pIn
			}
			if rng.Float64() < p {
				edges = append(edges, graph.Edge{U: int32(u), V: int32(v), W: 1})
			}
		}
	}
	return n, edges, truth
}

// lfrLike draws a graph with heavy-tailed degrees and community sizes, in
// the spirit of the LFR benchmark: node degrees follow a power law with
// exponent 2.5 (mean about avgDeg), community sizes one with exponent 1.5
// in [20, 1000], and a fraction mu of each node's edge ends leave its
// community. Ends are paired at random, so a few parallel edges and
// self-loops occur, as in real co-sharing data.
func lfrLike(rng *rand.Rand, n int, avgDeg, mu float64) ([]graph.Edge, []int32) {
	powerLaw := func(lo, hi, exp float64) float64 {
		// Inverse transform sampling of x^-exp on [lo, hi].
		a, b := math.Pow(lo, 1-exp), math.Pow(hi, 1-exp)
		return math.Pow(a+(b-a)*rng.Float64(), 1/(1-exp))
	}
	truth := make([]int32, n)
	var c int32
	for i := 0; i < n; c++ {
		size := int(powerLaw(20, 1000, 1.5))
		for j := 0; j < size && i < n; j++ {
			truth[i] = c
			i++
		}
	}
	minDeg := avgDeg / 3 // mean of the power law with exponent 2.5 is 3·min
	inner := make([][]int32, c)
	var outer []int32
	for u := range n {
		d := int(math.Round(powerLaw(minDeg, max(float64(n)/100, 10*minDeg), 2.5)))
		for range d {
			if rng.Float64() < mu {
				outer = append(outer, int32(u))
			} else {
				inner[truth[u]] = append(inner[truth[u]], int32(u))
			}
		}
	}
	var edges []graph.Edge
	pair := func(ends []int32) {
		rng.Shuffle(len(ends), func(i, j int) { ends[i], ends[j] = ends[j], ends[i] })
		for i := 0; i+1 < len(ends); i += 2 {
			edges = append(edges, graph.Edge{U: ends[i], V: ends[i+1], W: 1})
		}
	}
	for _, ends := range inner {
		pair(ends)
	}
	pair(outer)
	return edges, truth
}

// gonumGraph builds the gonum oracle graph from raw edges, merging parallel
// edges itself so that it does not rely on New. Self-loops are skipped:
// gonum's simple graphs reject them.
func gonumGraph(n int, edges []graph.Edge) *simple.WeightedUndirectedGraph {
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for i := range n {
		g.AddNode(simple.Node(i))
	}
	sum := map[[2]int32]float64{}
	var keys [][2]int32
	for _, e := range edges {
		if e.U == e.V {
			continue
		}
		k := [2]int32{min(e.U, e.V), max(e.U, e.V)}
		if _, ok := sum[k]; !ok {
			keys = append(keys, k)
		}
		sum[k] += e.W
	}
	for _, k := range keys {
		g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(k[0]), simple.Node(k[1]), sum[k]))
	}
	return g
}

// adjustedRand returns the adjusted Rand index of two labelings.
func adjustedRand(a, b []int32) float64 {
	type pair struct{ x, y int32 }
	joint := map[pair]float64{}
	ca, cb := map[int32]float64{}, map[int32]float64{}
	for i := range a {
		joint[pair{a[i], b[i]}]++
		ca[a[i]]++
		cb[b[i]]++
	}
	c2 := func(x float64) float64 { return x * (x - 1) / 2 }
	var index, sa, sb float64
	for _, v := range joint {
		index += c2(v)
	}
	for _, v := range ca {
		sa += c2(v)
	}
	for _, v := range cb {
		sb += c2(v)
	}
	expected := sa * sb / c2(float64(len(a)))
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}

// checkLabels fails unless labels is a valid result for g: one label per
// node, dense 0..k-1, ordered by size (ties by smallest node), and no
// community spanning two components.
func checkLabels(t tb, g *graph.Graph, labels []int32) {
	t.Helper()
	if len(labels) != g.Nodes() {
		t.Fatalf("got %d labels for %d nodes", len(labels), g.Nodes())
	}
	if len(labels) == 0 {
		return
	}
	k := int(slices.Max(labels)) + 1
	size := make([]int, k)
	first := make([]int, k)
	for i := range first {
		first[i] = -1
	}
	for i, c := range labels {
		if c < 0 {
			t.Fatalf("node %d has negative label %d", i, c)
		}
		size[c]++
		if first[c] < 0 {
			first[c] = i
		}
	}
	for c := range k {
		if size[c] == 0 {
			t.Fatalf("label %d unused: labels are not dense", c)
		}
		if c > 0 && (size[c] > size[c-1] || size[c] == size[c-1] && first[c] < first[c-1]) {
			t.Fatalf("label %d (size %d, first %d) out of order after label %d (size %d, first %d)",
				c, size[c], first[c], c-1, size[c-1], first[c-1])
		}
	}
	comp, _ := graph.Components(g)
	compOf := make([]int32, k)
	for i := range compOf {
		compOf[i] = -1
	}
	for i, c := range labels {
		if compOf[c] < 0 {
			compOf[c] = comp[i]
		} else if compOf[c] != comp[i] {
			t.Fatalf("community %d spans components %d and %d", c, compOf[c], comp[i])
		}
	}
}

// disconnectedCommunity returns a community whose induced subgraph is not
// connected, or -1 if there is none.
func disconnectedCommunity(g *graph.Graph, labels []int32) int32 {
	n := g.Nodes()
	seen := make([]bool, n)
	done := map[int32]bool{}
	var queue []int32
	for s := range n {
		c := labels[s]
		if done[c] {
			if !seen[s] {
				return c
			}
			continue
		}
		done[c] = true
		seen[s] = true
		queue = append(queue[:0], int32(s))
		for len(queue) > 0 {
			u := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			ids, _ := g.Neighbours(int(u))
			for _, v := range ids {
				if !seen[v] && labels[v] == c {
					seen[v] = true
					queue = append(queue, v)
				}
			}
		}
	}
	return -1
}
