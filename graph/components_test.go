package graph_test

import (
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/topo"

	"github.com/scrutineer/scrutineer/graph"
)

func TestComponentsSmall(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges []graph.Edge
		want  []int32
	}{
		{"empty", 0, nil, []int32{}},
		{"single node", 1, nil, []int32{0}},
		{"no edges", 3, nil, []int32{0, 1, 2}},
		{"self-loop only", 2, []graph.Edge{{U: 1, V: 1, W: 1}}, []int32{0, 1}},
		{"two nodes", 2, []graph.Edge{{U: 0, V: 1, W: 1}}, []int32{0, 0}},
		{"largest first", 5, []graph.Edge{{U: 0, V: 1, W: 1}, {U: 2, V: 3, W: 1}, {U: 3, V: 4, W: 1}}, []int32{1, 1, 0, 0, 0}},
		{"ties by smallest node", 6, []graph.Edge{{U: 4, V: 5, W: 1}, {U: 1, V: 3, W: 1}, {U: 0, V: 2, W: 1}}, []int32{0, 1, 0, 1, 2, 2}},
		{"parallel edges", 3, []graph.Edge{{U: 2, V: 1, W: 1}, {U: 1, V: 2, W: 1}}, []int32{1, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			label, n := graph.Components(mustNew(t, tt.n, tt.edges))
			if !slices.Equal(label, tt.want) {
				t.Fatalf("labels %v, want %v", label, tt.want)
			}
			wantN := 0
			if len(tt.want) > 0 {
				wantN = int(slices.Max(tt.want)) + 1
			}
			if n != wantN {
				t.Fatalf("count %d, want %d", n, wantN)
			}
		})
	}
}

// TestComponentsGonum compares the components, as sets of nodes, with
// gonum's on sparse random graphs that have many components.
func TestComponentsGonum(t *testing.T) {
	rng := newRand(11)
	for trial := range 30 {
		n := 1 + rng.IntN(300)
		edges := randomEdges(rng, n, rng.IntN(n+1), false, true)
		g := mustNew(t, n, edges)
		label, k := graph.Components(g)
		checkLabels(t, g, label)

		want := topo.ConnectedComponents(gonumGraph(n, edges))
		if k != len(want) {
			t.Fatalf("trial %d: %d components, gonum finds %d", trial, k, len(want))
		}
		for _, comp := range want {
			c := label[comp[0].ID()]
			for _, node := range comp {
				if label[node.ID()] != c {
					t.Fatalf("trial %d: nodes %d and %d split, gonum joins them", trial, comp[0].ID(), node.ID())
				}
			}
		}
	}
}
