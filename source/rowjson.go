package source

import (
	"encoding/json"

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
	n := e.size + 2
	for _, v := range row[:min(len(row), len(e.keys))] {
		n += len(v)
	}
	b := make([]byte, 0, n+n/8)
	b = append(b, '{')
	for i := range min(len(e.keys), len(row)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e.keys[i]...)
		b = jsonw.AppendString(b, row[i])
	}
	return append(b, '}')
}

// AppendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced with U+FFFD, the rest
// (HTML characters included) as it is.
func AppendJSONString(b []byte, s string) []byte { return jsonw.AppendString(b, s) }
