// Package connectortest has what the connectors' tests share: a sink
// that records what it is given and says when it has seen enough.
package connectortest

import (
	"bytes"
	"sync"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// Sink records records and rejects; safe for concurrent use.
type Sink struct {
	mu      sync.Mutex
	records []scrutineer.Record
	rejects []*source.RowError
	waits   []wait
}

type wait struct {
	cond func([]scrutineer.Record, []*source.RowError) bool
	ch   chan struct{}
}

func (s *Sink) Record(r scrutineer.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, r)
	s.check()
	return nil
}

func (s *Sink) Reject(e *source.RowError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejects = append(s.rejects, e)
	s.check()
}

// check closes the channels of the conditions now met; s.mu is held.
func (s *Sink) check() {
	ws := s.waits[:0]
	for _, w := range s.waits {
		if w.cond(s.records, s.rejects) {
			close(w.ch)
		} else {
			ws = append(ws, w)
		}
	}
	s.waits = ws
}

// Until returns a channel closed once cond holds of the records and
// rejects given so far. cond runs with the sink locked, so it must not
// call the sink's methods nor keep the slices.
func (s *Sink) Until(cond func([]scrutineer.Record, []*source.RowError) bool) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan struct{})
	if cond(s.records, s.rejects) {
		close(ch)
		return ch
	}
	s.waits = append(s.waits, wait{cond, ch})
	return ch
}

// UntilKeys returns a channel closed once every one of keys was given.
func (s *Sink) UntilKeys(keys map[scrutineer.RecordKey]bool) <-chan struct{} {
	return s.Until(func(recs []scrutineer.Record, _ []*source.RowError) bool {
		n := 0
		seen := map[scrutineer.RecordKey]bool{}
		for _, r := range recs {
			if k := r.Key(); keys[k] && !seen[k] {
				seen[k] = true
				n++
			}
		}
		return n == len(keys)
	})
}

// UntilRejects returns a channel closed once n rejects were given.
func (s *Sink) UntilRejects(n int) <-chan struct{} {
	return s.Until(func(_ []scrutineer.Record, rejects []*source.RowError) bool { return len(rejects) >= n })
}

// Records returns a copy of the records given so far.
func (s *Sink) Records() []scrutineer.Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]scrutineer.Record(nil), s.records...)
}

// Rejects returns a copy of the rejects given so far.
func (s *Sink) Rejects() []*source.RowError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*source.RowError(nil), s.rejects...)
}

// Count returns how many times each key was given.
func Count(recs []scrutineer.Record) map[scrutineer.RecordKey]int {
	m := map[scrutineer.RecordKey]int{}
	for _, r := range recs {
		m[r.Key()]++
	}
	return m
}

// Keys returns the set of keys of recs.
func Keys(recs []scrutineer.Record) map[scrutineer.RecordKey]bool {
	m := map[scrutineer.RecordKey]bool{}
	for _, r := range recs {
		m[r.Key()] = true
	}
	return m
}

// Read runs a format's reader over data and returns its records and
// rejects: what a connector's output is compared with.
func Read(f source.Format, data []byte) ([]scrutineer.Record, []*source.RowError, error) {
	var s Sink
	err := f.Read(bytes.NewReader(data), "want", &s)
	return s.Records(), s.Rejects(), err
}
