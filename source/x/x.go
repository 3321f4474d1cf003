// Package x reads what researchers save from X (Twitter): X API v2
// responses (FormatV2) and Twitter API v1.1 tweet objects (FormatV1).
package x

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// FormatV2 reads X API v2 responses: search and timeline pages, tweet and
// user lookups, filtered and sampled stream lines, and tweets one a line
// as twarc2 flattens them.
var FormatV2 = source.Format{
	Name:     "x-v2",
	Platform: scrutineer.PlatformX,
	About:    "X API v2 responses (search, timelines, lookups, stream lines), JSON Lines or documents",
	Sniff:    sniffV2,
	Read:     readV2,
}

// FormatV1 reads Twitter API v1.1 tweet objects: JSON Lines of tweets (the
// streaming API, academic datasets), JSON arrays of tweets (timelines, or a
// file that is one array) and search responses.
var FormatV1 = source.Format{
	Name:     "x-v1",
	Platform: scrutineer.PlatformX,
	About:    "Twitter API v1.1 tweets (streaming API, timelines, search), JSON Lines or arrays",
	Sniff:    sniffV1,
	Read:     readV1,
}

// fieldError is a field of a record that cannot be read.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }

// under puts a field error below prefix ("data[3]."); the path is built
// only when something is wrong.
func under(prefix string, err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		return &fieldError{prefix + fe.field, fe.err}
	}
	return &fieldError{strings.TrimSuffix(prefix, "."), err}
}

func indexed(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]." }

var errMissing = errors.New("missing")

func wrongType(want string, v *fastjson.Value) error {
	return errors.New("want " + want + ", got " + v.Type().String())
}

// getter reads the fields of a record, keeping the first field that is
// missing or of the wrong type; null counts as absent.
type getter struct{ err error }

func (g *getter) fail(key string, err error) {
	if g.err == nil {
		g.err = &fieldError{key, err}
	}
}

func (g *getter) str(v *fastjson.Value, key string) string {
	f := v.Get(key)
	if f == nil {
		return ""
	}
	switch f.Type() {
	case fastjson.TypeString:
		b, _ := f.StringBytes()
		return text(b)
	case fastjson.TypeNull:
		return ""
	}
	g.fail(key, wrongType("a string", f))
	return ""
}

// need is str for a field the record cannot do without.
func (g *getter) need(v *fastjson.Value, key string) string {
	s := g.str(v, key)
	if s == "" && g.err == nil {
		g.fail(key, errMissing)
	}
	return s
}

func (g *getter) boolean(v *fastjson.Value, key string) bool {
	f := v.Get(key)
	if f == nil {
		return false
	}
	switch f.Type() {
	case fastjson.TypeTrue:
		return true
	case fastjson.TypeFalse, fastjson.TypeNull:
		return false
	}
	g.fail(key, wrongType("true or false", f))
	return false
}

func (g *getter) count(v *fastjson.Value, key string) scrutineer.Count {
	f := v.Get(key)
	if f == nil {
		return scrutineer.Count{}
	}
	switch f.Type() {
	case fastjson.TypeNull:
		return scrutineer.Count{}
	case fastjson.TypeNumber:
		if n, err := f.Int64(); err == nil {
			return scrutineer.Known(n)
		}
		// Some pipelines write counts as floats ("12.0").
		if x, err := f.Float64(); err == nil && x == float64(int64(x)) && x >= -1<<62 && x <= 1<<62 {
			return scrutineer.Known(int64(x))
		}
		g.fail(key, errors.New("not an integer"))
		return scrutineer.Count{}
	}
	g.fail(key, wrongType("a number", f))
	return scrutineer.Count{}
}

// obj returns the object at key, or nil when it is absent or null.
func (g *getter) obj(v *fastjson.Value, key string) *fastjson.Value {
	f := v.Get(key)
	if f == nil {
		return nil
	}
	switch f.Type() {
	case fastjson.TypeObject:
		return f
	case fastjson.TypeNull:
		return nil
	}
	g.fail(key, wrongType("an object", f))
	return nil
}

