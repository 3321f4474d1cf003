package jsonfield_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source/jsonfield"
	"github.com/valyala/fastjson"
)

func parse(t testing.TB, s string) *fastjson.Value {
	t.Helper()
	v, err := fastjson.Parse(s)
	if err != nil {
		t.Fatalf("parse %s: %v", s, err)
	}
	return v
}

// check compares the decoder's error with want, "" meaning none.
func check(t *testing.T, d *jsonfield.Decoder, want string) {
	t.Helper()
	switch {
	case want == "" && d.Err != nil:
		t.Errorf("error %q, want none", d.Err)
	case want != "" && d.Err == nil:
		t.Errorf("no error, want %q", want)
	case want != "" && d.Err.Error() != want:
		t.Errorf("error %q, want %q", d.Err, want)
	}
}

func TestJoin(t *testing.T) {
	for _, c := range []struct{ prefix, key, want string }{
		{"", "", ""},
		{"", "a", "a"},
		{"a", "", "a"},
		{"a", "b", "a.b"},
		{"a", "[0]", "a[0]"},
		{"a.b", "c", "a.b.c"},
		{"", "[1]", "[1]"},
	} {
		if got := jsonfield.Join(c.prefix, c.key); got != c.want {
			t.Errorf("Join(%q, %q) = %q, want %q", c.prefix, c.key, got, c.want)
		}
	}
}

func TestGet(t *testing.T) {
	v := parse(t, `{"a":1,"n":null,"o":{},"s":""}`)
	for _, c := range []struct {
		key  string
		want string // the value's JSON, "" for nil
	}{
		{"a", "1"},
		{"n", ""},
		{"absent", ""},
		{"o", "{}"},
		{"s", `""`},
	} {
		x := jsonfield.Get(v, c.key)
		got := ""
		if x != nil {
			got = x.String()
		}
		if got != c.want {
			t.Errorf("Get(%q) = %q, want %q", c.key, got, c.want)
		}
	}
	if jsonfield.Get(nil, "a") != nil {
		t.Error("Get(nil) is not nil")
	}
	if jsonfield.Get(parse(t, `[1]`), "0") == nil {
		t.Error(`Get([1], "0") is nil: fastjson indexes arrays by number`)
	}
}

const doc = `{
	"s": "text", "bad": "a` + "\xff" + `b", "e": "", "n": null,
	"i": 42, "neg": -3, "f": 1.5, "big": 100000000000000000000,
	"t": true, "fa": false, "o": {"k": 1}, "a": [1, {"x": 2}],
	"time": "2024-05-01T12:00:00+02:00", "unix": "1700000000",
	"early": "1600-01-01T00:00:00Z", "late": "2300-01-01T00:00:00Z", "junk": "yesterday"
}`

func TestStr(t *testing.T) {
	v := parse(t, doc)
	for _, c := range []struct {
		key, want, err string
	}{
		{"s", "text", ""},
		{"bad", "a\uFFFDb", ""},
		{"e", "", ""},
		{"n", "", ""},
		{"absent", "", ""},
		{"i", "", "p.i: want a string, have number"},
		{"o", "", "p.o: want a string, have object"},
		{"t", "", "p.t: want a string, have true"},
	} {
		t.Run(c.key, func(t *testing.T) {
			var d jsonfield.Decoder
			if got := d.Str(v, "p", c.key); got != c.want {
				t.Errorf("Str = %q, want %q", got, c.want)
			}
			check(t, &d, c.err)
		})
	}
	var d jsonfield.Decoder
	if got := d.Str(nil, "p", "s"); got != "" || d.Err != nil {
		t.Errorf("Str(nil) = %q, %v", got, d.Err)
	}
}

func TestObj(t *testing.T) {
	v := parse(t, doc)
	for _, c := range []struct {
		key  string
		want bool // whether an object comes back
		err  string
	}{
		{"o", true, ""},
		{"n", false, ""},
		{"absent", false, ""},
		{"a", false, "p.a: want an object, have array"},
		{"s", false, "p.s: want an object, have string"},
	} {
		t.Run(c.key, func(t *testing.T) {
			var d jsonfield.Decoder
			if got := d.Obj(v, "p", c.key); (got != nil) != c.want {
				t.Errorf("Obj = %v, want an object: %v", got, c.want)
			}
			check(t, &d, c.err)
		})
	}
}

