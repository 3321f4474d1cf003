package graph_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/scrutineer/scrutineer/graph"
)

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges []graph.Edge
		want  error
	}{
		{"negative n", -1, nil, graph.ErrNodeCount},
		{"too many nodes", math.MaxInt32 + 1, nil, graph.ErrNodeCount},
		{"u too big", 2, []graph.Edge{{U: 2, V: 0, W: 1}}, graph.ErrNodeRange},
		{"v negative", 2, []graph.Edge{{U: 0, V: -1, W: 1}}, graph.ErrNodeRange},
		{"edge on empty graph", 0, []graph.Edge{{U: 0, V: 0, W: 1}}, graph.ErrNodeRange},
		{"zero weight", 2, []graph.Edge{{U: 0, V: 1, W: 0}}, graph.ErrEdgeWeight},
		{"negative weight", 2, []graph.Edge{{U: 0, V: 1, W: -1}}, graph.ErrEdgeWeight},
		{"NaN weight", 2, []graph.Edge{{U: 0, V: 1, W: math.NaN()}}, graph.ErrEdgeWeight},
		{"infinite weight", 2, []graph.Edge{{U: 0, V: 1, W: math.Inf(1)}}, graph.ErrEdgeWeight},
		{"overflowing total", 2, []graph.Edge{{U: 0, V: 1, W: math.MaxFloat64}, {U: 1, V: 0, W: math.MaxFloat64}}, graph.ErrEdgeWeight},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := graph.New(tt.n, tt.edges)
			if !errors.Is(err, tt.want) {
				t.Fatalf("New: error %v, want %v", err, tt.want)
			}
			if g != nil {
				t.Fatalf("New returned a graph with error %v", err)
			}
		})
	}
}

func TestNewStructure(t *testing.T) {
	// 0-1 twice (once reversed), 1-2, a self-loop on 2 given twice, 3 isolated.
	g := mustNew(t, 4, []graph.Edge{
		{U: 1, V: 0, W: 1.5},
		{U: 2, V: 2, W: 0.25},
		{U: 0, V: 1, W: 2},
		{U: 2, V: 1, W: 3},
		{U: 2, V: 2, W: 0.25},
	})
	type node struct {
		ids      []int32
		weights  []float64
		loop     float64
		strength float64
	}
	want := []node{
		{[]int32{1}, []float64{3.5}, 0, 3.5},
		{[]int32{0, 2}, []float64{3.5, 3}, 0, 6.5},
		{[]int32{1}, []float64{3}, 0.5, 4},
		{[]int32{}, []float64{}, 0, 0},
	}
	if g.Nodes() != len(want) {
		t.Fatalf("Nodes() = %d, want %d", g.Nodes(), len(want))
	}
	for u, w := range want {
		ids, weights := g.Neighbours(u)
		if !slices.Equal(ids, w.ids) || !slices.Equal(weights, w.weights) {
			t.Errorf("Neighbours(%d) = %v %v, want %v %v", u, ids, weights, w.ids, w.weights)
		}
		if g.Degree(u) != len(w.ids) {
			t.Errorf("Degree(%d) = %d, want %d", u, g.Degree(u), len(w.ids))
		}
		if g.SelfLoop(u) != w.loop {
			t.Errorf("SelfLoop(%d) = %v, want %v", u, g.SelfLoop(u), w.loop)
		}
		if g.Strength(u) != w.strength {
			t.Errorf("Strength(%d) = %v, want %v", u, g.Strength(u), w.strength)
		}
	}
	if got, want := g.TotalWeight(), 1.5+2+3+0.5; got != want {
		t.Errorf("TotalWeight() = %v, want %v", got, want)
	}
}

func TestNewEmpty(t *testing.T) {
	g := mustNew(t, 0, nil)
	if g.Nodes() != 0 || g.TotalWeight() != 0 {
		t.Fatalf("empty graph: Nodes()=%d TotalWeight()=%v", g.Nodes(), g.TotalWeight())
	}
}

// TestNewRandom checks the CSR rows against a map of merged edges.
func TestNewRandom(t *testing.T) {
	rng := newRand(7)
	for trial := range 20 {
		n := 1 + rng.IntN(60)
		edges := randomEdges(rng, n, rng.IntN(4*n), true, true)
		g := mustNew(t, n, edges)
		want := map[[2]int32]float64{}
		loops := make([]float64, n)
		for _, e := range edges {
			if e.U == e.V {
				loops[e.U] += e.W
				continue
			}
			want[[2]int32{e.U, e.V}] += e.W
			want[[2]int32{e.V, e.U}] += e.W
		}
		var entries int
		var total float64
		for u := range n {
			ids, weights := g.Neighbours(u)
			if !slices.IsSorted(ids) {
				t.Fatalf("trial %d: Neighbours(%d) not sorted: %v", trial, u, ids)
			}
			strength := 2 * loops[u]
			for i, v := range ids {
				if w := want[[2]int32{int32(u), v}]; math.Abs(w-weights[i]) > 1e-9 {
					t.Fatalf("trial %d: weight %d-%d = %v, want %v", trial, u, v, weights[i], w)
				}
				strength += weights[i]
			}
			entries += len(ids)
			if math.Abs(g.Strength(u)-strength) > 1e-9 {
				t.Fatalf("trial %d: Strength(%d) = %v, want %v", trial, u, g.Strength(u), strength)
			}
			if g.SelfLoop(u) != loops[u] {
				t.Fatalf("trial %d: SelfLoop(%d) = %v, want %v", trial, u, g.SelfLoop(u), loops[u])
			}
			total += strength
		}
		if entries != len(want) {
			t.Fatalf("trial %d: %d adjacency entries, want %d", trial, entries, len(want))
		}
		if math.Abs(2*g.TotalWeight()-total) > 1e-9 {
			t.Fatalf("trial %d: 2·TotalWeight() = %v, want %v", trial, 2*g.TotalWeight(), total)
		}
	}
}
