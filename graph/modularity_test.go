package graph_test

import (
	"math"
	"testing"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/scrutineer/scrutineer/graph"
)

// loopGraph adds self-loops to a gonum simple graph, which cannot hold
// them: gonum's Q reads A_ii from Weight(i, i), which is twice the loop
// weight in the standard convention.
type loopGraph struct {
	*simple.WeightedUndirectedGraph
	loops []float64
}

func (g loopGraph) Weight(x, y int64) (float64, bool) {
	if x == y {
		return 2 * g.loops[x], true
	}
	return g.WeightedUndirectedGraph.Weight(x, y)
}

// communitiesOf turns labels into gonum's community slices.
func communitiesOf(labels []int32) [][]gonum.Node {
	var out [][]gonum.Node
	for i, c := range labels {
		for int(c) >= len(out) {
			out = append(out, nil)
		}
		out[c] = append(out[c], simple.Node(i))
	}
	return out
}

func TestModularityGonum(t *testing.T) {
	rng := newRand(3)
	for trial := range 40 {
		n := 2 + rng.IntN(80)
		edges := randomEdges(rng, n, 1+rng.IntN(3*n), true, trial%2 == 0)
		g := mustNew(t, n, edges)
		oracle := loopGraph{gonumGraph(n, edges), make([]float64, n)}
		for _, e := range edges {
			if e.U == e.V {
				oracle.loops[e.U] += e.W
			}
		}
		k := 1 + rng.IntN(n)
		labels := make([]int32, n)
		for i := range labels {
			labels[i] = rng.Int32N(int32(k))
		}
		for _, gamma := range []float64{0, 0.5, 1, 2} {
			got := graph.Modularity(g, labels, gamma)
			want := community.Q(oracle, communitiesOf(labels), gamma)
			if math.Abs(got-want) > 1e-9 {
				t.Fatalf("trial %d, gamma %v: Modularity = %v, gonum Q = %v", trial, gamma, got, want)
			}
		}
	}
}

func TestModularityByHand(t *testing.T) {
	// Two triangles joined by one edge, split into the triangles:
	// m = 7, each side has 3 inner edges and strength 7.
	triangles := []graph.Edge{
		{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 1},
		{U: 3, V: 4, W: 1}, {U: 4, V: 5, W: 1}, {U: 3, V: 5, W: 1},
		{U: 2, V: 3, W: 1},
	}
	tests := []struct {
		name   string
		n      int
		edges  []graph.Edge
		labels []int32
		gamma  float64
		want   float64
	}{
		{"empty graph", 0, nil, []int32{}, 1, 0},
		{"no edges", 3, nil, []int32{0, 1, 2}, 1, 0},
		{"one community", 2, []graph.Edge{{U: 0, V: 1, W: 1}}, []int32{0, 0}, 1, 0},
		{"two singletons", 2, []graph.Edge{{U: 0, V: 1, W: 1}}, []int32{0, 1}, 1, -0.5},
		// A lone self-loop is all inner weight: Q = (2 − 4/2)/2 = 0.
		{"self-loop alone", 1, []graph.Edge{{U: 0, V: 0, W: 1}}, []int32{0}, 1, 0},
		// Loop 0-0 (w 1) and edge 0-1 (w 1): m = 2, k = (3, 1).
		// Split: [(2 − 9/4) + (0 − 1/4)]/4 = −1/8.
		{"self-loop split", 2, []graph.Edge{{U: 0, V: 0, W: 1}, {U: 0, V: 1, W: 1}}, []int32{0, 1}, 1, -0.125},
		{"triangles", 6, triangles, []int32{0, 0, 0, 1, 1, 1}, 1, 2 * (6 - 49.0/14) / 14},
		{"triangles gamma 0", 6, triangles, []int32{0, 0, 0, 1, 1, 1}, 0, 12.0 / 14},
		{"parallel edges merge", 2, []graph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 0, W: 1}}, []int32{0, 1}, 1, -0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := graph.Modularity(mustNew(t, tt.n, tt.edges), tt.labels, tt.gamma)
			if math.Abs(got-tt.want) > 1e-12 {
				t.Fatalf("Modularity = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestModularityPanics(t *testing.T) {
	g := mustNew(t, 2, []graph.Edge{{U: 0, V: 1, W: 1}})
	for _, labels := range [][]int32{{0}, {0, 2}, {-1, 0}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Modularity(%v) did not panic", labels)
				}
			}()
			graph.Modularity(g, labels, 1)
		}()
	}
}
