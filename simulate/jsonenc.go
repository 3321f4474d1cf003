package simulate

// What the native-format writers (xapi.go, bluesky.go, mastodon.go,
// adsout.go, follows.go) share: appending JSON without reflection, times,
// AT Protocol identifiers, locating entities in a post's text, resolving
// references between posts, and an ordered parallel chunk writer. The hot
// paths append into one []byte per chunk of records; nothing here goes
// through encoding/json.

import (
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// jsonPlain marks the bytes that go into a JSON string as they are once
// the string is known to be valid UTF-8: all but control bytes, '"', '\\',
// and 0xE2, which may begin U+2028 or U+2029. htmlPlain also holds back
// what HTML text escapes.
var jsonPlain, htmlPlain = func() (j, h [256]bool) {
	for b := 0x20; b < 256; b++ {
		j[b] = b != '"' && b != '\\' && b != 0xE2
		h[b] = j[b] && b != '&' && b != '<' && b != '>' && b != '\''
	}
	return j, h
}()

const jsonHexDigits = "0123456789abcdef"

// Word masks for testing eight bytes at once.
const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// load64 reads eight bytes of s from i, little-endian; the compiler turns
// it into a single load.
func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// swarHasByte reports whether a word holds byte c.
func swarHasByte(x uint64, c byte) bool {
	v := x ^ uint64(c)*swarOnes
	return (v-swarOnes)&^v&swarHighs != 0
}

// jsonSpecial8 reports whether a word holds a byte that jsonPlain does not
// pass, or, until the string is known to be valid (ascii set), any byte
// of a multi-byte sequence.
func jsonSpecial8(x uint64, ascii bool) bool {
	ctl := (x - 0x20*swarOnes) &^ x
	if ascii {
		ctl |= x
	} else if swarHasByte(x, 0xE2) {
		return true
	}
	return ctl&swarHighs != 0 || swarHasByte(x, '"') || swarHasByte(x, '\\')
}

// htmlSpecial8 is jsonSpecial8 for HTML text.
func htmlSpecial8(x uint64, ascii bool) bool {
	return jsonSpecial8(x, ascii) ||
		swarHasByte(x, '&') || swarHasByte(x, '<') || swarHasByte(x, '>') || swarHasByte(x, '\'')
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD byte by byte, as encoding/json does; '<', '>' and '&' stay as they
// are (the output is data, not HTML), U+2028 and U+2029 are escaped so that
// a line can also be evaluated as JavaScript. The output is what
// encoding/json writes with HTML escaping off.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, s, false)
	return append(dst, '"')
}

// appendJSONBody appends s escaped for the inside of a JSON string.
func appendJSONBody(dst []byte, s string) []byte { return appendEscaped(dst, s, false) }

// appendJSONHTMLBody appends s escaped first for HTML text and attributes
// (as Mastodon escapes plain text: & < > " ') and then for the inside of a
// JSON string.
func appendJSONHTMLBody(dst []byte, s string) []byte { return appendEscaped(dst, s, true) }

// appendEscaped escapes s for the inside of a JSON string, and first for
// HTML if html is set. Text is copied a word at a time up to the bytes
// that need escaping; at the first byte of a multi-byte sequence the rest
// is checked to be valid UTF-8, after which such bytes are copied too.
// Invalid UTF-8 takes the rune-by-rune path.
func appendEscaped(dst []byte, s string, html bool) []byte {
	plain := &jsonPlain
	if html {
		plain = &htmlPlain
	}
	ascii := true // no multi-byte sequence seen yet
	start, i := 0, 0
	for i < len(s) {
		if html {
			for i+8 <= len(s) && !htmlSpecial8(load64(s, i), ascii) {
				i += 8
			}
		} else {
			for i+8 <= len(s) && !jsonSpecial8(load64(s, i), ascii) {
				i += 8
			}
		}
		if i >= len(s) {
			break
		}
		b := s[i]
		if b >= utf8.RuneSelf && ascii {
			if !utf8.ValidString(s[i:]) {
				return appendEscapedInvalid(append(dst, s[start:i]...), s[i:], html)
			}
			ascii = false
		}
		if plain[b] {
			i++
			continue
		}
		if b == 0xE2 {
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\u202`...)
				dst = append(dst, jsonHexDigits[s[i+2]&0xf])
				i += 3
				start = i
				continue
			}
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = appendEscapedByte(dst, b, html)
		i++
		start = i
	}
	return append(dst, s[start:]...)
}

// appendEscapedInvalid is appendEscaped for a string that is not valid
// UTF-8: each invalid byte becomes U+FFFD.
func appendEscapedInvalid(dst []byte, s string, html bool) []byte {
	plain := &jsonPlain
	if html {
		plain = &htmlPlain
	}
	start, i := 0, 0
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			if plain[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscapedByte(dst, b, html)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\u202`...)
			dst = append(dst, jsonHexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(dst, s[start:]...)
}

// appendEscapedByte escapes an ASCII byte, as an HTML entity first if html
// is set.
func appendEscapedByte(dst []byte, b byte, html bool) []byte {
	if html {
		switch b {
		case '&':
			return append(dst, "&amp;"...)
		case '<':
			return append(dst, "&lt;"...)
		case '>':
			return append(dst, "&gt;"...)
		case '"':
			return append(dst, "&quot;"...)
		case '\'':
			return append(dst, "&#39;"...)
		}
	}
	return appendJSONEscapedByte(dst, b)
}

// appendJSONEscapedByte escapes an ASCII byte that JSON does not take as it
// is, with the short forms encoding/json uses.
func appendJSONEscapedByte(dst []byte, b byte) []byte {
	switch b {
	case '"', '\\':
		return append(dst, '\\', b)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', jsonHexDigits[b>>4], jsonHexDigits[b&0xf])
}

// appendJSONKey appends ,"key": (or "key": after an opening brace).
func appendJSONKey(dst []byte, key string) []byte {
	if n := len(dst); n > 0 && dst[n-1] != '{' && dst[n-1] != '[' {
		dst = append(dst, ',')
	}
	dst = append(dst, '"')
	dst = append(dst, key...)
	return append(dst, '"', ':')
}

// appendJSONField appends ,"key":"value".
func appendJSONField(dst []byte, key, value string) []byte {
	return appendJSONString(appendJSONKey(dst, key), value)
}

// appendJSONFieldOrNull appends ,"key":"value", or ,"key":null when value
// is empty.
func appendJSONFieldOrNull(dst []byte, key, value string) []byte {
	dst = appendJSONKey(dst, key)
	if value == "" {
		return append(dst, "null"...)
	}
	return appendJSONString(dst, value)
}

// appendJSONInt appends ,"key":n.
func appendJSONInt(dst []byte, key string, n int64) []byte {
	return strconv.AppendInt(appendJSONKey(dst, key), n, 10)
}

// appendJSONBool appends ,"key":true or false.
func appendJSONBool(dst []byte, key string, v bool) []byte {
	return strconv.AppendBool(appendJSONKey(dst, key), v)
}

// appendJSONTime appends ,"key":"2025-09-14T17:02:03.000Z".
func appendJSONTime(dst []byte, key string, t time.Time) []byte {
	dst = append(appendJSONKey(dst, key), '"')
	return append(appendTimeMilli(dst, t), '"')
}

// appendTimeMilli appends t in UTC as RFC 3339 with milliseconds and a Z,
// the form X, Bluesky and Mastodon all write. It computes the calendar
// date directly from Unix time, which is several times faster than
// time.Time.AppendFormat.
func appendTimeMilli(dst []byte, t time.Time) []byte {
	ms := t.UnixMilli()
	secs := floorDiv64(ms, 1000)
	days := floorDiv64(secs, 86400)
	y, m, d := civilFromDays(days)
	if y < 1 || y > 9999 {
		return t.UTC().AppendFormat(dst, "2006-01-02T15:04:05.000Z")
	}
	sod := secs - days*86400
	dst = appendDigits(dst, y, 4)
	dst = append(dst, '-')
	dst = appendDigits(dst, m, 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, d, 2)
	dst = append(dst, 'T')
	dst = appendDigits(dst, sod/3600, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, sod/60%60, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, sod%60, 2)
	dst = append(dst, '.')
	dst = appendDigits(dst, ms-secs*1000, 3)
	return append(dst, 'Z')
}

// appendTimeSeconds appends t in UTC as RFC 3339 to the second.
func appendTimeSeconds(dst []byte, t time.Time) []byte {
	dst = appendTimeMilli(dst, t.Truncate(time.Second))
	// Drop ".000" before the Z.
	n := len(dst)
	copy(dst[n-5:], "Z")
	return dst[:n-4]
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// civilFromDays converts days since 1970-01-01 to a proleptic Gregorian
// date (Howard Hinnant's algorithm).
func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := floorDiv64(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// appendDigits appends n (non-negative) zero-padded to width digits.
func appendDigits(dst []byte, n int64, width int) []byte {
	var b [20]byte
	i := len(b)
	for n >= 10 || width > 1 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	i--
	b[i] = byte('0' + n)
	return append(dst, b[i:]...)
}

// Hashing for the identifiers the writers invent (t.co links, content ids,
// media ids, page tokens): FNV-1a folded through a SplitMix64 finaliser.
// Deterministic, allocation-free and good enough to look random.

func nativeHash(seed uint64, s string) uint64 {
	h := 14695981039346656037 ^ seed*0x9e3779b97f4a7c15
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return nativeMix(h)
}

func nativeMix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// nativeDigest is a 256-bit digest of up to three strings.
func nativeDigest(a, b, c string) (d [32]byte) {
	h := nativeHash(nativeHash(nativeHash(0, a), b), c)
	for w := 0; w < 4; w++ {
		h = nativeMix(h + uint64(w))
		for k := 0; k < 8; k++ {
			d[w*8+k] = byte(h >> (8 * k))
		}
	}
	return d
}

// appendBase62 appends n characters of base 62 drawn from h.
func appendBase62(dst []byte, h uint64, n int) []byte {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for i := 0; i < n; i++ {
		if i%10 == 9 {
			h = nativeMix(h)
		}
		dst = append(dst, alphabet[h%62])
		h /= 62
	}
	return dst
}

// AT Protocol identifiers.

// appendTID appends a timestamp identifier: 53 bits of microseconds and 10
// bits of clock id, in base32-sortable, 13 characters.
func appendTID(dst []byte, micros int64, clock uint64) []byte {
	const sortable = "234567abcdefghijklmnopqrstuvwxyz"
	v := (uint64(micros)<<10 | clock&0x3ff) &^ (1 << 63)
	var b [13]byte
	for i := 12; i >= 0; i-- {
		b[i] = sortable[v&31]
		v >>= 5
	}
	return append(dst, b[:]...)
}

// Multicodec codes of CIDs: records are DAG-CBOR, blobs raw bytes.
const (
	codecDagCBOR = 0x71
	codecRaw     = 0x55
)

// appendCID appends a CIDv1 with a sha2-256 multihash in multibase
// base32 ("bafyrei..." for records, "bafkrei..." for blobs).
func appendCID(dst []byte, codec byte, digest *[32]byte) []byte {
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	var raw [36]byte
	raw[0], raw[1], raw[2], raw[3] = 0x01, codec, 0x12, 0x20
	copy(raw[4:], digest[:])
	dst = append(dst, 'b')
	var acc uint64
	bits := 0
	for _, c := range raw {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			dst = append(dst, alphabet[acc>>uint(bits)&31])
		}
	}
	if bits > 0 {
		dst = append(dst, alphabet[acc<<uint(5-bits)&31])
	}
	return dst
}

// blobDigest turns an image hash into the digest of a blob CID: a hex
// SHA-256 is used as it is, anything else is hashed. Equal images get
// equal CIDs, as equal bytes do on a PDS.
func blobDigest(imageHash string) (d [32]byte) {
	if len(imageHash) == 64 {
		ok := true
		for i := 0; i < 32 && ok; i++ {
			hi, ok1 := hexNibble(imageHash[2*i])
			lo, ok2 := hexNibble(imageHash[2*i+1])
			d[i] = hi<<4 | lo
			ok = ok1 && ok2
		}
		if ok {
			return d
		}
	}
	return nativeDigest("blob", imageHash, "")
}

func hexNibble(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// parseDecimalID parses a decimal id without allocating.
func parseDecimalID(s string) (uint64, bool) {
	if s == "" || len(s) > 19 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// References between posts.

// postRef checks a reference from post i: it must name an earlier post
// (posts are in time order) whose account exists on its platform, and,
// unless crossOK, on the same platform as post i. It returns the
// referenced index, or -1.
func postRef(wd *World, i, ref int, crossOK bool) int {
	if ref < 0 || ref >= i || ref >= len(wd.Posts) {
		return -1
	}
	q := &wd.Posts[ref]
	if q.Account < 0 || q.Account >= len(wd.Accounts) || wd.Accounts[q.Account].Platform != q.Platform {
		return -1
	}
	if !crossOK && q.Platform != wd.Posts[i].Platform {
		return -1
	}
	return ref
}

// originalOf follows a chain of reposts to the post that was reposted: a
// repost of a repost reposts the original, on every platform. It returns
// -1 when the chain breaks.
func originalOf(wd *World, i int) int {
	for steps := 0; steps < 1<<16; steps++ {
		if wd.Posts[i].RepostOf < 0 {
			return i
		}
		j := postRef(wd, i, wd.Posts[i].RepostOf, false)
		if j < 0 {
			return -1
		}
		i = j
	}
	return -1
}

// refTarget resolves a reply or quote target of post i: a valid reference,
// through any repost to its original.
func refTarget(wd *World, i, ref int, crossOK bool) int {
	j := postRef(wd, i, ref, crossOK)
	if j < 0 {
		return -1
	}
	return originalOf(wd, j)
}

// threadRoot walks up the replies from parent, the post a reply answers,
// to the post that started the thread.
func threadRoot(wd *World, parent int) int {
	root := parent
	for steps := 0; steps < 1<<16; steps++ {
		up := refTarget(wd, root, wd.Posts[root].ReplyTo, false)
		if up < 0 {
			break
		}
		root = up
	}
	return root
}

// nativeWritable says whether post i has an account on its platform,
// and, for a repost, an original it can point at; other posts cannot be
// written natively.
func nativeWritable(wd *World, i int) bool {
	p := &wd.Posts[i]
	if p.Account < 0 || p.Account >= len(wd.Accounts) || wd.Accounts[p.Account].Platform != p.Platform {
		return false
	}
	return p.RepostOf < 0 || originalOf(wd, i) >= 0
}

// nativePosts lists the posts of a platform that can be written, in time
// order.
func nativePosts(wd *World, pf Platform) []int32 {
	var out []int32
	for i := range wd.Posts {
		if wd.Posts[i].Platform == pf && nativeWritable(wd, i) {
			out = append(out, int32(i))
		}
	}
	return out
}

// postWebURL is the address of a post's page on its platform, which is
// what a post on another platform links to when it quotes it.
func postWebURL(wd *World, i int) string {
	p := &wd.Posts[i]
	a := &wd.Accounts[p.Account]
	switch p.Platform {
	case X:
		return "https://x.com/" + a.Handle + "/status/" + p.ID
	case Bluesky:
		return "https://bsky.app/profile/" + a.Handle + "/post/" + p.ID
	case Mastodon:
		user, host := mastodonAcct(a.Handle)
		return "https://" + host + "/@" + user + "/" + p.ID
	}
	return ""
}

// mastodonAcct splits user@instance; a bare user is taken to be on the
// default instance.
func mastodonAcct(handle string) (user, host string) {
	if k := strings.IndexByte(handle, '@'); k >= 0 {
		return handle[:k], handle[k+1:]
	}
	return handle, "mastodon.social"
}

// Entities in text.

type entityKind uint8

const (
	entityURL entityKind = iota
	entityTag
	entityMention
)

// textEntity is where a URL, hashtag or mention of a post was found in its
// text: byte offsets, the '#' and '@' included.
type textEntity struct {
	start, end int
	kind       entityKind
	item       int // index in Post.URLs, Post.Hashtags or Post.Mentions
}

// entityFinder finds a post's entities in its text. Platforms derive
// entities from the text, so an entity the text does not hold is not
// written; one written twice is found once per time it is listed.
type entityFinder struct {
	found []textEntity
}

// find locates the post's URLs, then hashtags, then mentions (URLs first,
// so that a '#' or '@' inside a URL is not taken for a tag or mention).
// handles[k] is how Post.Mentions[k] is written after the '@' ("" to skip
// it); short[k], if not nil, is a shorter form tried when the first is not
// found (a Mastodon user without the instance).
func (f *entityFinder) find(text string, p *Post, handles, short []string) []textEntity {
	f.found = f.found[:0]
	for k, u := range p.URLs {
		if u != "" {
			f.add(text, u, entityURL, k)
		}
	}
	for k, tag := range p.Hashtags {
		if tag != "" {
			f.add(text, tag, entityTag, k)
		}
	}
	for k, h := range handles {
		if h == "" {
			continue
		}
		if !f.add(text, h, entityMention, k) && short != nil && short[k] != "" {
			f.add(text, short[k], entityMention, k)
		}
	}
	// Insertion sort: a post has a handful of entities.
	e := f.found
	for i := 1; i < len(e); i++ {
		for j := i; j > 0 && e[j].start < e[j-1].start; j-- {
			e[j], e[j-1] = e[j-1], e[j]
		}
	}
	return e
}

func (f *entityFinder) add(text, needle string, kind entityKind, item int) bool {
	from := 0
	for from < len(text) {
		// at is where this candidate starts: the '#' or '@' included.
		var at, end int
		switch kind {
		case entityURL, entityTag:
			k := strings.Index(text[from:], needle)
			if k < 0 {
				return false
			}
			at, end = from+k, from+k+len(needle)
			if kind == entityTag {
				at--
				if at < 0 || text[at] != '#' {
					from = at + 2
					continue
				}
			}
		case entityMention:
			k := strings.IndexByte(text[from:], '@')
			if k < 0 {
				return false
			}
			at, end = from+k, from+k+1+len(needle)
			if end > len(text) || !strings.EqualFold(text[at+1:end], needle) {
				from = at + 1
				continue
			}
		}
		if f.free(at, end) && entityBounded(text, at, end, kind) {
			f.found = append(f.found, textEntity{start: at, end: end, kind: kind, item: item})
			return true
		}
		from = at + 1
		if kind == entityTag {
			from++ // the needle itself began after the '#'
		}
	}
	return false
}

func (f *entityFinder) free(s, e int) bool {
	for _, x := range f.found {
		if s < x.end && x.start < e {
			return false
		}
	}
	return true
}

// entityBounded checks that text[s:e] stands alone: a tag or mention is
// not glued to a word before it, and none of them runs on into more of
// the same kind of characters after it.
func entityBounded(text string, s, e int, kind entityKind) bool {
	if kind != entityURL && s > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:s])
		if entityWordRune(r) {
			return false
		}
	}
	if e == len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[e:])
	switch kind {
	case entityTag:
		return !entityWordRune(r) && !unicode.Is(unicode.Mn, r)
	case entityMention:
		if entityWordRune(r) || r == '@' {
			return false
		}
		if r == '.' || r == '-' {
			return e+1 >= len(text) || !asciiAlnum(text[e+1])
		}
		return true
	default:
		if r >= utf8.RuneSelf || r <= ' ' {
			return true
		}
		if asciiAlnum(byte(r)) || strings.IndexByte("/?=&%-_~#+@$*", byte(r)) >= 0 {
			return false
		}
		if strings.IndexByte(".,;:!", byte(r)) >= 0 {
			return e+1 >= len(text) || !asciiAlnum(text[e+1]) && text[e+1] != '/'
		}
		return true
	}
}

func entityWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiAlnum(byte(r)) || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func asciiAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// bytesString views b as a string without copying, for passing a text
// being built to the string appenders; b must not change while the view is
// in use.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// codePoints counts code points as a JSON decoder will see them: an invalid
// byte becomes U+FFFD, one code point.
func codePoints(s string) int {
	n := 0
	i := 0
	for i+8 <= len(s) && load64(s, i)&swarHighs == 0 {
		i += 8
		n += 8
	}
	for ; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			n++
			continue
		}
		return n + utf8.RuneCountInString(s[i:])
	}
	return n
}

// accountObjects writes the JSON object of every account of a platform
// once, in parallel, so that the posts, which name the same accounts again
// and again, copy it rather than escape it anew. The result is indexed by
// account; other platforms' accounts are nil.
func accountObjects(wd *World, pf Platform, render func(dst []byte, a int) []byte) [][]byte {
	objs := make([][]byte, len(wd.Accounts))
	workers := runtime.GOMAXPROCS(0)
	per := (len(wd.Accounts) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(wd.Accounts); lo += per {
		hi := min(lo+per, len(wd.Accounts))
		wg.Go(func() {
			// One arena per goroutine; offsets first, as the arena moves while it grows.
			var arena []byte
			ends := make([]int, hi-lo)
			for a := lo; a < hi; a++ {
				if wd.Accounts[a].Platform == pf {
					arena = render(arena, a)
				}
				ends[a-lo] = len(arena)
			}
			start := 0
			for a := lo; a < hi; a++ {
				if end := ends[a-lo]; end > start {
					objs[a] = arena[start:end:end]
					start = end
				}
			}
		})
	}
	wg.Wait()
	return objs
}

// The ordered parallel writer.

// chunkEncoder appends records lo..hi-1 to dst. Each goroutine gets its
// own, so that it may keep scratch space.
type chunkEncoder func(dst []byte, lo, hi int) []byte

// writeOrdered encodes n records in chunks of per on GOMAXPROCS goroutines
// and writes the chunks in order, so that the output does not depend on
// scheduling. At most two chunks per goroutine are in flight. Chunks are
// large (hundreds of kilobytes), so they go to w directly rather than
// through another buffer.
func writeOrdered(w io.Writer, n, per int, newEncoder func() chunkEncoder) error {
	if n <= 0 {
		return nil
	}
	chunks := (n + per - 1) / per
	workers := min(runtime.GOMAXPROCS(0), chunks)
	bounds := func(c int) (int, int) { return c * per, min(c*per+per, n) }
	if workers <= 1 {
		enc := newEncoder()
		var buf []byte
		for c := 0; c < chunks; c++ {
			lo, hi := bounds(c)
			buf = enc(buf[:0], lo, hi)
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
		return nil
	}
	done := make([]chan []byte, chunks)
	for c := range done {
		done[c] = make(chan []byte, 1)
	}
	// A worker takes a buffer before it takes a chunk number, so the chunks
	// in flight are always the lowest unwritten ones and the writer never
	// waits for a chunk that no one will encode.
	free := make(chan []byte, 2*workers)
	for range 2 * workers {
		free <- nil
	}
	stop := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			enc := newEncoder()
			for {
				var buf []byte
				select {
				case buf = <-free:
				case <-stop:
					return
				}
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				lo, hi := bounds(c)
				done[c] <- enc(buf[:0], lo, hi)
			}
		}()
	}
	var err error
	for c := 0; c < chunks; c++ {
		buf := <-done[c]
		if _, err = w.Write(buf); err != nil {
			break
		}
		free <- buf
	}
	close(stop)
	wg.Wait()
	return err
}

// mentionHandles appends the handle of each account p mentions, or "" for
// one that is not on platform pf (it cannot be linked there).
func mentionHandles(dst []string, wd *World, p *Post, pf Platform) []string {
	for _, m := range p.Mentions {
		h := ""
		if m >= 0 && m < len(wd.Accounts) && wd.Accounts[m].Platform == pf {
			h = wd.Accounts[m].Handle
		}
		dst = append(dst, h)
	}
	return dst
}
