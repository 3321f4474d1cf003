package graph_test

import (
	"errors"
	"math"
	"slices"
	"sync"
	"testing"

	"gonum.org/v1/gonum/graph/community"

	"github.com/scrutineer/scrutineer/graph"
)

// algorithms lists the community detectors that share these tests.
var algorithms = []struct {
	name string
	run  func(*graph.Graph, graph.Options) ([]int32, error)
}{
	{"Louvain", graph.Louvain},
	{"Leiden", graph.Leiden},
}

func mustRun(t tb, run func(*graph.Graph, graph.Options) ([]int32, error), g *graph.Graph, opt graph.Options) []int32 {
	t.Helper()
	labels, err := run(g, opt)
	if err != nil {
		t.Fatalf("%+v: %v", opt, err)
	}
	checkLabels(t, g, labels)
	return labels
}

func TestCommunityEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges []graph.Edge
		want  []int32
	}{
		{"empty", 0, nil, []int32{}},
		{"single node", 1, nil, []int32{0}},
		{"single node with self-loop", 1, []graph.Edge{{U: 0, V: 0, W: 2}}, []int32{0}},
		{"no edges", 4, nil, []int32{0, 1, 2, 3}},
		{"self-loops only", 3, []graph.Edge{{U: 0, V: 0, W: 1}, {U: 2, V: 2, W: 1}}, []int32{0, 1, 2}},
		{"two nodes", 2, []graph.Edge{{U: 0, V: 1, W: 1}}, []int32{0, 0}},
		{"parallel edges", 2, []graph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 0, W: 2}}, []int32{0, 0}},
		// Heavy self-loops make staying apart the better choice:
		// together Q = 1 − 1 = 0, apart Q = 2·(20 − 21²/42)/42 > 0.
		{"heavy self-loops", 2, []graph.Edge{{U: 0, V: 0, W: 10}, {U: 1, V: 1, W: 10}, {U: 0, V: 1, W: 1}}, []int32{0, 1}},
		{"isolated nodes", 5, []graph.Edge{{U: 1, V: 3, W: 1}}, []int32{1, 0, 2, 0, 3}},
		{
			"two triangles apart", 7,
			[]graph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 1}, {U: 4, V: 5, W: 1}, {U: 5, V: 6, W: 1}, {U: 4, V: 6, W: 1}},
			[]int32{0, 0, 0, 2, 1, 1, 1},
		},
		{
			"two triangles bridged", 6,
			[]graph.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 1}, {U: 3, V: 4, W: 1}, {U: 4, V: 5, W: 1}, {U: 3, V: 5, W: 1}, {U: 2, V: 3, W: 1}},
			[]int32{0, 0, 0, 1, 1, 1},
		},
	}
	for _, alg := range algorithms {
		for _, tt := range tests {
			t.Run(alg.name+"/"+tt.name, func(t *testing.T) {
				g := mustNew(t, tt.n, tt.edges)
				for seed := range uint64(5) {
					got := mustRun(t, alg.run, g, graph.Options{Seed: seed})
					if !slices.Equal(got, tt.want) {
						t.Fatalf("seed %d: labels %v, want %v", seed, got, tt.want)
					}
				}
			})
		}
	}
}

// TestRingOfCliques: ten 5-cliques in a ring, joined by single edges; the
// best partition at resolution 1 is the cliques.
func TestRingOfCliques(t *testing.T) {
	const cliques, size = 10, 5
	var edges []graph.Edge
	for c := range cliques {
		base := int32(c * size)
		for i := range int32(size) {
			for j := i + 1; j < size; j++ {
				edges = append(edges, graph.Edge{U: base + i, V: base + j, W: 1})
			}
		}
		edges = append(edges, graph.Edge{U: base, V: int32((c+1)%cliques*size + 1), W: 1})
	}
	g := mustNew(t, cliques*size, edges)
	want := make([]int32, cliques*size)
	for i := range want {
		want[i] = int32(i / size)
	}
	for _, alg := range algorithms {
		t.Run(alg.name, func(t *testing.T) {
			got := mustRun(t, alg.run, g, graph.Options{Seed: 1})
			if !slices.Equal(got, want) {
				t.Fatalf("labels %v, want the cliques", got)
			}
		})
	}
}

func TestPlantedPartition(t *testing.T) {
	n, edges, truth := plantedPartition(newRand(42), 20, 50, 0.3, 0.005)
	g := mustNew(t, n, edges)
	for _, alg := range algorithms {
		t.Run(alg.name, func(t *testing.T) {
			for seed := range uint64(3) {
				got := mustRun(t, alg.run, g, graph.Options{Seed: seed})
				if ari := adjustedRand(got, truth); ari < 0.95 {
					t.Errorf("seed %d: adjusted Rand index %.4f < 0.95", seed, ari)
				}
			}
		})
	}
}

