// Package jsonw appends JSON to byte slices, for the encoders that run on
// every record and cannot afford reflection.
package jsonw

import "unicode/utf8"

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced with U+FFFD, the rest
// (HTML characters included) as it is.
func AppendString(b []byte, s string) []byte {
	b, _ = AppendStringValid(b, s)
	return b
}

// AppendStringValid is AppendString that also reports whether s was valid
// UTF-8, which it learns on the way, so that callers need not check again.
func AppendStringValid(b []byte, s string) ([]byte, bool) {
	orig := len(b)
	b = append(b, '"')
	start := 0
	checked := false // s[i:] is known to be valid UTF-8
	for i := 0; i < len(s); {
		// Pass eight bytes at a time that need nothing done: ASCII ones
		// until a first other byte has had the rest of s checked, then
		// any but the few that need a look.
		for i+8 <= len(s) && plain8(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56, checked) {
			i += 8
		}
		if i == len(s) {
			break
		}
		switch c := s[i]; {
		case c >= utf8.RuneSelf && !checked:
			if !utf8.ValidString(s[i:]) {
				return appendSlow(b[:orig], s), false
			}
			checked = true
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', '8'+s[i+2]-0xA8)
			i += 3
			start = i
		case c < 0x20 || c == '"' || c == '\\':
			b = appendEscape(append(b, s[start:i]...), c)
			i++
			start = i
		default:
			i++
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"'), true
}

// appendEscape appends the escape of an ASCII byte a JSON string cannot
// hold as it is.
func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// appendSlow is AppendString for text that is not valid UTF-8, rune by
// rune: each invalid byte becomes U+FFFD, as encoding/json has it.
func appendSlow(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		// U+2028 and U+2029 are valid JSON but end lines in JavaScript.
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plain8 reports whether none of the eight bytes of w needs a look: none
// is below 0x20, '"' or '\\'; and none is 0x80 or above, or, once the
// text is known to be valid (anyNonASCII), none is 0xE2, which starts
// U+2028 and U+2029.
func plain8(w uint64, anyNonASCII bool) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q, e := w^(lo*'"'), w^(lo*'\\')
	// Each term flags a byte it looks for (and perhaps, by a borrow, one
	// after it, which only costs a look).
	m := (w-lo*0x20)&^w | (q-lo)&^q | (e-lo)&^e
	if !anyNonASCII {
		return (m|w)&hi == 0
	}
	x := w ^ (lo * 0xE2)
	return (m|(x-lo)&^x)&hi == 0
}
