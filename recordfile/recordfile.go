// Package recordfile stores normalized records in a JSON Lines file: the
// record store that needs no server, until the database takes over. A file
// is only ever appended to, and a record whose key it already holds is not
// written again.
package recordfile

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/zeebo/xxh3"

	"github.com/scrutineer/scrutineer"
)

// Keys is a set of record keys, held as 128-bit hashes: 10 million records
// take about 400 MB, and two keys collide with odds of 1 in 10^22.
type Keys struct{ m map[xxh3.Uint128]struct{} }

// NewKeys returns an empty set.
func NewKeys() *Keys { return &Keys{m: map[xxh3.Uint128]struct{}{}} }

// Add adds k and reports whether it was new.
func (s *Keys) Add(k scrutineer.RecordKey) bool {
	h := hashKey(k)
	if _, ok := s.m[h]; ok {
		return false
	}
	s.m[h] = struct{}{}
	return true
}

// Len is the number of keys.
func (s *Keys) Len() int { return len(s.m) }

func hashKey(k scrutineer.RecordKey) xxh3.Uint128 {
	var h xxh3.Hasher
	h.WriteString(string(k.Kind))
	h.Write([]byte{0})
	h.WriteString(string(k.Platform))
	h.Write([]byte{0})
	h.WriteString(k.ID)
	return h.Sum128()
}

// Discard is a RecordService that keeps nothing but the keys, so that a dry
// run counts duplicates as a real one would.
type Discard struct{ Keys *Keys }

var _ scrutineer.RecordService = (*Discard)(nil)

func (d *Discard) PutRecords(_ context.Context, recs []scrutineer.Record) ([]bool, error) {
	if d.Keys == nil {
		d.Keys = NewKeys()
	}
	out := make([]bool, len(recs))
	for i, r := range recs {
		out[i] = d.Keys.Add(r.Key())
	}
	return out, nil
}

// Writer appends records to a JSON Lines file.
type Writer struct {
	f    *os.File
	bw   *bufio.Writer
	keys *Keys
	path string
	buf  []byte
}

var _ scrutineer.RecordService = (*Writer)(nil)

// Open opens (or creates) the file at path for appending, first reading the
// keys of the records it holds. A last line cut off by an earlier crash is
// cut away, so that the file stays valid JSON Lines.
func Open(path string) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open records: %w", err)
	}
	keys := NewKeys()
	good, err := scan(f, keys)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, fmt.Errorf("open records: %w", err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("open records: %w", err)
	}
	return &Writer{f: f, bw: bufio.NewWriterSize(f, 1<<20), keys: keys, path: path}, nil
}

// scan reads the keys of every complete record and returns the length of
// the file up to the end of the last complete line.
func scan(r io.Reader, keys *Keys) (int64, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var good int64
	line := 0
	for {
		b, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A record longer than the buffer: gather it whole.
			full := append([]byte(nil), b...)
			for err == bufio.ErrBufferFull {
				b, err = br.ReadSlice('\n')
				full = append(full, b...)
			}
			b = full
		}
		if err == io.EOF {
			return good, nil // a last line without its newline was cut off
		}
		if err != nil {
			return good, err
		}
		line++
		var head struct {
			Record   scrutineer.RecordKind `json:"record"`
			Platform scrutineer.Platform   `json:"platform"`
			ID       string                `json:"id"`
		}
		if err := json.Unmarshal(b, &head); err != nil || head.Record == "" || head.ID == "" {
			return good, fmt.Errorf("line %d: not a record (%v): is this a records file?", line, err)
		}
		keys.Add(scrutineer.RecordKey{Kind: head.Record, Platform: head.Platform, ID: head.ID})
		good += int64(len(b))
	}
}

// Len is the number of records the file holds.
func (w *Writer) Len() int { return w.keys.Len() }

// PutRecords appends the records whose keys the file does not hold yet.
func (w *Writer) PutRecords(_ context.Context, recs []scrutineer.Record) ([]bool, error) {
	out := make([]bool, len(recs))
	for i, r := range recs {
		if !w.keys.Add(r.Key()) {
			continue
		}
		var err error
		if w.buf, err = r.AppendJSON(w.buf[:0]); err != nil {
			return out, fmt.Errorf("write %s: %s: %w", w.path, r.Key(), err)
		}
		w.buf = append(w.buf, '\n')
		if _, err := w.bw.Write(w.buf); err != nil {
			return out, fmt.Errorf("write %s: %w", w.path, err)
		}
		out[i] = true
	}
	return out, nil
}

// Close flushes and closes the file.
func (w *Writer) Close() error {
	return errors.Join(w.bw.Flush(), w.f.Sync(), w.f.Close())
}
