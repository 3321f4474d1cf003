package source

import (
	"strings"
	"unicode/utf8"
)

// String copies b into a string, replacing each invalid UTF-8 sequence
// with U+FFFD as encoding/json does: records hold valid text whatever the
// input held.
func String(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// Clone copies s, which may alias a reader's buffer, as String does b.
func Clone(s string) string {
	if utf8.ValidString(s) {
		return strings.Clone(s)
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