// arr returns the elements of the array at key.
func (g *getter) arr(v *fastjson.Value, key string) []*fastjson.Value {
	f := v.Get(key)
	if f == nil {
		return nil
	}
	switch f.Type() {
	case fastjson.TypeArray:
		a, _ := f.Array()
		return a
	case fastjson.TypeNull:
		return nil
	}
	g.fail(key, wrongType("an array", f))
	return nil
}

// strs reads an array of strings.
func (g *getter) strs(v *fastjson.Value, key string) []string {
	var out []string
	for i, e := range g.arr(v, key) {
		switch e.Type() {
		case fastjson.TypeString:
			b, _ := e.StringBytes()
			out = append(out, text(b))
		case fastjson.TypeNull:
		default:
			g.fail(key+"["+strconv.Itoa(i)+"]", wrongType("a string", e))
			return nil
		}
	}
	return out
}

// time reads a timestamp; parse is tried first, then source.ParseTime.
func (g *getter) time(v *fastjson.Value, key string, required bool, parse func(string) (time.Time, bool)) time.Time {
	s := g.str(v, key)
	if s == "" {
		if required && g.err == nil {
			g.fail(key, errMissing)
		}
		return time.Time{}
	}
	if t, ok := parse(s); ok {
		return t
	}
	ns, err := source.ParseTime(s)
	if err != nil {
		g.fail(key, err)
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

// parseISO reads the v2 form, "2025-03-23T14:00:00.000Z".
func parseISO(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC(), err == nil
}

// parseRuby reads the v1.1 form, "Wed Oct 10 20:19:24 +0000 2018".
func parseRuby(s string) (time.Time, bool) {
	t, err := time.Parse(time.RubyDate, s)
	return t.UTC(), err == nil
}

// text copies a string out of the parser's buffer, each byte that is not
// valid UTF-8 becoming U+FFFD, as encoding/json does.
func text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			sb.WriteString("\uFFFD")
		} else {
			sb.Write(b[:n])
		}
		b = b[n:]
	}
	return sb.String()
}

// unescapeText undoes the escaping X applies to tweet text: '&', '<' and
// '>' come as "&amp;", "&lt;" and "&gt;", and nothing else is escaped.
func unescapeText(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return textUnescaper.Replace(s)
}

var textUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// mediaType maps X's media types to the normalized ones.
func mediaType(t string) string {
	switch t {
	case "animated_gif":
		return "gif"
	}
	return t
}

func postURL(handle, id string) string {
	if handle == "" {
		return ""
	}
	return "https://x.com/" + handle + "/status/" + id
}

func profileURL(handle string) string {
	if handle == "" {
		return ""
	}
	return "https://x.com/" + handle
}

// reader is what the v1.1 and v2 readers share: the parser, where the
// value being read is, and how to reject it or keep part of it.
type reader struct {
	p       fastjson.Parser
	file    string
	sink    source.Sink
	line    int
	scratch []byte
}

func (rd *reader) reject(field string, err error) {
	var fe *fieldError
	if errors.As(err, &fe) {
		field, err = field+fe.field, fe.err
	}
	field = strings.TrimSuffix(field, ".")
	rd.sink.Reject(&source.RowError{File: rd.file, Line: rd.line, Field: field, Err: err})
}

// raw copies v out as JSON, for a record's Raw.
func (rd *reader) raw(v *fastjson.Value) []byte {
	rd.scratch = source.AppendValue(rd.scratch[:0], v)
	return bytes.Clone(rd.scratch)
}

// parse validates and parses the value on line, rejecting it (nil) when
// it is not JSON.
func (rd *reader) parse(raw []byte, line int) *fastjson.Value {
	rd.line = line
	if err := source.ValidateJSON(raw); err != nil {
		rd.reject("", err)
		return nil
	}
	v, err := rd.p.ParseBytes(raw)
	if err != nil {
		rd.reject("", err)
		return nil
	}
	return v
}
