package source

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// JSONValues calls fn with every top-level JSON value in r and the line on
// which it starts. r may hold JSON Lines, one document, or documents one
// after another, pretty-printed or not. The bytes passed to fn are valid
// only during the call.
//
// When the first value fills its line, r is taken as JSON Lines: every
// non-blank line is a value, handed to fn unchecked (fn parses it, and
// rejects it when it does not parse), so a bad line costs only itself.
// Otherwise values are found by their brackets; one that is cut off, by the
// end of the input or by a line that starts with '{' or '[' in its middle
// (where a pretty-printer never puts one), goes to reject and reading goes
// on after it. A value longer than MaxRecord is rejected too. An error from
// fn stops the reading and is returned.
func JSONValues(r io.Reader, file string, fn func(raw []byte, line int) error, reject func(*RowError)) error {
	s := &jsonScanner{window: window{r: r, buf: make([]byte, 64<<10)}, line: 1}
	first := true
	lines := false
	for {
		if lines {
			raw, line, err := s.nextLine(file, reject)
			if err != nil {
				return s.done(err)
			}
			if err := fn(raw, line); err != nil {
				return err
			}
			continue
		}
		raw, line, oneLine, err := s.nextValue(file, reject)
		if err != nil {
			return s.done(err)
		}
		if first {
			// Look past the first value (a copy: looking may move the
			// buffer) for what ends its line.
			first = false
			raw = bytes.Clone(raw)
			if lines, err = s.lineEndsHere(); err != nil {
				return err
			}
			lines = lines && oneLine
		}
		if err := fn(raw, line); err != nil {
			return err
		}
	}
}

type jsonScanner struct {
	window
	line int // the line of buf[start]
}

// window is the unread part of a reader, buf[start:end], refilled as it is
// used, for the JSON splitters.
type window struct {
	r          io.Reader
	buf        []byte
	start, end int
	eof        bool  // r is exhausted
	pending    error // a read error that came with data, returned once that is used
}

// fill reads more input, keeping buf[start:end] and growing buf when it is
// full. It returns io.EOF when there is no more. Callers drop what is
// longer than MaxRecord, so buf stays a little past MaxRecord.
func (s *window) fill() error {
	if s.eof {
		return io.EOF
	}
	if s.end == len(s.buf) {
		if s.start > 0 {
			// Move what is unread to the front only when the buffer is
			// full, so that a slow reader does not cost a copy per read.
			s.end = copy(s.buf, s.buf[s.start:s.end])
			s.start = 0
		} else {
			s.buf = append(s.buf, make([]byte, max(4096, min(len(s.buf), MaxRecord+1<<16-len(s.buf))))...)
		}
	}
	if s.pending != nil {
		return s.pending
	}
	n, err := s.r.Read(s.buf[s.end:])
	s.end += n
	if err == io.EOF {
		s.eof = true
		if n == 0 {
			return io.EOF
		}
		return nil
	}
	if err != nil {
		// Use what came with the error (a cut-off gzip stream's last
		// bytes) before giving the error.
		err = fmt.Errorf("read: %w", err)
		if n > 0 {
			s.pending = err
			return nil
		}
		return err
	}
	return nil
}

func (s *jsonScanner) done(err error) error {
	if err == io.EOF {
		return nil
	}
	return err
}

// fill is window.fill, refusing to hold a value longer than MaxRecord.
func (s *jsonScanner) fill() error {
	if s.end-s.start > MaxRecord {
		return errTooLong
	}
	return s.window.fill()
}

var errTooLong = fmt.Errorf("record longer than %d MiB", MaxRecord>>20)

