package source_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer/source"
)

func TestValidateJSON(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`{"a":"b"}`, true},
		{"{\n  \"a\": \"b\\\"\",\n\t\"c\": [1, 2]\n}", true},
		{"{\"a\":\"b\\n\tc\"}", false}, // a raw tab in a string with an escape
		{"{\"a\":\"\x01\"}", false},
		{`{"a":"\\"}`, true},
		{`{"a":.5}`, false},
		{`{"a":"\x41"}`, false},
		{"{\"a\":\n \"b\\\\\",\n\t\"c\": \"d\\\"e\"}", true},
		{"{\"a\\\\\":\n \"x\x01\"}", false},
		{"{\"a\":\"\\\"\x1f\"}", false},
	} {
		err := source.ValidateJSON([]byte(tc.in))
		if (err == nil) != tc.ok || (err == nil) != json.Valid([]byte(tc.in)) {
			t.Errorf("ValidateJSON(%q) = %v, want ok %v", tc.in, err, tc.ok)
		}
	}
}

func TestAppendValue(t *testing.T) {
	for _, in := range []string{
		`{"a":"plain","b":[1,2.5e3,true,null],"c":{"d":"\u00e9\n"}}`,
		`{"bell":"\u0007","vt":"\u000b","bad":"\ud800"}`,
		`"\u0000x"`,
	} {
		var p fastjson.Parser
		v, err := p.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		v.GetStringBytes("c", "d") // unescapes in place
		v.GetStringBytes("bell")
		out := source.AppendValue(nil, v)
		var a, b any
		if json.Unmarshal(out, &a) != nil || json.Unmarshal([]byte(in), &b) != nil {
			t.Fatalf("AppendValue(%s) = %s, not JSON", in, out)
		}
	}
}

func FuzzValidateJSON(f *testing.F) {
	f.Add(`{"a":"b\n"}`)
	f.Add("[\"\\t\t\"]")
	f.Fuzz(func(t *testing.T, in string) {
		if (source.ValidateJSON([]byte(in)) == nil) != json.Valid([]byte(in)) {
			t.Fatalf("ValidateJSON(%q) disagrees with encoding/json", in)
		}
		var p fastjson.Parser
		if v, err := p.Parse(in); err == nil && json.Valid([]byte(in)) {
			if out := source.AppendValue(nil, v); !json.Valid(out) {
				t.Fatalf("AppendValue(%q) = %q", in, out)
			}
		}
	})
}

func TestValidateJSONDeep(t *testing.T) {
	deep := strings.Repeat("[", 5_000_000) + strings.Repeat("]", 5_000_000)
	if source.ValidateJSON([]byte(deep)) == nil {
		t.Error("five million nested arrays pass")
	}
	ok := `{"a":"` + strings.Repeat("[", 400) + `","b":[[[1]]]}`
	if err := source.ValidateJSON([]byte(ok)); err != nil {
		t.Errorf("brackets in a string: %v", err)
	}
}
