package graphfile

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlWriter streams XML through a buffer. It keeps the first write error
// and turns every later call into a no-op, so the writers can emit a whole
// element unchecked and test for failure once per element.
type xmlWriter struct {
	w   *bufio.Writer
	err error
}

func newXMLWriter(w io.Writer) *xmlWriter {
	return &xmlWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// raw writes s as is; callers pass only markup and text known to be safe.
func (x *xmlWriter) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

// esc writes s escaped for use both as element text and as a double-quoted
// attribute value. Tab, newline and carriage return become character
// references because parsers normalise them away in attribute values (and
// CR in text). Characters XML 1.0 cannot hold become U+FFFD. Clean runs are
// copied in one piece, so ordinary strings cost one scan and one copy.
func (x *xmlWriter) esc(s string) {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		var rep string
		n := 1
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"' {
				i++
				continue
			}
			rep = asciiEscape(c)
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			if !badRune(r, n) {
				i += n
				continue
			}
			rep = "\uFFFD"
		}
		x.raw(s[start:i])
		x.raw(rep)
		i += n
		start = i
	}
	x.raw(s[start:])
}

func asciiEscape(c byte) string {
	switch c {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	case '"':
		return "&quot;"
	case '\t':
		return "&#9;"
	case '\n':
		return "&#10;"
	case '\r':
		return "&#13;"
	}
	return "\uFFFD" // any other control character
}

// badRune reports whether the multi-byte sequence decoded as r with length
// n cannot appear in XML 1.0: invalid UTF-8 (which includes encoded
// surrogates) or the non-characters U+FFFE and U+FFFF. A genuine U+FFFD
// decodes with n == 3 and is fine.
func badRune(r rune, n int) bool {
	return (r == utf8.RuneError && n == 1) || r == 0xFFFE || r == 0xFFFF
}

// badASCII reports whether an ASCII byte cannot appear in XML 1.0.
func badASCII(c byte) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r'
}

// isClean reports whether s needs no replacement characters.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if badASCII(c) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if badRune(r, n) {
			return false
		}
		i += n
	}
	return true
}

// sanitize returns s as it will read back from the file: characters XML
// cannot hold replaced by U+FFFD, one per invalid byte.
func sanitize(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if badASCII(c) {
				b.WriteRune(utf8.RuneError)
			} else {
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if badRune(r, n) {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// attr writes ` name="value"` with value escaped; name must be safe.
func (x *xmlWriter) attr(name, value string) {
	x.raw(" ")
	x.raw(name)
	x.raw(`="`)
	x.esc(value)
	x.raw(`"`)
}

func (x *xmlWriter) int(v int64) {
	if x.err == nil {
		_, x.err = x.w.Write(strconv.AppendInt(x.w.AvailableBuffer(), v, 10))
	}
}

// float writes f in the shortest form that reads back to the same value at
// the given precision (32 or 64 bits). Callers drop NaN and infinities.
func (x *xmlWriter) float(f float64, bits int) {
	if x.err == nil {
		_, x.err = x.w.Write(strconv.AppendFloat(x.w.AvailableBuffer(), f, 'g', -1, bits))
	}
}

// value writes a validated, present attribute value.
func (x *xmlWriter) value(v Value) {
	switch v := v.(type) {
	case string:
		x.esc(v)
	case int:
		x.int(int64(v))
	case int8:
		x.int(int64(v))
	case int16:
		x.int(int64(v))
	case int32:
		x.int(int64(v))
	case int64:
		x.int(v)
	case uint8:
		x.int(int64(v))
	case uint16:
		x.int(int64(v))
	case uint32:
		x.int(int64(v))
	case float64:
		x.float(v, 64)
	case float32:
		x.float(float64(v), 32)
	case bool:
		if v {
			x.raw("true")
		} else {
			x.raw("false")
		}
	}
}

// finish flushes the buffer and reports the first write error, if any.
func (x *xmlWriter) finish(format string) error {
	if x.err == nil {
		x.err = x.w.Flush()
	}
	if x.err != nil {
		return fmt.Errorf("graphfile: writing %s: %w", format, x.err)
	}
	return nil
}
