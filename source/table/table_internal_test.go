package table

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestJSONString(t *testing.T) {
	for _, s := range []string{
		"", "plain ascii text longer than eight", "a\"b\\c\nd\re\tf\x01g\x1fh\x7f",
		"Кириллица и \"кавычки\" 🇷🇺 مرحبا", "\xff\xfeinvalid\xc3", "12345678\"12345678\\",
		"\u2028 and \u2029", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\x19",
	} {
		got, valid := appendJSON([]byte("x"), s)
		if got[0] != 'x' {
			t.Errorf("%q: the buffer's start was overwritten: %s", s, got)
			continue
		}
		got = got[1:]
		if valid != utf8.ValidString(s) {
			t.Errorf("%q: valid is %v", s, valid)
		}
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("%q: %s is not JSON: %v", s, got, err)
			continue
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); back != want {
			t.Errorf("%q: read back %q", s, back)
		}
	}
}

func FuzzJSONString(f *testing.F) {
	f.Add("a\"b\\c\nd\x01 é \xff")
	f.Fuzz(func(t *testing.T, s string) {
		var back string
		if err := json.Unmarshal(appendJSONString(nil, s), &back); err != nil {
			t.Fatalf("%q: not JSON: %v", s, err)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); back != want {
			t.Fatalf("%q: read back %q", s, back)
		}
	})
}

func TestField(t *testing.T) {
	rec := []string{"a", "b"}
	for c, want := range map[int]string{-1: "", 0: "a", 1: "b", 2: ""} {
		if got := field(rec, c); got != want {
			t.Errorf("field(%d) = %q, want %q", c, got, want)
		}
	}
}
