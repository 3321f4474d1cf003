// Package export writes detection results as files: CooRTweet-compatible
// CSV tables, a JSON summary, and network files for Gephi and igraph.
package export

import (
	"bufio"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"
	"time"
)

// table writes CSV rows by hand: the tables run to millions of rows, and
// appending into one buffer is several times faster than encoding/csv.
type table struct {
	w   *bufio.Writer
	buf []byte
	col int
	// Scratch space for row functions; each formatting goroutine has its own.
	ids []uint32
	tmp []byte
}

func newTable(w io.Writer, header ...string) *table {
	t := &table{w: bufio.NewWriterSize(w, 1<<16)}
	for _, h := range header {
		t.str(h)
	}
	t.end()
	return t
}

func (t *table) sep() {
	if t.col > 0 {
		t.buf = append(t.buf, ',')
	}
	t.col++
}

// needsQuotes reports whether a field must be quoted: it holds a
// separator, a quote or a line break, or starts or ends with a space.
func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// str writes a field, quoting it only when it must be quoted.
func (t *table) str(s string) {
	t.sep()
	if needsQuotes(s) {
		t.buf = append(t.buf, '"')
		for i := 0; i < len(s); i++ {
			if s[i] == '"' {
				t.buf = append(t.buf, '"')
			}
			t.buf = append(t.buf, s[i])
		}
		t.buf = append(t.buf, '"')
		return
	}
	t.buf = append(t.buf, s...)
}

func (t *table) int(v int) {
	t.sep()
	t.buf = strconv.AppendInt(t.buf, int64(v), 10)
}

func (t *table) bool01(v bool) {
	t.sep()
	if v {
		t.buf = append(t.buf, '1')
	} else {
		t.buf = append(t.buf, '0')
	}
}

// float writes a number as R's write.csv does, to 15 significant digits,
// so that our tables diff cleanly against CooRTweet's; NA for values that
// do not exist.
func (t *table) float(v float64) {
	t.sep()
	if math.IsNaN(v) || math.IsInf(v, 0) {
		t.buf = append(t.buf, "NA"...)
		return
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		t.buf = strconv.AppendInt(t.buf, int64(v), 10) // what %.15g prints for these
		return
	}
	t.buf = strconv.AppendFloat(t.buf, v, 'g', 15, 64)
}

func (t *table) na() {
	t.sep()
	t.buf = append(t.buf, "NA"...)
}

// seconds writes a duration in nanoseconds as seconds: an integer when it is
// whole, as CooRTweet's time_delta is for second-resolution input.
func (t *table) seconds(ns int64) {
	t.sep()
	t.buf = appendSeconds(t.buf, ns)
}

func appendSeconds(b []byte, ns int64) []byte {
	if ns%int64(time.Second) == 0 {
		return strconv.AppendInt(b, ns/int64(time.Second), 10)
	}
	return strconv.AppendFloat(b, float64(ns)/float64(time.Second), 'f', -1, 64)
}

func (t *table) time(ns int64) {
	t.sep()
	t.buf = time.Unix(0, ns).UTC().AppendFormat(t.buf, time.RFC3339Nano)
}

func (t *table) end() error {
	t.buf = append(t.buf, '\n')
	t.col = 0
	if len(t.buf) < 1<<15 {
		return nil
	}
	_, err := t.w.Write(t.buf)
	t.buf = t.buf[:0]
	return err
}

// rows formats rows [0, n) with row on every core, a block of rows per
// core at a time, and writes the blocks in order: the large tables are
// bound by formatting and by scattered reads of the data, not by the disk.
func (t *table) rows(n int, row func(t *table, i int)) error {
	if err := t.flush(); err != nil {
		return err
	}
	const block = 1 << 14
	k := runtime.GOMAXPROCS(0)
	if n < 2*block || k == 1 {
		for i := 0; i < n; i++ {
			row(t, i)
			if err := t.end(); err != nil {
				return err
			}
		}
		return nil
	}
	parts := make([]*table, k)
	for j := range parts {
		parts[j] = &table{}
	}
	for base := 0; base < n; base += k * block {
		var wg sync.WaitGroup
		for j, p := range parts {
			lo := base + j*block
			hi := min(lo+block, n)
			p.buf = p.buf[:0]
			wg.Go(func() {
				for i := lo; i < hi; i++ {
					row(p, i)
					p.buf = append(p.buf, '\n')
					p.col = 0
				}
			})
		}
		wg.Wait()
		for _, p := range parts {
			if _, err := t.w.Write(p.buf); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *table) flush() error {
	_, err := t.w.Write(t.buf)
	t.buf = t.buf[:0]
	return err
}

func (t *table) close() error {
	if _, err := t.w.Write(t.buf); err != nil {
		return err
	}
	t.buf = t.buf[:0]
	return t.w.Flush()
}
