package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/audit"
)

// AuditStore keeps the audit log, and lets the suite reach past the
// service the way someone with access to the database could.
type AuditStore interface {
	scrutineer.AuditService
	// AuditEntries streams every entry in Seq order.
	AuditEntries(ctx context.Context) iter.Seq2[*scrutineer.AuditEntry, error]
	// ExecRaw runs SQL on the database directly. The suite's statements
	// take no arguments and read the same in SQLite and PostgreSQL.
	ExecRaw(ctx context.Context, query string, args ...any) error
	// DropAuditGuards drops what refuses changes to stored entries (the
	// triggers): the deliberate DDL that tampering takes.
	DropAuditGuards(ctx context.Context) error
}

// Audit tests a store's audit log. open returns an empty store, closed
// when t ends.
func Audit(t *testing.T, open func(t *testing.T) AuditStore) {
	t.Run("Append", func(t *testing.T) { auditAppend(t, open(t)) })
	t.Run("Invalid", func(t *testing.T) { auditInvalid(t, open(t)) })
	t.Run("Find", func(t *testing.T) { auditFind(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { auditConcurrent(t, open(t)) })
	t.Run("EntriesPaged", func(t *testing.T) { auditEntriesPaged(t, open(t)) })
	t.Run("ChangesRefused", func(t *testing.T) { auditChangesRefused(t, open(t)) })
	t.Run("TamperingCaught", func(t *testing.T) { auditTamperingCaught(t, open) })
}

// auditFill appends n entries, by actors 1, 2, 3, 1, ... on objects
// "case:0" to "case:4".
func auditFill(t *testing.T, s AuditStore, n int) []*scrutineer.AuditEntry {
	t.Helper()
	var out []*scrutineer.AuditEntry
	for i := range n {
		e := &scrutineer.AuditEntry{
			ActorID:   int64(i%3 + 1),
			Role:      scrutineer.RoleAnalyst,
			Action:    "case.update",
			Object:    fmt.Sprintf("case:%d", i%5),
			Before:    json.RawMessage(fmt.Sprintf(`{"step": %d}`, i)),
			After:     json.RawMessage(fmt.Sprintf(`{"step": %d}`, i+1)),
			RequestID: fmt.Sprintf("req-%d", i),
		}
		if err := s.AppendAudit(context.Background(), e); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// auditVerify verifies the store's chain and returns Verify's result.
func auditVerify(s AuditStore) (int64, error) {
	return audit.Verify(s.AuditEntries(context.Background()))
}

func auditAppend(t *testing.T, s AuditStore) {
	ctx := context.Background()
	if n, err := auditVerify(s); n != 0 || err != nil {
		t.Fatalf("an empty log verifies as %d, %v", n, err)
	}
	at := time.Date(2026, 4, 28, 9, 30, 0, 123456789, time.FixedZone("EDT", -4*3600))
	first := &scrutineer.AuditEntry{
		Time: at, ActorID: 7, Role: scrutineer.RoleLead, Action: "finding.decide", Object: "finding:12",
		// Spacing and key order are kept as given: the hash covers bytes.
		Before:    json.RawMessage(`{"state":"open",  "score": 0.90}`),
		After:     json.RawMessage(`{"score":0.9,"state":"escalated"}`),
		Rationale: "matches the pattern of the 2019 operation", RequestID: "01HV",
	}
	if err := s.AppendAudit(ctx, first); err != nil {
		t.Fatal(err)
	}
	if first.Seq != 1 || first.Prev != nil || len(first.Hash) != 32 {
		t.Errorf("first entry: seq %d, prev %x, hash %x; want 1, none and 32 bytes", first.Seq, first.Prev, first.Hash)
	}
	if want := at.UTC().Truncate(time.Microsecond); !first.Time.Equal(want) {
		t.Errorf("Time = %v, want %v", first.Time, want)
	}
	// The service's own entry: no actor, no role, no JSON, no time given.
	second := &scrutineer.AuditEntry{Action: "service.start", Object: "service"}
	if err := s.AppendAudit(ctx, second); err != nil {
		t.Fatal(err)
	}
	if second.Seq != 2 || !bytes.Equal(second.Prev, first.Hash) || second.Time.IsZero() {
		t.Errorf("second entry: seq %d, prev %x, time %v; want 2, the first's hash, a time", second.Seq, second.Prev, second.Time)
	}
	got, err := s.FindAudit(ctx, scrutineer.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*scrutineer.AuditEntry{first, second}, got); diff != "" {
		t.Errorf("FindAudit (-want +got):\n%s", diff)
	}
	if n, err := auditVerify(s); n != 2 || err != nil {
		t.Errorf("Verify = %d, %v; want 2, nil", n, err)
	}
}

func auditInvalid(t *testing.T, s AuditStore) {
	ctx := context.Background()
	tests := []struct {
		name  string
		entry scrutineer.AuditEntry
	}{
		{"NoAction", scrutineer.AuditEntry{Object: "user:1"}},
		{"BlankAction", scrutineer.AuditEntry{Action: " ", Object: "user:1"}},
		{"BadRole", scrutineer.AuditEntry{Action: "user.read", Role: "root"}},
		{"BeforeNotJSON", scrutineer.AuditEntry{Action: "user.update", Before: json.RawMessage(`{"a":`)}},
		{"AfterNotJSON", scrutineer.AuditEntry{Action: "user.update", After: json.RawMessage(`nope`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.AppendAudit(ctx, &tt.entry)
			peopleCode(t, err, scrutineer.EInvalid)
			if tt.entry.Seq != 0 || tt.entry.Hash != nil {
				t.Errorf("a refused entry got seq %d, hash %x", tt.entry.Seq, tt.entry.Hash)
			}
		})
	}
	if got, err := s.FindAudit(ctx, scrutineer.AuditFilter{}); err != nil || len(got) != 0 {
		t.Errorf("after refusals, FindAudit = %d entries, %v; want none", len(got), err)
	}
	_, err := s.FindAudit(ctx, scrutineer.AuditFilter{Limit: -1})
	peopleCode(t, err, scrutineer.EInvalid)
}

func auditFind(t *testing.T, s AuditStore) {
	ctx := context.Background()
	all := auditFill(t, s, 12)
	seqs := func(es []*scrutineer.AuditEntry) []int64 {
		out := []int64{}
		for _, e := range es {
			out = append(out, e.Seq)
		}
		return out
	}
	tests := []struct {
		name   string
		filter scrutineer.AuditFilter
		want   []int64
	}{
		{"All", scrutineer.AuditFilter{}, seqs(all)},
		{"After", scrutineer.AuditFilter{After: 9}, []int64{10, 11, 12}},
		{"Limit", scrutineer.AuditFilter{After: 2, Limit: 3}, []int64{3, 4, 5}},
		{"Actor", scrutineer.AuditFilter{ActorID: 2}, []int64{2, 5, 8, 11}},
		{"Object", scrutineer.AuditFilter{Object: "case:1"}, []int64{2, 7, 12}},
		{"ActorAndObject", scrutineer.AuditFilter{ActorID: 2, Object: "case:1"}, []int64{2}},
		{"AfterAndObject", scrutineer.AuditFilter{After: 2, Object: "case:1"}, []int64{7, 12}},
		{"None", scrutineer.AuditFilter{Object: "case:9"}, []int64{}},
		{"Past the end", scrutineer.AuditFilter{After: 12}, []int64{}},
	}
	for _, tt := range tests {
		got, err := s.FindAudit(ctx, tt.filter)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, seqs(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func auditConcurrent(t *testing.T, s AuditStore) {
	const n = 100
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := &scrutineer.AuditEntry{ActorID: int64(i), Action: "post.read", Object: fmt.Sprintf("post:x:%d", i)}
			errs <- s.AppendAudit(context.Background(), e)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n, err := auditVerify(s); n != 100 || err != nil {
		t.Fatalf("Verify = %d, %v; want 100, nil", n, err)
	}
	// Every append is there once.
	seen := map[int64]bool{}
	for e, err := range s.AuditEntries(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[e.ActorID] {
			t.Errorf("actor %d's entry is stored twice", e.ActorID)
		}
		seen[e.ActorID] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct entries, want %d", len(seen), n)
	}
}

func auditEntriesPaged(t *testing.T, s AuditStore) {
	// More than one page of FindAudit, so that AuditEntries turns a page.
	n := scrutineer.MaxLimit + 5
	auditFill(t, s, n)
	var last int64
	for e, err := range s.AuditEntries(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Seq != last+1 {
			t.Fatalf("entry %d after %d", e.Seq, last)
		}
		last = e.Seq
	}
	if last != int64(n) {
		t.Errorf("AuditEntries ended at %d, want %d", last, n)
	}
	// Stopping early is allowed.
	for e := range s.AuditEntries(context.Background()) {
		if e.Seq == 3 {
			break
		}
	}
	if got, err := auditVerify(s); got != int64(n) || err != nil {
		t.Errorf("Verify = %d, %v; want %d, nil", got, err, n)
	}
}

func auditChangesRefused(t *testing.T, s AuditStore) {
	ctx := context.Background()
	auditFill(t, s, 5)
	for _, q := range []string{
		`UPDATE audit SET action = 'case.delete' WHERE seq = 3`,
		`UPDATE audit SET hash = prev WHERE seq = 5`,
		`DELETE FROM audit WHERE seq = 5`,
		`DELETE FROM audit`,
	} {
		if err := s.ExecRaw(ctx, q); err == nil {
			t.Errorf("%s: the store allowed it", q)
		} else if !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: refused with %v, want the append-only guard", q, err)
		}
	}
	if n, err := auditVerify(s); n != 5 || err != nil {
		t.Errorf("Verify = %d, %v; want 5, nil", n, err)
	}
}

func auditTamperingCaught(t *testing.T, open func(t *testing.T) AuditStore) {
	tests := []struct {
		name    string
		sql     string
		checked int64
		seq     int64
		problem audit.Problem
	}{
		{"ActionChanged", `UPDATE audit SET action = 'case.delete' WHERE seq = 3`, 2, 3, audit.ContentChanged},
		{"ActorChanged", `UPDATE audit SET actor_id = 99 WHERE seq = 1`, 0, 1, audit.ContentChanged},
		{"RationaleAdded", `UPDATE audit SET rationale = 'as ordered' WHERE seq = 4`, 3, 4, audit.ContentChanged},
		{"HashChanged", `UPDATE audit SET hash = prev WHERE seq = 5`, 4, 5, audit.ContentChanged},
		{"PrevChanged", `UPDATE audit SET prev = hash WHERE seq = 2`, 1, 2, audit.LinkBroken},
		{"Deleted", `DELETE FROM audit WHERE seq = 4`, 3, 5, audit.EntryMissing},
		{"FirstDeleted", `DELETE FROM audit WHERE seq = 1`, 0, 2, audit.EntryMissing},
		{"Renumbered", `UPDATE audit SET seq = seq + 10 WHERE seq >= 3`, 2, 13, audit.EntryMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			auditFill(t, s, 6)
			if err := s.DropAuditGuards(ctx); err != nil {
				t.Fatal(err)
			}
			if err := s.ExecRaw(ctx, tt.sql); err != nil {
				t.Fatalf("%s: %v", tt.sql, err)
			}
			checked, err := auditVerify(s)
			var ce *audit.ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("Verify = %d, %v; want a *audit.ChainError", checked, err)
			}
			if checked != tt.checked || ce.Seq != tt.seq || ce.Problem != tt.problem {
				t.Errorf("Verify = %d, %v; want %d checked and %s at %d", checked, err, tt.checked, tt.problem, tt.seq)
			}
		})
	}
}
