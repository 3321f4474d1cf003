// Package sourcetest holds what the tests of every format reader share: a
// collecting sink, the invariants every record must meet, golden files and
// a fuzz harness.
package sourcetest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

var update = flag.Bool("update", false, "rewrite the golden files of the format readers")

// Collector is a sink that keeps everything.
type Collector struct {
	Records []scrutineer.Record
	Rejects []*source.RowError
}

func (c *Collector) Record(r scrutineer.Record) error {
	c.Records = append(c.Records, r)
	return nil
}

func (c *Collector) Reject(e *source.RowError) { c.Rejects = append(c.Rejects, e) }

// Posts returns the posts collected, in order.
func (c *Collector) Posts() []*scrutineer.Post {
	var out []*scrutineer.Post
	for _, r := range c.Records {
		if r.Post != nil {
			out = append(out, r.Post)
		}
	}
	return out
}

// Accounts returns the accounts collected, in order.
func (c *Collector) Accounts() []*scrutineer.Account {
	var out []*scrutineer.Account
	for _, r := range c.Records {
		if r.Account != nil {
			out = append(out, r.Account)
		}
	}
	return out
}

// Read parses input with f and checks every record; a Read error fails the
// test.
func Read(t testing.TB, f source.Format, name, input string) *Collector {
	t.Helper()
	c := &Collector{}
	if err := f.Read(strings.NewReader(input), name, c); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for i, r := range c.Records {
		if err := Check(r); err != nil {
			t.Errorf("%s: record %d: %v", name, i, err)
		}
	}
	for _, e := range c.Rejects {
		if e.File != name || (e.Line == 0 && e.Offset == 0) || e.Err == nil {
			t.Errorf("%s: a rejection does not say where or why: %+v", name, e)
		}
	}
	return c
}

// Check returns what is wrong with a record: every record has exactly one
// of account, post and ad, a platform and an id; posts have an author and a
// time; strings are valid UTF-8; Raw, when set, is valid JSON.
func Check(r scrutineer.Record) error {
	n := 0
	for _, set := range []bool{r.Account != nil, r.Post != nil, r.Ad != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return errorf("%d of account, post and ad are set, want 1", n)
	}
	k := r.Key()
	if k.Platform == "" || k.ID == "" {
		return errorf("%s has no platform or no id", k)
	}
	if _, err := json.Marshal(r); err != nil {
		return errorf("%s: %v", k, err)
	}
	if field := invalidUTF8(reflect.ValueOf(r)); field != "" {
		return errorf("%s: %s is not valid UTF-8", k, field)
	}
	var raw json.RawMessage
	switch {
	case r.Post != nil:
		if r.Post.Account == "" || r.Post.Time.IsZero() {
			return errorf("%s: post without an author or a time", k)
		}
		raw = r.Post.Raw
	case r.Account != nil:
		raw = r.Account.Raw
	case r.Ad != nil:
		raw = r.Ad.Raw
	}
	if len(raw) > 0 && !json.Valid(raw) {
		return errorf("%s: raw record is not valid JSON", k)
	}
	return nil
}

// invalidUTF8 names the first string field (Raw aside) that is not valid
// UTF-8, or returns "".
func invalidUTF8(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			return invalidUTF8(v.Elem())
		}
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return "a string"
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "" // Raw: JSON, checked on its own
		}
		for i := range v.Len() {
			if f := invalidUTF8(v.Index(i)); f != "" {
				return f
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if f := invalidUTF8(v.Field(i)); f != "" {
				if f == "a string" {
					return v.Type().Field(i).Name
				}
				return f
			}
		}
	}
	return ""
}

type checkError string

func (e checkError) Error() string { return string(e) }

func errorf(format string, a ...any) error { return checkError(fmt.Sprintf(format, a...)) }

// Golden compares the records, written as JSON Lines, with a golden file
// (rewritten with -update).
func Golden(t testing.TB, path string, recs []scrutineer.Record) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		got := strings.Split(b.String(), "\n")
		exp := strings.Split(string(want), "\n")
		for i := range max(len(got), len(exp)) {
			g, w := "", ""
			if i < len(got) {
				g = got[i]
			}
			if i < len(exp) {
				w = exp[i]
			}
			if g != w {
				t.Fatalf("%s differs at record %d:\n got %s\nwant %s\n(run with -update if the change is meant)", path, i+1, g, w)
			}
		}
	}
}

