// Package coortweet reads share tables in CooRTweet's layout: one row per
// share with object_id, account_id, content_id and timestamp_share, as CSV or
// as JSON Lines. Column names can be mapped, so the same reader takes the
// tables other tools write.
package coortweet

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/source"
)

// Columns names the columns (CSV) or keys (JSON Lines) to read.
type Columns struct {
	Object, Account, Content, Time string
	// Kind, when set and present, gives each row's object kind.
	Kind string
}

// DefaultColumns are CooRTweet's names.
func DefaultColumns() Columns {
	return Columns{Object: "object_id", Account: "account_id", Content: "content_id", Time: "timestamp_share"}
}

// Format is the syntax of the input.
type Format uint8

const (
	Auto Format = iota
	CSV
	JSONL
)

func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case JSONL:
		return "jsonl"
	}
	return "auto"
}

// ParseFormat reads "auto", "csv" or "jsonl".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return Auto, nil
	case "csv":
		return CSV, nil
	case "jsonl", "ndjson", "json":
		return JSONL, nil
	}
	return 0, fmt.Errorf("unknown table format %q (want auto, csv or jsonl)", s)
}

// Options control Read.
type Options struct {
	// File names the input in errors.
	File    string
	Format  Format
	Columns Columns
	// Kind is the object kind of every row when no kind column is read.
	Kind string
	// Normalize, when set, turns a raw object into its canonical key; an
	// empty key means the row carries no object and is passed over.
	Normalize func(kind, object string) (string, error)
	// SkipInvalid goes on past bad rows, counting them, instead of stopping
	// at the first.
	SkipInvalid bool
	// MaxErrors bounds how many row errors Stats keeps (default 20).
	MaxErrors int
	// SizeHint, when positive, is the expected size of the input in bytes,
	// so that it can be read into one buffer without regrowing.
	SizeHint int64
}

// Stats tells what Read did.
type Stats struct {
	Format Format
	// Rows is the number of data rows read; Added were added to the builder,
	// Empty had no object, Skipped were invalid and passed over.
	Rows, Added, Empty, Skipped int
	// Errors holds the first MaxErrors row errors.
	Errors []*source.RowError
}

func (s *Stats) reject(opt *Options, e *source.RowError) error {
	if !opt.SkipInvalid {
		return e
	}
	s.Skipped++
	max := opt.MaxErrors
	if max == 0 {
		max = 20
	}
	if len(s.Errors) < max {
		s.Errors = append(s.Errors, e)
	}
	return nil
}

// ErrMissingColumn reports a required column absent from the header.
var ErrMissingColumn = errors.New("missing column")

// Read adds the shares in r to b. On error the rows read before it stay in
// b, so a caller may keep them; with SkipInvalid, bad rows are counted and
// the rest is read.
func Read(r io.Reader, b *coord.Builder, opt Options) (Stats, error) {
	if opt.Columns == (Columns{}) {
		opt.Columns = DefaultColumns()
	}
	br := bufio.NewReaderSize(r, 1<<16)
	format := opt.Format
	if format == Auto {
		format = sniff(br)
	}
	st := Stats{Format: format}
	if format == JSONL {
		return st, readJSONL(br, b, &opt, &st)
	}
	buf, err := readAll(br, opt.SizeHint)
	if err != nil {
		// Keep what arrived before the failure (a cut gzip stream, say), up
		// to its last complete line.
		if cut := bytes.LastIndexByte(buf, '\n'); cut >= 0 {
			if err2 := readCSV(buf[:cut+1], b, &opt, &st); err2 != nil {
				return st, err2
			}
		}
		return st, &source.RowError{File: opt.File, Err: fmt.Errorf("read: %w (after %d rows)", err, st.Rows)}
	}
	return st, readCSV(buf, b, &opt, &st)
}

// readAll is io.ReadAll with a first guess of the size.
func readAll(r io.Reader, hint int64) ([]byte, error) {
	if hint <= 0 || hint > 1<<40 {
		return io.ReadAll(r)
	}
	buf := make([]byte, 0, hint+1)
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the hint was short: grow
		}
	}
}

