package graphfile

import (
	"bufio"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"plain ascii", "plain ascii"},
		{`a&b<c>d"e'f`, `a&amp;b&lt;c&gt;d&quot;e'f`},
		// Literal whitespace in attribute values would come back as spaces.
		{"t\tn\nr\r", "t&#9;n&#10;r&#13;"},
		{"\x00\x01\x1f\x7f", "\uFFFD\uFFFD\uFFFD\x7f"},
		{"\xff\xfe", "\uFFFD\uFFFD"},
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"}, // an encoded surrogate is three bad bytes
		{"\xe2\x82", "\uFFFD\uFFFD"},           // truncated sequence
		{"\uFFFE\uFFFF\uFFFD", "\uFFFD\uFFFD\uFFFD"},
		{"é漢🙂\U0010FFFF", "é漢🙂\U0010FFFF"},
		{"end&", "end&amp;"},
	}
	for _, c := range cases {
		var b strings.Builder
		x := &xmlWriter{w: bufio.NewWriter(&b)}
		x.esc(c.in)
		if err := x.finish("test"); err != nil {
			t.Fatal(err)
		}
		if b.String() != c.want {
			t.Errorf("esc(%q) = %q, want %q", c.in, b.String(), c.want)
		}
		if got, want := sanitize(c.in), xmlText(c.in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", c.in, got, want)
		}
		if isClean(c.in) != (xmlText(c.in) == c.in) {
			t.Errorf("isClean(%q) = %v", c.in, isClean(c.in))
		}
	}
}
