package graph_test

import (
	"sync"
	"testing"

	"github.com/scrutineer/scrutineer/graph"
)

const benchNodes = 100_000

// benchLFR is a 100k-node LFR-like graph with heavy-tailed degrees and
// about 500k edges, built once for all benchmarks.
var benchLFR = sync.OnceValues(func() ([]graph.Edge, []int32) {
	return shuffleIDs(lfrLike(newRand(2024), benchNodes, 10.6, 0.3))
})

// shuffleIDs renames the nodes at random. Generated communities are runs of
// consecutive ids, which flatters memory locality; real account ids are not
// ordered by community.
func shuffleIDs(edges []graph.Edge, truth []int32) ([]graph.Edge, []int32) {
	rng := newRand(99)
	perm := rng.Perm(len(truth))
	shuffled := make([]int32, len(truth))
	for i, c := range truth {
		shuffled[perm[i]] = c
	}
	for i, e := range edges {
		edges[i].U, edges[i].V = int32(perm[e.U]), int32(perm[e.V])
	}
	return edges, shuffled
}

// benchPlanted is a 100k-node planted partition: 2000 groups of 50, each
// node with about 8 edges inside its group and 2 outside.
var benchPlanted = sync.OnceValues(func() ([]graph.Edge, []int32) {
	const groups, size = 2000, 50
	rng := newRand(2025)
	truth := make([]int32, benchNodes)
	for i := range truth {
		truth[i] = int32(i / size)
	}
	var edges []graph.Edge
	for range benchNodes * 8 / 2 {
		g := rng.Int32N(groups) * size
		u, v := g+rng.Int32N(size), g+rng.Int32N(size)
		if u != v {
			edges = append(edges, graph.Edge{U: u, V: v, W: 1})
		}
	}
	for range benchNodes * 2 / 2 {
		u, v := rng.Int32N(benchNodes), rng.Int32N(benchNodes)
		if truth[u] != truth[v] {
			edges = append(edges, graph.Edge{U: u, V: v, W: 1})
		}
	}
	return shuffleIDs(edges, truth)
})

var benchInputs = []struct {
	name  string
	input func() ([]graph.Edge, []int32)
}{
	{"LFR", benchLFR},
	{"Planted", benchPlanted},
}

func BenchmarkNew(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			edges, _ := in.input()
			for b.Loop() {
				if _, err := graph.New(benchNodes, edges); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(edges)), "edges")
		})
	}
}

func BenchmarkComponents(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			edges, _ := in.input()
			g := mustNew(b, benchNodes, edges)
			for b.Loop() {
				graph.Components(g)
			}
		})
	}
}

func BenchmarkLouvain(b *testing.B) { benchCommunities(b, graph.Louvain) }

func BenchmarkLeiden(b *testing.B) { benchCommunities(b, graph.Leiden) }

func benchCommunities(b *testing.B, run func(*graph.Graph, graph.Options) ([]int32, error)) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			edges, truth := in.input()
			g := mustNew(b, benchNodes, edges)
			var labels []int32
			cpu0, cpuOK := processCPU()
			for b.Loop() {
				var err error
				if labels, err = run(g, graph.Options{Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			if cpu1, ok := processCPU(); cpuOK && ok {
				b.ReportMetric(float64((cpu1-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
			}
			b.ReportMetric(graph.Modularity(g, labels, 1), "Q")
			b.ReportMetric(adjustedRand(labels, truth), "ARI")
			b.ReportMetric(float64(slicesMax(labels)+1), "communities")
		})
	}
}

func slicesMax(s []int32) int32 {
	m := int32(-1)
	for _, v := range s {
		m = max(m, v)
	}
	return m
}
