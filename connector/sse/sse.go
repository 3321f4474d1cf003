// Package sse reads a Server-Sent Events stream (the WHATWG "event stream"
// format): lines of "field: value" ending in CR, LF or CRLF, events ending
// at a blank line, comments starting with ':'. Lines and event data are
// bounded, so that no stream makes the reader allocate without bound: what
// passes a bound is skipped and the event reports it.
package sse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Event is one dispatched event.
type Event struct {
	// Type is the event field ("update"); empty when the event named none,
	// which the standard reads as "message".
	Type string
	// Data is the data lines joined by '\n'. It is valid until the next
	// call of Next.
	Data []byte
	// ID is the last event id the stream set, this event's or an earlier
	// one's.
	ID string
	// Line is the line on which the event starts, from 1.
	Line int
	// Err is non-nil, wrapping ErrTooLong, when a line or the data passed
	// a bound: Data is then empty and the event is to be rejected.
	Err error
}

// ErrTooLong is what Event.Err wraps when an event passed a bound.
var ErrTooLong = errors.New("too long")

// Reader reads events from a stream.
type Reader struct {
	br      *bufio.Reader
	maxLine int
	maxData int

	line    int    // lines read
	skipLF  bool   // the last line ended in CR: a LF next is part of it
	buf     []byte // the current line
	typ     []byte
	data    []byte
	hasData bool
	start   int // line of the current event's first field
	id      string
	retry   int
	tooLong error
}

// NewReader returns a Reader of r that takes lines up to maxLine bytes and
// events with up to maxData bytes of data.
func NewReader(r io.Reader, maxLine, maxData int) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 16<<10), maxLine: maxLine, maxData: maxData}
}

// Retry returns the reconnection time the stream asked for, in
// milliseconds; 0 when it asked none.
func (r *Reader) Retry() int { return r.retry }

// Next returns the next event. At the end of the stream it returns io.EOF;
// an event not ended by a blank line then is dropped, as the standard
// says, since a cut stream may have cut it. Other errors are the
// underlying reader's.
func (r *Reader) Next() (Event, error) {
	for {
		l, long, err := r.readLine()
		if err != nil {
			return Event{}, err
		}
		if r.line == 1 {
			l = bytes.TrimPrefix(l, []byte("\xef\xbb\xbf"))
		}
		if len(l) == 0 && !long {
			if ev, ok := r.dispatch(); ok {
				return ev, nil
			}
			continue
		}
		if !long && l[0] == ':' {
			continue
		}
		if r.start == 0 {
			r.start = r.line
		}
		if long {
			r.fail(fmt.Errorf("line %d longer than %d bytes: %w", r.line, r.maxLine, ErrTooLong))
			continue
		}
		field, value := l, []byte(nil)
		if i := bytes.IndexByte(l, ':'); i >= 0 {
			field, value = l[:i], l[i+1:]
			value = bytes.TrimPrefix(value, []byte(" "))
		}
		switch string(field) {
		case "event":
			r.typ = append(r.typ[:0], value...)
		case "data":
			if r.tooLong != nil {
				break
			}
			n := len(r.data) + len(value)
			if r.hasData {
				n++
			}
			if n > r.maxData {
				r.fail(fmt.Errorf("data longer than %d bytes: %w", r.maxData, ErrTooLong))
				break
			}
			if r.hasData {
				r.data = append(r.data, '\n')
			}
			r.data = append(r.data, value...)
			r.hasData = true
		case "id":
			if bytes.IndexByte(value, 0) < 0 {
				r.id = string(value)
			}
		case "retry":
			if n, err := strconv.Atoi(string(value)); err == nil && n >= 0 && isDigits(value) {
				r.retry = n
			}
		}
	}
}

// fail marks the current event as too long, dropping its data.
func (r *Reader) fail(err error) {
	if r.tooLong == nil {
		r.tooLong = err
	}
	r.data, r.hasData = r.data[:0], false
}

// dispatch ends the current event, returning it when it is one to give.
func (r *Reader) dispatch() (Event, bool) {
	ev := Event{Type: string(r.typ), Data: r.data, ID: r.id, Line: r.start, Err: r.tooLong}
	give := r.hasData || r.tooLong != nil
	r.typ, r.data, r.hasData, r.start, r.tooLong = r.typ[:0], r.data[:0], false, 0, nil
	if !give {
		return Event{}, false // no data: nothing to dispatch, as the standard says
	}
	if ev.Err != nil {
		ev.Data = nil
	}
	return ev, true
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// readLine returns the next line without its end. A line longer than
// maxLine is skipped to its end and reported as long, with no bytes.
func (r *Reader) readLine() (line []byte, long bool, err error) {
	r.buf = r.buf[:0]
	for {
		if _, err := r.br.Peek(1); err != nil {
			// A last line without its end is cut: it is dropped with
			// the event pending.
			return nil, false, err
		}
		b, _ := r.br.Peek(r.br.Buffered())
		if r.skipLF {
			r.skipLF = false
			if b[0] == '\n' {
				r.br.Discard(1)
				continue
			}
		}
		i := bytes.IndexAny(b, "\r\n")
		chunk := b
		if i >= 0 {
			chunk = b[:i]
		}
		if !long && len(r.buf)+len(chunk) > r.maxLine {
			long = true
			r.buf = r.buf[:0]
		}
		if !long {
			r.buf = append(r.buf, chunk...)
		}
		if i < 0 {
			r.br.Discard(len(b))
			continue
		}
		r.skipLF = b[i] == '\r'
		r.br.Discard(i + 1)
		r.line++
		return r.buf, long, nil
	}
}
