package source

import (
	"encoding/json"

	"github.com/scrutineer/scrutineer/internal/jsonw"
)

// RowJSON returns a CSV row as a JSON object of its columns (header name →
// value), for a record's Raw. Columns past the header are left out; a short
// row gives only the columns it has.
func RowJSON(header, row []string) json.RawMessage {
	n := 2
	for i := range min(len(header), len(row)) {
		n += len(header[i]) + len(row[i]) + 6
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i := range min(len(header), len(row)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonw.AppendString(b, header[i])
		b = append(b, ':')
		b = jsonw.AppendString(b, row[i])
	}
	return append(b, '}')
}

// AppendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced with U+FFFD, the rest
// (HTML characters included) as it is.
func AppendJSONString(b []byte, s string) []byte { return jsonw.AppendString(b, s) }
