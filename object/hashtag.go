package object

import (
	"strings"
	"unicode"
)

// Hashtag returns the key of a hashtag, given with or without its '#'.
//
// Leading '#' signs are removed (also the full-width '＃' and small '﹟',
// which NFKC maps to '#'), invisible and control characters are dropped (see
// isInvisible: zero-width joiners, bidi marks, variation selectors), then
// NFKC and Unicode case folding make full-width, styled and differently
// cased spellings meet: "#ＥＬＥＣＴＩＯＮ", "#Election" and "election" all
// give "election". Scripts without case (Arabic, CJK) pass through
// unchanged apart from normalisation; emoji are kept, less their
// presentation selectors.
//
// Whitespace runs become one space and the ends are trimmed; the input is
// expected to be one extracted tag, so trailing punctuation is not cut. A
// tag with nothing left gives "".
func Hashtag(s string) string {
	return stripSigil(s, '#')
}

// stripSigil is the shared body of Hashtag and Mention.
func stripSigil(s string, sigil rune) string {
	s = foldNFKC(clean(s))
	s = strings.TrimLeftFunc(s, func(r rune) bool { return r == sigil || unicode.IsSpace(r) })
	return collapseSpace(s)
}