func TestArr(t *testing.T) {
	v := parse(t, doc)
	for _, c := range []struct {
		key  string
		want int
		err  string
	}{
		{"a", 2, ""},
		{"n", 0, ""},
		{"absent", 0, ""},
		{"o", 0, "p.o: want an array, have object"},
		{"s", 0, "p.s: want an array, have string"},
	} {
		t.Run(c.key, func(t *testing.T) {
			var d jsonfield.Decoder
			if got := d.Arr(v, "p", c.key); len(got) != c.want {
				t.Errorf("Arr has %d elements, want %d", len(got), c.want)
			}
			check(t, &d, c.err)
		})
	}
}

func TestIsObj(t *testing.T) {
	a := parse(t, `[{}, 1, null, "s"]`).GetArray()
	for _, c := range []struct {
		i    int
		key  string
		want bool
		err  string
	}{
		{0, "[0]", true, ""},
		{1, "[1]", false, "p.a[1]: want an object, have number"},
		{2, "[2]", false, "p.a[2]: want an object, have null"},
		{3, "", false, "p.a: want an object, have string"},
	} {
		var d jsonfield.Decoder
		if got := d.IsObj(a[c.i], "p.a", c.key); got != c.want {
			t.Errorf("IsObj(%s) = %v, want %v", a[c.i], got, c.want)
		}
		check(t, &d, c.err)
	}
}

func TestInt(t *testing.T) {
	v := parse(t, doc)
	for _, c := range []struct {
		key  string
		want int64
		ok   bool
		err  string
	}{
		{"i", 42, true, ""},
		{"neg", -3, true, ""},
		{"n", 0, false, ""},
		{"absent", 0, false, ""},
		{"s", 0, false, "p.s: want a number, have string"},
		{"f", 0, false, "p.f: want an integer: "},
		{"big", 0, false, "p.big: want an integer: "},
	} {
		t.Run(c.key, func(t *testing.T) {
			var d jsonfield.Decoder
			n, ok := d.Int(v, "p", c.key)
			if n != c.want || ok != c.ok {
				t.Errorf("Int = %d, %v, want %d, %v", n, ok, c.want, c.ok)
			}
			// The cause after the path is fastjson's wording.
			if c.err != "" && d.Err != nil && strings.HasPrefix(d.Err.Error(), c.err) {
				return
			}
			check(t, &d, c.err)
		})
	}
}

func TestCount(t *testing.T) {
	v := parse(t, doc)
	for _, c := range []struct {
		key  string
		want scrutineer.Count
		err  string
	}{
		{"i", scrutineer.Known(42), ""},
		{"n", scrutineer.Count{}, ""},
		{"absent", scrutineer.Count{}, ""},
		{"neg", scrutineer.Count{}, "p.neg: want a count, have -3"},
		{"f", scrutineer.Count{}, "p.f: want a count, have 1.5"},
		{"big", scrutineer.Count{}, "p.big: want a count, have 100000000000000000000"},
		{"s", scrutineer.Count{}, "p.s: want a number, have string"},
	} {
		t.Run(c.key, func(t *testing.T) {
			var d jsonfield.Decoder
			if got := d.Count(v, "p", c.key); got != c.want {
				t.Errorf("Count = %v, want %v", got, c.want)
			}
			check(t, &d, c.err)
		})
	}
	var d jsonfield.Decoder
	if got := d.Count(parse(t, `{"z":0}`), "", "z"); got != scrutineer.Known(0) {
		t.Errorf("Count of 0 = %v, want a known 0", got)
	}
}

func TestBool(t *testing.T) {
	v := parse(t, doc)
	for _, c := range []struct {
		key      string
		want, ok bool
		err      string
	}{
		{"t", true, true, ""},
		{"fa", false, true, ""},
		{"n", false, false, ""},
		{"absent", false, false, ""},
		{"i", false, false, "p.i: want true or false, have number"},
		{"s", false, false, "p.s: want true or false, have string"},
	} {
		t.Run(c.key, func(t *testing.T) {
			var d jsonfield.Decoder
			b, ok := d.Bool(v, "p", c.key)
			if b != c.want || ok != c.ok {
				t.Errorf("Bool = %v, %v, want %v, %v", b, ok, c.want, c.ok)
			}
			check(t, &d, c.err)
		})
	}
}

