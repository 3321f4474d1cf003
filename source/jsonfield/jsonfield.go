// Package jsonfield reads typed fields out of JSON parsed by fastjson for
// the format readers whose records are JSON objects.
//
// A Decoder keeps the first type error it meets, with the path of the key
// at fault, so that a reader can read a whole record and look once at the
// end. A missing key and a null read alike as the zero value: platforms
// drop and null out fields freely, and neither makes a record malformed.
//
// Every getter takes the path of the enclosing object (prefix) and the key
// separately; the two are joined only when something fails, so that
// well-formed input costs no allocation per field read.
package jsonfield

import (
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/valyala/fastjson"
)

// Error is what makes a record malformed: the path of the key at fault
// and why.
type Error struct {
	Field string // e.g. "commit.record.facets[0].index"
	Err   error
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Err.Error()
	}
	return e.Field + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Decoder reads typed values, keeping the first error in Err. The zero
// Decoder is ready to use; reset it to the zero value between records.
type Decoder struct {
	Err *Error
}

// Fail records an error at Join(prefix, key) unless one is already held.
func (d *Decoder) Fail(prefix, key string, format string, args ...any) {
	if d.Err == nil {
		d.Err = &Error{Field: Join(prefix, key), Err: fmt.Errorf(format, args...)}
	}
}

// Join appends key to the path prefix: with a dot for a key, without one
// for an index such as "[2]", and leaving either side out when empty.
func Join(prefix, key string) string {
	switch {
	case prefix == "":
		return key
	case key == "":
		return prefix
	case key[0] == '[':
		return prefix + key
	}
	return prefix + "." + key
}

// Get returns v[key], or nil when v is nil or the key is absent or null.
func Get(v *fastjson.Value, key string) *fastjson.Value {
	if v == nil {
		return nil
	}
	x := v.Get(key)
	if x == nil || x.Type() == fastjson.TypeNull {
		return nil
	}
	return x
}

// Str reads a string, copied out of the parser's buffer as valid UTF-8
// (fastjson does not check); "" when absent.
func (d *Decoder) Str(v *fastjson.Value, prefix, key string) string {
	x := Get(v, key)
	if x == nil {
		return ""
	}
	b, err := x.StringBytes()
	if err != nil {
		d.Fail(prefix, key, "want a string, have %s", x.Type())
		return ""
	}
	return source.String(b)
}

// Obj reads an object; nil when absent.
func (d *Decoder) Obj(v *fastjson.Value, prefix, key string) *fastjson.Value {
	x := Get(v, key)
	if x == nil {
		return nil
	}
	if x.Type() != fastjson.TypeObject {
		d.Fail(prefix, key, "want an object, have %s", x.Type())
		return nil
	}
	return x
}

// Arr reads an array; nil when absent.
func (d *Decoder) Arr(v *fastjson.Value, prefix, key string) []*fastjson.Value {
	x := Get(v, key)
	if x == nil {
		return nil
	}
	a, err := x.Array()
	if err != nil {
		d.Fail(prefix, key, "want an array, have %s", x.Type())
		return nil
	}
	return a
}

// IsObj reports whether x, an element of an array at Join(prefix, key), is
// an object, failing if not. Taking the element's path in two parts lets
// callers pass "[i]" as key and the array's path as prefix.
func (d *Decoder) IsObj(x *fastjson.Value, prefix, key string) bool {
	if x.Type() == fastjson.TypeObject {
		return true
	}
	d.Fail(prefix, key, "want an object, have %s", x.Type())
	return false
}

// Int reads an integer; ok is false when absent or on error.
func (d *Decoder) Int(v *fastjson.Value, prefix, key string) (n int64, ok bool) {
	x := Get(v, key)
	if x == nil {
		return 0, false
	}
	if x.Type() != fastjson.TypeNumber {
		d.Fail(prefix, key, "want a number, have %s", x.Type())
		return 0, false
	}
	n, err := x.Int64()
	if err != nil {
		d.Fail(prefix, key, "want an integer: %v", err)
		return 0, false
	}
	return n, true
}

// Count reads a non-negative integer; unknown when absent or on error,
// since an absent count is not a count of zero.
func (d *Decoder) Count(v *fastjson.Value, prefix, key string) scrutineer.Count {
	x := Get(v, key)
	if x == nil {
		return scrutineer.Count{}
	}
	if x.Type() != fastjson.TypeNumber {
		d.Fail(prefix, key, "want a number, have %s", x.Type())
		return scrutineer.Count{}
	}
	n, err := x.Int64()
	if err != nil || n < 0 {
		d.Fail(prefix, key, "want a count, have %s", x.String())
		return scrutineer.Count{}
	}
	return scrutineer.Known(n)
}

// Bool reads true or false; ok is false when absent or on error, so that
// callers can tell an explicit false from nothing said.
func (d *Decoder) Bool(v *fastjson.Value, prefix, key string) (b, ok bool) {
	x := Get(v, key)
	if x == nil {
		return false, false
	}
	switch x.Type() {
	case fastjson.TypeTrue:
		return true, true
	case fastjson.TypeFalse:
		return false, true
	}
	d.Fail(prefix, key, "want true or false, have %s", x.Type())
	return false, false
}

// Time reads a timestamp string (see ParseTime) in UTC; the zero time when
// absent, empty or on error.
func (d *Decoder) Time(v *fastjson.Value, prefix, key string) time.Time {
	s := d.Str(v, prefix, key)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseTime(s)
	if err != nil {
		d.Fail(prefix, key, "%v", err)
		return time.Time{}
	}
	return t
}

// ParseTime reads a timestamp in any form source.ParseTime knows, in UTC.
// Unix nanoseconds cover the years 1678 to 2261 only, so a year outside
// them is an error rather than a wrapped-around time.
func ParseTime(s string) (time.Time, error) {
	if len(s) >= 5 && s[4] == '-' {
		y := 0
		for i := 0; i < 4; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				y = -1
				break
			}
			y = y*10 + int(c-'0')
		}
		if y >= 0 && (y < 1678 || y > 2261) {
			return time.Time{}, fmt.Errorf("timestamp %s out of range (years 1678 to 2261)", source.Quote(s))
		}
	}
	ns, err := source.ParseTime(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, ns).UTC(), nil
}
