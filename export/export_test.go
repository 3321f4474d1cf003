package export_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/export"
	"github.com/scrutineer/scrutineer/source/coortweet"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// result runs detection on CooRTweet's Russian data with settings that
// give a small network (20 edges), fast window and null model included.
func result(t *testing.T) *coord.Result {
	t.Helper()
	f, err := os.Open("../data/coortweet/russian_coord_tweets.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := coord.NewBuilder(0)
	if _, err := coortweet.Read(f, b, coortweet.Options{}); err != nil {
		t.Fatal(err)
	}
	p := coord.DefaultParams()
	p.Window, p.MinParticipation, p.FastWindow, p.NullRuns = 10*time.Second, 5, 5*time.Second, 4
	r, err := coord.Detect(b.Data(), p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, firstDiff(got, want))
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + a + "\n want " + b
		}
	}
	return ""
}

func TestGolden(t *testing.T) {
	r := result(t)
	g := export.Network(r, true)
	files := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"pairs.csv", func(b *bytes.Buffer) error { return export.WritePairs(b, r) }},
		{"edges.csv", func(b *bytes.Buffer) error { return export.WriteEdges(b, r) }},
		{"clusters.csv", func(b *bytes.Buffer) error { return export.WriteClusters(b, r) }},
		{"cluster_stats.csv", func(b *bytes.Buffer) error { return export.WriteClusterStats(b, r, 3) }},
		{"accounts.csv", func(b *bytes.Buffer) error { return export.WriteAccounts(b, r, r.AccountStats()) }},
		{"objects.csv", func(b *bytes.Buffer) error { return export.WriteObjects(b, r, r.ObjectStats()) }},
		{"summary.json", func(b *bytes.Buffer) error { return export.WriteSummary(b, export.NewSummary(r, 5)) }},
		{"network.gexf", func(b *bytes.Buffer) error { return export.WriteGEXF(b, g) }},
		{"network.graphml", func(b *bytes.Buffer) error { return export.WriteGraphML(b, g) }},
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := f.write(&b); err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(f.name, ".csv") {
				if _, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll(); err != nil {
					t.Fatalf("not valid CSV: %v", err)
				}
			}
			golden(t, f.name, b.Bytes())
		})
	}
}

// TestQuoting checks that hostile ids survive a round trip through the
// tables, and that the parallel writer keeps row order on large tables.
func TestQuoting(t *testing.T) {
	b := coord.NewBuilder(0)
	odd := []string{`a,b`, `say "hi"`, "line\nbreak", " padded ", "тест", "😀", `"`, "x\r"}
	for i := 0; i < 40000; i++ {
		o := odd[i%len(odd)] + "-" + string(rune('a'+i%26))
		b.AddNano("", o, odd[(i/3)%len(odd)]+string(rune('A'+i%7)), odd[i%len(odd)]+strconv.Itoa(i), int64(i/8)*1e9)
	}
	p := coord.DefaultParams()
	p.MinParticipation, p.Window = 1, time.Minute
	r, err := coord.Detect(b.Data(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pairs) < 40000 {
		t.Fatalf("only %d pairs: the test wants a table big enough to be written in parallel", len(r.Pairs))
	}
	var buf bytes.Buffer
	if err := export.WritePairs(&buf, r); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	d := r.Data
	for i, pr := range r.Pairs {
		rec := recs[i+1]
		o, n := d.Shares[pr.Older], d.Shares[pr.Newer]
		if rec[0] != d.Objects[o.Object] || rec[1] != d.Contents[o.Content] || rec[2] != d.Contents[n.Content] ||
			rec[4] != d.Accounts[o.Account] || rec[5] != d.Accounts[n.Account] {
			t.Fatalf("row %d: %q does not match pair %+v", i+1, rec, pr)
		}
	}
}
