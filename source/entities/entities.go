// Package entities finds hashtags, mentions and links in plain text, for
// formats that give a post's text without its entities (TikTok, YouTube,
// Reddit, archives' CSV columns). Hashtags and Mentions follow one set of
// rules for all platforms; XHashtags and Handles follow the rules of X and
// Instagram, for the archives of those platforms.
package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isWord reports whether r may be part of a hashtag or a handle: letters
// and digits of any script, combining marks (Devanagari, Arabic vowel
// signs), '_', and the zero-width joiners that Persian and emoji use.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\u200c' || r == '\u200d'
}

// lastRune is the rune that ends s, or 0.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// Hashtags appends the #words of s, without '#', as written. A '#' inside
// a word, an HTML entity (&#39;) or a URL (/#anchor) starts none, and a run
// of digits alone (#1) is no hashtag.
func Hashtags(dst []string, s string) []string {
	for i := 0; i < len(s); {
		j := indexMark(s[i:], '#', "＃")
		if j < 0 {
			break
		}
		at := i + j
		_, size := utf8.DecodeRuneInString(s[at:])
		i = at + size
		if prev := lastRune(s[:at]); isWord(prev) || prev == '&' || prev == '/' || prev == '#' {
			continue
		}
		end, letter := i, false
		for end < len(s) {
			r, n := utf8.DecodeRuneInString(s[end:])
			if !isWord(r) {
				break
			}
			if r < '0' || r > '9' {
				letter = true
			}
			end += n
		}
		end = trimJoiners(s, i, end)
		if letter && end > i {
			dst = append(dst, s[i:end])
		}
		i = end
	}
	return dst
}

// trimJoiners drops zero-width joiners that end s[start:end].
func trimJoiners(s string, start, end int) int {
	for end > start {
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if r != '\u200c' && r != '\u200d' {
			break
		}
		end -= n
	}
	return end
}

// Mentions appends the @handles of s, without '@'. An '@' after a word
// character or in a URL (an e-mail address, tiktok.com/@user) is none.
func Mentions(dst []string, s string) []string {
	for i := 0; i < len(s); {
		j := indexMark(s[i:], '@', "＠")
		if j < 0 {
			break
		}
		at := i + j
		_, size := utf8.DecodeRuneInString(s[at:])
		i = at + size
		if prev := lastRune(s[:at]); isWord(prev) || strings.ContainsRune(".-/@+:", prev) {
			continue
		}
		end := i
		for end < len(s) {
			r, n := utf8.DecodeRuneInString(s[end:])
			if !isWord(r) && r != '.' && r != '-' {
				break
			}
			end += n
		}
		end = trimJoiners(s, i, end)
		for end > i && (s[end-1] == '.' || s[end-1] == '-') {
			end--
		}
		if end > i {
			dst = append(dst, s[i:end])
		}
		i = end
	}
	return dst
}

// Links appends the http and https URLs in s, in order, without the
// punctuation that ends a sentence or closes a bracket around a link.
func Links(dst []string, s string) []string {
	for i := 0; i < len(s); {
		// Look for "://", rarer than the letters of a scheme, and back up.
		j := strings.Index(s[i:], "://")
		if j < 0 {
			break
		}
		colon := i + j
		i = colon + 3
		var at int
		switch {
		case colon-5 >= 0 && strings.EqualFold(s[colon-5:colon], "https"):
			at = colon - 5
		case colon-4 >= 0 && strings.EqualFold(s[colon-4:colon], "http"):
			at = colon - 4
		default:
			continue
		}
		scheme := colon + 3 - at
		if prev := lastRune(s[:at]); prev < utf8.RuneSelf && isWord(prev) {
			continue
		}
		end := at + scheme
		for end < len(s) {
			r, n := utf8.DecodeRuneInString(s[end:])
			if r < utf8.RuneSelf {
				if r <= ' ' || r == 0x7f || strings.ContainsRune("<>\"`{}|\\^", r) {
					break
				}
			} else if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
				break // a space, a quotation mark or a full stop of another script
			}
			end += n
		}
		end = trimURL(s[at:end], scheme) + at
		if end > at+scheme {
			dst = append(dst, s[at:end])
		}
		i = end
	}
	return dst
}

// indexMark returns the index of the first ascii mark or its full-width
// form in s, or -1: a scan for the byte, then for the rarer wide form
// only in the part before it.
func indexMark(s string, ascii byte, wide string) int {
	i := strings.IndexByte(s, ascii)
	before := s
	if i >= 0 {
		before = s[:i]
	}
	if j := strings.Index(before, wide); j >= 0 {
		return j
	}
	return i
}

// trimURL drops what ends u but is more likely prose than link: sentence
// punctuation, and closing brackets that the URL did not open.
func trimURL(u string, scheme int) int {
	end := len(u)
	for end > scheme {
		switch c := u[end-1]; c {
		case '.', ',', ';', ':', '!', '?', '\'', '*':
			end--
			continue
		case ')', ']':
			open := byte('(')
			if c == ']' {
				open = '['
			}
			if strings.Count(u[:end], string(open)) < strings.Count(u[:end], string(c)) {
				end--
				continue
			}
		}
		break
	}
	return end
}
