package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// smallWorld is the small preset with seed 1, simulated once for all the
// tests of this file.
var smallWorld struct {
	once sync.Once
	dir  string
	err  string
}

func simulateSmall(t *testing.T) string {
	t.Helper()
	smallWorld.once.Do(func() {
		dir, err := os.MkdirTemp("", "scrutineer-small-")
		if err != nil {
			smallWorld.err = err.Error()
			return
		}
		smallWorld.dir = dir
		if code, _, stderr := runCLI(t, "", "simulate", "--preset", "small", "--seed", "1", "--out", dir); code != 0 {
			smallWorld.err = stderr
		}
	})
	if smallWorld.err != "" {
		t.Fatalf("simulate: %s", smallWorld.err)
	}
	return smallWorld.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if smallWorld.dir != "" {
		os.RemoveAll(smallWorld.dir)
	}
	os.Exit(code)
}

// evalReport is the part of eval --json the tests read.
type evalReport struct {
	Precision          float64 `json:"precision"`
	Recall             float64 `json:"recall"`
	F1                 float64 `json:"f1"`
	OrganicFlaggedRate float64 `json:"organic_flagged_rate"`
	Operations         []struct {
		ID           string   `json:"id"`
		Coordination bool     `json:"coordination"`
		Flagged      int      `json:"flagged"`
		Detected     *float64 `json:"time_to_detection"` // seconds
	} `json:"operations"`
	LookAlikes []struct {
		ID       string `json:"id"`
		Kind     string `json:"kind"`
		Accounts int    `json:"accounts"`
		Flagged  int    `json:"flagged"`
	} `json:"look_alikes"`
}

func detectAndEval(t *testing.T, world string, flags ...string) evalReport {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"detect", "--out", out}, flags...)
	if !slices.ContainsFunc(flags, func(f string) bool { return strings.HasPrefix(f, "--objects") }) {
		args = append(args, filepath.Join(world, "shares.csv"))
	} else {
		// Platform data as the platforms give it, not the share table.
		args = append(args, filepath.Join(world, "x", "tweets.jsonl"), filepath.Join(world, "bluesky", "jetstream.jsonl"),
			filepath.Join(world, "mastodon", "statuses.jsonl"))
	}
	if code, _, stderr := runCLI(t, "", args...); code != 0 {
		t.Fatalf("detect %v: %s", flags, stderr)
	}
	code, stdout, stderr := runCLI(t, "", "eval", "--json", "--truth", filepath.Join(world, "truth.json"),
		"--clusters", filepath.Join(out, "clusters.csv"))
	if code != 0 {
		t.Fatalf("eval: %s", stderr)
	}
	var r evalReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("eval --json: %v\n%s", err, stdout)
	}
	return r
}

// TestSimulatedDetection pins detection quality on the small preset: with
// its default settings, detect finds the planted coordination operations
// (F1 at least 0.9) and flags at most 1% of the organic accounts.
func TestSimulatedDetection(t *testing.T) {
	world := simulateSmall(t)
	for _, name := range []string{"truth.json", "shares.csv", "coortweet/url.csv", "coortweet/repost.csv",
		"x/tweets.jsonl", "bluesky/jetstream.jsonl", "mastodon/statuses.jsonl", "ads.jsonl", "follows.csv"} {
		if fi, err := os.Stat(filepath.Join(world, name)); err != nil || fi.Size() == 0 {
			t.Errorf("simulate wrote no %s: %v", name, err)
		}
	}
	r := detectAndEval(t, world)
	t.Logf("precision %.3f recall %.3f F1 %.3f organic flagged %.4f", r.Precision, r.Recall, r.F1, r.OrganicFlaggedRate)
	if r.F1 < 0.9 {
		t.Errorf("F1 %.3f, want at least 0.9", r.F1)
	}
	if r.OrganicFlaggedRate > 0.01 {
		t.Errorf("%.2f%% of organic accounts flagged, want at most 1%%", 100*r.OrganicFlaggedRate)
	}
	coordination := 0
	for _, op := range r.Operations {
		if op.Coordination {
			coordination++
			if op.Flagged == 0 {
				t.Errorf("operation %s was not found at all", op.ID)
			}
		}
	}
	if coordination < 5 {
		t.Errorf("%d operations meant for coordination detection, want the preset's 5", coordination)
	}

	// Leaving out the clusters the null model explains loses nothing here.
	sig := detectAndEval(t, world, "--max-fdr", "0.05")
	t.Logf("--max-fdr 0.05: precision %.3f recall %.3f F1 %.3f", sig.Precision, sig.Recall, sig.F1)
	if sig.F1 < r.F1-0.05 || sig.OrganicFlaggedRate > r.OrganicFlaggedRate {
		t.Errorf("--max-fdr 0.05: F1 %.3f and organic %.4f, against %.3f and %.4f without", sig.F1, sig.OrganicFlaggedRate, r.F1, r.OrganicFlaggedRate)
	}
}

