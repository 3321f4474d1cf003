package coord_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/coord"
)

func TestQuantile(t *testing.T) {
	// Values from R: quantile(x, p) with the default type 7.
	cases := []struct {
		x    []float64
		p    float64
		want float64
	}{
		{[]float64{1}, 0.5, 1},
		{[]float64{1, 2}, 0.5, 1.5},
		{[]float64{3, 1, 2, 4}, 0.5, 2.5},
		{[]float64{1, 1, 1, 2, 3}, 0.99, 2.96},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9, 9.1},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0, 1},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 1, 10},
		{[]float64{2, 2, 2}, 0.3, 2},
	}
	for _, tc := range cases {
		if got := coord.Quantile(slices.Clone(tc.x), tc.p); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Quantile(%v, %v) = %v, want %v", tc.x, tc.p, got, tc.want)
		}
	}
	if !math.IsNaN(coord.Quantile(nil, 0.5)) {
		t.Error("Quantile of nothing should be NaN")
	}
}

// TestSimulatedOracle ports CooRTweet's simulate_data construction: every
// pair of coordinated accounts gets at least m co-shares inside the window,
// each in its own time slot spaced more than twice the window apart;
// non-coordinated pairs co-share just outside it. Detect must return
// exactly the planted pairs.
func TestSimulatedOracle(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		w := int64(1 + r.IntN(30))
		m := 1 + r.IntN(4)
		nCoord, nNon, nObj := 2+r.IntN(12), 2+r.IntN(8), 1+r.IntN(10)
		b := coord.NewBuilder(0)
		slot := int64(0)
		content := 0
		want := map[string]int{}
		share := func(a, bAcc string, gapLo, gapHi int64) (string, string, int64) {
			o := fmt.Sprintf("object_%d", r.IntN(nObj))
			ta := 1_600_000_000 + slot*(4*w+4) // slots never interact
			slot++
			tb := ta + gapLo + r.Int64N(gapHi-gapLo+1)
			ca, cb := fmt.Sprintf("share_%d", content), fmt.Sprintf("share_%d", content+1)
			content += 2
			b.AddNano("", o, a, ca, ta*1e9)
			b.AddNano("", o, bAcc, cb, tb*1e9)
			return o, fmt.Sprintf("%s,%s,%d", ca, cb, tb-ta), tb - ta
		}
		acc := func(kind string, i int) string { return fmt.Sprintf("account_%s%02d", kind, i) }
		for i := 0; i < nCoord; i++ {
			for j := i + 1; j < nCoord; j++ {
				for k := 0; k < m+r.IntN(3); k++ {
					o, key, _ := share(acc("c", i), acc("c", j), 0, w)
					want[o+","+key]++
				}
			}
		}
		for i := 0; i < nNon; i++ {
			for j := i + 1; j < nNon; j++ {
				for k := 0; k < r.IntN(3); k++ {
					share(acc("n", i), acc("n", j), w+2, 2*w+1)
				}
			}
		}
		p := coord.DefaultParams()
		p.Window, p.MinParticipation = time.Duration(w)*time.Second, m
		res, err := coord.Detect(b.Data(), p)
		if err != nil {
			t.Fatal(err)
		}
		d := res.Data
		got := map[string]int{}
		for _, pr := range res.Pairs {
			o, n := d.Shares[pr.Older], d.Shares[pr.Newer]
			got[fmt.Sprintf("%s,%s,%s,%d", d.Objects[o.Object], d.Contents[o.Content], d.Contents[n.Content], (n.Time-o.Time)/1e9)]++
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("seed %d (w %d, m %d): %d pairs, want %d planted", seed, w, m, len(got), len(want))
		}
	}
}

// plantedData makes organic noise (shares of organic/popularity objects by
// organic/10 accounts, each object shared in the hour or so after its
// birth) plus groups that co-share within seconds.
func plantedData(seed uint64, organic, popularity, groups, members, objects int) (*coord.Data, map[string]bool) {
	r := rand.New(rand.NewPCG(seed, 1))
	b := coord.NewBuilder(organic)
	planted := map[string]bool{}
	const t0, span = 1_600_000_000, 10 * 86400
	for i := 0; i < organic; i++ {
		o := r.IntN(organic / popularity)
		birth := int64(t0 + (o*7919)%span)
		b.AddNano("", fmt.Sprintf("o%d", o), fmt.Sprintf("a%d", r.IntN(organic/10)), fmt.Sprintf("c%d", i),
			(birth+int64(r.ExpFloat64()*3600))*1e9)
	}
	n := 0
	for g := 0; g < groups; g++ {
		for k := 0; k < objects; k++ {
			o := fmt.Sprintf("p%d_%d", g, k)
			base := int64(t0 + r.IntN(span))
			for m := 0; m < members; m++ {
				a := fmt.Sprintf("g%d_%d", g, m)
				planted[a] = true
				b.AddNano("", o, a, fmt.Sprintf("pc%d", n), (base+int64(r.IntN(8)))*1e9)
				n++
			}
		}
	}
	return b.Data(), planted
}

