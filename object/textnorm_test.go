package object

import (
	"testing"
	"unicode/utf8"
)

// TestFoldNFKCEveryRune checks the folding pipeline is stable on every code
// point, which guards against case-folding tables that are not idempotent
// (Cherokee was one).
func TestFoldNFKCEveryRune(t *testing.T) {
	if testing.Short() {
		t.Skip("walks all of Unicode")
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		p := foldNFKC(string(r))
		if again := foldNFKC(p); again != p {
			t.Errorf("foldNFKC(%U) = %U, then %U", r, []rune(p), []rune(again))
		}
	}
}

func TestFoldCherokee(t *testing.T) {
	// Unicode folds Cherokee to its upper-case letters.
	for _, in := range []string{"\uab70\u13f8", "\u13a0\u13f0"} {
		if got := foldNFKC(in); got != "\u13a0\u13f0" {
			t.Errorf("foldNFKC(%+q) = %+q", in, got)
		}
	}
}

func TestCollapseSpace(t *testing.T) {
	tests := map[string]string{
		"":                "",
		"a":               "a",
		"a b":             "a b",
		" a":              "a",
		"a ":              "a",
		"a  b":            "a b",
		"a\tb":            "a b",
		"\u3000a\u00a0b ": "a b",
		"   ":             "",
	}
	for in, want := range tests {
		if got := collapseSpace(in); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClip(t *testing.T) {
	if got := clip("short"); got != "short" {
		t.Errorf("clip(short) = %q", got)
	}
	long := ""
	for range 40 {
		long += "é"
	}
	got := clip(long)
	if !utf8.ValidString(got) || len(got) > clipLen+len("…") {
		t.Errorf("clip cut badly: %q", got)
	}
}
