package ira538

// Hashtags, mentions and lists as CSV archives give them: in bracketed
// list columns, or only in the text. The CSV archive readers
// (source/ioarchive, source/ira538, source/meta) keep identical copies of
// this file.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// parseList reads a list column: "[a, b]", "['a', 'b']", `["a", "b"]` or
// a bare "a, b". Empty and "[]" give nil. Items alias s.
func parseList(s string) []string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return nil
	}
	if s[0] == '\'' || s[0] == '"' {
		if items, ok := quotedItems(s); ok {
			return items
		}
	}
	// Unquoted items are written "a, b"; a URL may hold a bare comma, so
	// split on ", " when the list uses it.
	sep := ", "
	if !strings.Contains(s, sep) {
		sep = ","
	}
	var out []string
	for item := range strings.SplitSeq(s, sep) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// quotedItems reads 'a', "b" as Python and JSON write lists of strings.
func quotedItems(s string) ([]string, bool) {
	var out []string
	for i := 0; i < len(s); {
		q := s[i]
		if q != '\'' && q != '"' {
			return nil, false
		}
		i++
		var esc []byte // set when the item holds an escape
		from := i
		for {
			if i >= len(s) {
				return nil, false
			}
			if s[i] == '\\' && i+1 < len(s) {
				esc = append(esc, s[from:i]...)
				esc = append(esc, s[i+1])
				i += 2
				from = i
				continue
			}
			if s[i] == q {
				break
			}
			i++
		}
		item := s[from:i]
		if esc != nil {
			item = string(append(esc, item...))
		}
		if item != "" {
			out = append(out, item)
		}
		i++
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i < len(s) {
			if s[i] != ',' {
				return nil, false
			}
			i++
			for i < len(s) && s[i] == ' ' {
				i++
			}
		}
	}
	return out, true
}

// hashtagList reads a list of hashtags, without their '#'.
func hashtagList(s string) []string {
	tags := parseList(s)
	for i, t := range tags {
		tags[i] = strings.TrimPrefix(strings.TrimPrefix(t, "#"), "＃")
	}
	return tags
}

// hashtags finds the hashtags in text as X does: '#' (or '＃') not after a
// letter, digit, '_' or '&', then letters, marks, digits and '_', not all
// digits. They are given without '#', as written.
func hashtags(text string) []string {
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

// mentions finds the @handles in text: '@' (or '＠') not after a letter,
// digit, '_' or one of !#$%&*@, then up to max letters, digits and '_'
// (and '.' inside Instagram handles). They are given without '@'.
func mentions(text string, max int, dots bool) []string {
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

func handleByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// marker finds the first ascii marker in s, or its full-width form when
// full says s holds one; it returns where and the marker's length.
func marker(s string, ascii byte, wide string, full bool) (int, int) {
	at := strings.IndexByte(s, ascii)
	if full {
		if w := strings.Index(s, wide); w >= 0 && (at < 0 || w < at) {
			return w, len(wide)
		}
	}
	return at, 1
}
