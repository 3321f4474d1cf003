package source

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/valyala/fastjson"
)

// validJSON reports whether b is one JSON value, surrounded by nothing but
// whitespace, exactly as encoding/json.Valid has it, nested at most
// fastjson.MaxDepth deep. It is one pass without recursion or allocation:
// every record's Raw goes through it, after the parser has been over the
// same bytes.
func validJSON(b []byte) error {
	const maxDepth = fastjson.MaxDepth
	var objects [(maxDepth + 64) / 64]uint64 // bit d: level d is an object
	depth := 0
	isObject := func() bool { return objects[depth>>6]&(1<<(depth&63)) != 0 }
	i := skipSpace(b, 0)
	for {
		// A value starts at i.
		if i >= len(b) {
			return errEnd
		}
		switch c := b[i]; c {
		case '{', '[':
			if depth++; depth > maxDepth {
				return errTooDeep
			}
			if c == '{' {
				objects[depth>>6] |= 1 << (depth & 63)
			} else {
				objects[depth>>6] &^= 1 << (depth & 63)
			}
			i = skipSpace(b, i+1)
			if i < len(b) && (c == '{' && b[i] == '}' || c == '[' && b[i] == ']') {
				depth--
				i++
				break
			}
			if c == '{' {
				var err error
				if i, err = key(b, i); err != nil {
					return err
				}
			}
			continue
		case '"':
			var err error
			if i, err = skipString(b, i+1); err != nil {
				return err
			}
		case 't':
			if !hasAt(b, i, "true") {
				return unexpected(b, i)
			}
			i += 4
		case 'f':
			if !hasAt(b, i, "false") {
				return unexpected(b, i)
			}
			i += 5
		case 'n':
			if !hasAt(b, i, "null") {
				return unexpected(b, i)
			}
			i += 4
		default:
			var err error
			if i, err = skipNumber(b, i); err != nil {
				return err
			}
		}
		// After a value: close containers, or move to the next element.
		for {
			i = skipSpace(b, i)
			if depth == 0 {
				if i != len(b) {
					return unexpected(b, i)
				}
				return nil
			}
			if i >= len(b) {
				return errEnd
			}
			obj := isObject()
			if c := b[i]; c == '}' && obj || c == ']' && !obj {
				depth--
				i++
				continue
			}
			if b[i] != ',' {
				return unexpected(b, i)
			}
			i = skipSpace(b, i+1)
			if obj {
				var err error
				if i, err = key(b, i); err != nil {
					return err
				}
			}
			break
		}
	}
}

var errEnd = errors.New("unexpected end of JSON")

func unexpected(b []byte, i int) error {
	return fmt.Errorf("unexpected %q at byte %d", b[i], i)
}

func hasAt(b []byte, i int, lit string) bool {
	return len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit
}

// key reads an object's key and its colon, and returns where its value
// starts.
func key(b []byte, i int) (int, error) {
	if i >= len(b) {
		return i, errEnd
	}
	if b[i] != '"' {
		return i, unexpected(b, i)
	}
	i, err := skipString(b, i+1)
	if err != nil {
		return i, err
	}
	if i = skipSpace(b, i); i >= len(b) {
		return i, errEnd
	}
	if b[i] != ':' {
		return i, unexpected(b, i)
	}
	return skipSpace(b, i+1), nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\n', '\r', '\t':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index after the closing quote of the string
// whose content starts at i, checking its escapes and refusing control
// characters. Eight bytes at a time pass when none is a quote, a
// backslash or below 0x20.
func skipString(b []byte, i int) (int, error) {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for {
		for len(b)-i >= 8 {
			w := binary.LittleEndian.Uint64(b[i:])
			q, e := w^(lo*'"'), w^(lo*'\\')
			// Flags (perhaps too many, by a borrow: they only cost a look)
			// at each byte below 0x20, quote or backslash; bytes of 0x80
			// and up are masked out by ^w.
			if ((w-lo*0x20)&^w|(q-lo)&^q|(e-lo)&^e)&hi != 0 {
				break
			}
			i += 8
		}
		if i >= len(b) {
			return i, errEnd
		}
		switch c := b[i]; {
		case c == '"':
			return i + 1, nil
		case c == '\\':
			if i+1 >= len(b) {
				return i, errEnd
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if len(b)-i < 6 {
					return i, errEnd
				}
				for _, h := range b[i+2 : i+6] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return i, fmt.Errorf("invalid \\u escape at byte %d", i)
					}
				}
				i += 6
			default:
				return i, fmt.Errorf("invalid escape \\%c at byte %d", b[i+1], i)
			}
		case c < 0x20:
			return i, ErrControl
		default:
			i++
		}
	}
}

// skipNumber checks the number at i: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func skipNumber(b []byte, i int) (int, error) {
	start := i
	digits := func() bool {
		s := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i > s
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		if i >= len(b) {
			return i, errEnd
		}
		return i, unexpected(b, i)
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return i, fmt.Errorf("invalid number at byte %d", start)
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return i, fmt.Errorf("invalid number at byte %d", start)
		}
	}
	return i, nil
}
