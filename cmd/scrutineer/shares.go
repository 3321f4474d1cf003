package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/object"
	"github.com/scrutineer/scrutineer/recordfile"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/coortweet"
	"github.com/scrutineer/scrutineer/source/formats"
	"github.com/scrutineer/scrutineer/source/mapped"
)

// normalizeObject gives objects of a named kind their canonical key; objects
// of no kind (CooRTweet's tables) are used exactly as written.
func normalizeObject(kind, raw string) (string, error) {
	if kind == "" {
		return raw, nil
	}
	k, err := object.ParseKind(kind)
	if err != nil {
		return "", err
	}
	return object.Normalize(k, raw)
}

// detectInput is what detect reads: share tables, or posts in a platform
// format turned into shares of the chosen kinds.
type detectInput struct {
	table  coortweet.Format // for share tables
	native *source.Format   // a format forced by --format or --mapping
	auto   bool             // tell share tables and platform data apart per file
	kinds  []object.Kind
}

func (c *detectCmd) inputFormat() (detectInput, error) {
	var in detectInput
	kinds, err := object.ParseKinds(c.Objects)
	if err != nil {
		return in, fmt.Errorf("--objects: %w", err)
	}
	in.kinds = kinds
	if c.Mapping != "" {
		f, err := loadMapping(c.Mapping)
		if err != nil {
			return in, err
		}
		in.native = &f
		return in, nil
	}
	switch strings.ToLower(c.Format) {
	case "", "auto":
		in.auto = true
		return in, nil
	case "csv", "jsonl", "ndjson", "json":
		in.table, err = coortweet.ParseFormat(c.Format)
		return in, err
	}
	if c.Format == mapped.Name {
		return in, errors.New("--format mapped reads by a mapping file: give --mapping FILE instead")
	}
	f, err := formats.Lookup(c.Format)
	if err != nil {
		return in, fmt.Errorf("--format: %w (or auto, csv, jsonl for share tables)", err)
	}
	if f.Name != coortweet.RecordsFormat.Name {
		in.native = &f
	}
	return in, nil
}

// readShares loads share tables (or platform data, as input says) into b,
// with a progress bar on a terminal. With opt.SkipInvalid, a file cut
// short keeps what came before the cut.
func readShares(e *env, files []string, b *coord.Builder, opt coortweet.Options, input detectInput) error {
	seen := recordfile.NewKeys() // posts already counted, across files
	for _, name := range files {
		if err := readSharesFile(e, name, b, opt, input, seen); err != nil {
			return err
		}
	}
	return nil
}

func readSharesFile(e *env, name string, b *coord.Builder, opt coortweet.Options, input detectInput, seen *recordfile.Keys) error {
	in := e.stdin
	var size int64 = -1
	opt.File = "stdin"
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		in, opt.File = f, name
	}
	var bar *progressbar.ProgressBar
	if e.terminal && (size < 0 || size > 8<<20) {
		bar = progressbar.NewOptions64(size, progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("reading "+filepath.Base(opt.File)), progressbar.OptionShowBytes(true),
			progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
		in = io.TeeReader(in, bar)
		defer bar.Finish()
	}
	r, gz, err := source.Decompress(in)
	if err != nil {
		return fmt.Errorf("%s: %w", opt.File, err)
	}
	opt.SizeHint = 0
	if !gz {
		opt.SizeHint = size
	}
	native := input.native
	if input.auto {
		var g formats.Guess
		// A file no reader is sure of goes to the share-table reader,
		// whose message names the columns it lacks.
		if r, g, err = formats.Sniff(opt.File, r); err == nil && g.Format.Name != coortweet.RecordsFormat.Name {
			native = &g.Format
			fmt.Fprintf(e.stderr, "%s: %s (detected); objects: %s\n", opt.File, g.Format.Name, kindNames(input.kinds))
		}
	}
	var st coortweet.Stats
	if native != nil {
		err = readPostShares(e, r, opt.File, *native, input.kinds, b, seen)
	} else {
		st, err = coortweet.Read(r, b, opt)
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) && gz {
			read := "what came before the cut was read"
			if native == nil {
				read = fmt.Sprintf("%d rows before the cut were read", st.Added)
			}
			err = fmt.Errorf("%w (the gzip stream is truncated; %s)", err, read)
		}
		if !opt.SkipInvalid {
			return err
		}
		fmt.Fprintf(e.stderr, "warning: %v; going on with what was read\n", err)
	}
	if st.Skipped > 0 {
		fmt.Fprintf(e.stderr, "%s: skipped %s invalid rows of %s (--skip-invalid); the first:\n", opt.File, count(st.Skipped), count(st.Rows))
		for _, re := range st.Errors {
			fmt.Fprintf(e.stderr, "  %v\n", re)
		}
	}
	if st.Empty > 0 {
		fmt.Fprintf(e.stderr, "%s: %s rows had no object and were passed over\n", opt.File, count(st.Empty))
	}
	return nil
}

// readPostShares reads posts in a platform format and adds what each
// shares to b, once per post however often the data repeat it (a post
// quoted in many others, the same page saved twice). Bad records are
// counted and the first shown; they do not stop the reading.
func readPostShares(e *env, r io.Reader, file string, f source.Format, kinds []object.Kind, b *coord.Builder, seen *recordfile.Keys) error {
	sink := &shareSink{b: b, kinds: kinds, seen: seen}
	err := f.Read(r, file, sink)
	if sink.rejected > 0 {
		fmt.Fprintf(e.stderr, "%s: %s records could not be read; the first:\n", file, count(sink.rejected))
		for _, re := range sink.first {
			fmt.Fprintf(e.stderr, "  %v\n", re)
		}
	}
	fmt.Fprintf(e.stderr, "%s: %s posts gave %s shares\n", file, count(sink.posts), count(sink.shares))
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

type shareSink struct {
	b        *coord.Builder
	kinds    []object.Kind
	seen     *recordfile.Keys
	buf      []object.Share
	posts    int
	shares   int
	rejected int
	first    []*source.RowError
}

func (s *shareSink) Record(r scrutineer.Record) error {
	p := r.Post
	if p == nil || !s.seen.Add(r.Key()) {
		return nil
	}
	s.posts++
	s.buf = object.OfPost(s.buf[:0], p, s.kinds)
	if len(s.buf) == 0 {
		return nil
	}
	account, content := object.PostKey(p.Platform, p.Account), object.PostKey(p.Platform, p.ID)
	for _, sh := range s.buf {
		s.b.Add(sh.Kind.String(), sh.Object, account, content, p.Time)
	}
	s.shares += len(s.buf)
	return nil
}

func (s *shareSink) Reject(e *source.RowError) {
	s.rejected++
	if len(s.first) < 5 {
		s.first = append(s.first, e)
	}
}

func kindNames(kinds []object.Kind) string {
	var out []string
	for _, k := range kinds {
		out = append(out, k.String())
	}
	return strings.Join(out, ",")
}