// ReadBytes is Read for a table held whole in memory. The names it adds
// alias buf, which must not change afterwards.
func ReadBytes(buf []byte, b *coord.Builder, opt Options) (Stats, error) {
	if opt.Columns == (Columns{}) {
		opt.Columns = DefaultColumns()
	}
	if opt.Format == JSONL || (opt.Format == Auto && sniff(bufio.NewReader(bytes.NewReader(buf))) == JSONL) {
		st := Stats{Format: JSONL}
		return st, readJSONL(bufio.NewReaderSize(bytes.NewReader(buf), 1<<16), b, &opt, &st)
	}
	st := Stats{Format: CSV}
	return st, readCSV(buf, b, &opt, &st)
}

// sniff picks JSON Lines when the first non-blank byte opens an object.
func sniff(br *bufio.Reader) Format {
	for n := 64; n <= 4096; n *= 4 {
		peek, _ := br.Peek(n)
		trimmed := bytes.TrimLeft(bytes.TrimPrefix(peek, []byte("\xef\xbb\xbf")), " \t\r\n")
		if len(trimmed) > 0 {
			if trimmed[0] == '{' {
				return JSONL
			}
			return CSV
		}
		if len(peek) < n {
			break
		}
	}
	return CSV
}

type columnIndex struct{ object, account, content, time, kind int }

// readCSV reads the whole table into memory and parses it in parallel: the
// names it interns alias the buffer, so nothing is copied, and pieces of
// the file are parsed on every core while the previous ones are interned.
func readCSV(buf []byte, b *coord.Builder, opt *Options, st *Stats) error {
	cr := source.NewCSVBytes(buf)
	header, err := cr.Read()
	if err == io.EOF {
		return nil // empty input: an empty, well-formed result
	}
	if err != nil {
		return &source.RowError{File: opt.File, Line: cr.Line(), Err: fmt.Errorf("header: %w", err)}
	}
	idx, err := locate(header, opt.Columns)
	if err != nil {
		return &source.RowError{File: opt.File, Line: cr.Line(), Err: err}
	}
	// The strings alias buf; clone the header names kept in errors.
	nHeader := len(header)
	body := buf[len(buf)-len(bytes.TrimPrefix(buf, []byte("\xef\xbb\xbf")))+int(cr.Next()):]
	workers := max(1, runtime.GOMAXPROCS(0))
	// Pieces of about a megabyte keep the batches in flight small; their
	// memory is handed back and reused, so reading a large table allocates
	// little beyond the table itself.
	pieces, lines := source.SplitCSV(body, max(1, len(body)>>20))
	for i := range lines {
		lines[i] += cr.NextLine() - 1
	}
	// Size the tables from the average length of the first rows.
	if sample := min(len(body), 1<<16); sample > 0 {
		if n := bytes.Count(body[:sample], []byte{'\n'}); n > 0 {
			b.Grow(len(body) / (sample / n))
		}
	}

	results := make([]chan *piece, len(pieces))
	// Pieces come back for reuse once interned; the feed may hold a few.
	free := make(chan *piece, len(pieces)+1)
	next := 0
	launch := func() {
		if next == len(pieces) {
			return
		}
		i := next
		next++
		results[i] = make(chan *piece, 1)
		var pc *piece
		select {
		case pc = <-free:
		default:
			pc = &piece{}
		}
		go func() { results[i] <- parsePiece(pc, pieces[i], lines[i], idx, nHeader, opt) }()
	}
	for range 2 * workers {
		launch()
	}
	feed := b.Feed(true)
	defer feed.Wait()
	for i := range pieces {
		pc := <-results[i]
		results[i] = nil
		feed.Add(&pc.batch, func() { free <- pc })
		st.Rows += pc.stats.Rows
		st.Added += pc.stats.Added
		st.Empty += pc.stats.Empty
		st.Skipped += pc.stats.Skipped
		max := opt.MaxErrors
		if max == 0 {
			max = 20
		}
		for _, e := range pc.stats.Errors {
			if len(st.Errors) < max {
				st.Errors = append(st.Errors, e)
			}
		}
		if pc.err != nil {
			// The rows before the error are in b; the pieces after it are
			// dropped once their workers finish.
			return pc.err
		}
		launch()
	}
	return nil
}

// piece is one part of a table, parsed.
type piece struct {
	batch coord.Batch
	stats Stats
	err   error
}

