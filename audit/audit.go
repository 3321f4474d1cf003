// Package audit chains audit entries by hash, so that changing, removing
// or reordering a stored entry shows, and verifies a chain. It is pure:
// the stores call Hash when they append, and Verify reads what they give.
package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"iter"

	"github.com/scrutineer/scrutineer"
)

// domain starts every encoding, so that an entry's hash can never be
// mistaken for a hash of something else, and a later encoding can change
// its name.
const domain = "scrutineer.audit.v1"

// Hash returns the SHA-256 of e's content and prev, the previous entry's
// Hash (nil for the first). It covers every field of e but Hash.
func Hash(prev []byte, e *scrutineer.AuditEntry) []byte {
	h := sha256.Sum256(encode(nil, prev, e))
	return h[:]
}

// encode appends the canonical encoding of e and prev to dst. Integers
// are 8 bytes big-endian and every string or byte field is preceded by
// its length, so that no two different entries encode alike. The time is
// UTC unix nanoseconds: the same instant in any zone is the same entry
// (the years 1678 to 2262 fit).
func encode(dst, prev []byte, e *scrutineer.AuditEntry) []byte {
	num := func(n int64) { dst = binary.BigEndian.AppendUint64(dst, uint64(n)) }
	str := func(b []byte) {
		num(int64(len(b)))
		dst = append(dst, b...)
	}
	str([]byte(domain))
	num(e.Seq)
	num(e.Time.UTC().UnixNano())
	num(e.ActorID)
	str([]byte(e.Role))
	str([]byte(e.Action))
	str([]byte(e.Object))
	str(e.Before)
	str(e.After)
	str([]byte(e.Rationale))
	str([]byte(e.RequestID))
	str(e.Prev)
	str(prev)
	return dst
}

// Problem is what is wrong with a chain at an entry.
type Problem string

const (
	// ContentChanged: the entry's Hash does not match its content; the
	// entry or its hash was changed after it was written.
	ContentChanged Problem = "content changed"
	// EntryMissing: entries before this one are missing.
	EntryMissing Problem = "entry missing"
	// OutOfOrder: the entry comes after one with the same or a later Seq.
	OutOfOrder Problem = "out of order"
	// LinkBroken: the entry's Prev is not the previous entry's Hash.
	LinkBroken Problem = "link broken"
)

// ChainError is the first fault that Verify finds.
type ChainError struct {
	Seq     int64 // the entry at which the chain breaks
	Problem Problem
	Detail  string
}

func (e *ChainError) Error() string {
	s := fmt.Sprintf("audit entry %d: %s", e.Seq, e.Problem)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Verify walks entries in order and checks that their Seqs run 1, 2, 3...
// without gaps, that each Prev is the previous entry's Hash, and that each
// Hash matches its entry. It returns how many entries passed and, at the
// first fault, a *ChainError (or the error entries yielded). Removing the
// newest entries cannot show here: compare the head with one kept
// elsewhere for that.
func Verify(entries iter.Seq2[*scrutineer.AuditEntry, error]) (checked int64, err error) {
	var prev []byte
	for e, err := range entries {
		if err != nil {
			return checked, fmt.Errorf("read audit entry %d: %w", checked+1, err)
		}
		if e == nil {
			return checked, fmt.Errorf("read audit entry %d: no entry", checked+1)
		}
		want := checked + 1
		switch {
		case e.Seq > want:
			return checked, &ChainError{Seq: e.Seq, Problem: EntryMissing,
				Detail: missing(want, e.Seq-1)}
		case e.Seq < want:
			return checked, &ChainError{Seq: e.Seq, Problem: OutOfOrder,
				Detail: fmt.Sprintf("after entry %d", want-1)}
		case !bytes.Equal(e.Prev, prev):
			return checked, &ChainError{Seq: e.Seq, Problem: LinkBroken,
				Detail: fmt.Sprintf("prev is not the hash of entry %d", want-1)}
		case !bytes.Equal(Hash(prev, e), e.Hash):
			return checked, &ChainError{Seq: e.Seq, Problem: ContentChanged,
				Detail: "hash does not match the entry"}
		}
		prev = e.Hash
		checked++
	}
	return checked, nil
}

func missing(from, to int64) string {
	if from == to {
		return fmt.Sprintf("entry %d is missing", from)
	}
	return fmt.Sprintf("entries %d to %d are missing", from, to)
}
