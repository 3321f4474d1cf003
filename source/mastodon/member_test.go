package mastodon

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer/source"
)

func TestMember(t *testing.T) {
	for _, tc := range []struct{ in, key, want string }{
		{`{"a":1,"b":{"c":"}\"{"},"d":[1,{"e":2}]}`, "b", `{"c":"}\"{"}`},
		{`{"a":1,"b":{"c":"}\"{"},"d":[1,{"e":2}]}`, "d", `[1,{"e":2}]`},
		{` { "a" : "x\\" , "b" : null }`, "b", `null`},
		{` { "a" : "x\\" , "b" : 12.5e3}`, "b", `12.5e3`},
		{`{"\u0061":1,"a":2}`, "a", ``}, // an escaped key: left to fastjson
		{`{"a":1}`, "b", ``},
		{`[1]`, "a", ``},
	} {
		if got := string(member([]byte(tc.in), tc.key)); got != tc.want {
			t.Errorf("member(%s, %s) = %s, want %s", tc.in, tc.key, got, tc.want)
		}
	}
	// On the fixtures, what member cuts out is what fastjson finds.
	var p fastjson.Parser
	for _, line := range strings.Split(strings.TrimSpace(readFile(t, "statuses.jsonl")), "\n") {
		v, err := p.Parse(line)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"account", "reblog", "quote", "media_attachments"} {
			x := v.Get(key)
			if x == nil || x.Type() == fastjson.TypeNull {
				continue
			}
			var a, b any
			if err := json.Unmarshal(member([]byte(line), key), &a); err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			if err := json.Unmarshal(source.AppendValue(nil, x), &b); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s differs", key)
			}
		}
	}
}
