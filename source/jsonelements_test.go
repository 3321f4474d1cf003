package source_test

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/scrutineer/scrutineer/source"
)

func collectElements(r io.Reader) (vals []jsonValue, rejects []string, err error) {
	err = source.JSONElements(r, "f.json", func(raw []byte, line int) error {
		vals = append(vals, jsonValue{string(raw), line})
		return nil
	}, func(e *source.RowError) {
		rejects = append(rejects, e.Error())
	})
	return vals, rejects, err
}

func TestJSONElements(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    []jsonValue
		rejects []string
	}{
		{"an array, pretty", "[\n  {\"a\": 1},\n  {\"a\": [2, {\"b\": \"]\"}]}\n]\n",
			[]jsonValue{{`{"a": 1}`, 2}, {`{"a": [2, {"b": "]"}]}`, 3}}, nil},
		{"an array on one line", `[{"a":1},{"a":2}]`,
			[]jsonValue{{`{"a":1}`, 1}, {`{"a":2}`, 1}}, nil},
		{"with a byte order mark", "\xef\xbb\xbf[{\"a\":1}]",
			[]jsonValue{{`{"a":1}`, 1}}, nil},
		{"json lines of arrays", "[{\"a\":1},{\"a\":2}]\n[{\"a\":3}]\n",
			[]jsonValue{{`{"a":1}`, 1}, {`{"a":2}`, 1}, {`{"a":3}`, 2}}, nil},
		{"an empty array", "[]\n", nil, nil},
		// A line of arrays cut short: the next line's array still counts.
		{"an array cut off by the next line", "[{\"a\":1},{\"a\":2\n[{\"a\":3}]\n",
			[]jsonValue{{`{"a":1}`, 1}, {`{"a":3}`, 2}},
			[]string{"f.json:1: JSON value cut off by the next record"}},
		{"an array cut off at the end", "[\n{\"a\":1},\n{\"a\":2",
			[]jsonValue{{`{"a":1}`, 2}},
			[]string{"f.json:3: JSON value cut off at the end of the input"}},
		// Scalars in an array are elements too: the caller rejects them.
		{"scalars in an array", `[1, "two", null]`,
			[]jsonValue{{"1", 1}, {`"two"`, 1}, {"null", 1}}, nil},
		{"objects are not split", "{\"data\":[{\"a\":1}]}\n{\"data\":[]}\n",
			[]jsonValue{{`{"data":[{"a":1}]}`, 1}, {`{"data":[]}`, 2}}, nil},
		{"a stray line in an array file", "[{\"a\":1}]\nnot json\n[{\"a\":2}]\n",
			[]jsonValue{{`{"a":1}`, 1}, {`{"a":2}`, 3}},
			[]string{"f.json:2: not a JSON object or array"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range []struct {
				name string
				r    io.Reader
			}{{"whole", strings.NewReader(tc.in)}, {"byte by byte", iotest.OneByteReader(strings.NewReader(tc.in))}} {
				vals, rejects, err := collectElements(r.r)
				if err != nil {
					t.Fatalf("%s: %v", r.name, err)
				}
				if fmt.Sprint(vals) != fmt.Sprint(tc.want) {
					t.Errorf("%s: got %+v, want %+v", r.name, vals, tc.want)
				}
				if fmt.Sprint(rejects) != fmt.Sprint(tc.rejects) {
					t.Errorf("%s: rejected %q, want %q", r.name, rejects, tc.rejects)
				}
			}
		})
	}
}

func TestJSONElementsTooLong(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	in := "[{\"a\":1},\n{\"a\":\"" + strings.Repeat("x", source.MaxRecord+10) + "\"},\n{\"a\":2}]\n"
	vals, rejects, err := collectElements(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(vals) != fmt.Sprint([]jsonValue{{`{"a":1}`, 1}, {`{"a":2}`, 3}}) ||
		len(rejects) != 1 || !strings.Contains(rejects[0], "longer than 64 MiB") {
		t.Errorf("got %d values (lines %v), rejects %q", len(vals), lines(vals), rejects)
	}
}

func FuzzJSONElements(f *testing.F) {
	f.Add("[{\"a\":1},{\"a\":2}]")
	f.Add("[\n{\"a\": [1,\n{\"b\": \"\\\"]\"}\n]")
	f.Add("[{\"a\":1}]\n[{\"a\":2}]\n")
	f.Add("{\"a\":1}\n")
	f.Fuzz(func(t *testing.T, in string) {
		vals, _, err := collectElements(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(in, "\n") + 1
		total := 0
		for _, v := range vals {
			total += len(v.raw)
			if v.line < 1 || v.line > lines || !strings.Contains(in, v.raw) {
				t.Fatalf("value %q on line %d of %d", v.raw, v.line, lines)
			}
		}
		if total > len(in) {
			t.Fatalf("%d bytes of values from %d of input", total, len(in))
		}
		// A valid array of objects gives exactly its elements.
		var elems []json.RawMessage
		if json.Unmarshal([]byte(in), &elems) == nil && strings.HasPrefix(strings.TrimLeft(in, " \t\r\n"), "[") {
			objects := true
			for _, e := range elems {
				objects = objects && len(e) > 0 && e[0] == '{'
			}
			if objects {
				if len(vals) != len(elems) {
					t.Fatalf("%d elements, want %d", len(vals), len(elems))
				}
				for i, e := range elems {
					if vals[i].raw != string(e) {
						t.Fatalf("element %d: %q, want %q", i, vals[i].raw, e)
					}
				}
			}
		}
		again, _, err := collectElements(iotest.OneByteReader(strings.NewReader(in)))
		if err != nil || fmt.Sprint(again) != fmt.Sprint(vals) {
			t.Fatalf("byte by byte: %+v, %v; whole: %+v", again, err, vals)
		}
	})
}

func lines(vals []jsonValue) []int {
	var l []int
	for _, v := range vals {
		l = append(l, v.line)
	}
	return l
}
