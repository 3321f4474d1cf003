package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const russian = "../../data/coortweet/russian_coord_tweets.csv"

// runCLI runs the binary's main logic in-process.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut})
	return code, out.String(), errOut.String()
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// firstColumns returns the rows of a CSV cut to its first n columns, sorted.
func firstColumns(t *testing.T, path string, n int) []string {
	t.Helper()
	var rows []string
	for _, rec := range readCSV(t, path)[1:] {
		rows = append(rows, strings.Join(rec[:n], ","))
	}
	slices.Sort(rows)
	return rows
}

func TestDetectRussianParity(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "", "detect", "--window", "60", "--out", dir, russian)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"35,125 shares", "3,791 coordinated share pairs", "3,721 edges", "threshold 1: 60 edges above it"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	ref := "../../data/coortweet/reference/"
	if got, want := firstColumns(t, filepath.Join(dir, "edges.csv"), 8), firstColumns(t, ref+"russian_tw60_mp2_ew0.5_edges.csv", 8); !slices.Equal(got, want) {
		t.Errorf("edges.csv differs from CooRTweet's (%d rows, want %d)", len(got), len(want))
	}
	if got, want := firstColumns(t, filepath.Join(dir, "pairs.csv"), 6), firstColumns(t, ref+"russian_tw60_mp2_pairs.csv", 6); !slices.Equal(got, want) {
		t.Errorf("pairs.csv differs from CooRTweet's (%d rows, want %d)", len(got), len(want))
	}
	clusters := readCSV(t, filepath.Join(dir, "clusters.csv"))
	if !slices.Equal(clusters[0][:3], []string{"account_id", "cluster", "community"}) || len(clusters) != 95 {
		t.Errorf("clusters.csv: header %v, %d rows; want 94 accounts", clusters[0], len(clusters)-1)
	}
	for _, name := range []string{"network.gexf", "network.graphml"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ XMLName xml.Name }
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Errorf("%s does not parse: %v", name, err)
		}
	}
	var summary map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(b, &summary); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
}

func TestDetectQUTParity(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "", "detect", "--semantics", "qut", "--window", "60", "--min-edge-weight", "2", "--out", dir, russian)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := firstColumns(t, filepath.Join(dir, "edges.csv"), 5)
	want := firstColumns(t, "../../data/coortweet/reference/qut_russian_tw60_mew2_edges.csv", 5)
	if !slices.Equal(got, want) {
		t.Errorf("QUT edges differ: %d rows, want %d", len(got), len(want))
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const header = "object_id,account_id,content_id,timestamp_share\n"

const small = `object_id,account_id,content_id,timestamp_share
o1,a,c1,100
o1,b,c2,105
o2,a,c3,200
o2,b,c4,203
o3,a,c5,300
o3,b,c6,300
`

func TestDetectInputs(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(small))
	zw.Close()
	jsonl := `{"object_id":"o1","account_id":"a","content_id":"c1","timestamp_share":100}
{"object_id":"o1","account_id":"b","content_id":"c2","timestamp_share":"1970-01-01T00:01:45Z"}
{"object_id":"o2","account_id":"a","content_id":"c3","timestamp_share":200}
{"object_id":"o2","account_id":"b","content_id":"c4","timestamp_share":203}
`
	renamed := strings.Replace(small, "object_id,account_id,content_id,timestamp_share", "url,user,post,created_at", 1)
	cases := []struct {
		name  string
		args  []string
		stdin string
		pairs int
	}{
		{"csv", []string{writeFile(t, "s.csv", small)}, "", 3},
		{"gzip", []string{writeFile(t, "s.csv.gz", gz.String())}, "", 3},
		{"stdin", []string{"-"}, small, 3},
		{"jsonl", []string{writeFile(t, "s.jsonl", jsonl)}, "", 2},
		{"mapped columns", []string{"--object-column", "url", "--account-column", "user", "--content-column", "post",
			"--time-column", "created_at", writeFile(t, "r.csv", renamed)}, "", 3},
		{"two files", []string{writeFile(t, "a.csv", small), writeFile(t, "b.csv", header+strings.ReplaceAll(small[len(header):], ",c", ",d"))}, "", 12},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			code, stdout, stderr := runCLI(t, tc.stdin, append([]string{"detect", "--min-participation", "1", "--out", dir}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if rows := readCSV(t, filepath.Join(dir, "pairs.csv")); len(rows)-1 != tc.pairs {
				t.Errorf("%d pairs, want %d\n%s", len(rows)-1, tc.pairs, stdout)
			}
		})
	}
}

