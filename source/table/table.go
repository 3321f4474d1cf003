// Package table reads the CSV files of archives of posts whose first row
// names the columns: it finds columns by name, rejects rows that cannot be
// read, gives each row as a Raw JSON object, and parses fields as archives
// write them: counts, flags, decimal ids, the digits of a timestamp, and
// bracketed lists ("['a', 'b']") of hashtags and URLs. It also reads the
// column names of a file's first line, for sniffing.
package table

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/jsonw"
	"github.com/scrutineer/scrutineer/source"
)

// ErrMissingColumn says the header lacks a column the format needs.
var ErrMissingColumn = errors.New("missing column")

// Table reads the rows of a CSV file with a header, mapping columns by
// name so that extra and reordered columns do no harm. Rows and files it
// cannot take are rejected to its sink, with the file's name.
type Table struct {
	file   string
	sink   source.Sink
	in     *errReader
	cr     *source.CSVReader
	header []string
	keys   []string // each column's name as a JSON key with its colon
}

// errReader remembers the error of the underlying reader, so that an I/O
// error can be told from a malformed record.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF {
		e.err = err
	}
	return n, err
}

// New reads the header of r, a file named file, and sends rejections to
// sink. It returns a nil Table when there is nothing more to read: an
// empty input, or a header that could not be read (which is rejected);
// the error is an I/O error.
func New(r io.Reader, file string, sink source.Sink) (*Table, error) {
	in := &errReader{r: r}
	cr := source.NewCSVReader(in)
	cr.MaxRecord = source.MaxRecord
	t := &Table{file: file, sink: sink, in: in, cr: cr}
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		if in.err != nil {
			return nil, in.err
		}
		t.Reject(1, "", fmt.Errorf("header: %w", err))
		return nil, nil
	}
	t.header = make([]string, len(rec))
	t.keys = make([]string, len(rec))
	for i, h := range rec {
		h = strings.TrimSpace(h)
		if !utf8.ValidString(h) {
			h = strings.ToValidUTF8(h, "\uFFFD")
		}
		t.header[i] = strings.Clone(h)
		t.keys[i] = string(appendJSONString(nil, h)) + ":"
	}
	return t, nil
}

// Col returns the column named name, or -1. Names match exactly, else
// without regard to case.
func (t *Table) Col(name string) int {
	for i, h := range t.header {
		if h == name {
			return i
		}
	}
	for i, h := range t.header {
		if strings.EqualFold(h, name) {
			return i
		}
	}
	return -1
}

// Cols returns the column of each name (-1 when absent).
func (t *Table) Cols(names ...string) []int {
	out := make([]int, len(names))
	for i, n := range names {
		out[i] = t.Col(n)
	}
	return out
}

// Has reports whether every name is a column.
func (t *Table) Has(names ...string) bool {
	for _, n := range names {
		if t.Col(n) < 0 {
			return false
		}
	}
	return true
}

// Require rejects the file, at its header, when columns are missing, and
// reports whether all are there.
func (t *Table) Require(names ...string) bool {
	var missing []string
	for _, n := range names {
		if t.Col(n) < 0 {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return true
	}
	t.Reject(1, strings.Join(missing, ", "), fmt.Errorf("%w: the header lacks %s (it has %s)",
		ErrMissingColumn, quoteAll(missing), quoteAll(t.header[:min(len(t.header), 12)])))
	return false
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = source.Quote(n)
	}
	return strings.Join(q, ", ")
}

// Reject rejects the row at line of the file, for field (a column's
// name, or "" for the whole row).
func (t *Table) Reject(line int, field string, err error) {
	t.sink.Reject(&source.RowError{File: t.file, Line: line, Field: field, Err: err})
}

// Next returns the next row and the line it starts on; ok is false at the
// end. Rows that cannot be read are rejected and passed over. The fields
// alias the reader's buffer until the next call.
func (t *Table) Next() (rec []string, line int, ok bool, err error) {
	for {
		rec, err := t.cr.Read()
		if err == nil {
			line := t.cr.Line()
			if len(rec) < len(t.header) || (len(rec) > len(t.header) && !blankFrom(rec, len(t.header))) {
				t.Reject(line, "", fmt.Errorf("%d fields, the header has %d", len(rec), len(t.header)))
				continue
			}
			return rec, line, true, nil
		}
		if err == io.EOF {
			return nil, 0, false, nil
		}
		if t.in.err != nil {
			return nil, 0, false, t.in.err
		}
		if errors.Is(err, source.ErrQuote) {
			// The quote runs to the end of the input: a file cut off in a
			// quoted field. What follows is read (there is nothing).
			t.Reject(t.cr.Line(), "", fmt.Errorf("%w (is the file cut off?)", err))
			continue
		}
		// A record longer than the reader takes: it cannot be passed over.
		t.Reject(t.cr.NextLine(), "", err)
		return nil, 0, false, nil
	}
}

