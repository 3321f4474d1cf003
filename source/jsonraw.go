package source

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"unsafe"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer/internal/jsonw"
)

// ErrControl is a raw control character inside a JSON string.
var ErrControl = errors.New("control character in a string")

// ValidateJSON reports whether b is one JSON value, as strictly as
// encoding/json: fastjson's validator lets a raw control character through
// in a string that also holds an escape, and a record's Raw must be JSON
// that any reader takes.
func ValidateJSON(b []byte) error {
	// fastjson's validator recurses without the parser's depth limit: a
	// record of a million '[' would exhaust the stack.
	if tooDeep(b) {
		return errTooDeep
	}
	if err := fastjson.ValidateBytes(b); err != nil {
		return err
	}
	if !hasControl(b) {
		return nil // the common case: a line without newlines or tabs
	}
	// Otherwise valid: a string runs from a quote to the next quote not
	// escaped by an odd number of backslashes.
	for {
		k := bytes.IndexByte(b, '"')
		if k < 0 {
			return nil
		}
		b = b[k+1:]
		end := 0
		for {
			q := bytes.IndexByte(b[end:], '"')
			if q < 0 {
				return ErrControl // cannot happen in valid JSON
			}
			q += end
			n := 0
			for n < q && b[q-1-n] == '\\' {
				n++
			}
			end = q
			if n%2 == 0 {
				break
			}
			end++
		}
		if hasControl(b[:end]) {
			return ErrControl
		}
		b = b[end+1:]
	}
}

var errTooDeep = fmt.Errorf("nested deeper than %d", fastjson.MaxDepth)

// tooDeep reports whether b nests arrays and objects deeper than the
// parser takes. Few values have enough brackets to need the count.
func tooDeep(b []byte) bool {
	if bytes.Count(b, []byte{'['})+bytes.Count(b, []byte{'{'}) <= fastjson.MaxDepth {
		return false
	}
	depth, in := 0, false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case in:
			if c == '\\' {
				i++
			} else if c == '"' {
				in = false
			}
		case c == '"':
			in = true
		case c == '[' || c == '{':
			if depth++; depth > fastjson.MaxDepth {
				return true
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return false
}

// hasControl reports whether b has a byte below 0x20, eight bytes at a
// time.
func hasControl(b []byte) bool {
	const lo, hi = 0x2020202020202020, 0x8080808080808080
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		// A byte below 0x20 borrows; bytes of 0x80 and up (UTF-8) are
		// masked out by ^x.
		if (x-lo)&^x&hi != 0 {
			return true
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// AppendValue appends v, a value of a validated document, as JSON: for a
// sub-object kept as a record's Raw. Strings fastjson has not unescaped are
// copied as they came, which is fast; once it has unescaped one it quotes it
// with Go's escapes, of which \a, \v, \x and \U are not JSON, and then v is
// written again, strictly.
func AppendValue(dst []byte, v *fastjson.Value) []byte {
	start := len(dst)
	dst = v.MarshalTo(dst)
	for b := dst[start:]; ; {
		i := bytes.IndexByte(b, '\\')
		if i < 0 || i+1 >= len(b) {
			return dst
		}
		switch b[i+1] {
		case 'a', 'v', 'x', 'U':
			return appendStrict(dst[:start], v)
		}
		b = b[i+2:]
	}
}

func appendStrict(dst []byte, v *fastjson.Value) []byte {
	switch v.Type() {
	case fastjson.TypeObject:
		o, _ := v.Object()
		dst = append(dst, '{')
		n := 0
		o.Visit(func(k []byte, x *fastjson.Value) {
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			dst = jsonw.AppendString(dst, unsafeString(k))
			dst = append(dst, ':')
			dst = appendStrict(dst, x)
		})
		return append(dst, '}')
	case fastjson.TypeArray:
		a, _ := v.Array()
		dst = append(dst, '[')
		for i, x := range a {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendStrict(dst, x)
		}
		return append(dst, ']')
	case fastjson.TypeString:
		return jsonw.AppendString(dst, unsafeString(v.GetStringBytes()))
	}
	return v.MarshalTo(dst) // numbers as written, true, false, null
}

// unsafeString views b as a string for a call that copies it.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