func TestDetectBadInput(t *testing.T) {
	cases := []struct {
		name     string
		content  string
		args     []string
		code     int
		inStderr string
	}{
		{"missing column", "object_id,account_id,timestamp_share\no,a,1\n", nil, 1, `missing column "content_id"`},
		{"bad timestamp", "object_id,account_id,content_id,timestamp_share\no,a,c1,1\no,b,c2,yesterday\n", nil, 1, `bad.csv:3: timestamp_share: unrecognised timestamp "yesterday"`},
		{"short row", "object_id,account_id,content_id,timestamp_share\no,a,c1,1\no,b\n", nil, 1, "bad.csv:3: 2 fields, the header has 4"},
		{"skip invalid", "object_id,account_id,content_id,timestamp_share\no,a,c1,1\no,b,c2,yesterday\no,b,c3,2\n", []string{"--skip-invalid"}, 0, "skipped 1 invalid rows of 3"},
		{"open quote", "object_id,account_id,content_id,timestamp_share\no,a,c1,1\n\"o,b,c2,2\n", nil, 1, "bad.csv:3: unterminated quoted field"},
		{"bad window", small, []string{"--window", "soon"}, 1, `--window "soon"`},
		{"bad quantile", small, []string{"--edge-weight", "1.5"}, 1, "edge weight quantile 1.5 is outside [0, 1]"},
		{"bad kind", small, []string{"--kind", "smell"}, 1, "--kind"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "bad.csv", tc.content)
			code, _, stderr := runCLI(t, "", append(append([]string{"detect", "--out", t.TempDir()}, tc.args...), path)...)
			if code != tc.code || !strings.Contains(stderr, tc.inStderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.inStderr)
			}
		})
	}
}

func TestDetectEmptyInput(t *testing.T) {
	for _, content := range []string{"", "object_id,account_id,content_id,timestamp_share\n"} {
		dir := t.TempDir()
		code, _, stderr := runCLI(t, "", "detect", "--out", dir, writeFile(t, "empty.csv", content))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if rows := readCSV(t, filepath.Join(dir, "edges.csv")); len(rows) != 1 || rows[0][0] != "account_id" {
			t.Errorf("edges.csv of empty input: %v", rows)
		}
		var s struct {
			Input struct{ Shares int } `json:"input"`
		}
		b, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
		if err := json.Unmarshal(b, &s); err != nil || s.Input.Shares != 0 {
			t.Errorf("summary.json of empty input: %s (%v)", b, err)
		}
	}
}

func TestDetectTruncatedGzip(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(small[strings.Index(small, "\n")+1:], 2000)))
	zw.Close()
	cut := gz.Bytes()[:gz.Len()/2]
	content := append([]byte(nil), cut...)
	// A header-bearing stream: prepend a complete gzip member with the header.
	var head bytes.Buffer
	hw := gzip.NewWriter(&head)
	hw.Write([]byte(small[:strings.Index(small, "\n")+1]))
	hw.Close()
	path := writeFile(t, "cut.csv.gz", head.String()+string(content))

	code, _, stderr := runCLI(t, "", "detect", "--out", t.TempDir(), path)
	if code != 1 || !strings.Contains(stderr, "unexpected EOF") {
		t.Errorf("exit %d, stderr %q; want a truncation error", code, stderr)
	}
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "", "detect", "--skip-invalid", "--out", dir, path)
	if code != 0 || !strings.Contains(stderr, "going on with what was read") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "read ") || strings.Contains(stdout, "read 0 shares") {
		t.Errorf("no rows kept before the cut: %s", stdout)
	}
}

func TestDetectWindowAuto(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "", "detect", "--window", "auto", "--out", dir, russian)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "window auto: ") || !strings.Contains(stdout, "estimate_coord_interval") {
		t.Errorf("the chosen window is not explained:\n%s", stdout)
	}
}

func TestDetectKindColumn(t *testing.T) {
	// a and b share one link (spelled two ways) and one hashtag (in two
	// cases) in the same two posts, seconds apart: one edge tied by both
	// kinds, of weight 1 (one pair of posts), or 2 counting shares.
	table := "kind,object_id,account_id,content_id,timestamp_share\n" +
		"url,HTTPS://Example.com/story?utm_source=x,a,p1,100\n" +
		"url,https://example.com/story,b,p2,103\n" +
		"hashtag,#Vote,a,p1,100\n" +
		"hashtag,vote,b,p2,103\n" +
		"hashtag,,c,p3,101\n"
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "", "detect", "--kind-column", "kind", "--min-participation", "1", "--out", dir, writeFile(t, "k.csv", table))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	edges := readCSV(t, filepath.Join(dir, "edges.csv"))
	col := map[string]int{}
	for i, h := range edges[0] {
		col[h] = i
	}
	if len(edges) != 2 || edges[1][col["weight"]] != "1" || edges[1][col["kinds"]] != "url;hashtag" ||
		edges[1][col["object_ids"]] != "https://example.com/story,vote" {
		t.Fatalf("edges.csv: %q", edges)
	}
	if !strings.Contains(stderr, "1 rows had no object") {
		t.Errorf("the row without an object was not reported: %q", stderr)
	}
	code, _, stderr = runCLI(t, "", "detect", "--kind-column", "kind", "--weight", "pairs", "--min-participation", "1", "--out", dir, writeFile(t, "k.csv", table))
	if edges = readCSV(t, filepath.Join(dir, "edges.csv")); code != 0 || edges[1][col["weight"]] != "2" {
		t.Fatalf("--weight pairs: exit %d %s, edges %q", code, stderr, edges)
	}
}