// TestModularityAgainstGonum checks that the partitions found are about as
// good as gonum's Louvain on mid-size graphs. Single runs of Louvain vary
// by about 0.01 with the seed on graphs with little structure, so both
// sides are averaged over a few seeds.
func TestModularityAgainstGonum(t *testing.T) {
	rng := newRand(5)
	type input struct {
		n     int
		edges []graph.Edge
	}
	inputs := []input{
		{400, randomEdges(rng, 400, 1200, false, false)},
		{400, randomEdges(rng, 400, 2000, true, false)},
	}
	n, edges, _ := plantedPartition(rng, 8, 40, 0.2, 0.02)
	inputs = append(inputs, input{n, edges})
	lfrEdges, _ := lfrLike(rng, 1000, 12, 0.4)
	inputs = append(inputs, input{1000, lfrEdges})

	const seeds = 3
	for i, in := range inputs {
		g := mustNew(t, in.n, in.edges)
		oracle := gonumGraph(in.n, in.edges)
		for _, gamma := range []float64{1, 2} {
			var want float64
			for seed := range uint64(seeds) {
				reduced := community.Modularize(oracle, gamma, newRand(seed))
				want += community.Q(oracle, reduced.Communities(), gamma) / seeds
			}
			for _, alg := range algorithms {
				var got float64
				for seed := range uint64(seeds) {
					labels := mustRun(t, alg.run, g, graph.Options{Seed: seed, Resolution: gamma})
					got += graph.Modularity(g, labels, gamma) / seeds
				}
				t.Logf("graph %d, gamma %v: %s mean Q = %.4f, gonum mean Q = %.4f", i, gamma, alg.name, got, want)
				if got < want-0.01 {
					t.Errorf("graph %d, gamma %v: %s mean Q = %.4f, more than 0.01 below gonum's %.4f", i, gamma, alg.name, got, want)
				}
			}
		}
	}
}

func TestDeterminism(t *testing.T) {
	edges, _ := lfrLike(newRand(8), 3000, 10, 0.4)
	g := mustNew(t, 3000, edges)
	for _, alg := range algorithms {
		t.Run(alg.name, func(t *testing.T) {
			a := mustRun(t, alg.run, g, graph.Options{Seed: 77})
			b := mustRun(t, alg.run, g, graph.Options{Seed: 77})
			if !slices.Equal(a, b) {
				t.Fatal("same seed gave different labels")
			}
		})
	}
}

// TestWeightScale: multiplying every weight by a power of two is exact in
// floating point and must not change the labels.
func TestWeightScale(t *testing.T) {
	edges, _ := lfrLike(newRand(12), 2000, 10, 0.4)
	g := mustNew(t, 2000, edges)
	for _, alg := range algorithms {
		t.Run(alg.name, func(t *testing.T) {
			want := mustRun(t, alg.run, g, graph.Options{Seed: 3})
			for _, factor := range []float64{1.0 / 1024, 4096} {
				scaled := slices.Clone(edges)
				for i := range scaled {
					scaled[i].W *= factor
				}
				got := mustRun(t, alg.run, mustNew(t, 2000, scaled), graph.Options{Seed: 3})
				if !slices.Equal(got, want) {
					t.Errorf("weights ×%v changed the labels", factor)
				}
			}
		})
	}
}

// TestConcurrentUse runs the algorithms on one graph from several
// goroutines; run with -race it checks that nothing writes to the graph.
func TestConcurrentUse(t *testing.T) {
	edges, _ := lfrLike(newRand(13), 2000, 10, 0.3)
	g := mustNew(t, 2000, edges)
	want := make([][]int32, len(algorithms))
	for i, alg := range algorithms {
		want[i] = mustRun(t, alg.run, g, graph.Options{Seed: 4})
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(algorithms))
	for range 4 {
		for i, alg := range algorithms {
			wg.Go(func() {
				got, err := alg.run(g, graph.Options{Seed: 4})
				if err != nil || !slices.Equal(got, want[i]) {
					errs <- alg.name + " gave different labels concurrently"
				}
				graph.Components(g)
				graph.Modularity(g, got, 1)
			})
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestResolution(t *testing.T) {
	edges, _ := lfrLike(newRand(9), 2000, 10, 0.3)
	g := mustNew(t, 2000, edges)
	for _, alg := range algorithms {
		t.Run(alg.name, func(t *testing.T) {
			count := func(gamma float64) int32 {
				return slices.Max(mustRun(t, alg.run, g, graph.Options{Resolution: gamma})) + 1
			}
			low, high := count(0.2), count(5)
			if low >= high {
				t.Fatalf("resolution 0.2 gave %d communities, 5 gave %d: want fewer at low resolution", low, high)
			}
			if count(0) != count(1) {
				t.Fatal("resolution 0 does not default to 1")
			}
		})
	}
}

func TestMaxIterations(t *testing.T) {
	edges, _ := lfrLike(newRand(10), 2000, 10, 0.3)
	g := mustNew(t, 2000, edges)
	for _, alg := range algorithms {
		t.Run(alg.name, func(t *testing.T) {
			one := mustRun(t, alg.run, g, graph.Options{MaxIterations: 1})
			all := mustRun(t, alg.run, g, graph.Options{})
			q1, q := graph.Modularity(g, one, 1), graph.Modularity(g, all, 1)
			if q1 > q+1e-9 {
				t.Fatalf("one iteration Q = %v beats unbounded Q = %v", q1, q)
			}
			if alg.name == "Leiden" {
				if c := disconnectedCommunity(g, one); c >= 0 {
					t.Fatalf("community %d is disconnected after one iteration", c)
				}
			}
		})
	}
}

func TestOptionsErrors(t *testing.T) {
	g := mustNew(t, 2, []graph.Edge{{U: 0, V: 1, W: 1}})
	bad := []graph.Options{
		{Resolution: -1},
		{Resolution: math.NaN()},
		{Resolution: math.Inf(1)},
		{Randomness: -0.1},
		{Randomness: math.NaN()},
		{MaxIterations: -1},
	}
	for _, alg := range algorithms {
		for _, opt := range bad {
			if _, err := alg.run(g, opt); !errors.Is(err, graph.ErrOptions) {
				t.Errorf("%s(%+v): error %v, want ErrOptions", alg.name, opt, err)
			}
		}
	}
}