// blankFrom reports whether rec[i:] are all empty (trailing separators).
func blankFrom(rec []string, i int) bool {
	for _, f := range rec[i:] {
		if f != "" {
			return false
		}
	}
	return true
}

// field returns rec[c], or "" when the column is absent.
func field(rec []string, c int) string {
	if c < 0 || c >= len(rec) {
		return ""
	}
	return rec[c]
}

// CopyFields copies the fields of rec at cols into out (out[i] from
// cols[i], "" for an absent column) as valid UTF-8, trimmed of surrounding
// spaces but for the fields whose bit is set in verbatim (texts). The
// copies share one allocation. valid says the row is known to be valid
// UTF-8 (its Raw was made without replacing anything).
func CopyFields(rec []string, cols []int, out []string, verbatim uint64, valid bool) {
	n := trimFields(rec, cols, out, verbatim)
	if n == 0 {
		return
	}
	// A Builder's buffer is not zeroed first, and the strings may share it.
	var sb strings.Builder
	sb.Grow(n)
	for _, f := range out[:len(cols)] {
		sb.WriteString(f)
	}
	ownFields(sb.String(), out[:len(cols)], valid)
}

// trimFields sets out as CopyFields does, to views of rec, and returns
// their total length.
func trimFields(rec []string, cols []int, out []string, verbatim uint64) int {
	n := 0
	for i, c := range cols {
		f := field(rec, c)
		if verbatim&(1<<i) == 0 {
			f = strings.TrimSpace(f)
		}
		out[i] = f
		n += len(f)
	}
	return n
}

// ownFields points out, views of a row, into all, a copy of them end to
// end, each made valid UTF-8.
func ownFields(all string, out []string, valid bool) {
	// In valid UTF-8, a field that starts and ends on rune boundaries is
	// valid as a whole: one check of all the bytes does for every field.
	valid = valid || utf8.ValidString(all)
	off := 0
	for i, f := range out {
		s := all[off : off+len(f)]
		off += len(f)
		cut := s != "" && (!utf8.RuneStart(s[0]) || off < len(all) && !utf8.RuneStart(all[off]))
		if (!valid || cut) && !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		out[i] = s
	}
}

// Raw is the row as a JSON object of its columns (the columns at cols, or
// all when cols is nil), each value a string as the file gives it. valid
// says every value was valid UTF-8, as CopyFields wants to know.
func (t *Table) Raw(rec []string, cols []int) (b []byte, valid bool) {
	b, _, valid = t.rawEnds(rec, cols, nil, 0)
	return b, valid
}

// rawEnds is Raw that also appends to ends, unless it is nil, where each
// member ends, and says whether every value was valid UTF-8. The buffer
// has room for extra more bytes past the object, for a caller to use.
func (t *Table) rawEnds(rec []string, cols []int, ends []int, extra int) ([]byte, []int, bool) {
	n := 2
	if cols == nil {
		for i, v := range rec[:len(t.header)] {
			n += len(t.keys[i]) + len(v) + 3
		}
	} else {
		for _, c := range cols {
			if c >= 0 {
				n += len(t.keys[c]) + len(rec[c]) + 3
			}
		}
	}
	b := make([]byte, 0, n+n/32+extra)
	b = append(b, '{')
	valid := true
	add := func(c int) {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, t.keys[c]...)
		var ok bool
		b, ok = jsonw.AppendStringValid(b, rec[c])
		valid = valid && ok
		if ends != nil {
			ends = append(ends, len(b))
		}
	}
	if cols == nil {
		for c := range t.header {
			add(c)
		}
	} else {
		for _, c := range cols {
			if c >= 0 {
				add(c)
			}
		}
	}
	return append(b, '}'), ends, valid
}

// RawPair returns the row as Raw returns it and, for the columns whose
// part is set, a second object (an account's columns within a post's
// row): each value is escaped once and copied into the second. Both
// usually share one allocation, the second past the first's capacity.
// ends is scratch space, returned for reuse; valid is as rawEnds says.
func (t *Table) RawPair(rec []string, part []bool, ends []int) (all, sub []byte, _ []int, valid bool) {
	all, sub, _, ends, valid = t.rawPair(rec, part, ends, 0)
	return all, sub, ends, valid
}

