package source_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/scrutineer/scrutineer/source"
)

type rec struct {
	fields []string
	line   int
}

func readAll(r *source.CSVReader) ([]rec, error) {
	var out []rec
	for {
		fs, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		// Fields alias the reader's buffer until the next Read: copy them.
		cp := make([]string, len(fs))
		for i, f := range fs {
			cp[i] = strings.Clone(f)
		}
		out = append(out, rec{cp, r.Line()})
	}
}

func TestCSVReader(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []rec
		err  error
	}{
		{"plain", "a,b\n1,2\n", []rec{{[]string{"a", "b"}, 1}, {[]string{"1", "2"}, 2}}, nil},
		{"no final newline", "a,b\n1,2", []rec{{[]string{"a", "b"}, 1}, {[]string{"1", "2"}, 2}}, nil},
		{"crlf", "a,b\r\n1,2\r\n", []rec{{[]string{"a", "b"}, 1}, {[]string{"1", "2"}, 2}}, nil},
		{"bom", "\xef\xbb\xbfa,b\n", []rec{{[]string{"a", "b"}, 1}}, nil},
		{"blank lines", "a\n\n\nb\n", []rec{{[]string{"a"}, 1}, {[]string{"b"}, 4}}, nil},
		{"empty fields", ",,\n", []rec{{[]string{"", "", ""}, 1}}, nil},
		{"quoted", `"a","b,c"` + "\n", []rec{{[]string{"a", "b,c"}, 1}}, nil},
		{"escaped quote", `"say ""hi""",x` + "\n", []rec{{[]string{`say "hi"`, "x"}, 1}}, nil},
		{"newline in quotes", "\"a\nb\",c\nd,e\n", []rec{{[]string{"a\nb", "c"}, 1}, {[]string{"d", "e"}, 3}}, nil},
		{"quoted crlf", "\"a\",\"b\"\r\n", []rec{{[]string{"a", "b"}, 1}}, nil},
		{"unicode", "объект,😀,مرحبا\n", []rec{{[]string{"объект", "😀", "مرحبا"}, 1}}, nil},
		{"bare quotes kept", "a\"b,\"c,d\n", []rec{{[]string{"a\"b,\"c", "d"}, 1}}, nil},
		{"bare quote opens", "x\na\"b,c\n", []rec{{[]string{"x"}, 1}}, source.ErrQuote},
		{"text after closing quote", "\"a\"b,c\n", []rec{{[]string{"ab", "c"}, 1}}, nil},
		{"open quote", "a,b\n\"c,d\n", []rec{{[]string{"a", "b"}, 1}}, source.ErrQuote},
		{"empty", "", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []string{"stream", "one byte", "bytes"} {
				var r *source.CSVReader
				switch mode {
				case "stream":
					r = source.NewCSVReader(strings.NewReader(tc.in))
				case "one byte":
					r = source.NewCSVReader(iotest.OneByteReader(strings.NewReader(tc.in)))
				default:
					r = source.NewCSVBytes([]byte(tc.in))
				}
				got, err := readAll(r)
				if !errors.Is(err, tc.err) {
					t.Fatalf("%s: error %v, want %v", mode, err, tc.err)
				}
				if !slices.EqualFunc(got, tc.want, func(a, b rec) bool { return a.line == b.line && slices.Equal(a.fields, b.fields) }) {
					t.Fatalf("%s: got %v, want %v", mode, got, tc.want)
				}
			}
		})
	}
}

func TestCSVReaderMaxRecord(t *testing.T) {
	r := source.NewCSVReader(strings.NewReader("\"" + strings.Repeat("x", 5<<20)))
	r.MaxRecord = 2 << 20
	if _, err := r.Read(); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("got %v, want a record-size error", err)
	}
}

