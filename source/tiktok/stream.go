package tiktok

import "bytes"

// salvage finds, in a value that did not parse (most often the last line of
// a file cut off while it was written), the first array under a key that
// accept takes, and calls fn with each complete object in it before the
// break, so that what arrived whole is kept.
func salvage(raw []byte, accept func(key string) bool, fn func(key string, elem []byte, i int) error) error {
	for pos := 0; pos < len(raw); pos++ {
		j := bytes.IndexByte(raw[pos:], '[')
		if j < 0 {
			return nil
		}
		pos += j
		key, ok := keyBefore(raw[:pos])
		if !ok || !accept(key) {
			continue
		}
		i, n := pos+1, 0
		for {
			i = skipBlanks(raw, i)
			if i >= len(raw) || raw[i] != '{' {
				return nil
			}
			end := valueEnd(raw[i:])
			if end < 0 {
				return nil
			}
			if err := fn(key, raw[i:i+end], n); err != nil {
				return err
			}
			n++
			i = skipBlanks(raw, i+end)
			if i >= len(raw) || raw[i] != ',' {
				return nil
			}
			i++
		}
	}
	return nil
}

// keyBefore returns the object key that b ends with, as in `"videos": `.
func keyBefore(b []byte) (string, bool) {
	i := len(b) - 1
	for i >= 0 && isBlank(b[i]) {
		i--
	}
	if i < 0 || b[i] != ':' {
		return "", false
	}
	i--
	for i >= 0 && isBlank(b[i]) {
		i--
	}
	if i < 0 || b[i] != '"' {
		return "", false
	}
	end := i
	i--
	for i >= 0 && (b[i] == '_' || b[i] >= 'a' && b[i] <= 'z' || b[i] >= 'A' && b[i] <= 'Z' || b[i] >= '0' && b[i] <= '9') {
		i--
	}
	if i < 0 || b[i] != '"' || i+1 == end {
		return "", false
	}
	return string(b[i+1 : end]), true
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func skipBlanks(b []byte, i int) int {
	for i < len(b) && isBlank(b[i]) {
		i++
	}
	return i
}

// valueEnd returns the length of the object or array that b starts with,
// or -1 when it does not end in b.
func valueEnd(b []byte) int {
	depth, inString, escaped := 0, false, false
	for i, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			case c == '\n':
				return -1
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}