// RawFields is RawPair (Raw of every column, without a second object,
// when part is nil) and CopyFields at once: the copies of the fields
// share the objects' allocation, past their capacities.
func (t *Table) RawFields(rec []string, part []bool, ends []int, cols []int, out []string, verbatim uint64) (all, sub []byte, _ []int) {
	n := trimFields(rec, cols, out, verbatim)
	all, sub, rest, ends, valid := t.rawPair(rec, part, ends, n)
	if n == 0 {
		return all, sub, ends
	}
	if cap(rest) < n {
		rest = make([]byte, 0, n) // the escapes took the room
	}
	for _, f := range out[:len(cols)] {
		rest = append(rest, f...) // within cap(rest): the bytes never move
	}
	// No slice of the buffer reaches these bytes: they are not written again.
	ownFields(unsafe.String(unsafe.SliceData(rest), len(rest)), out[:len(cols)], valid)
	return all, sub, ends
}

// rawPair is RawPair (with sub nil when part is nil) that leaves room for
// extra more bytes, returned as rest (empty, perhaps without that room).
func (t *Table) rawPair(rec []string, part []bool, ends []int, extra int) (all, sub, rest []byte, _ []int, valid bool) {
	if part == nil {
		all, _, valid = t.rawEnds(rec, nil, nil, extra)
		return all[:len(all):len(all)], nil, all[len(all):], ends, valid
	}
	if ends == nil {
		ends = make([]int, 0, len(t.header))
	}
	n := 2
	for c := range t.header {
		if part[c] {
			n += len(t.keys[c]) + len(rec[c]) + 3
		}
	}
	all, ends, valid = t.rawEnds(rec, nil, ends[:0], n+n/16+extra)
	// The exact size of the second object, now that the values are escaped.
	size, from := 1, 1
	for c, end := range ends {
		if part[c] {
			size += end - from + 1 // the member and a comma or the closing brace
		}
		from = end + 1
	}
	if size == 1 {
		size = 2
	}
	if cap(all)-len(all) >= size {
		sub = all[len(all):len(all):cap(all)]
		all = all[:len(all):len(all)] // appending to all must not reach sub
	} else {
		sub = make([]byte, 0, size)
	}
	sub = append(sub, '{')
	from = 1
	for c, end := range ends {
		if part[c] {
			if len(sub) > 1 {
				sub = append(sub, ',')
			}
			sub = append(sub, all[from:end]...)
		}
		from = end + 1 // past the comma
	}
	sub = append(sub, '}')
	return all, sub[:len(sub):len(sub)], sub[len(sub):], ends, valid
}

// Mask marks the columns cols names (-1 for absent ones is passed over).
func (t *Table) Mask(cols []int) []bool {
	m := make([]bool, len(t.header))
	for _, c := range cols {
		if c >= 0 {
			m[c] = true
		}
	}
	return m
}

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes
// U+FFFD, so the result is always valid JSON.
func appendJSONString(b []byte, s string) []byte { return jsonw.AppendString(b, s) }

// ParseCount reads a count: digits, perhaps with thousands separators
// ("1,234", as CrowdTangle writes them) or a zero fraction ("12.0", as
// pandas writes integer columns that have gaps). Empty and null-like
// values are unknown.
func ParseCount(s string) (scrutineer.Count, error) {
	if s == "" {
		return scrutineer.Count{}, nil
	}
	if len(s) <= 18 && IsDigits(s) {
		n := int64(0)
		for i := 0; i < len(s); i++ {
			n = n*10 + int64(s[i]-'0')
		}
		return scrutineer.Known(n), nil
	}
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "", "null", "none", "nan", "n/a", "na":
		return scrutineer.Count{}, nil
	}
	if i := strings.IndexByte(t, '.'); i > 0 && isZeros(t[i+1:]) {
		t = t[:i]
	}
	if strings.IndexByte(t, ',') > 0 && thousands(t) {
		t = strings.ReplaceAll(t, ",", "")
	}
	if len(t) > 18 || !IsDigits(t) {
		return scrutineer.Count{}, fmt.Errorf("not a count: %s", source.Quote(s))
	}
	n := int64(0)
	for i := 0; i < len(t); i++ {
		n = n*10 + int64(t[i]-'0')
	}
	return scrutineer.Known(n), nil
}

