package mastodon

import "bytes"

// member returns the JSON text of the value of key in the object raw, or
// nil when raw is nil, not an object, has no such key, or has a key
// written with escapes (fastjson would match it unescaped; the caller
// then writes the value anew). raw must be valid JSON, as the reader has
// checked. Cutting a sub-object's Raw out of its status is several times
// cheaper than writing it anew.
func member(raw []byte, key string) []byte {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil
	}
	i++
	for {
		i = skipWS(raw, i)
		if i >= len(raw) || raw[i] != '"' {
			return nil
		}
		j := endOfString(raw, i)
		if j < 0 {
			return nil
		}
		k := raw[i+1 : j-1]
		if bytes.IndexByte(k, '\\') >= 0 {
			return nil
		}
		i = skipWS(raw, j)
		if i >= len(raw) || raw[i] != ':' {
			return nil
		}
		i = skipWS(raw, i+1)
		e := endOfValue(raw, i)
		if e < 0 {
			return nil
		}
		if string(k) == key {
			return raw[i:e]
		}
		i = skipWS(raw, e)
		if i >= len(raw) || raw[i] != ',' {
			return nil
		}
		i++
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// endOfString returns the index just past the string starting at b[i], or -1.
func endOfString(b []byte, i int) int {
	for j := i + 1; j < len(b); {
		q := bytes.IndexByte(b[j:], '"')
		if q < 0 {
			return -1
		}
		q += j
		n := 0 // backslashes before the quote
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
	return -1
}

// endOfValue returns the index just past the value starting at b[i], or -1.
func endOfValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return endOfString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				e := endOfString(b, j)
				if e < 0 {
					return -1
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t' {
		j++
	}
	return j
}
