package telegram

import (
	"errors"
	"fmt"
	"io"

	"github.com/scrutineer/scrutineer/source"
)

// scanner walks one JSON document from a reader, holding in memory only
// the value it is reading: an export is a single document that can be
// gigabytes, and only its messages are needed one at a time.
type scanner struct {
	r   io.Reader
	buf []byte
	pos int // the next byte to look at
	end int // buf[:end] holds input
	// mark is where the value being kept starts, or -1: bytes before
	// min(pos, mark) may be dropped when the buffer is refilled.
	mark int
	line int // the line of buf[pos]
	// indent is the number of blanks skipWS saw after the last newline it
	// crossed, or -1 when it crossed none: the indentation of the value
	// that follows when that value starts its line.
	indent int
	eof    bool
	err    error // the read error that ended the input
	// ctrl says the last value read has a control character in a string,
	// which JSON does not allow and fastjson does not check.
	ctrl bool
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 64<<10), mark: -1, line: 1, indent: -1}
}

// maxBuf bounds the buffer: a kept value longer than MaxRecord is dropped
// before the buffer has to grow past it.
const maxBuf = source.MaxRecord + 128<<10

// more reads more input, dropping what is no longer needed. It returns
// false at the end of the input or on a read error (kept in err).
func (s *scanner) more() bool {
	if s.eof {
		return false
	}
	keep := s.pos
	if s.mark >= 0 && s.mark < keep {
		keep = s.mark
	}
	if s.end == len(s.buf) {
		if keep > 0 {
			s.end = copy(s.buf, s.buf[keep:s.end])
			s.pos -= keep
			if s.mark >= 0 {
				s.mark -= keep
			}
		} else {
			if len(s.buf) >= maxBuf {
				// Cannot happen while value drops what outgrows
				// MaxRecord; stop rather than grow without bound.
				s.err = errors.New("telegram: scanner buffer full")
				s.eof = true
				return false
			}
			s.buf = append(s.buf, make([]byte, min(len(s.buf), maxBuf-len(s.buf)))...)
		}
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return n > 0
		}
		if err != nil {
			s.err = fmt.Errorf("read: %w", err)
			s.eof = true
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.err = fmt.Errorf("read: %w", io.ErrNoProgress)
	s.eof = true
	return false
}

// skipWS skips blanks and returns the next byte, without consuming it;
// false at the end of the input.
func (s *scanner) skipWS() (byte, bool) {
	s.indent = -1
	for {
		for s.pos < s.end {
			switch c := s.buf[s.pos]; c {
			case '\n':
				s.line++
				s.indent = 0
			case ' ', '\t':
				if s.indent >= 0 {
					s.indent++
				}
			case '\r':
			default:
				return c, true
			}
			s.pos++
		}
		if !s.more() {
			return 0, false
		}
	}
}

// skipBOM drops a UTF-8 byte order mark at the start of the input.
func (s *scanner) skipBOM() {
	for s.end-s.pos < 3 && s.more() {
	}
	if s.end-s.pos >= 3 && s.buf[s.pos] == 0xef && s.buf[s.pos+1] == 0xbb && s.buf[s.pos+2] == 0xbf {
		s.pos += 3
	}
}

// How a value ended.
type status uint8

const (
	complete status = iota
	// cut: the value is broken off by what looks like the start of the next
	// one; pos is left there.
	cut
	// atEOF: the input ended inside the value.
	atEOF
	// tooLong: the value is longer than MaxRecord; it was read past, not
	// kept.
	tooLong
)

// value reads the value at pos (which skipWS has just reached), returning
// its bytes when keep is set (valid until the next call) and the line on
// which it starts. It finds the end by brackets and strings only: the
// caller validates what it keeps.
//
// A pretty-printer never leaves a raw newline in a string, nor starts a
// line with '{' or '[' inside a value unless the line before ends in ',',
// '[' or ':'; when the value started its own line, such a line indented no
// deeper than the value's start is taken as the next value and the value
// as cut off there, so that one broken message costs only itself.
func (s *scanner) value(keep bool) (raw []byte, line int, st status) {
	line = s.line
	indent := s.indent
	s.mark = -1
	s.ctrl = false
	if keep {
		s.mark = s.pos
	}
	c := s.buf[s.pos]
	scalar := c != '{' && c != '['
	depth := 0
	inString, escaped := false, false
	lineStart, lineIndent := false, 0
	var last byte // the last byte outside strings that was not a blank
	long := false
	finish := func(st status) ([]byte, int, status) {
		if long {
			st = tooLong
		}
		if keep && !long && st == complete {
			raw = s.buf[s.mark:s.pos]
		}
		s.mark = -1
		return raw, line, st
	}
	for {
		for s.pos < s.end {
			if inString && !escaped {
				// Skip the plain run of the string in a tight loop.
				j, buf := s.pos, s.buf[:s.end]
				for j < len(buf) && !stringStop[buf[j]] {
					j++
				}
				s.pos = j
				if j == len(buf) {
					break
				}
				if c := buf[j]; c < 0x20 && c != '\n' {
					s.ctrl = true
				}
			}
			c := s.buf[s.pos]
			if inString {
				switch {
				case escaped:
					escaped = false
				case c == '\\':
					escaped = true
				case c == '"':
					inString = false
					last = c
					if scalar && depth == 0 {
						s.pos++
						return finish(complete)
					}
				case c < 0x20 && c != '\n':
					s.ctrl = true
				case c == '\n':
					// Broken string: end it here and look at the next
					// line as the pretty-printer would have laid it out.
					s.ctrl = true
					s.line++
					inString = false
					last = '"'
					lineStart, lineIndent = true, 0
				}
				s.pos++
				continue
			}
			if lineStart {
				if c == ' ' || c == '\t' {
					lineIndent++
					s.pos++
					continue
				}
				lineStart = false
				if depth > 0 && (c == '{' || c == '[') && last != ',' && last != '[' && last != ':' && (indent < 0 || lineIndent <= indent) {
					return finish(cut)
				}
			}
			switch c {
			case '"':
				inString = true
			case '{', '[':
				depth++
			case '}', ']':
				if scalar && depth == 0 {
					return finish(complete)
				}
				depth--
				if depth <= 0 {
					s.pos++
					return finish(complete)
				}
			case '\n':
				if scalar && depth == 0 {
					return finish(complete)
				}
				s.line++
				lineStart, lineIndent = true, 0
				s.pos++
				continue
			case ' ', '\t', '\r':
				if scalar && depth == 0 {
					return finish(complete)
				}
				s.pos++
				continue
			case ',', ':':
				if scalar && depth == 0 {
					return finish(complete)
				}
			}
			last = c
			s.pos++
		}
		if keep && s.pos-s.mark > source.MaxRecord {
			// Read on to the end of the value without keeping it.
			keep, long = false, true
			s.mark = -1
		}
		if !s.more() {
			if scalar && !inString {
				return finish(complete)
			}
			return finish(atEOF)
		}
	}
}

// stringStop marks the bytes that end a plain run inside a string: the
// quote, the escape and the control characters.
var stringStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()
