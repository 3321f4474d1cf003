package jsonw

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestAppendString(t *testing.T) {
	for _, s := range []string{
		"", "plain ascii text that is long", "quote\" back\\slash", "tab\tnew\nline\r\x00\x1f\x7f",
		"émoji 🗳️ and Ελληνικά", "bad \xff utf-8 \xc3", "line\u2028sep\u2029", strings.Repeat("abcdefg\"", 5),
	} {
		got := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%q: %s is not JSON: %v", s, got, err)
		}
		var want string
		enc, _ := json.Marshal(s) // encoding/json: U+FFFD for each invalid byte
		json.Unmarshal(enc, &want)
		if back != want {
			t.Errorf("%q: read back %q", s, back)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("plain ascii text\"\\\x01é\xff\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		got := AppendString(nil, s)
		want, _ := json.Marshal(s)
		var a, b string
		if json.Unmarshal(got, &a) != nil || json.Unmarshal(want, &b) != nil || a != b {
			t.Fatalf("%q: %s, want %s", s, got, want)
		}
	})
}

func BenchmarkAppendString(b *testing.B) {
	for _, s := range []string{"1712345678901234567", "https://example.org/some/path?q=1", "Les bureaux de vote ferment à 21 h, pas à 19 h. Partagez!",
		"مراكز الاقتراع مفتوحة حتى التاسعة مساءً", strings.Repeat("plain ascii text ", 20)} {
		b.Run(strconv.Itoa(len(s)), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			buf := make([]byte, 0, 1024)
			for b.Loop() {
				buf, _ = AppendStringValid(buf[:0], s)
			}
		})
	}
}
