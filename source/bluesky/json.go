package bluesky

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer/source"
	"github.com/valyala/fastjson"
)

// fieldError is what makes a record malformed: the key at fault and why.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }

// dec reads typed values out of parsed JSON, keeping the first type error.
// A missing key or a null is not an error: it reads as the zero value.
// Paths for messages are joined only when something fails.
type dec struct {
	err *fieldError
}

func (d *dec) fail(prefix, key string, format string, args ...any) {
	if d.err == nil {
		d.err = &fieldError{field: join(prefix, key), err: fmt.Errorf(format, args...)}
	}
}

func join(prefix, key string) string {
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

// get returns v[key], or nil when it is absent or null.
func get(v *fastjson.Value, key string) *fastjson.Value {
	if v == nil {
		return nil
	}
	x := v.Get(key)
	if x == nil || x.Type() == fastjson.TypeNull {
		return nil
	}
	return x
}

func (d *dec) str(v *fastjson.Value, prefix, key string) string {
	x := get(v, key)
	if x == nil {
		return ""
	}
	b, err := x.StringBytes()
	if err != nil {
		d.fail(prefix, key, "want a string, have %s", x.Type())
		return ""
	}
	return text(b)
}

func (d *dec) obj(v *fastjson.Value, prefix, key string) *fastjson.Value {
	x := get(v, key)
	if x == nil {
		return nil
	}
	if x.Type() != fastjson.TypeObject {
		d.fail(prefix, key, "want an object, have %s", x.Type())
		return nil
	}
	return x
}

func (d *dec) arr(v *fastjson.Value, prefix, key string) []*fastjson.Value {
	x := get(v, key)
	if x == nil {
		return nil
	}
	a, err := x.Array()
	if err != nil {
		d.fail(prefix, key, "want an array, have %s", x.Type())
		return nil
	}
	return a
}

// isObj checks that an element of an array is an object.
func (d *dec) isObj(x *fastjson.Value, path string) bool {
	if x.Type() == fastjson.TypeObject {
		return true
	}
	d.fail(path, "", "want an object, have %s", x.Type())
	return false
}

// int reads an integer; ok is false when the key is absent or null.
func (d *dec) int(v *fastjson.Value, prefix, key string) (n int64, ok bool) {
	x := get(v, key)
	if x == nil {
		return 0, false
	}
	if x.Type() != fastjson.TypeNumber {
		d.fail(prefix, key, "want a number, have %s", x.Type())
		return 0, false
	}
	n, err := x.Int64()
	if err != nil {
		d.fail(prefix, key, "want an integer: %v", err)
		return 0, false
	}
	return n, true
}

// boolean reads a boolean; ok is false when the key is absent or null.
func (d *dec) boolean(v *fastjson.Value, prefix, key string) (b, ok bool) {
	x := get(v, key)
	if x == nil {
		return false, false
	}
	switch x.Type() {
	case fastjson.TypeTrue:
		return true, true
	case fastjson.TypeFalse:
		return false, true
	}
	d.fail(prefix, key, "want true or false, have %s", x.Type())
	return false, false
}

// time reads a timestamp; the zero time when absent.
func (d *dec) time(v *fastjson.Value, prefix, key string) time.Time {
	s := d.str(v, prefix, key)
	if s == "" {
		return time.Time{}
	}
	t, err := parseTime(s)
	if err != nil {
		d.fail(prefix, key, "%v", err)
	}
	return t
}

// text copies a JSON string out of the parser's buffer, replacing what is
// not UTF-8 (fastjson does not check).
func text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

var errYear = errors.New("timestamp out of range (years 1678 to 2261)")

// parseTime reads a timestamp in UTC. Unix nanoseconds cover the years
// 1678 to 2261 only, so a year outside them is an error rather than a
// wrapped-around time.
func parseTime(s string) (time.Time, error) {
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
			return time.Time{}, errYear
		}
	}
	ns, err := source.ParseTime(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, ns).UTC(), nil
}
