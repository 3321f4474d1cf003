package sqlite

import (
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/scrutineer/scrutineer"
)

// This file is the part of the record queries that does not depend on
// SQL: text queries, cursors, folding. postgres/records_query.go is the
// same; the shared tests in storetest keep the two in step.

// maxTerms bounds a text query, so that a pasted page does not become a
// query that takes minutes.
const maxTerms = 32

// textQuery is a parsed PostFilter.Text: terms that must all appear and
// terms none of which may. A term is a word or a quoted phrase as typed;
// the full-text engine splits it into tokens, and a term of several tokens
// matches them in sequence.
type textQuery struct{ all, none []string }

func (q textQuery) empty() bool { return len(q.all) == 0 && len(q.none) == 0 }

// parseText reads words, "quoted phrases" and -excluded words or phrases.
// Anything else is part of a word: no character is an operator, so no
// input can change the query's shape. Terms without a letter or digit are
// left out, since they would match nothing, and a query without terms
// selects everything, as an empty one does.
func parseText(s string) (textQuery, error) {
	var q textQuery
	// NUL ends a string for FTS5, and neither it nor broken UTF-8 can be
	// part of a word.
	s = strings.ReplaceAll(strings.ToValidUTF8(s, " "), "\x00", " ")
	for s != "" {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		neg := false
		if s[0] == '-' && len(s) > 1 && !unicode.IsSpace(rune(s[1])) {
			neg, s = true, s[1:]
		}
		var term string
		if s[0] == '"' {
			s = s[1:]
			end := strings.IndexByte(s, '"')
			if end < 0 {
				end = len(s)
			}
			term, s = s[:end], s[min(end+1, len(s)):]
		} else {
			end := strings.IndexFunc(s, unicode.IsSpace)
			if end < 0 {
				end = len(s)
			}
			term, s = s[:end], s[end:]
		}
		if !hasWordChar(term) {
			continue
		}
		if neg {
			q.none = append(q.none, term)
		} else {
			q.all = append(q.all, term)
		}
		if len(q.all)+len(q.none) > maxTerms {
			return textQuery{}, scrutineer.Errorf(scrutineer.EInvalid, "text query: more than %d words", maxTerms)
		}
	}
	return q, nil
}

func hasWordChar(s string) bool {
	return strings.IndexFunc(s, isWordChar) >= 0
}

// isWordChar is what the full-text index keeps: letters, digits and
// private-use characters (unicode61's default token characters).
func isWordChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// fold lowers the case of s and takes its diacritics off, so that
// "Québec" finds "quebec" and the reverse.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

// nanos is t in unix nanoseconds, the times outside what an int64 holds
// (the zero time among them) clamped to its ends so that they still sort.
func nanos(t time.Time) int64 {
	switch s := t.Unix(); {
	case s < math.MinInt64/1_000_000_000:
		return math.MinInt64
	case s >= math.MaxInt64/1_000_000_000:
		return math.MaxInt64
	}
	return t.UnixNano()
}

// Cursors are a kind byte, the keyset position and a checksum, in
// base64url: opaque, and a cursor that was edited or cut fails the
// checksum instead of starting somewhere unexpected.
const (
	cursorPost    = 'p'
	cursorAccount = 'a'
)

type position struct {
	time         int64 // posts only
	platform, id string
}

func encodeCursor(kind byte, p position) string {
	b := make([]byte, 0, 32+len(p.platform)+len(p.id))
	b = append(b, kind)
	if kind == cursorPost {
		b = binary.AppendVarint(b, p.time)
	}
	b = binary.AppendUvarint(b, uint64(len(p.platform)))
	b = append(b, p.platform...)
	b = append(b, p.id...)
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(kind byte, s string) (position, error) {
	bad := scrutineer.Errorf(scrutineer.EInvalid, "invalid cursor")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 6 || b[0] != kind {
		return position{}, bad
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return position{}, bad
	}
	var p position
	rest := body[1:]
	if kind == cursorPost {
		t, n := binary.Varint(rest)
		if n <= 0 {
			return position{}, bad
		}
		p.time, rest = t, rest[n:]
	}
	l, n := binary.Uvarint(rest)
	if n <= 0 || l > uint64(len(rest)-n) {
		return position{}, bad
	}
	rest = rest[n:]
	p.platform, p.id = string(rest[:l]), string(rest[l:])
	return p, nil
}

// limit is the page size a filter asks for.
func limit(n int) (int, error) {
	switch {
	case n < 0:
		return 0, scrutineer.Errorf(scrutineer.EInvalid, "limit %d: want 0 to %d", n, scrutineer.MaxLimit)
	case n == 0:
		return scrutineer.DefaultLimit, nil
	}
	return min(n, scrutineer.MaxLimit), nil
}

// accountPrefix is the folded prefix an AccountFilter.Text asks for, and
// the bound just past every string that starts with it.
func accountPrefix(text string) (lo, hi string) {
	lo = fold(strings.TrimPrefix(strings.TrimSpace(text), "@"))
	if lo == "" {
		return "", ""
	}
	return lo, lo + string(utf8.MaxRune)
}