// thousands reports whether s is digits grouped by commas in threes.
func thousands(s string) bool {
	g, rest, more := strings.Cut(s, ",")
	if len(g) == 0 || len(g) > 3 || !IsDigits(g) {
		return false
	}
	for more {
		g, rest, more = strings.Cut(rest, ",")
		if len(g) != 3 || !IsDigits(g) {
			return false
		}
	}
	return true
}

// IsDigits reports whether s is one or more ASCII digits.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isZeros(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '0' {
			return false
		}
	}
	return true
}

// ParseBool reads the ways archives write a flag; empty is false.
func ParseBool(s string) (bool, error) {
	switch s {
	case "", "0", "false", "False", "FALSE", "f", "F", "no", "No", "0.0":
		return false, nil
	case "1", "true", "True", "TRUE", "t", "T", "yes", "Yes", "1.0":
		return true, nil
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "0", "false", "f", "no", "n":
		return false, nil
	case "1", "true", "t", "yes", "y":
		return true, nil
	}
	return false, fmt.Errorf("not a true/false value: %s", source.Quote(s))
}

// DecimalID checks a platform id written in decimal. A whole number that
// went through a float column ("123.0") is taken back; a float in
// exponent form has lost digits and is refused.
func DecimalID(s string) (string, error) {
	if id, ok := DecimalIDOK(s); ok {
		return id, nil
	}
	if strings.ContainsAny(s, "eE") && strings.ContainsAny(s, ".+") {
		return "", fmt.Errorf("id %s was written as a float and has lost digits", source.Quote(s))
	}
	return "", fmt.Errorf("not a decimal id: %s", source.Quote(s))
}

// DecimalIDOK is DecimalID that only says whether s is an id, for
// columns tried in turn, without the cost of an error.
func DecimalIDOK(s string) (string, bool) {
	if IsDigits(s) {
		return s, true
	}
	if i := strings.IndexByte(s, '.'); i > 0 && IsDigits(s[:i]) && isZeros(s[i+1:]) {
		return s[:i], true
	}
	return "", false
}

// ParseDigits reads a short unsigned decimal field of a timestamp: one to
// nine digits, nothing else.
func ParseDigits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// HeaderNames reads the column names of the first line of head, as far
// as head goes (it may be cut anywhere): what a format's Sniff is given.
func HeaderNames(head []byte) []string {
	if len(head) >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf {
		head = head[3:]
	}
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	names, err := source.NewCSVBytes(line).Read()
	if err != nil {
		names = strings.Split(string(line), ",")
	}
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, strings.Trim(strings.TrimSpace(n), `"`))
	}
	return out
}

// CountNames says how many of names are among cols (a header's names).
func CountNames(cols []string, names ...string) int {
	n := 0
	for _, name := range names {
		for _, c := range cols {
			if c == name {
				n++
				break
			}
		}
	}
	return n
}

// ParseList reads a list column: "[a, b]", "['a', 'b']", `["a", "b"]` or
// a bare "a, b". Empty and "[]" give nil. Items alias s.
func ParseList(s string) []string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return nil
	}
	if s[0] == '\'' || s[0] == '"' {
		if items, ok := quotedItems(s); ok {
			return items
		}
	}
	// Unquoted items are written "a, b"; a URL may hold a bare comma, so
	// split on ", " when the list uses it.
	sep := ", "
	if !strings.Contains(s, sep) {
		sep = ","
	}
	var out []string
	for item := range strings.SplitSeq(s, sep) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// quotedItems reads 'a', "b" as Python and JSON write lists of strings.
func quotedItems(s string) ([]string, bool) {
	var out []string
	for i := 0; i < len(s); {
		q := s[i]
		if q != '\'' && q != '"' {
			return nil, false
		}
		i++
		var esc []byte // set when the item holds an escape
		from := i
		for {
			if i >= len(s) {
				return nil, false
			}
			if s[i] == '\\' && i+1 < len(s) {
				esc = append(esc, s[from:i]...)
				esc = append(esc, s[i+1])
				i += 2
				from = i
				continue
			}
			if s[i] == q {
				break
			}
			i++
		}
		item := s[from:i]
		if esc != nil {
			item = string(append(esc, item...))
		}
		if item != "" {
			out = append(out, item)
		}
		i++
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i < len(s) {
			if s[i] != ',' {
				return nil, false
			}
			i++
			for i < len(s) && s[i] == ' ' {
				i++
			}
		}
	}
	return out, true
}

// HashtagList reads a list of hashtags, without their '#'.
func HashtagList(s string) []string {
	tags := ParseList(s)
	for i, t := range tags {
		tags[i] = strings.TrimPrefix(strings.TrimPrefix(t, "#"), "＃")
	}
	return tags
}
