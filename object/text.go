package object

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text returns the key of a post's text for identical-text ("copypasta",
// CooRTweet "cotweet") matching: two posts get the same key when they say
// the same words, whoever they address, whatever link they carry and however
// their client encoded the characters.
//
// Steps:
//   - Invalid UTF-8 becomes U+FFFD; invisible characters (zero-width spaces
//     and joiners, bidi marks, variation selectors, soft hyphens, BOMs) and
//     control characters are dropped, line breaks and tabs read as spaces.
//     Zero-width characters are a common way to make copies differ, so they
//     go even where they shape emoji sequences or Persian words.
//   - NFKC and Unicode case folding, so full-width, styled ("𝐕𝐨𝐭𝐞") and
//     differently cased copies meet.
//   - Leading retweet markers ("RT @user:", repeated) are removed.
//   - Links (http://, https://, www. up to the next space) and @mentions
//     (including "@user.bsky.social" and "@user@server") are removed. An '@'
//     inside a word, as in an e-mail address, is not a mention.
//   - A hashtag keeps its word but loses the '#': "#Vote" and "vote" read
//     the same. A '#' inside a word ("C#") or before no word stays.
//   - Whitespace runs become one space and the ends are trimmed.
//
// Punctuation, digits, emoji and every script are kept as they are; quotes
// are not straightened. Text that is empty afterwards gives "".
func Text(s string) string {
	return textPass(foldNFKC(clean(s)))
}

// textPass removes retweet markers, links and mentions, strips hashtag signs
// and collapses whitespace, in one left-to-right scan. Decisions look at the
// rune last written, not the one last read, so that the output reads the
// same way when scanned again.
func textPass(s string) string {
	s = stripRetweetMarkers(s)
	var b strings.Builder
	b.Grow(len(s))
	pending := false // a space is owed before the next emitted rune
	prev := ' '      // the last rune emitted, or ' ' at the start
	emit := func(r rune) {
		if pending && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
		prev = r
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		boundary := pending || !isWordRune(prev)
		switch {
		case unicode.IsSpace(r):
			pending = true
			i += size
		case r == '@' && boundary:
			n := mentionLen(s[i+1:])
			if n == 0 {
				emit(r)
				i += size
				continue
			}
			pending = true
			i += 1 + n
		case (r == 'h' || r == 'w') && boundary && isLinkStart(s[i:]):
			n := strings.IndexFunc(s[i:], unicode.IsSpace)
			if n < 0 {
				n = len(s) - i
			}
			pending = true
			i += n
		case r == '#' && boundary:
			j := i
			for j < len(s) && s[j] == '#' {
				j++
			}
			if next, _ := utf8.DecodeRuneInString(s[j:]); j < len(s) && startsTagWord(next) {
				i = j
				continue
			}
			for ; i < j; i++ {
				emit('#')
			}
		default:
			emit(r)
			i += size
		}
	}
	return b.String()
}

// stripRetweetMarkers removes any number of leading "rt @user:" markers
// (the text is already case-folded).
func stripRetweetMarkers(s string) string {
	for {
		t := strings.TrimLeftFunc(s, unicode.IsSpace)
		if len(t) < 3 || t[0] != 'r' || t[1] != 't' {
			return s
		}
		u := strings.TrimLeftFunc(t[2:], unicode.IsSpace)
		if len(u) == len(t)-2 || u == "" || u[0] != '@' {
			return s
		}
		n := mentionLen(u[1:])
		if n == 0 {
			return s
		}
		s = strings.TrimPrefix(u[1+n:], ":")
	}
}

// mentionLen returns the length of the mention after an '@' at the start
// of s, or 0. Hashtag signs between the '@' and a word ("@#user") count as
// part of it: Text drops such signs, which would otherwise leave an "@user"
// for the next normalisation to remove.
func mentionLen(s string) int {
	j := 0
	for j < len(s) && s[j] == '#' {
		j++
	}
	if j > 0 {
		if r, _ := utf8.DecodeRuneInString(s[j:]); !startsTagWord(r) {
			return 0
		}
	}
	n := handleLen(s[j:])
	if n == 0 {
		return 0
	}
	return j + n
}

// handleLen returns the length of the handle at the start of s (after an
// '@'): word runes, optionally continued by '.', '-' or '@' followed by more
// word runes, which covers "user", "user.bsky.social" and
// "user@mastodon.social" without swallowing a sentence's final full stop.
func handleLen(s string) int {
	n := wordLen(s)
	if n == 0 {
		return 0
	}
	for n < len(s) && (s[n] == '.' || s[n] == '-' || s[n] == '@') {
		m := wordLen(s[n+1:])
		if m == 0 {
			break
		}
		n += 1 + m
	}
	return n
}

// wordLen returns the length of the run of word runes at the start of s.
func wordLen(s string) int {
	for i, r := range s {
		if !isWordRune(r) {
			return i
		}
	}
	return len(s)
}

// isLinkStart reports whether s starts with a link as written in posts.
func isLinkStart(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "www.")
}

// startsTagWord reports whether r can begin a hashtag's word. Marks are
// left out so that dropping the '#' never lets a combining mark attach to
// the character before it.
func startsTagWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.So, r)
}