func TestSplitCSV(t *testing.T) {
	in := []byte("h1,h2\n\"a\nb\",1\nc,2\n\"d,\"\"e\"\"\n\",3\nf,4\n")
	for n := 1; n <= 12; n++ {
		pieces, lines := source.SplitCSV(in, n)
		if got := bytes.Join(pieces, nil); !bytes.Equal(got, in) {
			t.Fatalf("n=%d: pieces do not rebuild the input", n)
		}
		whole, _ := readAll(source.NewCSVBytes(in))
		var parts []rec
		for i, p := range pieces {
			rs, err := readAll(source.NewCSVBytes(p))
			if err != nil {
				t.Fatalf("n=%d piece %d: %v", n, i, err)
			}
			for _, r := range rs {
				r.line += lines[i] - 1
				parts = append(parts, r)
			}
		}
		if !slices.EqualFunc(parts, whole, func(a, b rec) bool { return a.line == b.line && slices.Equal(a.fields, b.fields) }) {
			t.Fatalf("n=%d: pieces parse to %v, the whole to %v", n, parts, whole)
		}
	}
}

// FuzzCSV checks that the streaming reader, the same reader fed one byte at
// a time, and the in-memory reader split into pieces all agree, and that
// nothing panics.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\"a\nb\",c\n", "\"x\"\"y\",z\r\n", "\xef\xbb\xbf\"", ",,\n\n\"", "a\"b\"c,\"d\"e\n"} {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, in []byte, n uint8) {
		stream, errS := readAll(source.NewCSVReader(bytes.NewReader(in)))
		slow, errO := readAll(source.NewCSVReader(iotest.OneByteReader(bytes.NewReader(in))))
		whole, errW := readAll(source.NewCSVBytes(in))
		eq := func(a, b rec) bool { return a.line == b.line && slices.Equal(a.fields, b.fields) }
		if !slices.EqualFunc(stream, whole, eq) || !slices.EqualFunc(slow, whole, eq) ||
			(errS == nil) != (errW == nil) || (errO == nil) != (errW == nil) {
			t.Fatalf("readers disagree on %q:\nstream %v %v\none byte %v %v\nbytes %v %v", in, stream, errS, slow, errO, whole, errW)
		}
		if errW != nil {
			return
		}
		if !bytes.ContainsRune(in, '"') {
			// Without quotes a record is a line cut at every comma.
			var want []rec
			text := strings.TrimPrefix(string(in), "\ufeff")
			for i, l := range strings.Split(text, "\n") {
				if l = strings.TrimSuffix(l, "\r"); l != "" {
					want = append(want, rec{line: i + 1, fields: strings.Split(l, ",")})
				}
			}
			if !slices.EqualFunc(whole, want, eq) {
				t.Fatalf("%q: got %v, want %v", in, whole, want)
			}
		}
		pieces, lines := source.SplitCSV(in, int(n%16)+1)
		if !bytes.Equal(bytes.Join(pieces, nil), in) {
			t.Fatalf("pieces do not rebuild %q", in)
		}
		var parts []rec
		for i, p := range pieces {
			if i > 0 && bytes.HasPrefix(p, []byte("\xef\xbb\xbf")) {
				return // a BOM is only skipped at the start of the file
			}
			rs, err := readAll(source.NewCSVBytes(p))
			if err != nil {
				t.Fatalf("piece %d of %q: %v", i, in, err)
			}
			for _, r := range rs {
				r.line += lines[i] - 1
				parts = append(parts, r)
			}
		}
		if !slices.EqualFunc(parts, whole, eq) {
			t.Fatalf("pieces of %q parse to %v, the whole to %v", in, parts, whole)
		}
	})
}

// BenchmarkCSVReader reads rows of short fields (a share table's ids) and
// rows of long quoted text, the two shapes the CSV readers see.
func BenchmarkCSVReader(b *testing.B) {
	var short, long strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&short, "%d,%d,%d,%d\n", 1700000000000000000+i*7919, 1000000+i%5000, 1800000000000000000+i*997, 1690000000+i)
		fmt.Fprintf(&long, "%d,\"Les bureaux de vote ferment à 21 h, pas à 19 h. Partagez! \"\"vrai\"\"\",https://example.org/%d,fr\n", i, i)
	}
	for _, in := range []struct{ name, data string }{{"short", short.String()}, {"quoted", long.String()}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				r := source.NewCSVReader(strings.NewReader(in.data))
				for {
					if _, err := r.Read(); err != nil {
						break
					}
				}
			}
		})
	}
}
