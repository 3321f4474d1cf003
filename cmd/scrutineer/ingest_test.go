package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// postsJSONL writes n scrutineer-records posts: accounts a0..a2 each share
// the same links within seconds of each other.
func postsJSONL(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"record":"post","platform":"x","id":"p%d","account":"a%d","time":"2025-10-%02dT12:00:%02dZ","urls":["https://example.org/story/%d"]}`+"\n",
			i, i%3, 1+i/3%28, i%3, i/3)
	}
	return b.String()
}

func lines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(data, []byte("\n"))
}

func TestIngest(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(filepath.Join(in, ".hidden"), 0o755)
	os.WriteFile(filepath.Join(in, "posts.jsonl"), []byte(postsJSONL(30)), 0o644)
	os.WriteFile(filepath.Join(in, "shares.csv"), []byte(small), 0o644)
	os.WriteFile(filepath.Join(in, ".hidden", "skip.jsonl"), []byte("not read"), 0o644)
	out := filepath.Join(dir, "records.jsonl")

	code, stdout, stderr := runCLI(t, "", "ingest", "-o", out, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"posts.jsonl", "scrutineer-records (detected, ", "shares.csv", "coortweet (detected, ",
		"all 2 files", "36 new written to " + out,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	if n := lines(t, out); n != 36 {
		t.Errorf("%d records written, want 36", n)
	}

	// The same files again add nothing.
	code, stdout, _ = runCLI(t, "", "ingest", "-o", out, in)
	if code != 0 || !strings.Contains(stdout, "0 new written") || lines(t, out) != 36 {
		t.Errorf("second ingest: exit %d, %d lines:\n%s", code, lines(t, out), stdout)
	}

	// A dry run reads and says the same, writing nothing.
	code, stdout, _ = runCLI(t, "", "ingest", "--dry-run", in)
	if code != 0 || !strings.Contains(stdout, "dry run: read 36 records") || !strings.Contains(stdout, "nothing written") {
		t.Errorf("dry run: exit %d:\n%s", code, stdout)
	}

	// Standard input, with the format given.
	code, stdout, _ = runCLI(t, postsJSONL(3), "ingest", "--dry-run", "--format", "scrutineer-records", "-")
	if code != 0 || !strings.Contains(stdout, "standard input") && !strings.Contains(stdout, "-  ") {
		t.Errorf("stdin: exit %d:\n%s", code, stdout)
	}
}

func TestIngestBadInput(t *testing.T) {
	posts := postsJSONL(10)
	lines := strings.SplitAfter(posts, "\n")
	bad := strings.Join(lines[:4], "") + `{"record":"post","platform":"x","id":"bad","account":"a","time":12}` + "\n" +
		`{"record":"post","platform":"x","id":"p99"` + "\n" + strings.Join(lines[4:], "")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(posts))
	zw.Close()
	cut := gz.Bytes()[:gz.Len()*2/3]

	for _, tc := range []struct {
		name, file, content string
		args                []string
		code                int
		want                []string
	}{
		{"bad records are rejected with their line", "bad.jsonl", bad, nil, 0,
			[]string{"bad.jsonl: 2 rejected", "bad.jsonl:5: time: want a string", "bad.jsonl:6: invalid JSON"}},
		{"an unknown format names the formats", "odd.txt", "hello\nworld\n", nil, 1,
			[]string{"odd.txt: unknown format: no reader recognises it (give --format; known: scrutineer-records, coortweet"}},
		{"a misspelt format gets a suggestion", "posts.jsonl", posts, []string{"--format", "scrutineer-record"}, 1,
			[]string{`unknown format "scrutineer-record" (did you mean "scrutineer-records"?)`}},
		{"a truncated gzip keeps what came before the cut", "posts.jsonl.gz", string(cut), nil, 1,
			[]string{"posts.jsonl.gz: ", "unexpected EOF", "1 of 1 files could not be read in full"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.file, tc.content)
			args := append([]string{"ingest", "--dry-run"}, tc.args...)
			code, stdout, stderr := runCLI(t, "", append(args, path)...)
			all := stdout + stderr
			if code != tc.code {
				t.Errorf("exit %d, want %d:\n%s", code, tc.code, all)
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
		})
	}

	// The truncated gzip: the records before the cut are read.
	path := writeFile(t, "posts.jsonl.gz", string(cut))
	out := filepath.Join(t.TempDir(), "r.jsonl")
	runCLI(t, "", "ingest", "-o", out, path)
	if n := countLines(t, out); n == 0 || n >= 10 {
		t.Errorf("%d records kept from a gzip cut at two thirds, want some and fewer than 10", n)
	}
}

func countLines(t *testing.T, path string) int { return lines(t, path) }

func TestIngestMapping(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.jsonl")
	code, stdout, stderr := runCLI(t, "", "ingest", "--mapping", "../../source/mapped/testdata/forum.yaml", "-o", out,
		"../../source/mapped/testdata/forum.csv")
	if code != 0 || !strings.Contains(stdout, "mapped") || lines(t, out) != 8 || !strings.Contains(stdout, "2 rejected") {
		t.Errorf("exit %d, %d records:\n%s%s", code, lines(t, out), stdout, stderr)
	}
	code, _, stderr = runCLI(t, "", "ingest", "--mapping", writeFile(t, "m.yaml", "platform: x\nfields: {id: a}\n"), "--dry-run", out)
	if code == 0 || !strings.Contains(stderr, "m.yaml: fields: a post needs account") {
		t.Errorf("a bad mapping: exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "", "ingest", "--format", "mapped", "--dry-run", out)
	if code == 0 || !strings.Contains(stderr, "give --mapping FILE") {
		t.Errorf("--format mapped alone: exit %d: %s", code, stderr)
	}
}

func TestDetectPlatformData(t *testing.T) {
	path := writeFile(t, "posts.jsonl", postsJSONL(60))
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "", "detect", "--window", "10", "--objects", "url", "--out", dir, path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"scrutineer-records (detected); objects: url", "60 posts gave 60 shares"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stdout, "read 60 shares by 3 accounts of 20 objects") || !strings.Contains(stdout, "3 edges") {
		t.Errorf("stdout:\n%s", stdout)
	}
	code, _, stderr = runCLI(t, "", "detect", "--objects", "urls,colour", "--out", dir, path)
	if code == 0 || !strings.Contains(stderr, "--objects") {
		t.Errorf("bad --objects: exit %d: %s", code, stderr)
	}
}
