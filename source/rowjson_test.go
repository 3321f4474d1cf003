package source_test

import (
	"encoding/json"
	"testing"

	"github.com/scrutineer/scrutineer/source"
)

func TestRowJSON(t *testing.T) {
	got := source.RowJSON([]string{"a", "b\"", "c"}, []string{"x\n\ty", "<&>\x01\\", "\xff🌙\u2028"})
	var m map[string]string
	if err := json.Unmarshal(got, &m); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	if m["a"] != "x\n\ty" || m["b\""] != "<&>\x01\\" || m["c"] != "\ufffd🌙\u2028" {
		t.Errorf("%s read back as %q", got, m)
	}
	if s := string(source.RowJSON([]string{"a", "b"}, []string{"1"})); s != `{"a":"1"}` {
		t.Errorf("short row: %s", s)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("plain")
	f.Add("\"\\\x00\x1f\x7f\xff\xfe\u2029é")
	f.Fuzz(func(t *testing.T, s string) {
		b := source.AppendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%q gave %s: %v", s, b, err)
		}
		want, _ := json.Marshal(s) // encoding/json also replaces invalid UTF-8
		var w string
		json.Unmarshal(want, &w)
		if back != w {
			t.Fatalf("%q read back as %q, want %q", s, back, w)
		}
	})
}
