package sse

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// got is an event as the tests compare it.
type got struct {
	Type, Data, ID string
	Line           int
	TooLong        bool
}

func readAll(t testing.TB, r io.Reader, maxLine, maxData int) []got {
	t.Helper()
	sr := NewReader(r, maxLine, maxData)
	var out []got
	for {
		ev, err := sr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("next: %v", err)
		}
		if ev.Err != nil && !errors.Is(ev.Err, ErrTooLong) {
			t.Fatalf("event error %v does not wrap ErrTooLong", ev.Err)
		}
		if len(ev.Data) > maxData {
			t.Fatalf("data of %d bytes, bound %d", len(ev.Data), maxData)
		}
		out = append(out, got{ev.Type, string(ev.Data), ev.ID, ev.Line, ev.Err != nil})
	}
}

func TestReader(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		maxLine int
		maxData int
		want    []got
	}{
		{
			name: "mastodon",
			in:   ":)\nevent: update\ndata: {\"id\":\"1\"}\n\n:thump\n\nevent: delete\ndata: 1\n\n",
			want: []got{{Type: "update", Data: `{"id":"1"}`, Line: 2}, {Type: "delete", Data: "1", Line: 7}},
		},
		{
			name: "line ends",
			in:   "event: a\r\ndata: 1\r\rdata:2\rdata:  3\n\n",
			want: []got{{Type: "a", Data: "1", Line: 1}, {Data: "2\n 3", Line: 4}},
		},
		{
			name: "multi-line data and fields without colon",
			in:   "data\ndata: x\nevent\ndata:y\n\n",
			want: []got{{Data: "\nx\ny", Line: 1}},
		},
		{
			name: "id and retry",
			in:   "id: 7\nretry: 250\ndata: a\n\ndata: b\n\nid\ndata: c\n\n",
			want: []got{{Data: "a", ID: "7", Line: 1}, {Data: "b", ID: "7", Line: 5}, {Data: "c", Line: 7}},
		},
		{
			name: "no data, no event",
			in:   "event: update\n\n\n\nevent: x\ndata: 1\n\n",
			want: []got{{Type: "x", Data: "1", Line: 5}},
		},
		{
			name: "cut event dropped",
			in:   "data: 1\n\ndata: 2\n",
			want: []got{{Data: "1", Line: 1}},
		},
		{
			name: "bom",
			in:   "\xef\xbb\xbfdata: 1\n\n",
			want: []got{{Data: "1", Line: 1}},
		},
		{
			name:    "long line skipped, stream goes on",
			in:      "event: update\ndata: " + strings.Repeat("x", 100) + "\n\nevent: update\ndata: ok\n\n",
			maxLine: 64,
			want:    []got{{Type: "update", Line: 1, TooLong: true}, {Type: "update", Data: "ok", Line: 4}},
		},
		{
			name:    "long comment",
			in:      ":" + strings.Repeat("x", 100) + "\n\ndata: ok\n\n",
			maxLine: 64,
			want:    []got{{Line: 1, TooLong: true}, {Data: "ok", Line: 3}},
		},
		{
			name:    "long data over lines",
			in:      "data: 12345\ndata: 12345\ndata: 12345\n\ndata: 1234567\n\n",
			maxData: 12,
			want:    []got{{Line: 1, TooLong: true}, {Data: "1234567", Line: 5}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.maxLine == 0 {
				tt.maxLine = 1 << 10
			}
			if tt.maxData == 0 {
				tt.maxData = 1 << 10
			}
			for _, r := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in))} {
				if diff := cmp.Diff(tt.want, readAll(t, r, tt.maxLine, tt.maxData)); diff != "" {
					t.Errorf("events (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestReaderError(t *testing.T) {
	boom := errors.New("boom")
	r := NewReader(io.MultiReader(strings.NewReader("data: 1\n\ndata: 2\n"), iotest.ErrReader(boom)), 64, 64)
	if ev, err := r.Next(); err != nil || string(ev.Data) != "1" {
		t.Fatalf("first: %q, %v", ev.Data, err)
	}
	if _, err := r.Next(); !errors.Is(err, boom) {
		t.Fatalf("second: %v, want boom", err)
	}
}

func TestReaderRetry(t *testing.T) {
	r := NewReader(strings.NewReader("retry: 1500\ndata: 1\n\nretry: x\n\n"), 64, 64)
	for {
		if _, err := r.Next(); err != nil {
			break
		}
	}
	if r.Retry() != 1500 {
		t.Fatalf("retry %d, want 1500", r.Retry())
	}
}

// TestReaderBoundedMemory reads a line of 8 MiB with a 1 KiB bound: the
// reader must not hold it.
func TestReaderBoundedMemory(t *testing.T) {
	const n = 8 << 20
	in := io.MultiReader(strings.NewReader("data: "), io.LimitReader(repeat('x'), n), strings.NewReader("\n\ndata: ok\n\n"))
	r := NewReader(in, 1<<10, 1<<10)
	ev, err := r.Next()
	if err != nil || !errors.Is(ev.Err, ErrTooLong) {
		t.Fatalf("first: %v, %v; want ErrTooLong", ev.Err, err)
	}
	if cap(r.buf) > 64<<10 {
		t.Fatalf("line buffer grew to %d bytes", cap(r.buf))
	}
	ev, err = r.Next()
	if err != nil || string(ev.Data) != "ok" {
		t.Fatalf("second: %q, %v", ev.Data, err)
	}
}

type repeat byte

func (b repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// reference parses a whole stream the plain way, the standard's algorithm
// as written, for comparison with the streaming Reader.
func reference(in string) []got {
	in = strings.TrimPrefix(in, "\xef\xbb\xbf")
	var lines []string
	for {
		i := strings.IndexAny(in, "\r\n")
		if i < 0 {
			break // no end: cut
		}
		lines = append(lines, in[:i])
		if in[i] == '\r' && i+1 < len(in) && in[i+1] == '\n' {
			i++
		}
		in = in[i+1:]
	}
	var (
		out       []got
		typ, id   string
		data      bytes.Buffer
		has       bool
		start     int
		lastLineN int
	)
	for n, l := range lines {
		lastLineN = n + 1
		if l == "" {
			if has {
				out = append(out, got{Type: typ, Data: data.String(), ID: id, Line: start})
			}
			typ, has, start = "", false, 0
			data.Reset()
			continue
		}
		if l[0] == ':' {
			continue
		}
		if start == 0 {
			start = lastLineN
		}
		f, v, ok := strings.Cut(l, ":")
		if ok {
			v = strings.TrimPrefix(v, " ")
		}
		switch f {
		case "event":
			typ = v
		case "data":
			if has {
				data.WriteByte('\n')
			}
			data.WriteString(v)
			has = true
		case "id":
			if !strings.Contains(v, "\x00") {
				id = v
			}
		}
	}
	return out
}

func FuzzReader(f *testing.F) {
	for _, s := range []string{
		":)\nevent: update\ndata: {\"id\":\"1\"}\n\n",
		"event: a\r\ndata: 1\r\rdata:2\rdata:  3\n\n",
		"data\ndata: x\nevent\ndata:y\n\nid: 3\x00\ndata\n\n",
		"\xef\xbb\xbfdata: 1\r\n\r\n",
		"data: " + strings.Repeat("y", 80) + "\n\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		// With roomy bounds the Reader must agree with the plain parser,
		// however the input is cut into reads.
		want := reference(string(in))
		if diff := cmp.Diff(want, readAll(t, bytes.NewReader(in), 1<<20, 1<<20)); diff != "" {
			t.Fatalf("whole reads (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, readAll(t, iotest.OneByteReader(bytes.NewReader(in)), 1<<20, 1<<20)); diff != "" {
			t.Fatalf("one-byte reads (-want +got):\n%s", diff)
		}
		// With tight bounds it must keep to them (readAll checks), and the
		// events it gives whole must be the plain parser's, in order (but
		// for ids, which a skipped id line changes).
		j := 0
		for _, ev := range readAll(t, bytes.NewReader(in), 16, 24) {
			if ev.TooLong {
				continue
			}
			for j < len(want) && (want[j].Type != ev.Type || want[j].Data != ev.Data || want[j].Line != ev.Line) {
				j++
			}
			if j == len(want) {
				t.Fatalf("tight bounds gave %+v, which the plain parser does not", ev)
			}
			j++
		}
	})
}
