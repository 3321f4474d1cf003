package source

import (
	"bytes"
	"errors"
	"fmt"
	"unsafe"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer/internal/jsonw"
)

// ErrControl is a raw control character inside a JSON string.
var ErrControl = errors.New("control character in a string")

// ValidateJSON reports whether b is one JSON value, as strictly as
// encoding/json (fastjson's validator lets a raw control character
// through in a string that also holds an escape, and a record's Raw must
// be JSON that any reader takes), nested at most fastjson.MaxDepth deep.
func ValidateJSON(b []byte) error { return validJSON(b) }

var errTooDeep = fmt.Errorf("nested deeper than %d", fastjson.MaxDepth)

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
