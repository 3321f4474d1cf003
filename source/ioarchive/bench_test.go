package ioarchive

import (
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// discard is a sink that keeps nothing, so that the benchmarks measure
// the reader.
type discard struct{ n int }

func (d *discard) Record(scrutineer.Record) error { d.n++; return nil }
func (d *discard) Reject(*source.RowError)        {}

// repeat builds an input of about size bytes from a fixture's rows.
func repeat(t testing.TB, name string, size int) string {
	in := fixture(t, name)
	header, rows, _ := strings.Cut(in, "\n")
	var b strings.Builder
	b.WriteString(header + "\n")
	for b.Len() < size {
		b.WriteString(rows)
	}
	return b.String()
}

func bench(b *testing.B, f source.Format, name string) {
	in := repeat(b, name, 8<<20)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		var d discard
		if err := f.Read(strings.NewReader(in), name, &d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadTweets(b *testing.B) { bench(b, FormatTweets, "tweets.csv") }
func BenchmarkReadUsers(b *testing.B)  { bench(b, FormatUsers, "users.csv") }