// parsePiece parses buf into pc, reusing pc's memory.
func parsePiece(pc *piece, buf []byte, firstLine int, idx columnIndex, nHeader int, opt *Options) *piece {
	pc.stats, pc.err = Stats{}, nil
	bt := &pc.batch
	bt.Kind, bt.Kinds = opt.Kind, nil
	estimate := bytes.Count(buf, []byte{'\n'}) + 1
	bt.Objects = slices.Grow(bt.Objects[:0], estimate)
	bt.Accounts = slices.Grow(bt.Accounts[:0], estimate)
	bt.Contents = slices.Grow(bt.Contents[:0], estimate)
	bt.Times = slices.Grow(bt.Times[:0], estimate)
	need := max(idx.object, idx.account, idx.content, idx.time, idx.kind) + 1
	cr := source.NewCSVBytes(buf)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return pc
		}
		line := firstLine + cr.Line() - 1
		if err != nil {
			if errors.Is(err, source.ErrQuote) {
				// A quote left open runs to the end of the input: the file is cut.
				err = fmt.Errorf("%w (truncated input?)", err)
			}
			pc.err = &source.RowError{File: opt.File, Line: line, Err: err}
			return pc
		}
		pc.stats.Rows++
		if len(rec) < need {
			if pc.err = pc.stats.reject(opt, &source.RowError{File: opt.File, Line: line,
				Err: fmt.Errorf("%d fields, the header has %d", len(rec), nHeader)}); pc.err != nil {
				return pc
			}
			continue
		}
		kind := opt.Kind
		if idx.kind >= 0 {
			kind = rec[idx.kind]
		}
		if pc.err = add(bt, opt, &pc.stats, line, kind, rec[idx.object], rec[idx.account], rec[idx.content], rec[idx.time]); pc.err != nil {
			return pc
		}
	}
}

func locate(header []string, c Columns) (columnIndex, error) {
	idx := columnIndex{-1, -1, -1, -1, -1}
	for i, h := range header {
		h = strings.TrimSpace(h)
		switch h {
		case c.Object:
			idx.object = i
		case c.Account:
			idx.account = i
		case c.Content:
			idx.content = i
		case c.Time:
			idx.time = i
		}
		if c.Kind != "" && h == c.Kind {
			idx.kind = i
		}
	}
	var missing []string
	for _, m := range []struct {
		i    int
		name string
	}{{idx.object, c.Object}, {idx.account, c.Account}, {idx.content, c.Content}, {idx.time, c.Time}} {
		if m.i < 0 {
			missing = append(missing, fmt.Sprintf("%q", m.name))
		}
	}
	if len(missing) > 0 {
		shown := header
		if len(shown) > 20 {
			shown = shown[:20]
		}
		return idx, fmt.Errorf("%w %s: the header has %s", ErrMissingColumn, strings.Join(missing, ", "), strings.Join(quoteAll(shown), ", "))
	}
	return idx, nil
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = source.Quote(x)
	}
	return out
}

// add validates one row and appends it to bt.
func add(bt *coord.Batch, opt *Options, st *Stats, line int, kind, object, account, content, ts string) error {
	if opt.Normalize != nil {
		norm, err := opt.Normalize(kind, object)
		if err != nil {
			return rowError(opt, st, line, opt.Columns.Object, err)
		}
		object = norm
	}
	if blank(object) {
		// No object: nothing was shared in this row. Counting it apart keeps an
		// empty link from tying every link-less post together.
		st.Empty++
		return nil
	}
	if account == "" {
		return rowError(opt, st, line, opt.Columns.Account, errors.New("empty account id"))
	}
	if content == "" {
		return rowError(opt, st, line, opt.Columns.Content, errors.New("empty content id"))
	}
	t, err := source.ParseTime(ts)
	if err != nil {
		return rowError(opt, st, line, opt.Columns.Time, err)
	}
	if bt.Kinds != nil || kind != bt.Kind {
		if bt.Kinds == nil {
			bt.Kinds = make([]string, len(bt.Objects), cap(bt.Objects))
			for i := range bt.Kinds {
				bt.Kinds[i] = bt.Kind
			}
		}
		bt.Kinds = append(bt.Kinds, kind)
	}
	bt.Objects = append(bt.Objects, object)
	bt.Accounts = append(bt.Accounts, account)
	bt.Contents = append(bt.Contents, content)
	bt.Times = append(bt.Times, t)
	st.Added++
	return nil
}

