package source

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/valyala/fastjson"
)

// depthOK is the nesting rule validJSON adds to encoding/json's.
func depthOK(b []byte) bool { return !tooDeep(b) }

// tooDeep, the oracle, reports whether b nests arrays and objects deeper than the
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

func TestValidJSON(t *testing.T) {
	for _, s := range []string{
		``, ` `, `{}`, `[]`, `[1,2]`, `{"a":1}`, ` {"a" : [true, false, null, -0.5e+3, "x\"\\\/\b\f\n\r\t\u00e9"]} `,
		`{"a":1,}`, `[1,]`, `[,1]`, `{"a"}`, `{"a":}`, `{1:2}`, `{"a":1 "b":2}`, `[1 2]`, `"x`, `"\x"`, `"\u12"`, `"\u12G4"`,
		"\"tab\tin\"", "\"nl\nin\"", `01`, `-`, `1.`, `.5`, `1e`, `1e+`, `+1`, `-01`, `1.5E-7`, `tru`, `nulll`, `truefalse`, `{} {}`,
		`[[[]]]`, `{"a":{"b":{"c":[{}]}}}`, `"é — 🗳"`, "\"\xff\"", `[1]]`, `{]`, `[}`, `{"a":1}}`, "\u00a0[]",
		strings.Repeat("[", fastjson.MaxDepth) + strings.Repeat("]", fastjson.MaxDepth),
		strings.Repeat("[", fastjson.MaxDepth+1) + strings.Repeat("]", fastjson.MaxDepth+1),
		`"` + strings.Repeat("abcdefgh", 10) + `\"` + strings.Repeat("ijklmnop", 3) + `"`,
	} {
		want := json.Valid([]byte(s)) && depthOK([]byte(s))
		if err := validJSON([]byte(s)); (err == nil) != want {
			t.Errorf("%.60q: %v, want valid %v", s, err, want)
		}
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `"x\u00e9\n"`, `-1.5e3`, `[[]`, "\"\x01\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := json.Valid(b) && depthOK(b)
		if err := validJSON(b); (err == nil) != want {
			t.Fatalf("%q: %v, want valid %v", b, err, want)
		}
	})
}

func BenchmarkValidJSON(b *testing.B) {
	doc := []byte(`{"id":"1712345678901234567","text":"Les bureaux de vote ferment à 21 h, pas à 19 h. Partagez! \"vrai\" https://example.org/a?x=1","entities":{"hashtags":[{"start":1,"end":9,"tag":"élection"}],"urls":[{"url":"https://t.co/abc","expanded_url":"https://example.org/a"}]},"public_metrics":{"retweet_count":12,"like_count":40},"lang":"fr","created_at":"2026-10-19T09:15:00.000Z"}`)
	b.Run("one-pass", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			if validJSON(doc) != nil {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("fastjson", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			if tooDeep(doc) || fastjson.ValidateBytes(doc) != nil {
				b.Fatal("invalid")
			}
		}
	})
}
