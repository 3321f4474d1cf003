package tiktok

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/jsonfield"
	"github.com/valyala/fastjson"
)

// bad makes the error for the key field of an item.
func bad(field string, format string, a ...any) *jsonfield.Error {
	return &jsonfield.Error{Field: field, Err: fmt.Errorf(format, a...)}
}

// isNull reports whether v is absent or null.
func isNull(v *fastjson.Value) bool { return v == nil || v.Type() == fastjson.TypeNull }

// str returns the string under key, "" when it is absent or null.
func str(o *fastjson.Value, key string) (string, *jsonfield.Error) {
	v := o.Get(key)
	if isNull(v) {
		return "", nil
	}
	b, err := v.StringBytes()
	if err != nil {
		return "", bad(key, "want a string, not %s", v.Type())
	}
	return source.String(b), nil
}

// stringList returns the strings of the array under key.
func stringList(o *fastjson.Value, key string) ([]string, *jsonfield.Error) {
	v := o.Get(key)
	if isNull(v) {
		return nil, nil
	}
	a, err := v.Array()
	if err != nil {
		return nil, bad(key, "want an array of strings, not %s", v.Type())
	}
	out := make([]string, 0, len(a))
	for i, e := range a {
		b, err := e.StringBytes()
		if err != nil {
			return nil, bad(fmt.Sprintf("%s[%d]", key, i), "want a string, not %s", e.Type())
		}
		out = append(out, source.String(b))
	}
	return out, nil
}

// boolean returns the boolean under key, false when absent or null.
func boolean(o *fastjson.Value, key string) (bool, *jsonfield.Error) {
	v := o.Get(key)
	if isNull(v) {
		return false, nil
	}
	b, err := v.Bool()
	if err != nil {
		return false, bad(key, "want true or false, not %s", v.Type())
	}
	return b, nil
}

var errNotCount = errors.New("want a count: a whole number, 0 or more")

// whole reads a whole number, 0 or more, given as a JSON number or a string
// of digits (tools that fear float64 write big numbers as strings).
func whole(v *fastjson.Value) (int64, error) {
	switch v.Type() {
	case fastjson.TypeNumber:
		n, err := v.Int64()
		if err != nil || n < 0 {
			return 0, errNotCount
		}
		return n, nil
	case fastjson.TypeString:
		s := v.GetStringBytes()
		if len(s) == 0 || len(s) > 19 {
			return 0, errNotCount
		}
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, errNotCount
			}
		}
		n, err := strconv.ParseInt(string(s), 10, 64)
		if err != nil {
			return 0, errNotCount
		}
		return n, nil
	}
	return 0, errNotCount
}

// count returns the count under key: unknown when absent or null.
func count(o *fastjson.Value, key string) (scrutineer.Count, *jsonfield.Error) {
	v := o.Get(key)
	if isNull(v) {
		return scrutineer.Count{}, nil
	}
	n, err := whole(v)
	if err != nil {
		return scrutineer.Count{}, &jsonfield.Error{Field: key, Err: err}
	}
	return scrutineer.Known(n), nil
}

// id returns the TikTok id under key (an int64 the API writes as a JSON
// number; some tools write it as a string) in decimal, "" when absent.
func id(o *fastjson.Value, key string) (string, *jsonfield.Error) {
	v := o.Get(key)
	if isNull(v) {
		return "", nil
	}
	n, err := whole(v)
	if err != nil {
		return "", bad(key, "want a numeric id, not %s", describe(v))
	}
	return strconv.FormatInt(n, 10), nil
}

// lastSecond is the last second that encoding/json can write (9999-12-31).
const lastSecond = 253402300799

// unixTime returns the Unix seconds under key as a UTC time.
func unixTime(o *fastjson.Value, key string) (time.Time, *jsonfield.Error) {
	v := o.Get(key)
	if isNull(v) {
		return time.Time{}, bad(key, "missing")
	}
	n, err := whole(v)
	if err != nil || n == 0 || n > lastSecond {
		return time.Time{}, bad(key, "want Unix seconds, not %s", describe(v))
	}
	return time.Unix(n, 0).UTC(), nil
}

// describe names a value for an error message: its type, or a short quote.
func describe(v *fastjson.Value) string {
	switch v.Type() {
	case fastjson.TypeString:
		return strconv.Quote(truncate(source.String(v.GetStringBytes()), 40))
	case fastjson.TypeNumber:
		return truncate(string(v.MarshalTo(nil)), 40)
	}
	return v.Type().String()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