func TestTime(t *testing.T) {
	v := parse(t, doc)
	for _, c := range []struct {
		key  string
		want time.Time
		err  string
	}{
		{"time", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), ""},
		{"unix", time.Unix(1700000000, 0).UTC(), ""},
		{"e", time.Time{}, ""},
		{"n", time.Time{}, ""},
		{"absent", time.Time{}, ""},
		{"i", time.Time{}, "p.i: want a string, have number"},
		{"early", time.Time{}, `p.early: timestamp "1600-01-01T00:00:00Z" out of range (years 1678 to 2261)`},
		{"late", time.Time{}, `p.late: timestamp "2300-01-01T00:00:00Z" out of range (years 1678 to 2261)`},
		{"junk", time.Time{}, `p.junk: unrecognised timestamp "yesterday" (want Unix seconds, RFC 3339, "YYYY-MM-DD HH:MM:SS" or "Wed Oct 10 20:19:24 +0000 2018")`},
	} {
		t.Run(c.key, func(t *testing.T) {
			var d jsonfield.Decoder
			got := d.Time(v, "p", c.key)
			if !got.Equal(c.want) || got.Location() != time.UTC {
				t.Errorf("Time = %v, want %v in UTC", got, c.want)
			}
			check(t, &d, c.err)
		})
	}
}

// TestFirstError checks that the first error is kept, and that reads after
// it still return values.
func TestFirstError(t *testing.T) {
	v := parse(t, doc)
	var d jsonfield.Decoder
	d.Str(v, "", "i")
	d.Obj(v, "", "s")
	if got := d.Str(v, "", "s"); got != "text" {
		t.Errorf("Str after an error = %q", got)
	}
	d.Fail("x", "y", "late")
	check(t, &d, "i: want a string, have number")
}

func TestFail(t *testing.T) {
	var d jsonfield.Decoder
	d.Fail("a.b", "[3]", "want %d, have %s", 1, "two")
	check(t, &d, "a.b[3]: want 1, have two")
	if d.Err.Field != "a.b[3]" {
		t.Errorf("Field = %q", d.Err.Field)
	}
}

func TestError(t *testing.T) {
	base := errors.New("why")
	e := &jsonfield.Error{Field: "a", Err: base}
	if e.Error() != "a: why" {
		t.Errorf("Error() = %q", e.Error())
	}
	if !errors.Is(e, base) {
		t.Error("errors.Is does not see the cause")
	}
	if got := (&jsonfield.Error{Err: base}).Error(); got != "why" {
		t.Errorf("Error() without a field = %q", got)
	}
}

// FuzzDecoder reads every key of every object in the input with every
// getter; none may panic, and a string read must be valid UTF-8.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte(doc))
	f.Add([]byte(`{"a":[null,{"b":"\ud800"}],"c":-0,"d":1e400}`))
	f.Add([]byte(`[{"x":"0000-01-01"},"0999-"]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p fastjson.Parser
		v, err := p.ParseBytes(b)
		if err != nil {
			return
		}
		walk(t, v, "", 0)
	})
}

func walk(t *testing.T, v *fastjson.Value, path string, depth int) {
	if depth > 16 {
		return
	}
	switch v.Type() {
	case fastjson.TypeArray:
		var d jsonfield.Decoder
		for i, x := range v.GetArray() {
			ip := "[" + strconv.Itoa(i) + "]"
			d.IsObj(x, path, ip)
			walk(t, x, jsonfield.Join(path, ip), depth+1)
		}
	case fastjson.TypeObject:
		o, _ := v.Object()
		o.Visit(func(k []byte, x *fastjson.Value) {
			key := string(k)
			var d jsonfield.Decoder
			if s := d.Str(v, path, key); !utf8.ValidString(s) {
				t.Errorf("Str(%q) = %q, not UTF-8", key, s)
			}
			d.Obj(v, path, key)
			d.Arr(v, path, key)
			d.Int(v, path, key)
			d.Count(v, path, key)
			d.Bool(v, path, key)
			d.Time(v, path, key)
			jsonfield.Get(v, key)
			if d.Err != nil {
				_ = d.Err.Error()
			}
			walk(t, x, jsonfield.Join(path, key), depth+1)
		})
	}
}
