package source_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/scrutineer/scrutineer/source"
)

type jsonValue struct {
	raw  string
	line int
}

func collectJSON(t testing.TB, r io.Reader) (vals []jsonValue, rejects []string, err error) {
	err = source.JSONValues(r, "f.json", func(raw []byte, line int) error {
		vals = append(vals, jsonValue{string(raw), line})
		return nil
	}, func(e *source.RowError) {
		rejects = append(rejects, e.Error())
	})
	return vals, rejects, err
}

func TestJSONValues(t *testing.T) {
	pretty := "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"x}\\\"{\"\n}\n"
	for _, tc := range []struct {
		name    string
		in      string
		want    []jsonValue
		rejects []string
	}{
		{"json lines", "{\"a\":1}\n{\"a\":2}\r\n\n  \n{\"a\":\"}\"}\n",
			[]jsonValue{{`{"a":1}`, 1}, {`{"a":2}`, 2}, {`{"a":"}"}`, 5}}, nil},
		{"json lines, last line unterminated", "{\"a\":1}\n{\"a\":2}",
			[]jsonValue{{`{"a":1}`, 1}, {`{"a":2}`, 2}}, nil},
		// In JSON Lines a broken line is handed on: the parser says why.
		{"json lines, broken line", "{\"a\":1}\n{\"a\":tru\n{\"a\":3}\n",
			[]jsonValue{{`{"a":1}`, 1}, {`{"a":tru`, 2}, {`{"a":3}`, 3}}, nil},
		{"one pretty document", pretty, []jsonValue{{strings.TrimSpace(pretty), 1}}, nil},
		{"pretty documents one after another", pretty + pretty,
			[]jsonValue{{strings.TrimSpace(pretty), 1}, {strings.TrimSpace(pretty), 8}}, nil},
		{"an array with an object a line", "[\n{\"a\":1},\n{\"a\":2}\n]\n",
			[]jsonValue{{"[\n{\"a\":1},\n{\"a\":2}\n]", 1}}, nil},
		{"a pretty document cut off by the next", pretty + "{\n  \"a\": [1, 2\n{\"c\": 3}\n",
			[]jsonValue{{strings.TrimSpace(pretty), 1}, {`{"c": 3}`, 10}},
			[]string{"f.json:8: JSON value cut off by the next record"}},
		{"a newline inside a string", pretty + "{\"a\": \"broken\n{\"c\": 3}\n",
			[]jsonValue{{strings.TrimSpace(pretty), 1}, {`{"c": 3}`, 9}},
			[]string{"f.json:8: JSON value cut off by the next record"}},
		{"cut off at the end", pretty + "{\n  \"a\": [1, 2",
			[]jsonValue{{strings.TrimSpace(pretty), 1}},
			[]string{"f.json:8: JSON value cut off at the end of the input"}},
		{"scalars", "1 \"two\" true\nnull", []jsonValue{{"1", 1}, {`"two"`, 1}, {"true", 1}, {"null", 2}}, nil},
		{"empty", "", nil, nil},
		{"blanks", " \n\t\r\n", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range []struct {
				name string
				r    io.Reader
			}{{"whole", strings.NewReader(tc.in)}, {"byte by byte", iotest.OneByteReader(strings.NewReader(tc.in))}} {
				vals, rejects, err := collectJSON(t, r.r)
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

func TestJSONValuesErrors(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := source.JSONValues(strings.NewReader("{}\n{}\n{}\n"), "f", func([]byte, int) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	}, func(*source.RowError) {})
	if err != stop || n != 2 {
		t.Errorf("fn's error: got %v after %d values", err, n)
	}
	broken := errors.New("disk on fire")
	_, _, err = collectJSON(t, io.MultiReader(strings.NewReader("{\"a\":1}\n{\"a\""), iotest.ErrReader(broken)))
	if !errors.Is(err, broken) {
		t.Errorf("a read error: got %v", err)
	}
}

func TestJSONValuesTooLong(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	huge := "{\"a\":\"" + strings.Repeat("x", source.MaxRecord+10) + "\"}\n"
	for _, in := range []string{"{\"a\":1}\n" + huge + "{\"a\":2}\n", "{\n\"a\": 1\n}\n" + huge + "{\"a\":2}\n"} {
		vals, rejects, err := collectJSON(t, strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(vals) != 2 || vals[1].raw != `{"a":2}` || vals[1].line != strings.Count(in, "\n") ||
			len(rejects) != 1 || !strings.Contains(rejects[0], "longer than 64 MiB") {
			t.Errorf("got %d values (last %+v), rejects %q", len(vals), vals[len(vals)-1], rejects)
		}
	}
}

func FuzzJSONValues(f *testing.F) {
	f.Add("{\"a\":1}\n{\"a\":2}\n")
	f.Add("{\n \"a\": [1,\n{\"b\": \"\\\"}\"}\n")
	f.Add("[\n{\"a\":1},\n{\"a\":2}\n]")
	f.Add("\"unterminated")
	f.Fuzz(func(t *testing.T, in string) {
		var total int
		vals, _, err := collectJSON(t, strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(in, "\n") + 1
		for _, v := range vals {
			total += len(v.raw)
			if v.line < 1 || v.line > lines {
				t.Fatalf("value %q on line %d of %d", v.raw, v.line, lines)
			}
			if !strings.Contains(in, v.raw) {
				t.Fatalf("value %q is not in the input", v.raw)
			}
		}
		if total > len(in) {
			t.Fatalf("%d bytes of values from %d of input", total, len(in))
		}
		// Byte by byte gives the same.
		again, _, err := collectJSON(t, iotest.OneByteReader(strings.NewReader(in)))
		if err != nil || fmt.Sprint(again) != fmt.Sprint(vals) {
			t.Fatalf("byte by byte: %+v, %v; whole: %+v", again, err, vals)
		}
	})
}

// dataThenError gives all its data and an error in one Read, as a gzip
// reader does at a cut-off stream's end.
type dataThenError struct {
	data string
	err  error
	done bool
}

func (r *dataThenError) Read(p []byte) (int, error) {
	if r.done {
		return 0, r.err
	}
	r.done = true
	return copy(p, r.data), r.err
}

func TestReadErrorWithData(t *testing.T) {
	cut := errors.New("unexpected EOF")
	vals, _, err := collectJSON(t, &dataThenError{data: "{\"a\":1}\n{\"a\":2}\n{\"a\":", err: cut})
	if len(vals) != 2 || !errors.Is(err, cut) {
		t.Errorf("JSONValues: %d values, %v", len(vals), err)
	}
	vals, _, err = collectElements(&dataThenError{data: "[{\"a\":1},\n{\"a\":2},\n{\"a\":", err: cut})
	if len(vals) != 2 || !errors.Is(err, cut) {
		t.Errorf("JSONElements: %d values, %v", len(vals), err)
	}
	cr := source.NewCSVReader(&dataThenError{data: "a,b\n1,2\n3,", err: cut})
	n := 0
	for {
		_, err = cr.Read()
		if err != nil {
			break
		}
		n++
	}
	if n != 2 || !errors.Is(err, cut) {
		t.Errorf("CSVReader: %d rows, %v", n, err)
	}
}