// TestLookAlikesConfound shows that the organic look-alikes are real
// confounders: a naive setting (every pair of accounts that ever shared
// within the window, no edge threshold) flags many of them, the
// recommended settings none or nearly none.
func TestLookAlikesConfound(t *testing.T) {
	world := simulateSmall(t)
	flagged := func(r evalReport) (total, accounts int, kinds map[string]int) {
		kinds = map[string]int{}
		for _, la := range r.LookAlikes {
			total += la.Flagged
			accounts += la.Accounts
			kinds[la.Kind] += la.Flagged
		}
		return total, accounts, kinds
	}
	naive := detectAndEval(t, world, "--min-participation", "1", "--edge-weight", "none")
	n, all, kinds := flagged(naive)
	t.Logf("naive: %d of %d look-alike accounts flagged %v; precision %.3f, organic flagged %.3f", n, all, kinds, naive.Precision, naive.OrganicFlaggedRate)
	if n < all/3 {
		t.Errorf("naive settings flagged %d of %d look-alike accounts, want many", n, all)
	}
	for _, kind := range []string{"live_event", "fan_community", "scheduler", "news_syndication"} {
		if kinds[kind] == 0 {
			t.Errorf("naive settings flagged no %s look-alike", kind)
		}
	}
	if naive.Precision > 0.5 {
		t.Errorf("naive precision %.3f: the look-alikes should drag it down", naive.Precision)
	}
	rec := detectAndEval(t, world)
	n, all, kinds = flagged(rec)
	t.Logf("recommended: %d of %d look-alike accounts flagged %v", n, all, kinds)
	if n > all/100 {
		t.Errorf("recommended settings flagged %d of %d look-alike accounts, want at most 1%%", n, all)
	}
}

// TestEvalPlotAndStream: the window sweep writes its plot, and a streaming
// replay gives each found operation a time to detection.
func TestEvalPlotAndStream(t *testing.T) {
	world := simulateSmall(t)
	plot := filepath.Join(t.TempDir(), "window.svg")
	code, stdout, stderr := runCLI(t, "", "eval", "--truth", filepath.Join(world, "truth.json"), "--plot", plot)
	if code != 0 {
		t.Fatalf("eval --plot: %s", stderr)
	}
	svg, err := os.ReadFile(plot)
	if err != nil || !strings.HasPrefix(string(svg), "<svg") && !strings.HasPrefix(string(svg), "<?xml") {
		t.Fatalf("eval --plot wrote no SVG: %v", err)
	}
	if !strings.Contains(stdout, "window") || !strings.Contains(stdout, "precision") {
		t.Errorf("eval --plot printed no sweep table:\n%s", stdout)
	}

	code, stdout, stderr = runCLI(t, "", "eval", "--json", "--truth", filepath.Join(world, "truth.json"), "--stream", "1h")
	if code != 0 {
		t.Fatalf("eval --stream: %s", stderr)
	}
	var r evalReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, op := range r.Operations {
		if op.Flagged == 0 {
			continue
		}
		found++
		if op.Detected == nil || *op.Detected < 0 {
			t.Errorf("operation %s was flagged in the stream but has no time to detection", op.ID)
		}
	}
	if found == 0 || r.F1 < 0.8 {
		t.Errorf("the streaming replay found %d operations, F1 %.3f", found, r.F1)
	}
}

func TestSimulateErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"bad-number.yaml", "name: t\npopulation:\n  accounts: lots\n", []string{"bad-number.yaml:3:", "population.accounts", `"lots"`}},
		{"bad-duration.yaml", "name: t\noperations:\n  - kind: link_network\n    size: 5\n    items: 3\n    days: 4\n    jitter: 5q\n",
			[]string{"bad-duration.yaml:7:", "operations[0].jitter"}},
		{"bad-size.yaml", "name: t\noperations:\n  - kind: link_network\n    items: 3\n    days: 4\n    size: -3\n",
			[]string{"bad-size.yaml:6:", "operations[0].size", "-3"}},
		{"typo.yaml", "name: t\npopulaton:\n  accounts: 5\n", []string{"typo.yaml:2:", `"populaton"`, `did you mean "population"`}},
		{"kind.yaml", "operations:\n  - kind: link_netwrk\n", []string{"kind.yaml:2:", "operations[0].kind", `"link_network"`}},
		{"not-yaml.yaml", "name: [unclosed\n", []string{"not-yaml.yaml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "", "simulate", "--scenario", write(tc.name, tc.yaml), "--out", filepath.Join(dir, "out"))
			if code == 0 {
				t.Fatal("a bad scenario was accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("error %q does not say %q", stderr, w)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("a bad scenario left an output directory")
	}
	if code, _, stderr := runCLI(t, "", "simulate", "--preset", "huge", "--out", dir); code == 0 || !strings.Contains(stderr, "small") {
		t.Errorf("unknown preset: code %d, %q", code, stderr)
	}
	if code, stdout, _ := runCLI(t, "", "simulate", "--scenario", "../../simulate/example-scenario.yaml", "--check", "--out", dir); code != 0 || !strings.Contains(stdout, "valid") {
		t.Errorf("the example scenario does not validate: %q", stdout)
	}
	// --check validates as much as a run does.
	bad := write("target.yaml", "parties:\n  - {name: Green Party, short: GPC, leader: Tom Whitecloud, handle: TomWhitecloud}\n"+
		"operations:\n  - kind: link_network\n    size: 5\n    items: 3\n    days: 4\n    target: NDP\n")
	if code, _, stderr := runCLI(t, "", "simulate", "--scenario", bad, "--check", "--out", dir); code == 0 || !strings.Contains(stderr, "target.yaml:8:") ||
		!strings.Contains(stderr, `operations[0].target: no party is named "NDP"`) {
		t.Errorf("--check on a bad target: code %d, %q", code, stderr)
	}
}

// readmeYAML returns the README's YAML example that holds marker.
func readmeYAML(t *testing.T, marker string) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rest := string(readme)
	for {
		var ok bool
		if _, rest, ok = strings.Cut(rest, "```yaml\n"); !ok {
			t.Fatalf("the README has no YAML example with %q", marker)
		}
		block, _, _ := strings.Cut(rest, "```")
		if strings.Contains(block, marker) {
			return block
		}
	}
}

// TestReadmeScenario keeps the README's scenario example valid.
func TestReadmeScenario(t *testing.T) {
	path := filepath.Join(t.TempDir(), "readme.yaml")
	if err := os.WriteFile(path, []byte(readmeYAML(t, "operations:")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "", "simulate", "--scenario", path, "--check", "--out", t.TempDir()); code != 0 {
		t.Errorf("the README's scenario is invalid: %s", stderr)
	}
}

// TestReadmeMapping keeps the README's mapping file example valid.
func TestReadmeMapping(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mapping.yaml")
	if err := os.WriteFile(path, []byte(readmeYAML(t, "fields:")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadMapping(path); err != nil {
		t.Errorf("the README's mapping file is invalid: %v", err)
	}
}

// TestDetectPlatformFormats runs detection on the world's X, Bluesky and
// Mastodon files, read in their own formats: with links, reposts and
// hashtags as objects, the operations are found nearly as well as from
// the share table of every kind.
func TestDetectPlatformFormats(t *testing.T) {
	r := detectAndEval(t, simulateSmall(t), "--objects", "url,repost,hashtag")
	if r.F1 < 0.9 || r.OrganicFlaggedRate > 0.005 {
		t.Errorf("F1 %.3f (precision %.3f, recall %.3f), organic flagged %.4f", r.F1, r.Precision, r.Recall, r.OrganicFlaggedRate)
	}
}