func TestNullModel(t *testing.T) {
	d, planted := plantedData(3, 40000, 5, 4, 8, 12)
	p := coord.DefaultParams()
	p.Window, p.NullRuns, p.EdgeWeight = 10*time.Second, 8, 0.9
	r, err := coord.Detect(d, p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Null.Runs != 8 || r.Null.ExpectedEdges == 0 {
		t.Fatalf("null summary %+v", r.Null)
	}
	if r.Null.FDR > 0.1 {
		t.Errorf("FDR %.3f on clearly planted groups, want below 0.1", r.Null.FDR)
	}
	for _, e := range r.Edges {
		a, b := d.Accounts[e.A], d.Accounts[e.B]
		if planted[a] && planted[b] && strings.Split(a, "_")[0] == strings.Split(b, "_")[0] {
			if e.Null.P > 0.2 || e.Null.Expected >= float64(e.Weight) {
				t.Errorf("planted edge %s–%s: weight %d, expected %.2f, p %.2f", a, b, e.Weight, e.Null.Expected, e.Null.P)
			}
		}
	}
	for _, c := range r.Clusters {
		if planted[d.Accounts[c.Accounts[0]]] && c.Null.FDR > 0.05 {
			t.Errorf("planted cluster %d: FDR %.3f", c.ID, c.Null.FDR)
		}
	}

	// Without planted groups, on popular objects, what passes the threshold
	// is what chance gives: the FDR must say so.
	noise, _ := plantedData(4, 40000, 200, 0, 0, 0)
	p.EdgeWeight, p.MinParticipation = 0.5, 2
	r, err = coord.Detect(noise, p)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("noise: %d edges, %d above, null %+v", len(r.Edges), r.AboveEdges(), r.Null)
	if r.AboveEdges() == 0 || r.Null.FDR < 0.5 {
		t.Errorf("%d edges above the threshold on pure noise, FDR %.3f; want some, and an FDR of at least 0.5", r.AboveEdges(), r.Null.FDR)
	}

	// The same seed gives the same significance.
	r2, _ := coord.Detect(noise, p)
	if r.Null != r2.Null {
		t.Errorf("null model not reproducible: %+v vs %+v", r.Null, r2.Null)
	}
}

// TestMaxFDR: planted groups among chance coincidences on popular objects;
// dropping clusters above the FDR keeps the groups and only them, numbered
// from 1, with their members and statistics.
func TestMaxFDR(t *testing.T) {
	d, planted := plantedData(5, 40000, 200, 3, 6, 10)
	p := coord.DefaultParams()
	p.Window, p.NullRuns = 10*time.Second, 10
	all, err := coord.Detect(d, p)
	if err != nil {
		t.Fatal(err)
	}
	p.MaxFDR = 0.05
	r, err := coord.Detect(d, p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Dropped == 0 || r.Dropped+len(r.Clusters) != len(all.Clusters) {
		t.Fatalf("%d clusters kept and %d dropped of %d", len(r.Clusters), r.Dropped, len(all.Clusters))
	}
	if len(r.Clusters) != 3 {
		t.Errorf("%d clusters kept, want the 3 planted groups", len(r.Clusters))
	}
	inCluster := map[int]int{}
	for i, c := range r.Clusters {
		if c.ID != i+1 || c.Null.FDR > p.MaxFDR {
			t.Errorf("cluster %d at %d: FDR %.3f", c.ID, i, c.Null.FDR)
		}
		for _, a := range c.Accounts {
			if !planted[d.Accounts[a]] {
				t.Errorf("cluster %d keeps organic account %s", c.ID, d.Accounts[a])
			}
		}
		inCluster[c.ID] = len(c.Accounts)
	}
	for _, m := range r.Members {
		if inCluster[m.Cluster] == 0 || m.Community < 1 || m.Community > len(r.Communities) ||
			r.Communities[m.Community-1].Cluster != m.Cluster {
			t.Fatalf("member %s: cluster %d, community %d", d.Accounts[m.Account], m.Cluster, m.Community)
		}
		inCluster[m.Cluster]--
	}
	for id, left := range inCluster {
		if left != 0 {
			t.Errorf("cluster %d: members and accounts disagree by %d", id, left)
		}
	}
	if stats := r.AccountStats(); len(stats) != len(r.Members) {
		t.Errorf("%d account stats for %d members", len(stats), len(r.Members))
	}
	r.ObjectStats() // must not trip on the edges of dropped clusters
	p.NullRuns = 0
	if _, err := coord.Detect(d, p); err == nil {
		t.Error("a max FDR without null runs was accepted")
	}
}

func TestEstimateWindow(t *testing.T) {
	b := coord.NewBuilder(0)
	// 20 objects: the first share at 0, then shares every g seconds, with
	// g = 1..20. The fastest 10% (q = 0.1) are the objects with g = 1 and 2;
	// with 5 shares each, more than half are made by the 3rd share, at 2g.
	for g := 1; g <= 20; g++ {
		for k := 0; k < 5; k++ {
			b.AddNano("", fmt.Sprintf("o%d", g), fmt.Sprintf("a%d", k), fmt.Sprintf("c%d_%d", g, k), int64(g*k)*1e9)
		}
	}
	est, err := coord.EstimateWindow(b.Data(), 0.1, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	// Cut-off: quantile(1..20, 0.1) = 2.9, so g = 1, 2; times 2 and 4; median 3 s.
	if est.Window != 3*time.Second || est.Used != 2 || est.Candidates != 20 {
		t.Fatalf("estimate %+v, want 3s over 2 of 20 objects", est)
	}
	if !strings.Contains(est.String(), "median") {
		t.Errorf("explanation %q", est)
	}
	if _, err := coord.EstimateWindow(b.Data(), 0, 0.5); err == nil {
		t.Error("q = 0 accepted")
	}
	empty, _ := coord.EstimateWindow(coord.NewBuilder(0).Data(), 0.1, 0.5)
	if empty.Window != time.Second {
		t.Errorf("no data: window %v, want CooRnet's 1 s", empty.Window)
	}
}

func TestKinds(t *testing.T) {
	b := coord.NewBuilder(0)
	// a and b share a URL and a hashtag together; the same text under two
	// kinds is two objects.
	b.AddNano("url", "https://x.example/1", "a", "p1", 0)
	b.AddNano("url", "https://x.example/1", "b", "p2", 2e9)
	b.AddNano("hashtag", "vote", "a", "p1", 0)
	b.AddNano("hashtag", "vote", "b", "p2", 2e9)
	b.AddNano("text", "vote", "c", "p3", 1e9)
	d := b.Data()
	if len(d.Objects) != 3 || d.KindOf(2) != "text" {
		t.Fatalf("objects %q kinds %q", d.Objects, d.Kinds)
	}
	p := coord.DefaultParams()
	p.MinParticipation = 1
	r, err := coord.Detect(d, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Edges) != 1 || r.Edges[0].Weight != 2 || r.Edges[0].Kinds != 0b11 {
		t.Fatalf("edges %+v", r.Edges)
	}
}

func TestQUTDirected(t *testing.T) {
	// One share against two repeated shares: 2 one way, 1 the other.
	b := coord.NewBuilder(0)
	b.AddNano("", "o", "a", "m1", 0)
	b.AddNano("", "o", "a", "m2", 5e9)
	b.AddNano("", "o", "b", "m3", 3e9)
	p := coord.DefaultParams()
	p.Semantics, p.MinEdgeWeight = coord.QUT, 1
	r, err := coord.Detect(b.Data(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Edges) != 1 || r.Edges[0].WeightAB != 2 || r.Edges[0].WeightBA != 1 || r.Edges[0].Weight != 2 {
		t.Fatalf("edges %+v", r.Edges)
	}
	p.MinEdgeWeight = 2
	r, _ = coord.Detect(b.Data(), p)
	if len(r.Edges) != 1 || r.Edges[0].WeightBA != 0 {
		t.Fatalf("with min edge weight 2: %+v", r.Edges)
	}
}

func TestParamsValidate(t *testing.T) {
	cases := []struct {
		mutate func(*coord.Params)
		want   string
	}{
		{func(p *coord.Params) { p.Window = -1 }, "window"},
		{func(p *coord.Params) { p.FastWindow = p.Window + 1 }, "fast window"},
		{func(p *coord.Params) { p.EdgeWeight = math.NaN() }, "edge weight"},
		{func(p *coord.Params) { p.MinParticipation = -1 }, "min participation"},
		{func(p *coord.Params) { p.Resolution = 0 }, "resolution"},
		{func(p *coord.Params) { p.NullRuns = -2 }, "null runs"},
	}
	for _, tc := range cases {
		p := coord.DefaultParams()
		tc.mutate(&p)
		if err := p.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate() = %v, want an error about %s", err, tc.want)
		}
	}
	if err := coord.DefaultParams().Validate(); err != nil {
		t.Error(err)
	}
}

func TestEmpty(t *testing.T) {
	r, err := coord.Detect(coord.NewBuilder(0).Data(), coord.DefaultParams())
	if err != nil || len(r.Edges) != 0 || len(r.Clusters) != 0 {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestStreamMemory(t *testing.T) {
	p := coord.DefaultParams()
	st, err := coord.NewStream(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A long feed of shares that never pair: memory must follow the window.
	for i := 0; i < 300000; i++ {
		if err := st.Add("", fmt.Sprintf("o%d", i%1000), fmt.Sprintf("a%d", i), fmt.Sprintf("c%d", i), int64(i)*1e9); err != nil {
			t.Fatal(err)
		}
	}
	window, pending, kept := st.Held()
	if window > 2000 || pending != 0 || kept != 0 {
		t.Fatalf("held %d in windows, %d pending, %d kept", window, pending, kept)
	}
	if err := st.Add("", "o", "a", "late", 0); err == nil {
		t.Fatal("a share far behind the stream was accepted")
	}
}
