package source

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// JSONElements is JSONValues for formats whose records may also come as
// JSON arrays (an API's list response saved as is): when the first value in
// r is an array, fn gets its elements one at a time, so that a file that is
// one huge array is never held whole, and each line that starts another
// array (a JSON Lines file of arrays) goes on the same way. Anything else
// goes through JSONValues.
func JSONElements(r io.Reader, file string, fn func(raw []byte, line int) error, reject func(*RowError)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	// A read error here comes again from the reads that follow, after the
	// data that came before it.
	head, _ := br.Peek(br.Size())
	if bytes.HasPrefix(head, utf8BOM) {
		br.Discard(len(utf8BOM))
		head = head[len(utf8BOM):]
	}
	if firstByte(head) == '[' {
		s := &elemSplitter{window: window{r: br, buf: make([]byte, 64<<10)}, line: 1, file: file, reject: reject}
		return s.run(fn)
	}
	return JSONValues(br, file, fn, reject)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// firstByte returns the first byte of b that is not a blank, or 0.
func firstByte(b []byte) byte {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
		default:
			return c
		}
	}
	return 0
}

// elemSplitter hands out the elements of top-level arrays one at a time, and
// top-level objects whole. It survives what JSONValues survives: a value
// cut off by the end of the input, or by a line that starts a new value in
// its middle (a JSON Lines file of arrays with a truncated line).
type elemSplitter struct {
	window
	line   int // the line of buf[start]
	file   string
	reject func(*RowError)
}

var (
	errElemTooLong = fmt.Errorf("record longer than %d MiB", MaxRecord>>20)
	errElemCutNext = errors.New("JSON value cut off by the next record")
	errElemCutEnd  = errors.New("JSON value cut off at the end of the input")
)

func (s *elemSplitter) run(fn func(raw []byte, line int) error) error {
	inArray := false
	lineStart := true // nothing but blanks since the last newline
	var last byte     // the last structural byte outside the elements
	for {
		// Skip blanks.
		for {
			for s.start < s.end {
				c := s.buf[s.start]
				if c == '\n' {
					s.line++
					lineStart = true
				} else if c != ' ' && c != '\t' && c != '\r' {
					break
				}
				s.start++
			}
			if s.start < s.end {
				break
			}
			if err := s.fill(); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
		c := s.buf[s.start]
		switch {
		case !inArray && c == '[':
			s.start++
			inArray, last, lineStart = true, '[', false
			continue
		case inArray && (c == ']' || c == ','):
			s.start++
			inArray, last, lineStart = c == ',', c, false
			continue
		case inArray && c == '[' && lineStart && last != ',' && last != '[':
			// The array before lacks its end: this line starts another.
			inArray = false
			continue
		case !inArray && c != '{':
			s.reject(&RowError{File: s.file, Line: s.line, Err: errors.New("not a JSON object or array")})
			if err := s.skipLine(); err != nil {
				return s.done(err)
			}
			lineStart = true
			continue
		}
		line := s.line
		n, err := s.scan()
		if n == 0 && err == nil {
			n = 1 // a stray '}' in an array: a value of its own, rejected by fn
		}
		switch {
		case err == errElemTooLong:
			s.reject(&RowError{File: s.file, Line: line, Err: errElemTooLong})
			s.advance(n)
		case err == errElemCutNext:
			s.reject(&RowError{File: s.file, Line: line, Err: err})
			s.advance(n)
			lineStart, last = true, 0
			continue
		case err == errElemCutEnd:
			s.reject(&RowError{File: s.file, Line: line, Err: err})
			return nil
		case err != nil:
			return err
		case n > MaxRecord:
			// It fitted in the buffer, which holds a little more than
			// MaxRecord; the limit is the same for every value.
			s.reject(&RowError{File: s.file, Line: line, Err: errElemTooLong})
			s.advance(n)
		default:
			raw := s.buf[s.start : s.start+n]
			if err := fn(raw, line); err != nil {
				return err
			}
			s.advance(n)
		}
		lineStart, last = false, '}'
	}
}

func (s *elemSplitter) done(err error) error {
	if err == io.EOF {
		return nil
	}
	return err
}

// advance moves past n bytes, counting their lines.
func (s *elemSplitter) advance(n int) {
	s.line += bytes.Count(s.buf[s.start:s.start+n], []byte{'\n'})
	s.start += n
}

func (s *elemSplitter) skipLine() error {
	for {
		if i := bytes.IndexByte(s.buf[s.start:s.end], '\n'); i >= 0 {
			s.start += i + 1
			s.line++
			return nil
		}
		s.start = s.end
		if err := s.fill(); err != nil {
			return err
		}
	}
}

// scan finds the end of the value at buf[start] and returns its length.
// errElemCutNext says the value is broken off and n is where what follows
// begins: a raw newline inside a string, which JSON does not allow, or a
// line starting with '{' or '[' where no element can start (the line
// before does not end in ',', '[' or ':'). errElemTooLong says the value was
// longer than MaxRecord and has been skipped. A scalar ends at a blank, ','
// or ']'.
func (s *elemSplitter) scan() (n int, err error) {
	depth, inString, escaped := 0, false, false
	lineStart := false
	var last byte
	scalar := s.buf[s.start] != '{' && s.buf[s.start] != '['
	skipping := false // past MaxRecord: drop what is scanned
	i := 0
	for {
		b := s.buf[s.start:s.end]
		for ; i < len(b); i++ {
			c := b[i]
			if inString {
				if !escaped {
					// Most of a record is string bodies: skip them whole.
					j := i + stringRun(b[i:])
					if j == len(b) {
						i = j - 1
						continue
					}
					i, c = j, b[j]
				}
				switch {
				case c == '\n':
					return i + 1, s.cut(skipping, errElemCutNext)
				case escaped:
					escaped = false
				case c == '\\':
					escaped = true
				case c == '"':
					inString = false
					last = c
				}
				continue
			}
			if lineStart && depth > 0 && (c == '{' || c == '[') && last != ',' && last != '[' && last != ':' {
				return i, s.cut(skipping, errElemCutNext)
			}
			lineStart = false
			switch c {
			case '"':
				inString = true
			case '{', '[':
				if !scalar {
					depth++
				}
			case '}', ']':
				if scalar {
					return i, s.cut(skipping, nil)
				}
				depth--
				if depth <= 0 {
					return i + 1, s.cut(skipping, nil)
				}
			case '\n':
				if scalar {
					return i, s.cut(skipping, nil)
				}
				lineStart = true
				continue
			case ' ', '\t', '\r':
				if scalar {
					return i, s.cut(skipping, nil)
				}
				continue
			case ',':
				if scalar {
					return i, s.cut(skipping, nil)
				}
			}
			last = c
		}
		if i > MaxRecord {
			// Drop what was scanned; only the state of the scan is kept.
			skipping = true
			s.advance(i)
			i = 0
		}
		if err := s.fill(); err == io.EOF {
			if skipping {
				return 0, errElemTooLong
			}
			if scalar && !inString {
				return i, nil
			}
			return i, errElemCutEnd
		} else if err != nil {
			return 0, err
		}
	}
}

// cut turns the end of a scan into its error: a value that was skipped for
// its length is reported as such, whatever ended it.
func (s *elemSplitter) cut(skipping bool, err error) error {
	if skipping {
		return errElemTooLong
	}
	return err
}
