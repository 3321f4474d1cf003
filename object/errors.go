package object

import (
	"errors"
	"unicode/utf8"
)

// Sentinel errors, for errors.Is. The returned errors wrap one of these and
// add what was wrong with which input.
var (
	ErrEmpty             = errors.New("empty input")
	ErrTooLong           = errors.New("input too long")
	ErrNotURL            = errors.New("not a link")
	ErrUnsupportedScheme = errors.New("unsupported scheme")
	ErrInvalidHost       = errors.New("invalid host")
	ErrInvalidPort       = errors.New("invalid port")
	ErrNotHex            = errors.New("not a hex digest")
	ErrUnknownKind       = errors.New("unknown object kind")
)

// clipLen bounds how much of an offending input is echoed in an error, so
// that a multi-kilobyte value does not flood logs.
const clipLen = 64

// clip shortens s for use in an error message, cutting on a rune boundary.
func clip(s string) string {
	if len(s) <= clipLen {
		return s
	}
	n := clipLen
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
