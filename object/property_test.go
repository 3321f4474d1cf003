package object

import (
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// fragments are pieces that exercise the normalisers' edge cases; property
// tests glue them together with arbitrary strings.
var fragments = []string{
	"http://", "https://", "HTTP://", "//", `\`, "www.", "example.com", "Bücher.de",
	"xn--bcher-kva", "xn--", ".", "..", "/", "./", "../", ":", ":80", ":443", ":0",
	"@", "#", "#!", "?", "&", "=", "%", "%2e", "%2F", "%7e", "%c3%a9", "%zz",
	"utm_source", "UTM_x", "fbclid", "s", "t", "twitter.com", "youtu.be", "si",
	"a", "B", "1", "0x7f", "0", "255", "[", "]", "::1", "[::1]", "1.2.3.4",
	" ", "\t", "\n", "\r", "\x00", "\x7f", "\xff", "\u00a0", "\u3000", "\u2028",
	"\u200b", "\u200c", "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff", "\ufe0f", "\u00ad",
	"RT ", "rt", "RT @u:", "ＲＴ", "＠", "＃", "﹟", "ß", "ẞ", "İ", "ı", "Σ", "ς",
	"\u0301", "\u0338", "=", "e", "é", "ǰ", "\u0345", "ᾼ", "ﷺ", "¨", "ﬁ", "𝐕",
	"🇺🇦", "👨", "❤", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",
	"Вы", "الا", "\u200f", "選", "ｶ", "ﾞ", "ᄀ", "ᅡ", "\u3164", "sha256:", "0x", "DEADBEEF",
}

var fragmentString = rapid.Custom(func(t *rapid.T) string {
	parts := rapid.SliceOfN(rapid.OneOf(
		rapid.SampledFrom(fragments),
		rapid.SampledFrom(fragments),
		rapid.String(),
		rapid.StringN(0, 4, -1),
	), 0, 16).Draw(t, "parts")
	return strings.Join(parts, "")
})

func TestNormalizeIdempotent(t *testing.T) {
	for _, k := range Kinds() {
		t.Run(k.String(), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				in := fragmentString.Draw(t, "in")
				out, err := Normalize(k, in)
				if err != nil {
					if out != "" {
						t.Fatalf("Normalize(%v, %q) returned %q with error %v", k, in, out, err)
					}
					return
				}
				if !utf8.ValidString(out) && k != KindGeneric && k != KindRepost && k != KindReply {
					t.Fatalf("Normalize(%v, %q) = %q: invalid UTF-8", k, in, out)
				}
				again, err := Normalize(k, out)
				if err != nil || again != out {
					t.Fatalf("Normalize(%v, %q) = %q, but Normalize(%v, %q) = %q, %v", k, in, out, k, out, again, err)
				}
			})
		})
	}
}

// TestDomainAgreesWithCanonicalURL checks that canonicalising a link never
// changes its registrable domain.
func TestDomainAgreesWithCanonicalURL(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := fragmentString.Draw(t, "in")
		u, err := CanonicalURL(in)
		if err != nil {
			return
		}
		d1, err1 := Domain(in)
		d2, err2 := Domain(u)
		if err1 != nil || err2 != nil || d1 != d2 {
			t.Fatalf("Domain(%q) = %q, %v but Domain(%q) = %q, %v", in, d1, err1, u, d2, err2)
		}
	})
}
