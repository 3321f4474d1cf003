// Package ingest reads one input in a native format into a record store:
// decompression, format detection, batching, and a report of what was
// read, new, duplicate and rejected (with reasons and examples). The
// command line and the service's upload jobs both read through it.
package ingest

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/formats"
)

// Report is what reading one input gave.
type Report struct {
	Name     string         `json:"name"`
	Format   string         `json:"format"`
	Score    int            `json:"score,omitempty"` // how sure detection was; 0 when the format was given
	Bytes    int64          `json:"bytes"`
	Records  int64          `json:"records"`
	New      int64          `json:"new"`
	Dups     int64          `json:"duplicates"`
	Rejected int64          `json:"rejected"`
	Reasons  map[string]int `json:"reasons,omitempty"`  // rejection reason -> count
	Shown    []string       `json:"examples,omitempty"` // the first rejections, in full
	Err      error          `json:"-"`                  // the input could not be read to its end, or at all
	Error    string         `json:"error,omitempty"`
}

// Progress is read while an input is being read, from another goroutine.
type Progress struct {
	Bytes   atomic.Int64 // compressed bytes consumed
	Records atomic.Int64
	Format  atomic.Pointer[string]
}

// Options tune a read.
type Options struct {
	// Format, when set, is used instead of detecting one.
	Format *source.Format
	// Show is how many rejections to keep in full (default 3).
	Show int
	// Batch is how many records go to the store at once (default 4096).
	Batch    int
	Progress *Progress
}

// Read reads in (compressed or not) as name into store. Errors reading are
// in the report (what came before them is kept); an error from the store
// stops the read and is in the report too.
func Read(ctx context.Context, in io.Reader, name string, store scrutineer.RecordService, opt Options) *Report {
	rep := &Report{Name: name, Reasons: map[string]int{}}
	if opt.Show == 0 {
		opt.Show = 3
	}
	if opt.Batch <= 0 {
		opt.Batch = 4096
	}
	if opt.Progress == nil {
		opt.Progress = &Progress{}
	}
	counter := &countingReader{r: in, n: &opt.Progress.Bytes}
	defer func() {
		rep.Bytes = counter.n.Load()
		if rep.Err != nil {
			rep.Error = rep.Err.Error()
		}
	}()
	plain, _, err := source.Decompress(counter)
	if err != nil {
		rep.Err = err
		return rep
	}
	var format source.Format
	if opt.Format != nil {
		format = *opt.Format
	} else {
		var g formats.Guess
		if plain, g, err = formats.Sniff(name, plain); err != nil {
			rep.Err = err
			return rep
		}
		format, rep.Score = g.Format, g.Score
	}
	rep.Format = format.Name
	opt.Progress.Format.Store(&format.Name)
	sink := &sink{ctx: ctx, store: store, rep: rep, show: opt.Show, size: opt.Batch, progress: opt.Progress}
	err = format.Read(plain, name, sink)
	// What was read before an error (a cut-off gzip stream) is kept.
	if ferr := sink.flush(); err == nil {
		err = ferr
	}
	if err == nil {
		err = ctx.Err()
	}
	rep.Err = err
	return rep
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// sink batches records into the store and tallies rejections.
type sink struct {
	ctx      context.Context
	store    scrutineer.RecordService
	rep      *Report
	show     int
	size     int
	batch    []scrutineer.Record
	progress *Progress
}

func (s *sink) Record(r scrutineer.Record) error {
	s.batch = append(s.batch, r)
	s.rep.Records++
	s.progress.Records.Add(1)
	if len(s.batch) >= s.size {
		return s.flush()
	}
	return nil
}

func (s *sink) flush() error {
	if len(s.batch) == 0 {
		return nil
	}
	if err := s.ctx.Err(); err != nil {
		return err
	}
	isNew, err := s.store.PutRecords(s.ctx, s.batch)
	for _, n := range isNew {
		if n {
			s.rep.New++
		} else {
			s.rep.Dups++
		}
	}
	clear(s.batch)
	s.batch = s.batch[:0]
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

func (s *sink) Reject(e *source.RowError) {
	s.rep.Rejected++
	s.rep.Reasons[Reason(e)]++
	if len(s.rep.Shown) < s.show {
		s.rep.Shown = append(s.rep.Shown, e.Error())
	}
}

// Reason is a rejection without its place or the values in it, so that
// like rejections count together.
func Reason(e *source.RowError) string {
	msg := e.Err.Error()
	if i := strings.IndexAny(msg, `"'`); i > 0 {
		msg = strings.TrimRight(msg[:i], " :,(")
	}
	if len(msg) > 60 {
		msg = msg[:60] + "…"
	}
	if e.Field != "" {
		return e.Field + ": " + msg
	}
	return msg
}
