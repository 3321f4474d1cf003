package graph_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/scrutineer/scrutineer/graph"
)

// drawGraph draws a small weighted graph with parallel edges, self-loops
// and, often, isolated nodes.
func drawGraph(t *rapid.T) (*graph.Graph, []graph.Edge) {
	n := rapid.IntRange(1, 60).Draw(t, "n")
	edge := rapid.Custom(func(t *rapid.T) graph.Edge {
		return graph.Edge{
			U: int32(rapid.IntRange(0, n-1).Draw(t, "u")),
			V: int32(rapid.IntRange(0, n-1).Draw(t, "v")),
			W: rapid.OneOf(rapid.Just(1.0), rapid.Float64Range(0.01, 100)).Draw(t, "w"),
		}
	})
	// Drawing the count first keeps rapid from favouring near-empty graphs.
	m := rapid.IntRange(0, 3*n).Draw(t, "m")
	edges := rapid.SliceOfN(edge, m, m).Draw(t, "edges")
	g, err := graph.New(n, edges)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return g, edges
}

func drawOptions(t *rapid.T) graph.Options {
	return graph.Options{
		Seed:          rapid.Uint64().Draw(t, "seed"),
		Resolution:    rapid.SampledFrom([]float64{0, 0.1, 1, 3, 20}).Draw(t, "resolution"),
		Randomness:    rapid.SampledFrom([]float64{0, 0.001, 1, 100}).Draw(t, "randomness"),
		MaxIterations: rapid.IntRange(0, 3).Draw(t, "maxIterations"),
	}
}

func TestLeidenConnectedProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g, _ := drawGraph(t)
		labels := mustRun(t, graph.Leiden, g, drawOptions(t))
		if c := disconnectedCommunity(g, labels); c >= 0 {
			t.Fatalf("community %d is disconnected: labels %v", c, labels)
		}
	})
}

func TestLouvainProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g, _ := drawGraph(t)
		mustRun(t, graph.Louvain, g, drawOptions(t))
	})
}

// TestLeidenConnectedRandom covers bigger sparse graphs than the property
// test, with more aggregation levels.
func TestLeidenConnectedRandom(t *testing.T) {
	rng := newRand(21)
	for trial := range 60 {
		n := 50 + rng.IntN(1500)
		var edges []graph.Edge
		if trial%2 == 0 {
			edges = randomEdges(rng, n, n+rng.IntN(2*n), trial%4 == 0, true)
		} else {
			edges, _ = lfrLike(rng, n, 4+8*rng.Float64(), 0.5*rng.Float64())
		}
		g := mustNew(t, n, edges)
		opt := graph.Options{
			Seed:       uint64(trial),
			Resolution: []float64{0.5, 1, 2}[trial%3],
			Randomness: []float64{0, 0.1, 1}[trial%3],
		}
		labels := mustRun(t, graph.Leiden, g, opt)
		if c := disconnectedCommunity(g, labels); c >= 0 {
			t.Fatalf("trial %d (n=%d, %+v): community %d is disconnected", trial, n, opt, c)
		}
	}
}

// TestDisconnectedCommunity checks the checker.
func TestDisconnectedCommunity(t *testing.T) {
	// Path 0-1-2 plus 3-4.
	g := mustNew(t, 5, []graph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 3, V: 4, W: 1}})
	tests := []struct {
		labels []int32
		want   int32
	}{
		{[]int32{0, 0, 0, 1, 1}, -1},
		{[]int32{0, 1, 0, 2, 2}, 0},
		{[]int32{1, 1, 0, 0, 2}, 0},
		{[]int32{0, 1, 2, 3, 4}, -1},
	}
	for _, tt := range tests {
		if got := disconnectedCommunity(g, tt.labels); got != tt.want {
			t.Errorf("disconnectedCommunity(%v) = %d, want %d", tt.labels, got, tt.want)
		}
	}
}
