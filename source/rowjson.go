package source

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/scrutineer/scrutineer/internal/jsonw"
)

// RowJSON returns a CSV row as a JSON object of its columns (header name →
// value), for a record's Raw. Columns past the header are left out; a short
// row gives only the columns it has.
func RowJSON(header, row []string) json.RawMessage { return NewRowEncoder(header).Encode(row) }

// RowEncoder is RowJSON for the rows of one file: the header's names are
// escaped once.
type RowEncoder struct {
	keys []string // `"name":`
	size int
}

// NewRowEncoder returns the encoder of rows under header.
func NewRowEncoder(header []string) *RowEncoder {
	e := &RowEncoder{keys: make([]string, len(header))}
	for i, h := range header {
		e.keys[i] = string(append(jsonw.AppendString(nil, h), ':'))
		e.size += len(e.keys[i]) + 3
	}
	return e
}

// Encode returns row as a JSON object.
func (e *RowEncoder) Encode(row []string) json.RawMessage {
	b, _ := e.appendRow(make([]byte, 0, e.estimate(row)), row)
	return b
}

// EncodeKeep is Encode that also replaces each string of keep, a part of
// a field of row that starts and ends on rune boundaries (a view of a
// reader's buffer, say), with a copy of it as valid UTF-8: the copies
// share the Raw's allocation, past its capacity, which saves an
// allocation for each.
func (e *RowEncoder) EncodeKeep(row []string, keep []string) json.RawMessage {
	k := 0
	for _, s := range keep {
		k += len(s)
	}
	b, valid := e.appendRow(make([]byte, 0, e.estimate(row)+k), row)
	raw := b[:len(b):len(b)]
	if b = b[len(b):]; cap(b) < k {
		b = make([]byte, 0, k) // the escapes took the room
	}
	for i, s := range keep {
		switch {
		case s == "":
		case !valid && !utf8.ValidString(s):
			// In a valid row, parts cut on rune boundaries are valid.
			keep[i] = strings.ToValidUTF8(s, "\uFFFD")
		default:
			from := len(b)
			b = append(b, s...) // within cap(b): the strings' bytes never move
			keep[i] = unsafe.String(&b[from], len(s))
		}
	}
	return raw
}

// estimate is the room the JSON object of row usually takes.
func (e *RowEncoder) estimate(row []string) int {
	n := e.size + 2
	for _, v := range row[:min(len(row), len(e.keys))] {
		n += len(v)
	}
	return n + n/8
}

// appendRow appends row as a JSON object, and says whether the values it
// took were valid UTF-8.
func (e *RowEncoder) appendRow(b []byte, row []string) ([]byte, bool) {
	valid := true
	b = append(b, '{')
	for i := range min(len(e.keys), len(row)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e.keys[i]...)
		var ok bool
		b, ok = jsonw.AppendStringValid(b, row[i])
		valid = valid && ok
	}
	return append(b, '}'), valid
}

// AppendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced with U+FFFD, the rest
// (HTML characters included) as it is.
func AppendJSONString(b []byte, s string) []byte { return jsonw.AppendString(b, s) }