// skipLine drops input up to the next newline, for a record too long to
// keep.
func (s *jsonScanner) skipLine() error {
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

// lineEndsHere reports whether only blanks stand between here and the
// next newline or the end of the input.
func (s *jsonScanner) lineEndsHere() (bool, error) {
	for i := s.start; ; i++ {
		if i == s.end {
			off := i - s.start
			if err := s.fill(); err == io.EOF || err == errTooLong {
				return true, nil
			} else if err != nil {
				return false, err
			}
			i = s.start + off
		}
		switch s.buf[i] {
		case '\n':
			return true, nil
		case ' ', '\t', '\r':
		default:
			return false, nil
		}
	}
}

// nextLine returns the next non-blank line, without its line ending.
func (s *jsonScanner) nextLine(file string, reject func(*RowError)) ([]byte, int, error) {
	for {
		i := bytes.IndexByte(s.buf[s.start:s.end], '\n')
		if i < 0 {
			if err := s.fill(); err == errTooLong {
				reject(&RowError{File: file, Line: s.line, Err: errTooLong})
				if err := s.skipLine(); err != nil {
					return nil, 0, err
				}
				continue
			} else if err == io.EOF {
				if s.start == s.end {
					return nil, 0, io.EOF
				}
				i = s.end - s.start // the last line has no newline
			} else if err != nil {
				return nil, 0, err
			} else {
				continue
			}
		}
		if i > MaxRecord {
			reject(&RowError{File: file, Line: s.line, Err: errTooLong})
			s.start = min(s.start+i+1, s.end)
			s.line++
			continue
		}
		raw := bytes.TrimSpace(s.buf[s.start : s.start+i])
		line := s.line
		s.start = min(s.start+i+1, s.end)
		s.line++
		if len(raw) > 0 {
			return raw, line, nil
		}
	}
}

// nextValue returns the next value found by its brackets, its line, and
// whether it has its line to itself (nothing but blanks before it on its
// line, which is what the caller checks for the first value, and a newline
// or the end right after it).
func (s *jsonScanner) nextValue(file string, reject func(*RowError)) (raw []byte, line int, ownLine bool, err error) {
	for {
		// Skip blanks, counting lines.
		for {
			for s.start < s.end {
				c := s.buf[s.start]
				if c == '\n' {
					s.line++
				} else if c != ' ' && c != '\t' && c != '\r' {
					break
				}
				s.start++
			}
			if s.start < s.end {
				break
			}
			if err := s.fill(); err != nil {
				return nil, 0, false, err
			}
		}
		n, cut, err := s.scanValue()
		switch {
		case errors.Is(err, errTooLong):
			reject(&RowError{File: file, Line: s.line, Err: errTooLong})
			if err := s.skipLine(); err != nil {
				return nil, 0, false, err
			}
			continue
		case err != nil && err != io.EOF:
			return nil, 0, false, err
		case cut || err == io.EOF:
			what := "cut off by the next record"
			if err == io.EOF {
				what = "cut off at the end of the input"
			}
			reject(&RowError{File: file, Line: s.line, Err: errors.New("JSON value " + what)})
			s.line += bytes.Count(s.buf[s.start:s.start+n], []byte{'\n'})
			s.start += n
			continue
		}
		raw, line = s.buf[s.start:s.start+n], s.line
		s.line += bytes.Count(raw, []byte{'\n'})
		s.start += n
		if n > MaxRecord {
			reject(&RowError{File: file, Line: line, Err: errTooLong})
			continue
		}
		return raw, line, bytes.IndexByte(raw, '\n') < 0, nil
	}
}

// scanValue finds the end of the value at buf[start], reading more as
// needed. It returns the value's length; cut says the value is broken off
// and n is where what follows begins: at a raw newline inside a string
// (which JSON does not allow), or at a line that starts with '{' or '[' in
// the middle of a value where no element can start (the previous line
// does not end in ',', '[' or ':').
func (s *jsonScanner) scanValue() (n int, cut bool, err error) {
	depth, inString, escaped := 0, false, false
	lineStart := false // the previous byte was a newline
	var last byte      // the last byte that was not a blank
	i := 0
	scalar := s.buf[s.start] != '{' && s.buf[s.start] != '['
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
					return i + 1, true, nil
				case escaped:
					escaped = false
				case c == '\\':
					escaped = true
				case c == '"':
					inString = false
					last = c
					if scalar && depth == 0 {
						return i + 1, false, nil
					}
				}
				continue
			}
			if lineStart && depth > 0 && (c == '{' || c == '[') && last != ',' && last != '[' && last != ':' {
				return i, true, nil
			}
			lineStart = false
			switch c {
			case '"':
				inString = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth <= 0 {
					return i + 1, false, nil
				}
			case '\n':
				if scalar && depth == 0 {
					return i, false, nil
				}
				lineStart = true
				continue
			case ' ', '\t', '\r':
				if scalar && depth == 0 && i > 0 {
					return i, false, nil
				}
				continue
			case ',':
				if scalar && depth == 0 && i > 0 {
					return i, false, nil
				}
			}
			last = c
		}
		if i > MaxRecord {
			return i, false, errTooLong
		}
		if err := s.fill(); err != nil {
			if err == io.EOF && scalar && !inString {
				return i, false, nil
			}
			return i, false, err
		}
	}
}

// stringStop marks the bytes that end a run of a string's body for the
// splitters: its closing quote, an escape, and a newline (which no JSON
// string holds, so a value broken off ends there).
var stringStop = [256]bool{'"': true, '\\': true, '\n': true}

// stringRun returns how many bytes of b come before the first that
// stringStop marks, eight at a time.
func stringRun(b []byte) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	n := 0
	for ; len(b)-n >= 8; n += 8 {
		x := binary.LittleEndian.Uint64(b[n:])
		q, e, l := x^(lo*'"'), x^(lo*'\\'), x^(lo*'\n')
		// A zero byte in q, e or l is a stop byte in x.
		if ((q-lo)&^q|(e-lo)&^e|(l-lo)&^l)&hi != 0 {
			break
		}
	}
	for n < len(b) && !stringStop[b[n]] {
		n++
	}
	return n
}
