package object

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// folder is Unicode full case folding. A folding Caser is stateless and safe
// for concurrent use, so one value serves every call.
var folder = cases.Fold()

// invisible lists characters that render as nothing (or only steer
// rendering) and so make two strings that look identical compare unequal:
// zero-width spaces and joiners, bidirectional marks and isolates that
// platforms insert around right-to-left text, variation selectors, soft
// hyphens, byte-order marks and the Hangul fillers used for "blank" names.
// Tag characters (U+E0020..U+E007F) are not listed because subdivision flag
// emoji are spelled with them.
var invisible = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x00AD, Hi: 0x00AD, Stride: 1}, // soft hyphen
		{Lo: 0x034F, Hi: 0x034F, Stride: 1}, // combining grapheme joiner
		{Lo: 0x061C, Hi: 0x061C, Stride: 1}, // Arabic letter mark
		{Lo: 0x115F, Hi: 0x1160, Stride: 1}, // Hangul fillers
		{Lo: 0x17B4, Hi: 0x17B5, Stride: 1}, // Khmer inherent vowels
		{Lo: 0x180B, Hi: 0x180F, Stride: 1}, // Mongolian selectors, vowel separator
		{Lo: 0x200B, Hi: 0x200F, Stride: 1}, // ZWSP, ZWNJ, ZWJ, LRM, RLM
		{Lo: 0x202A, Hi: 0x202E, Stride: 1}, // bidi embeddings and overrides
		{Lo: 0x2060, Hi: 0x206F, Stride: 1}, // word joiner, invisible operators, isolates
		{Lo: 0x3164, Hi: 0x3164, Stride: 1}, // Hangul filler
		{Lo: 0xFE00, Hi: 0xFE0F, Stride: 1}, // variation selectors
		{Lo: 0xFEFF, Hi: 0xFEFF, Stride: 1}, // byte-order mark
		{Lo: 0xFFA0, Hi: 0xFFA0, Stride: 1}, // halfwidth Hangul filler
	},
	R32: []unicode.Range32{
		{Lo: 0x1BCA0, Hi: 0x1BCA3, Stride: 1}, // shorthand format controls
		{Lo: 0xE0100, Hi: 0xE01EF, Stride: 1}, // variation selectors supplement
	},
}

// isInvisible reports whether r is in the invisible table.
func isInvisible(r rune) bool {
	return r >= 0xAD && unicode.Is(invisible, r)
}

// isTrimmable reports what is cut from both ends of ids and links: space,
// control and invisible characters (a CSV byte-order mark, a stray
// left-to-right mark copied along with a link).
func isTrimmable(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || isInvisible(r)
}

// trim cuts isTrimmable runes from both ends of s.
func trim(s string) string {
	return strings.TrimFunc(s, isTrimmable)
}

// blank reports whether s holds nothing but trimmable runes.
func blank(s string) bool {
	return trim(s) == ""
}

// clean makes s valid UTF-8 (each bad sequence becomes U+FFFD), drops
// invisible and control characters, and turns control characters that act as
// whitespace (tab, newline, ...) into spaces. It runs before normalisation so
// that an invisible character between a letter and its accent cannot block
// their composition.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || (r >= 0x7F && r < 0xA0):
			if unicode.IsSpace(r) {
				return ' '
			}
			return -1
		case isInvisible(r):
			return -1
		}
		return r
	}, s)
}

// foldNFKC applies NFKC, full case folding, and NFKC again: compatibility
// forms first (full-width letters, ligatures, styled "math" letters used to
// dodge filters), then case, then NFKC once more because folding can
// decompose a character that normalisation would compose.
func foldNFKC(s string) string {
	if isASCII(s) {
		// NFKC leaves ASCII alone and folding it is lower-casing.
		return strings.ToLower(s)
	}
	s = norm.NFKC.String(s)
	s = strings.Map(foldCherokee, folder.String(s))
	return norm.NFKC.String(s)
}

// foldCherokee maps lower-case Cherokee to upper case, as Unicode case
// folding specifies. The folding Caser swaps the two cases instead, which
// would make keys flip on every pass.
func foldCherokee(r rune) rune {
	switch {
	case r >= 0xAB70 && r <= 0xABBF:
		return r - 0xAB70 + 0x13A0
	case r >= 0x13F8 && r <= 0x13FD:
		return r - 8
	}
	return r
}

// collapseSpace replaces every run of Unicode whitespace with one ASCII space
// and trims both ends.
func collapseSpace(s string) string {
	if !needsCollapse(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = true
			continue
		}
		if pending && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
	}
	return b.String()
}

// needsCollapse reports whether collapseSpace would change s.
func needsCollapse(s string) bool {
	prevSpace := true // a leading space needs trimming
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (r != ' ' || prevSpace) {
			return true
		}
		prevSpace = sp
	}
	return prevSpace && s != ""
}

// isWordRune reports runes that join with their neighbours into one word,
// for deciding whether an '@' or '#' starts a mention or hashtag.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// isASCII reports whether s is all ASCII, which allows a fast path.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
