package telegram

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer/source"
)

// text copies a string out of fastjson's buffers, replacing what is not
// UTF-8 (a lone surrogate escape decodes to such bytes).
func text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// str returns the string at key: "" when it is absent or null, an error
// when it is of another type.
func str(v *fastjson.Value, key string) (string, error) {
	x := v.Get(key)
	if x == nil {
		return "", nil
	}
	switch x.Type() {
	case fastjson.TypeString:
		return text(x.GetStringBytes()), nil
	case fastjson.TypeNull:
		return "", nil
	}
	return "", wantType("a string", x)
}

// integer reads a JSON integer (as a number or, since Telegram writes
// Unix times as strings, as a string of digits).
func integer(x *fastjson.Value, strOK bool) (int64, error) {
	switch x.Type() {
	case fastjson.TypeNumber:
		n, err := x.Int64()
		if err != nil {
			return 0, fmt.Errorf("want an integer, got %s", x.String())
		}
		return n, nil
	case fastjson.TypeString:
		if strOK {
			s := x.GetStringBytes()
			var n int64
			if len(s) == 0 || len(s) > 18 {
				return 0, fmt.Errorf("want an integer, got %s", source.Quote(text(s)))
			}
			for _, c := range s {
				if c < '0' || c > '9' {
					return 0, fmt.Errorf("want an integer, got %s", source.Quote(text(s)))
				}
				n = n*10 + int64(c-'0')
			}
			return n, nil
		}
	}
	return 0, wantType("an integer", x)
}

func wantType(want string, x *fastjson.Value) error {
	return fmt.Errorf("want %s, got %s", want, x.Type())
}

// unixTime reads Unix seconds given as a number or a string.
func unixTime(x *fastjson.Value) (time.Time, error) {
	n, err := integer(x, true)
	if err != nil {
		return time.Time{}, err
	}
	if n < minUnix || n > maxUnix {
		return time.Time{}, fmt.Errorf("time %d out of range", n)
	}
	return time.Unix(n, 0).UTC(), nil
}

// The range of times that nanoseconds since 1970 hold, as everything else
// in the project keeps them.
const (
	minUnix = -9223372036
	maxUnix = 9223372035
)

// localTime reads the export's "date", a local time without a zone.
func localTime(s string) (time.Time, error) {
	ns, err := source.ParseTime(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, ns).UTC(), nil
}

var errNotObject = errors.New("want a JSON object")
