package mastodon

import (
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer/source"
	"github.com/valyala/fastjson"
)

// fieldError is what makes a status malformed: the key at fault and why.
type fieldError struct {
	field string
	err   error
}

// dec reads typed values out of parsed JSON, keeping the first type error.
// A missing key or a null reads as the zero value. Paths for messages are
// built only when something fails.
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
	return source.String(b)
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
func (d *dec) isObj(x *fastjson.Value, prefix, key string) bool {
	if x.Type() == fastjson.TypeObject {
		return true
	}
	d.fail(prefix, key, "want an object, have %s", x.Type())
	return false
}

// count reads a non-negative integer count; unknown when absent or null.
// Some servers write counts as strings of digits.
func (d *dec) count(v *fastjson.Value, prefix, key string) (int64, bool) {
	x := get(v, key)
	if x == nil {
		return 0, false
	}
	if x.Type() != fastjson.TypeNumber {
		d.fail(prefix, key, "want a number, have %s", x.Type())
		return 0, false
	}
	n, err := x.Int64()
	if err != nil || n < 0 {
		d.fail(prefix, key, "want a count, have %s", x.String())
		return 0, false
	}
	return n, true
}

func (d *dec) boolean(v *fastjson.Value, prefix, key string) bool {
	x := get(v, key)
	if x == nil {
		return false
	}
	switch x.Type() {
	case fastjson.TypeTrue:
		return true
	case fastjson.TypeFalse:
		return false
	}
	d.fail(prefix, key, "want true or false, have %s", x.Type())
	return false
}

// time reads a timestamp in UTC; the zero time when absent.
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
			return time.Time{}, fmt.Errorf("timestamp %s out of range (years 1678 to 2261)", source.Quote(s))
		}
	}
	ns, err := source.ParseTime(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, ns).UTC(), nil
}