func readJSONL(r *bufio.Reader, b *coord.Builder, opt *Options, st *Stats) error {
	// Rows gather in a batch; decoded strings are fresh, so the builder may
	// keep them as they are.
	bt := &coord.Batch{Kind: opt.Kind}
	defer func() {
		if bt.Len() > 0 {
			b.AddBatch(bt, true)
		}
	}()
	return readJSONLines(r, bt, func() {
		if bt.Len() >= 1<<16 {
			b.AddBatch(bt, true)
			*bt = coord.Batch{Kind: opt.Kind}
		}
	}, opt, st)
}

func readJSONLines(r *bufio.Reader, b *coord.Batch, flush func(), opt *Options, st *Stats) error {
	const maxLine = 16 << 20
	c := opt.Columns
	line := 0
	var long []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A line longer than the buffer: gather it, up to a bound.
			long = append(long[:0], chunk...)
			for err == bufio.ErrBufferFull && len(long) <= maxLine {
				chunk, err = r.ReadSlice('\n')
				long = append(long, chunk...)
			}
			chunk = long
			if len(long) > maxLine {
				line++
				if e := st.reject(opt, &source.RowError{File: opt.File, Line: line, Err: fmt.Errorf("line longer than %d bytes", maxLine)}); e != nil {
					return e
				}
				for err == bufio.ErrBufferFull {
					_, err = r.ReadSlice('\n')
				}
				continue
			}
		}
		if len(chunk) > 0 {
			line++
			complete := err == nil
			if e := jsonRow(b, opt, st, line, chunk, complete, c); e != nil {
				return e
			}
			flush()
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &source.RowError{File: opt.File, Line: line, Err: err}
		}
	}
}

func jsonRow(b *coord.Batch, opt *Options, st *Stats, line int, raw []byte, complete bool, c Columns) error {
	raw = bytes.TrimSpace(raw)
	if line == 1 {
		raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	}
	if len(raw) == 0 {
		return nil
	}
	st.Rows++
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		if !complete {
			err = fmt.Errorf("%w (the input ends inside this record: truncated?)", err)
		}
		return st.reject(opt, &source.RowError{File: opt.File, Line: line, Err: fmt.Errorf("invalid JSON: %w", err)})
	}
	var vals [5]string
	for i, key := range [5]string{c.Object, c.Account, c.Content, c.Time, c.Kind} {
		if key == "" {
			continue
		}
		v, ok := obj[key]
		if !ok {
			if i == 4 {
				continue
			}
			if i == 0 {
				break // no object: counted as empty below
			}
			return st.reject(opt, &source.RowError{File: opt.File, Line: line, Field: key, Err: ErrMissingColumn})
		}
		s, err := scalar(v)
		if err != nil {
			return st.reject(opt, &source.RowError{File: opt.File, Line: line, Field: key, Err: err})
		}
		vals[i] = s
	}
	kind := opt.Kind
	if c.Kind != "" && vals[4] != "" {
		kind = vals[4]
	}
	return add(b, opt, st, line, kind, vals[0], vals[1], vals[2], vals[3])
}

// rowError rejects a row: an error to stop on, or nil when bad rows are
// skipped.
func rowError(opt *Options, st *Stats, line int, field string, err error) error {
	return st.reject(opt, &source.RowError{File: opt.File, Line: line, Field: field, Err: err})
}

// blank reports whether s is empty or only white space, cheaply for the
// common case of an id that starts and ends with a visible character.
func blank(s string) bool {
	if s == "" {
		return true
	}
	if s[0] > ' ' && s[0] < 0x80 && s[len(s)-1] > ' ' && s[len(s)-1] < 0x80 {
		return false
	}
	return strings.TrimSpace(s) == ""
}

// scalar reads a JSON string, number or null as text. Numbers keep their
// literal digits: ids above 2^53 would lose precision as float64.
func scalar(v json.RawMessage) (string, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return "", nil
	}
	switch v[0] {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", err
		}
		return s, nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return string(v), nil
	}
	return "", fmt.Errorf("want a string or a number, got %s", source.Quote(string(v)))
}
