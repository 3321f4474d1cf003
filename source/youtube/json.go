package youtube

import (
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

// under prefixes the path of e with the object it is in: "snippet" +
// "title" gives "snippet.title".
func under(e *jsonfield.Error, path string) *jsonfield.Error {
	if e != nil && path != "" {
		e.Field = path + "." + e.Field
	}
	return e
}

func isNull(v *fastjson.Value) bool { return v == nil || v.Type() == fastjson.TypeNull }

// object returns the object under key, nil when it is absent or null.
func object(o *fastjson.Value, key string) (*fastjson.Value, *jsonfield.Error) {
	v := o.Get(key)
	if isNull(v) {
		return nil, nil
	}
	if v.Type() != fastjson.TypeObject {
		return nil, bad(key, "want an object, not %s", v.Type())
	}
	return v, nil
}

// str returns the string under key, "" when it is absent or null.
func str(o *fastjson.Value, key string) (string, *jsonfield.Error) {
	if o == nil {
		return "", nil
	}
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
	if o == nil {
		return nil, nil
	}
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

func boolean(o *fastjson.Value, key string) (bool, *jsonfield.Error) {
	if o == nil {
		return false, nil
	}
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

// count returns the count under key, unknown when absent or null. The API
// writes the statistics of videos and channels as strings of digits (they
// may pass 2^53) and the likes of comments as numbers; both are read.
func count(o *fastjson.Value, key string) (scrutineer.Count, *jsonfield.Error) {
	if o == nil {
		return scrutineer.Count{}, nil
	}
	v := o.Get(key)
	if isNull(v) {
		return scrutineer.Count{}, nil
	}
	var n int64
	var err error
	switch v.Type() {
	case fastjson.TypeNumber:
		n, err = v.Int64()
	case fastjson.TypeString:
		s := v.GetStringBytes()
		err = strconv.ErrSyntax
		if len(s) > 0 && len(s) <= 19 && s[0] >= '0' && s[0] <= '9' {
			n, err = strconv.ParseInt(string(s), 10, 64)
		}
	default:
		err = strconv.ErrSyntax
	}
	if err != nil || n < 0 {
		return scrutineer.Count{}, bad(key, "want a count: a whole number, 0 or more, not %s", describe(v))
	}
	return scrutineer.Known(n), nil
}

// timestamp returns the RFC 3339 time under key in UTC; the zero time when
// absent and not required.
func timestamp(o *fastjson.Value, key string, required bool) (time.Time, *jsonfield.Error) {
	var v *fastjson.Value
	if o != nil {
		v = o.Get(key)
	}
	if isNull(v) {
		if required {
			return time.Time{}, bad(key, "missing")
		}
		return time.Time{}, nil
	}
	b, err := v.StringBytes()
	if err != nil {
		return time.Time{}, bad(key, "want an RFC 3339 time, not %s", v.Type())
	}
	t, err := time.Parse(time.RFC3339Nano, string(b))
	if err != nil || t.IsZero() {
		return time.Time{}, bad(key, "want an RFC 3339 time, not %s", describe(v))
	}
	return t.UTC(), nil
}

// describe names a value for an error message: its type, or a short quote.
func describe(v *fastjson.Value) string {
	switch v.Type() {
	case fastjson.TypeString:
		return source.Quote(source.String(v.GetStringBytes()))
	case fastjson.TypeNumber:
		return source.Quote(string(v.MarshalTo(nil)))
	}
	return v.Type().String()
}
