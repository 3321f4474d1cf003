// Package mastodon reads Mastodon data: Status entities from the REST API
// (timelines and searches saved as JSON arrays, single statuses, JSON
// Lines of statuses) and the streaming API as clients save it (WebSocket
// messages, or the Server-Sent Events text). Accounts are identified as
// user@server; posts by their status URI.
package mastodon

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/jsonfield"
	"github.com/valyala/fastjson"
)

// FormatStatuses reads Status entities from the REST API.
var FormatStatuses = source.Format{
	Name:     "mastodon-statuses",
	Platform: scrutineer.PlatformMastodon,
	About:    "Mastodon REST API statuses (JSON arrays of Status, single statuses or JSON Lines)",
	Sniff:    sniffStatuses,
	Read:     readStatuses,
}

// FormatStreaming reads the streaming API: WebSocket messages one a line,
// or the Server-Sent Events text.
var FormatStreaming = source.Format{
	Name:     "mastodon-streaming",
	Platform: scrutineer.PlatformMastodon,
	About:    "Mastodon streaming API (WebSocket messages or Server-Sent Events): update and status.update events",
	Sniff:    sniffStreaming,
	Read:     readStreaming,
}

// statusKeys are keys of a Status entity that other formats lack together.
var statusKeys = []string{"uri", "account", "content", "acct", "spoiler_text", "reblog", "media_attachments", "visibility", "in_reply_to_account_id"}

// normalized says whether head is Scrutineer's own records, whose raw
// members hold what the platform gave and so its keys.
func normalized(head []byte) bool {
	return hasKey(head, "record") && hasKey(head, "platform")
}

func sniffStatuses(name string, head []byte) int {
	if normalized(head) || looksStreaming(head) {
		return 0
	}
	n := 0
	for _, k := range statusKeys {
		if hasKey(head, k) {
			n++
		}
	}
	if n < 5 || !hasKey(head, "created_at") {
		return 0
	}
	return min(100, 50+n*5)
}

func sniffStreaming(name string, head []byte) int {
	if normalized(head) || !looksStreaming(head) {
		return 0
	}
	if bytes.Contains(head, []byte("update")) {
		return 95
	}
	return 80
}

// looksStreaming says whether head starts like a saved stream: a
// WebSocket message, or an event or a comment of the SSE text.
func looksStreaming(head []byte) bool {
	h := bytes.TrimLeft(head, " \t\r\n\ufeff")
	h = bytes.TrimPrefix(h, []byte("\xef\xbb\xbf"))
	switch {
	case bytes.HasPrefix(h, []byte("event:")), bytes.HasPrefix(h, []byte(":thump")), bytes.HasPrefix(h, []byte(":)")):
		return true
	case len(h) > 0 && h[0] == '{':
		return hasKey(h, "event") && hasKey(h, "payload")
	case bytes.HasPrefix(h, []byte("data:")):
		return bytes.Contains(h, []byte(`"payload"`)) || bytes.Contains(h, []byte(`"uri"`))
	}
	return false
}

// hasKey reports whether head has "key" followed by a colon.
func hasKey(head []byte, key string) bool {
	q := make([]byte, 0, len(key)+2)
	q = append(append(append(q, '"'), key...), '"')
	for rest := head; ; {
		i := bytes.Index(rest, q)
		if i < 0 {
			return false
		}
		rest = rest[i+len(q):]
		j := 0
		for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t' || rest[j] == '\r' || rest[j] == '\n') {
			j++
		}
		if j < len(rest) && rest[j] == ':' {
			return true
		}
	}
}

func readStatuses(r io.Reader, file string, sink source.Sink) error {
	rd := newReader(file, sink)
	if err := source.JSONElements(r, file, rd.top, sink.Reject); err != nil {
		return err
	}
	return rd.flush()
}

func readStreaming(r io.Reader, file string, sink source.Sink) error {
	rd := newReader(file, sink)
	if err := rd.stream(r); err != nil {
		return err
	}
	return rd.flush()
}

func (rd *reader) stream(r io.Reader) error {
	file := rd.file
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return fmt.Errorf("read: %w", err)
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(h) > 0 && (h[0] == '{' || h[0] == '[') {
		return source.JSONElements(br, file, func(raw []byte, line int) error {
			v, err := parse(&rd.p, raw)
			if err != nil {
				rd.reject(line, "", err)
				return nil
			}
			return rd.message(v, line)
		}, rd.sink.Reject)
	}
	return rd.sse(br)
}