// Fuzz runs f's reader and sniffer on fuzzed input: neither may panic, the
// reader may not fail on in-memory input, and every record it yields must
// pass Check.
func Fuzz(f *testing.F, format source.Format, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		format.Sniff("input", []byte(in))
		c := &Collector{}
		if err := format.Read(strings.NewReader(in), "input", c); err != nil {
			t.Fatalf("read: %v", err)
		}
		for i, r := range c.Records {
			if err := Check(r); err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
		}
		for _, e := range c.Rejects {
			if e.File != "input" || e.Err == nil {
				t.Fatalf("rejection without a file or a reason: %+v", e)
			}
		}
	})
}

// Copies checks that records own their text: it reads head+body, then
// head and body repeated past a few MiB (so that a streaming reader refills
// and reuses its buffer), and requires the first record of each key to be
// the same both times. A reader that keeps a view of its buffer fails.
func Copies(t testing.TB, f source.Format, name, head, body string) {
	t.Helper()
	once := Read(t, f, name, head+body)
	if len(once.Records) == 0 {
		t.Fatalf("%s: no records to compare", name)
	}
	var b strings.Builder
	b.WriteString(head)
	for b.Len() < 4<<20 {
		b.WriteString(body)
	}
	many := &Collector{}
	if err := f.Read(strings.NewReader(b.String()), name, many); err != nil {
		t.Fatalf("%s repeated: %v", name, err)
	}
	keys := map[scrutineer.RecordKey]bool{}
	for _, r := range once.Records {
		keys[r.Key()] = true
	}
	first := map[scrutineer.RecordKey][]byte{}
	for _, r := range many.Records {
		if !keys[r.Key()] {
			got, _ := json.Marshal(r)
			t.Fatalf("%s repeated: a record the input does not hold: %s", name, got)
		}
		if _, ok := first[r.Key()]; !ok {
			first[r.Key()], _ = json.Marshal(r)
		}
	}
	seen := map[scrutineer.RecordKey]bool{}
	for _, r := range once.Records {
		if seen[r.Key()] {
			continue
		}
		seen[r.Key()] = true
		want, _ := json.Marshal(r)
		if got := first[r.Key()]; !bytes.Equal(got, want) {
			t.Fatalf("%s: record %s changed as reading went on:\n got %s\nwant %s", name, r.Key(), got, want)
		}
	}
}

// Discard is a sink that only counts, for benchmarks: parsing is measured,
// not the keeping of every record.
type Discard struct{ Records, Rejects int }

func (d *Discard) Record(scrutineer.Record) error { d.Records++; return nil }
func (d *Discard) Reject(*source.RowError)        { d.Rejects++ }

// Repeat returns unit repeated to at least n bytes: a benchmark's input.
func Repeat(unit []byte, n int) []byte {
	if len(unit) == 0 {
		return nil
	}
	out := make([]byte, 0, n+len(unit))
	for len(out) < n {
		out = append(out, unit...)
	}
	return out
}

// CompactLines returns the JSON values of docs compacted, one a line, as
// JSON Lines files hold them.
func CompactLines(tb testing.TB, docs ...string) []byte {
	tb.Helper()
	var out bytes.Buffer
	for _, d := range docs {
		dec := json.NewDecoder(strings.NewReader(d))
		for dec.More() {
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				tb.Fatal(err)
			}
			if err := json.Compact(&out, v); err != nil {
				tb.Fatal(err)
			}
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

// Bench measures f reading in into a Discard sink, in bytes a second.
func Bench(b *testing.B, f source.Format, in []byte) {
	b.Helper()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		var d Discard
		if err := f.Read(bytes.NewReader(in), "bench", &d); err != nil {
			b.Fatal(err)
		}
		if d.Records == 0 {
			b.Fatal("no records")
		}
	}
}
