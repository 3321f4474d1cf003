package entities

// Hashtags and handles found as X and Instagram find them, for the CSV
// archives of those platforms (source/ioarchive, source/ira538,
// source/meta), which give a post's text without its entities.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// XHashtags finds the hashtags in text as X finds them, for archives that
// give a post's text without its entities: '#' (or '＃') not after a
// letter, digit, mark, '_' or '&', then letters, marks, digits, '_' and
// zero-width joiners, not all digits; a tag followed at once by another
// '#' is none. They are given without '#', as written.
//
// Unlike Hashtags, a '#' after '/' or '#' may start one, joiners that end
// a tag are kept, and "#tag#next" gives nothing.
func XHashtags(text string) []string {
	var out []string
	full := strings.IndexByte(text, 0xEF) >= 0 && strings.Contains(text, "＃")
	for i := 0; i < len(text); {
		at, n := marker(text[i:], '#', "＃", full)
		if at < 0 {
			break
		}
		at += i
		i = at + n
		if at > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:at])
			if r == '_' || r == '&' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
				continue
			}
		}
		end, letters := i, false
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if r == '_' || r == 0x200c || r == 0x200d || unicode.IsLetter(r) || unicode.IsMark(r) {
				letters = letters || r != 0x200c && r != 0x200d
			} else if !unicode.IsDigit(r) {
				break
			}
			end += size
		}
		if !letters || (end < len(text) && (text[end] == '#' || strings.HasPrefix(text[end:], "＃"))) {
			continue
		}
		out = append(out, text[i:end])
		i = end
	}
	return out
}

// Handles finds the @handles in text as X and Instagram write them: '@'
// (or '＠') not after a letter, digit, '_' or one of !#$%&*@, then up to
// max ASCII letters, digits and '_' (and, with dots, '.' inside the name,
// as Instagram allows). A name followed by another '@' or by an accented
// Latin letter is none. They are given without '@'.
//
// Unlike Mentions, a handle is ASCII only and has a length limit, an '@'
// after '.', '-', '/', '+' or ':' may start one, and one after !#$%&* may
// not.
func Handles(text string, max int, dots bool) []string {
	var out []string
	full := strings.IndexByte(text, 0xEF) >= 0 && strings.Contains(text, "＠")
	for i := 0; i < len(text); {
		at, n := marker(text[i:], '@', "＠", full)
		if at < 0 {
			break
		}
		at += i
		i = at + n
		if at > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:at])
			if r < utf8.RuneSelf && (handleByte(byte(r)) || strings.IndexByte("!#$%&*@", byte(r)) >= 0) || r == '＠' {
				continue
			}
			if r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				continue
			}
		}
		end := i
		for end < len(text) && (handleByte(text[end]) || dots && text[end] == '.') {
			end++
		}
		name := text[i:end]
		if dots {
			name = strings.TrimRight(name, ".")
		}
		if name == "" || len(name) > max {
			i = end
			continue
		}
		if next := i + len(name); next < len(text) && !mentionEnds(text[next:]) {
			i = end
			continue
		}
		out = append(out, name)
		i = end
	}
	return out
}

// mentionEnds reports whether what follows a handle lets it be a mention:
// not another '@', nor an accented Latin letter (then the name goes on).
func mentionEnds(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return r != '@' && r != '＠' && !(r >= 0xc0 && r <= 0x24f && r != 0xd7 && r != 0xf7) && !(r >= 0x1e00 && r <= 0x1eff)
}

// handleByte reports whether c may be part of an X handle.
func handleByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// marker finds the first ascii marker in s, or its full-width form when
// full says s holds one; it returns where and the marker's length. Unlike
// indexMark, it searches for the wide form only when the caller has found
// one in the text, so that most texts are scanned once.
func marker(s string, ascii byte, wide string, full bool) (int, int) {
	at := strings.IndexByte(s, ascii)
	if full {
		if w := strings.Index(s, wide); w >= 0 && (at < 0 || w < at) {
			return w, len(wide)
		}
	}
	return at, 1
}
