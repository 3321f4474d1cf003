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
	var err error
	if format == JSONL {
		err = readJSONL(br, b, &opt, &st)
	} else {
		err = readCSV(br, b, &opt, &st)
	}
	return st, err
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

func readCSV(r io.Reader, b *coord.Builder, opt *Options, st *Stats) error {
	cr := source.NewCSVReader(r)
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
	need := max(idx.object, idx.account, idx.content, idx.time, idx.kind) + 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, source.ErrQuote) {
				// A quote left open runs to the end of the input: the file is cut.
				return &source.RowError{File: opt.File, Line: cr.Line(), Err: fmt.Errorf("%w (truncated input?)", err)}
			}
			return &source.RowError{File: opt.File, Line: cr.Line(), Err: err}
		}
		st.Rows++
		if len(rec) < need {
			if e := st.reject(opt, &source.RowError{File: opt.File, Line: cr.Line(),
				Err: fmt.Errorf("%d fields, the header has %d", len(rec), len(header))}); e != nil {
				return e
			}
			continue
		}
		kind := opt.Kind
		if idx.kind >= 0 {
			kind = rec[idx.kind]
		}
		if e := add(b, opt, st, cr.Line(), kind, rec[idx.object], rec[idx.account], rec[idx.content], rec[idx.time]); e != nil {
			return e
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

// add validates one row and adds it. The strings may alias a reused buffer:
// the builder copies what it keeps.
func add(b *coord.Builder, opt *Options, st *Stats, line int, kind, object, account, content, ts string) error {
	bad := func(field string, err error) error {
		return st.reject(opt, &source.RowError{File: opt.File, Line: line, Field: field, Err: err})
	}
	c := opt.Columns
	if opt.Normalize != nil {
		norm, err := opt.Normalize(kind, object)
		if err != nil {
			return bad(c.Object, err)
		}
		object = norm
	}
	if strings.TrimSpace(object) == "" {
		// No object: nothing was shared in this row. Counting it apart keeps an
		// empty link from tying every link-less post together.
		st.Empty++
		return nil
	}
	if account == "" {
		return bad(c.Account, errors.New("empty account id"))
	}
	if content == "" {
		return bad(c.Content, errors.New("empty content id"))
	}
	t, err := source.ParseTime(ts)
	if err != nil {
		return bad(c.Time, err)
	}
	b.AddNano(kind, object, account, content, t)
	st.Added++
	return nil
}

func readJSONL(r *bufio.Reader, b *coord.Builder, opt *Options, st *Stats) error {
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
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &source.RowError{File: opt.File, Line: line, Err: err}
		}
	}
}

func jsonRow(b *coord.Builder, opt *Options, st *Stats, line int, raw []byte, complete bool, c Columns) error {
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
