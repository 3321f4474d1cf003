package coord_test

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/source/coortweet"
)

// The parity fixtures: CooRTweet 2.1.3's and the QUT toolkit's own outputs
// on CooRTweet's shipped Russian retweet data (see data/coortweet/SOURCE.md).
var dataDir = filepath.Join("..", "data", "coortweet")

func loadRussian(tb testing.TB) *coord.Data {
	tb.Helper()
	f, err := os.Open(filepath.Join(dataDir, "russian_coord_tweets.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	b := coord.NewBuilder(40000)
	if _, err := coortweet.Read(f, b, coortweet.Options{File: "russian_coord_tweets.csv"}); err != nil {
		tb.Fatal(err)
	}
	return b.Data()
}

func readRef(tb testing.TB, name string) []map[string]string {
	tb.Helper()
	f, err := os.Open(filepath.Join(dataDir, "reference", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		out = append(out, row)
	}
	return out
}

func num(tb testing.TB, s string) float64 {
	tb.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		tb.Fatalf("reference value %q: %v", s, err)
	}
	return v
}

func detect(tb testing.TB, d *coord.Data, mutate func(*coord.Params)) *coord.Result {
	tb.Helper()
	p := coord.DefaultParams()
	mutate(&p)
	r, err := coord.Detect(d, p)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestParityPairs(t *testing.T) {
	d := loadRussian(t)
	r := detect(t, d, func(p *coord.Params) { p.Window = 60 * time.Second })
	var got []string
	for _, pr := range r.Pairs {
		o, n := d.Shares[pr.Older], d.Shares[pr.Newer]
		got = append(got, fmt.Sprintf("%s,%s,%s,%d,%s,%s", d.Objects[o.Object], d.Contents[o.Content], d.Contents[n.Content],
			(n.Time-o.Time)/int64(time.Second), d.Accounts[o.Account], d.Accounts[n.Account]))
	}
	var want []string
	for _, row := range readRef(t, "russian_tw60_mp2_pairs.csv") {
		want = append(want, fmt.Sprintf("%s,%s,%s,%s,%s,%s", row["object_id"], row["content_id"], row["content_id_y"],
			row["time_delta"], row["account_id"], row["account_id_y"]))
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(got) != 3791 {
		t.Errorf("got %d pairs, want 3791", len(got))
	}
	if !slices.Equal(got, want) {
		missing, extra := diff(want, got)
		t.Fatalf("pairs differ: %d missing (first %v), %d extra (first %v)", len(missing), first(missing), len(extra), first(extra))
	}
}

func first(xs []string) []string { return xs[:min(3, len(xs))] }

func diff(want, got []string) (missing, extra []string) {
	w := map[string]int{}
	for _, x := range want {
		w[x]++
	}
	for _, x := range got {
		if w[x] > 0 {
			w[x]--
		} else {
			extra = append(extra, x)
		}
	}
	for x, n := range w {
		for ; n > 0; n-- {
			missing = append(missing, x)
		}
	}
	return missing, extra
}

func TestParityEdges(t *testing.T) {
	d := loadRussian(t)
	cases := []struct {
		file      string
		window    time.Duration
		m         int
		p         float64
		edges     int
		above     int
		threshold float64
	}{
		{"russian_tw60_mp2_ew0.5_edges.csv", 60 * time.Second, 2, 0.5, 3721, 60, 1},
		{"russian_tw10_mp5_ew0.5_edges.csv", 10 * time.Second, 5, 0.5, 20, 1, 1},
		// SOURCE.md: at edge_weight 0.99 the quantile is 2 and 9 edges lie above it.
		{"russian_tw60_mp2_ew0.5_edges.csv", 60 * time.Second, 2, 0.99, 3721, 9, 2},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s/p%v", tc.file, tc.p), func(t *testing.T) {
			r := detect(t, d, func(p *coord.Params) {
				p.Window, p.MinParticipation, p.EdgeWeight = tc.window, tc.m, tc.p
			})
			if len(r.Edges) != tc.edges || r.AboveEdges() != tc.above || r.Threshold != tc.threshold {
				t.Errorf("got %d edges, %d above %v; want %d, %d above %v", len(r.Edges), r.AboveEdges(), r.Threshold, tc.edges, tc.above, tc.threshold)
			}
			ref := readRef(t, tc.file)
			byPair := map[[2]string]coord.Edge{}
			for _, e := range r.Edges {
				a, b := d.Accounts[e.A], d.Accounts[e.B]
				if e.BFirst {
					a, b = b, a
				}
				byPair[[2]string{a, b}] = e
			}
			if len(ref) != len(byPair) {
				t.Fatalf("reference has %d edges, we have %d", len(ref), len(byPair))
			}
			for _, row := range ref {
				e, ok := byPair[[2]string{row["account_id"], row["account_id_y"]}]
				if !ok {
					t.Fatalf("edge %s–%s missing", row["account_id"], row["account_id_y"])
				}
				if float64(e.Weight) != num(t, row["weight"]) ||
					math.Abs(e.AvgDelta()-num(t, row["avg_time_delta"])) > 1e-9 ||
					float64(e.NContent) != num(t, row["n_content_id"]) ||
					float64(e.NContentY) != num(t, row["n_content_id_y"]) ||
					math.Abs(e.Symmetry()-num(t, row["edge_symmetry_score"])) > 1e-12 {
					t.Fatalf("edge %s–%s: got %+v, want %v", row["account_id"], row["account_id_y"], e.Side, row)
				}
				if tc.p == 0.5 && e.Above != (row["weight_threshold"] == "1") {
					t.Fatalf("edge %s–%s: above %v, want %s", row["account_id"], row["account_id_y"], e.Above, row["weight_threshold"])
				}
			}
		})
	}
}

func TestParityQUT(t *testing.T) {
	d := loadRussian(t)
	for _, tc := range []struct {
		file string
		mew  int
	}{
		{"qut_russian_tw60_mew1_edges.csv", 1},
		{"qut_russian_tw60_mew2_edges.csv", 2},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := detect(t, d, func(p *coord.Params) {
				p.Semantics, p.Window, p.MinEdgeWeight = coord.QUT, 60*time.Second, tc.mew
			})
			var got, want []string
			for _, e := range r.Edges {
				got = append(got, fmt.Sprintf("%s,%s,%d,%d,%d", d.Accounts[e.A], d.Accounts[e.B], e.Weight, e.WeightAB, e.WeightBA))
			}
			for _, row := range readRef(t, tc.file) {
				want = append(want, fmt.Sprintf("%s,%s,%s,%s,%s", row["account_a"], row["account_b"], row["weight"], row["weight_ab"], row["weight_ba"]))
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				missing, extra := diff(want, got)
				t.Fatalf("%d edges, want %d: %d missing (first %v), %d extra (first %v)", len(got), len(want), len(missing), first(missing), len(extra), first(extra))
			}
		})
	}
}

// TestParityOrientation checks that BFirst reproduces the order in which
// CooRTweet's igraph output lists each edge's two accounts.
func TestParityOrientation(t *testing.T) {
	d := loadRussian(t)
	for _, tc := range []struct {
		file   string
		window time.Duration
		m      int
	}{
		{"russian_tw60_mp2_ew0.5_edges.csv", 60 * time.Second, 2},
		{"russian_tw10_mp5_ew0.5_edges.csv", 10 * time.Second, 5},
	} {
		r := detect(t, d, func(p *coord.Params) { p.Window, p.MinParticipation = tc.window, tc.m })
		want := map[[2]string]bool{}
		for _, row := range readRef(t, tc.file) {
			want[[2]string{row["account_id"], row["account_id_y"]}] = true
		}
		bad := 0
		for _, e := range r.Edges {
			a, b := d.Accounts[e.A], d.Accounts[e.B]
			if e.BFirst {
				a, b = b, a
			}
			if !want[[2]string{a, b}] {
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d edges listed the other way round", tc.file, bad, len(r.Edges))
		}
	}
}
