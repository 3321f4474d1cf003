package eval_test

import (
	"bytes"
	"encoding/xml"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/eval"
	"github.com/scrutineer/scrutineer/simulate"
)

func truth() *simulate.Truth {
	start := time.Date(2025, 9, 10, 0, 0, 0, 0, time.UTC)
	return &simulate.Truth{
		Name:   "test",
		Counts: simulate.TruthCounts{Accounts: 110, OrganicAccounts: 100},
		Operations: []simulate.TruthOperation{
			{ID: "net", Kind: "link_network", Coordination: true, Start: start, Accounts: []string{"x:1", "x:2", "x:3", "x:4"}},
			{ID: "bots", Kind: "retweet_botnet", Coordination: true, Start: start.Add(48 * time.Hour), Accounts: []string{"x:5", "x:6"}},
			{ID: "fakes", Kind: "fake_cohort", Coordination: false, Start: start, Accounts: []string{"x:7", "x:8", "x:9", "x:10"}},
		},
		LookAlikes: []simulate.TruthLookAlike{{ID: "fans", Kind: "fan_community", Accounts: []string{"x:20", "x:21", "x:22"}}},
	}
}

func TestScore(t *testing.T) {
	start := time.Date(2025, 9, 10, 0, 0, 0, 0, time.UTC)
	flagged := []string{"x:1", "x:2", "x:3", "x:5", "x:7", "x:20", "x:50", "x:1"}
	detected := map[string]time.Time{"x:2": start.Add(3 * time.Hour), "x:1": start.Add(5 * time.Hour)}
	r := eval.Score(truth(), flagged, detected)
	// 4 of 6 coordination accounts found; the fake-cohort account counts
	// neither way; x:20 (a fan) and x:50 (organic) are false positives.
	if r.TruePositives != 4 || r.FalsePositives != 2 || r.FalseNegatives != 2 || r.OtherOpsFlagged != 1 || r.Flagged != 7 {
		t.Fatalf("%+v", r)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	if !near(r.Precision, 4.0/6) || !near(r.Recall, 4.0/6) || !near(r.F1, 4.0/6) || !near(r.OrganicFlaggedRate, 0.02) {
		t.Fatalf("P %v R %v F1 %v organic %v", r.Precision, r.Recall, r.F1, r.OrganicFlaggedRate)
	}
	if op := r.Operations[0]; op.Flagged != 3 || op.Detected == nil || op.Detected.Duration != 3*time.Hour {
		t.Fatalf("net: %+v", op)
	}
	if op := r.Operations[1]; op.Flagged != 1 || op.Detected != nil {
		t.Fatalf("bots: %+v", op)
	}
	if la := r.LookAlikes[0]; la.Flagged != 1 || la.Accounts != 3 {
		t.Fatalf("fans: %+v", la)
	}
	if empty := eval.Score(truth(), nil, nil); empty.Precision != 0 || empty.Recall != 0 || empty.F1 != 0 {
		t.Fatalf("nothing flagged: %+v", empty)
	}
}

func TestReadFlagged(t *testing.T) {
	got, at, err := eval.ReadFlagged(strings.NewReader("account_id,cluster,detected_at\nx:1,1,2025-09-10T03:00:00Z\nx:2,1,\n"), "c.csv")
	if err != nil || len(got) != 2 || len(at) != 1 || at["x:1"].Hour() != 3 {
		t.Fatalf("%v %v %v", got, at, err)
	}
	for _, tc := range []struct{ in, want string }{
		{"", "c.csv: empty file"},
		{"cluster\n1\n", `c.csv:1: missing column "account_id"`},
		{"account_id\n\n,\n", "c.csv:3: account_id: empty"},
		{"account_id,detected_at\nx:1,yesterday\n", "c.csv:2: detected_at"},
		{"account_id\n\"x:1\n", "c.csv:2"},
	} {
		if _, _, err := eval.ReadFlagged(strings.NewReader(tc.in), "c.csv"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadFlagged(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

// world returns a small simulated world with its shares as engine data.
func world(t testing.TB) (*simulate.Truth, *coord.Data) {
	t.Helper()
	s, err := simulate.Preset("small")
	if err != nil {
		t.Fatal(err)
	}
	w, err := simulate.Generate(s, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := w.Truth()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := simulate.WriteShares(&buf, w); err != nil {
		t.Fatal(err)
	}
	return tr, sharesData(t, buf.Bytes())
}

func TestSweepAndPlot(t *testing.T) {
	tr, d := world(t)
	p := coord.DefaultParams()
	p.PostPairs = true
	points, err := eval.Sweep(d, tr, p, []time.Duration{2 * time.Second, 10 * time.Second, 2 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	// A wider window catches everything and much that is organic.
	if points[2].Report.OrganicFlaggedRate <= points[1].Report.OrganicFlaggedRate || points[1].Report.F1 < 0.9 {
		t.Fatalf("10s: %+v; 2m: %+v", points[1].Report, points[2].Report)
	}
	var svg bytes.Buffer
	if err := eval.WritePlot(&svg, "small <seed 1>", points); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName  xml.Name
		Polyline []struct {
			Points string `xml:"points,attr"`
		} `xml:"polyline"`
	}
	if err := xml.Unmarshal(svg.Bytes(), &doc); err != nil || doc.XMLName.Local != "svg" || len(doc.Polyline) != 4 {
		t.Fatalf("plot: %v, %d lines", err, len(doc.Polyline))
	}
	if !strings.Contains(svg.String(), "small &lt;seed 1&gt;") {
		t.Error("title not escaped")
	}
	if err := eval.WritePlot(&svg, "x", nil); err == nil {
		t.Error("a plot of nothing was drawn")
	}
}

func TestStreamDetect(t *testing.T) {
	tr, d := world(t)
	p := coord.DefaultParams()
	p.PostPairs = true
	first, final, err := eval.StreamDetect(d, p, 6*time.Hour, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := eval.Score(tr, final, first)
	if r.F1 < 0.9 {
		t.Fatalf("streaming F1 %.3f", r.F1)
	}
	for _, op := range r.Operations {
		if op.Coordination && (op.Detected == nil || op.Detected.Duration > 10*24*time.Hour) {
			t.Errorf("%s: time to detection %v", op.ID, op.Detected)
		}
	}
	if _, _, err := eval.StreamDetect(d, p, 0, nil); err == nil {
		t.Error("a zero interval was accepted")
	}
}

func FuzzReadFlagged(f *testing.F) {
	f.Add("account_id,cluster,detected_at\nx:1,1,2025-09-10T03:00:00Z\nx:2,1,\n")
	f.Add("cluster,account_id\n1,\"x:1\"\n2,\"unclosed\n")
	f.Add("account_id\n\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, at, err := eval.ReadFlagged(strings.NewReader(in), "c.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "c.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, a := range got {
			if a == "" {
				t.Fatal("an empty account was accepted")
			}
		}
		for a := range at {
			if !slices.Contains(got, a) {
				t.Fatalf("%q has a detection time but was not flagged", a)
			}
		}
	})
}