// message reads a WebSocket message: {"stream":[...],"event":...,"payload":...}.
func (r *reader) message(v *fastjson.Value, line int) error {
	r.d = jsonfield.Decoder{}
	if v.Type() != fastjson.TypeObject {
		r.reject(line, "", errors.New("want a message object, have "+v.Type().String()))
		return nil
	}
	event := r.d.Str(v, "", "event")
	if r.d.Err != nil {
		r.reject(line, r.d.Err.Field, r.d.Err.Err)
		return nil
	}
	if event != "update" && event != "status.update" {
		return nil // delete, notification, filters_changed, announcement...
	}
	pl := jsonfield.Get(v, "payload")
	switch {
	case pl == nil:
		r.reject(line, "payload", errors.New("missing"))
		return nil
	case pl.Type() == fastjson.TypeObject:
		// Some clients store the payload parsed.
		return r.status(pl, nil, line, "payload")
	case pl.Type() != fastjson.TypeString:
		r.reject(line, "payload", fmt.Errorf("want a string, have %s", pl.Type()))
		return nil
	}
	return r.payload(pl.GetStringBytes(), line, "payload")
}

// payload reads a status given as JSON text.
func (r *reader) payload(raw []byte, line int, field string) error {
	v, err := parse(&r.pp, raw)
	if err != nil {
		r.reject(line, field, err)
		return nil
	}
	return r.status(v, raw, line, "")
}

var errTooLong = fmt.Errorf("event longer than %d MiB", source.MaxRecord>>20)

// sse reads the Server-Sent Events text: "event: update" and "data: ..."
// lines, events ending at a blank line, comments starting with ':'.
func (r *reader) sse(br *bufio.Reader) error {
	var (
		event    []byte
		data     []byte
		hasData  bool
		dataLine int
		tooLong  bool
		line     int
	)
	dispatch := func() error {
		defer func() {
			event, data, hasData, tooLong = event[:0], data[:0], false, false
		}()
		if tooLong {
			r.reject(dataLine, "data", errTooLong)
			return nil
		}
		if !hasData {
			return nil
		}
		switch string(event) {
		case "update", "status.update":
			return r.payload(data, dataLine, "data")
		case "":
			// No event name: a WebSocket message sent as data.
			v, err := parse(&r.p, data)
			if err != nil {
				r.reject(dataLine, "data", err)
				return nil
			}
			return r.message(v, dataLine)
		}
		return nil
	}
	for {
		l, err := readLine(br)
		if err != nil && err != io.EOF {
			return fmt.Errorf("read: %w", err)
		}
		if l == nil && err == io.EOF {
			return dispatch()
		}
		line++
		l = bytes.TrimSuffix(l, []byte("\r"))
		if line == 1 {
			l = bytes.TrimPrefix(l, []byte("\xef\xbb\xbf"))
		}
		switch {
		case len(l) == 0:
			if err := dispatch(); err != nil {
				return err
			}
		case l[0] == ':':
		case bytes.HasPrefix(l, []byte("event:")):
			event = append(event[:0], bytes.TrimPrefix(l[6:], []byte(" "))...)
		case bytes.HasPrefix(l, []byte("data:")):
			d := bytes.TrimPrefix(l[5:], []byte(" "))
			if !hasData {
				dataLine = line
			} else {
				data = append(data, '\n')
			}
			hasData = true
			if len(data)+len(d) > source.MaxRecord {
				tooLong = true
				data = data[:0]
			} else if !tooLong {
				data = append(data, d...)
			}
		}
		if err == io.EOF {
			return dispatch()
		}
	}
}

// readLine returns the next line without its '\n'; a line longer than
// MaxRecord is cut there (the rest is dropped), so that memory stays
// bounded. At the end it returns what is left with io.EOF, or nil.
func readLine(br *bufio.Reader) ([]byte, error) {
	l, err := br.ReadSlice('\n')
	if err == nil {
		return l[:len(l)-1], nil
	}
	if err == io.EOF {
		if len(l) == 0 {
			return nil, io.EOF
		}
		return l, io.EOF
	}
	if err != bufio.ErrBufferFull {
		return nil, err
	}
	buf := append([]byte(nil), l...)
	for {
		l, err = br.ReadSlice('\n')
		if len(buf) <= source.MaxRecord {
			buf = append(buf, l...)
		}
		switch err {
		case nil:
			return bytes.TrimSuffix(buf, []byte("\n")), nil
		case bufio.ErrBufferFull:
		case io.EOF:
			return buf, io.EOF
		default:
			return nil, err
		}
	}
}
