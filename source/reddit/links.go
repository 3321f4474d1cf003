package reddit

import "strings"

// appendLinks appends the links in Reddit markdown, in order: bare URLs and
// the targets of [text](url) links. A URL that is a link's text, followed
// by its target, is left for the target, so that one link counts once.
func appendLinks(dst []string, text string) []string {
	for {
		i := indexScheme(text)
		if i < 0 {
			return dst
		}
		inLink := i >= 2 && text[i-2:i] == "]("
		u, n := scanURL(text[i:], inLink)
		text = text[i+n:]
		if strings.HasPrefix(text, "](") {
			continue
		}
		if len(u) > len("https://") {
			dst = append(dst, u)
		}
	}
}

// indexScheme finds the next "http://" or "https://".
func indexScheme(s string) int {
	off := 0
	for {
		i := strings.Index(s[off:], "http")
		if i < 0 {
			return -1
		}
		j := off + i + 4
		if strings.HasPrefix(s[j:], "://") || strings.HasPrefix(s[j:], "s://") {
			if off+i == 0 || !isWordByte(s[off+i-1]) {
				return off + i
			}
		}
		off = j
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// scanURL reads the URL at the start of s and returns it and how many
// bytes it took. It ends at a blank or at what markdown or prose puts
// after a URL: an unbalanced ')', a ']', a quote; trailing punctuation is
// left out. Markdown's escapes (`\_`) are undone.
func scanURL(s string, inLink bool) (string, int) {
	depth := 0
	end := len(s)
	escaped := false
loop:
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', '<', '>', '"', '[', ']', '`', '|', '{', '}':
			end = i
			break loop
		case '\\':
			escaped = true
		case '(':
			depth++
		case ')':
			if depth == 0 {
				end = i
				break loop
			}
			depth--
		}
	}
	u := s[:end]
	if !inLink {
		u = strings.TrimRight(u, ".,;:!?*'_~")
	} else if j := strings.IndexAny(u, " \t"); j >= 0 {
		u = u[:j] // [text](url "title")
	}
	if escaped {
		u = unmarkdown(u)
	}
	return u, end
}

// unmarkdown drops the backslash of markdown escapes.
func unmarkdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("_*~()[]\\#&-.+!", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// appendMentions appends the users a text names as u/name or /u/name.
func appendMentions(dst []string, text string) []string {
	for off := 0; ; {
		i := strings.Index(text[off:], "u/")
		if i < 0 {
			return dst
		}
		i += off
		off = i + 2
		if i > 0 {
			prev := text[i-1]
			if prev == '/' {
				if i > 1 && isWordByte(text[i-2]) {
					continue // a path: reddit.com/u/name is a link
				}
			} else if isWordByte(prev) || prev == '_' || prev == '-' {
				continue
			}
		}
		j := off
		for j < len(text) && (isWordByte(text[j]) || text[j] == '_' || text[j] == '-') {
			j++
		}
		if n := j - off; n >= 3 && n <= 20 {
			dst = append(dst, text[off:j])
		}
		off = j
	}
}
