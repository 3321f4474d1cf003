package object

// Character classes for percent-encoding, as bits so that one table serves
// every URL component.
const (
	unreservedChar = 1 << iota // RFC 3986 unreserved: never needs encoding
	pathChar                   // may stand literally in a path
	queryChar                  // may stand literally in a query key or value
	fragmentChar               // may stand literally in a fragment
)

// charClass classifies each byte. It is filled once and never changed.
var charClass = func() (t [256]uint8) {
	set := func(chars string, bits uint8) {
		for i := 0; i < len(chars); i++ {
			t[chars[i]] |= bits
		}
	}
	const (
		alnum     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		subDelims = "!$'()*+,;="
		all       = unreservedChar | pathChar | queryChar | fragmentChar
	)
	set(alnum+"-._~", all)
	set(subDelims+":@", pathChar|queryChar|fragmentChar)
	set("/", pathChar|queryChar|fragmentChar)
	set("?", queryChar|fragmentChar)
	// '&' separates query parameters, so a literal one only survives in a
	// path or fragment; inside a parameter it is always an escape.
	set("&", pathChar|fragmentChar)
	return t
}()

const upperHex = "0123456789ABCDEF"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// appendEscaped appends s to b with percent-encoding normalised for a
// component whose literal characters have the class bit allowed:
//   - an escape of an unreserved character is decoded ("%7E" → "~"), since
//     RFC 3986 makes the two spellings equivalent;
//   - every other escape keeps its meaning but gets upper-case hex;
//   - a '%' that starts no valid escape becomes "%25";
//   - any byte not allowed literally (space, non-ASCII, controls, quotes...)
//     is encoded, so raw and pre-encoded spellings meet.
//
// The output is a fixed point: appending it again yields the same bytes.
func appendEscaped(b []byte, s string, allowed uint8) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if charClass[v]&unreservedChar != 0 {
				b = append(b, v)
			} else {
				b = append(b, '%', upperHex[v>>4], upperHex[v&15])
			}
			i += 2
		case c != '%' && charClass[c]&allowed != 0:
			b = append(b, c)
		default:
			b = append(b, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return b
}

// percentDecode decodes every valid escape in s. ok is false if a '%' starts
// no valid escape.
func percentDecode(s string) (string, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", false
			}
			n++
			i += 2
		}
	}
	if n == 0 {
		return s, true
	}
	b := make([]byte, 0, len(s)-2*n)
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b), true
}
