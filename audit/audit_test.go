package audit

import (
	"bytes"
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
)

// chain returns n correctly chained entries.
func chain(n int) []*scrutineer.AuditEntry {
	var out []*scrutineer.AuditEntry
	var prev []byte
	t0 := time.Date(2026, 4, 28, 9, 0, 0, 0, time.UTC)
	for i := range n {
		e := &scrutineer.AuditEntry{
			Seq:       int64(i + 1),
			Time:      t0.Add(time.Duration(i) * time.Second),
			ActorID:   int64(i % 3),
			Role:      scrutineer.RoleAnalyst,
			Action:    "post.read",
			Object:    "post:x:" + string(rune('a'+i)),
			Before:    []byte(`{"state":"open"}`),
			After:     []byte(`{"state":"closed"}`),
			Rationale: "triage",
			RequestID: "req-1",
			Prev:      prev,
		}
		e.Hash = Hash(prev, e)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func seqOf(entries []*scrutineer.AuditEntry) iter.Seq2[*scrutineer.AuditEntry, error] {
	return func(yield func(*scrutineer.AuditEntry, error) bool) {
		for _, e := range entries {
			if !yield(e, nil) {
				return
			}
		}
	}
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func([]*scrutineer.AuditEntry) []*scrutineer.AuditEntry
		checked int64
		seq     int64 // 0: no fault
		problem Problem
	}{
		{"intact", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry { return es }, 5, 0, ""},
		{"empty", func([]*scrutineer.AuditEntry) []*scrutineer.AuditEntry { return nil }, 0, 0, ""},
		{"action changed", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[2].Action = "post.delete"
			return es
		}, 2, 3, ContentChanged},
		{"time changed", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[1].Time = es[1].Time.Add(time.Nanosecond)
			return es
		}, 1, 2, ContentChanged},
		{"actor changed", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[0].ActorID = 42
			return es
		}, 0, 1, ContentChanged},
		{"before changed", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[3].Before = []byte(`{"state":"opened"}`)
			return es
		}, 3, 4, ContentChanged},
		{"after removed", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[4].After = nil
			return es
		}, 4, 5, ContentChanged},
		{"rationale changed", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[2].Rationale = ""
			return es
		}, 2, 3, ContentChanged},
		{"hash changed", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[2].Hash = bytes.Repeat([]byte{1}, 32)
			return es
		}, 2, 3, ContentChanged},
		{"entry rewritten with a new hash", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[2].Object = "post:x:z"
			es[2].Hash = Hash(es[2].Prev, es[2])
			return es
		}, 3, 4, LinkBroken},
		{"prev changed", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[3].Prev = es[1].Hash
			return es
		}, 3, 4, LinkBroken},
		{"first has a prev", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[0].Prev = []byte{0}
			return es
		}, 0, 1, LinkBroken},
		{"middle deleted", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			return slices.Delete(es, 2, 3)
		}, 2, 4, EntryMissing},
		{"first deleted", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			return es[1:]
		}, 0, 2, EntryMissing},
		{"deleted and renumbered", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es = slices.Delete(es, 2, 3)
			es[2].Seq, es[3].Seq = 3, 4
			return es
		}, 2, 3, LinkBroken},
		{"reordered", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[1], es[2] = es[2], es[1]
			return es
		}, 1, 3, EntryMissing},
		{"reordered and renumbered", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			es[1], es[2] = es[2], es[1]
			es[1].Seq, es[2].Seq = 2, 3
			return es
		}, 1, 2, LinkBroken},
		{"duplicated", func(es []*scrutineer.AuditEntry) []*scrutineer.AuditEntry {
			return slices.Insert(es, 2, es[1])
		}, 2, 2, OutOfOrder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checked, err := Verify(seqOf(tt.tamper(chain(5))))
			if checked != tt.checked {
				t.Errorf("checked = %d, want %d", checked, tt.checked)
			}
			if tt.seq == 0 {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			var ce *ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *ChainError", err)
			}
			if ce.Seq != tt.seq || ce.Problem != tt.problem {
				t.Errorf("fault at %d (%s), want at %d (%s): %v", ce.Seq, ce.Problem, tt.seq, tt.problem, err)
			}
		})
	}
}

func TestVerifyReadError(t *testing.T) {
	es := chain(3)
	boom := errors.New("disk on fire")
	entries := func(yield func(*scrutineer.AuditEntry, error) bool) {
		for _, e := range es[:2] {
			if !yield(e, nil) {
				return
			}
		}
		yield(nil, boom)
	}
	checked, err := Verify(entries)
	if checked != 2 || !errors.Is(err, boom) {
		t.Fatalf("Verify = %d, %v; want 2, %v", checked, err, boom)
	}
}

func TestHashCoversEveryField(t *testing.T) {
	base := chain(2)[1]
	h := Hash(base.Prev, base)
	if len(h) != 32 {
		t.Fatalf("len(hash) = %d, want 32", len(h))
	}
	// The hash of the same instant in another zone does not change.
	same := *base
	same.Time = base.Time.In(time.FixedZone("EDT", -4*3600))
	if !bytes.Equal(Hash(same.Prev, &same), h) {
		t.Error("the hash depends on the time zone")
	}
	// Hash itself is not covered.
	same.Hash = nil
	if !bytes.Equal(Hash(same.Prev, &same), h) {
		t.Error("the hash covers the Hash field")
	}
	changes := map[string]func(e *scrutineer.AuditEntry){
		"Seq":       func(e *scrutineer.AuditEntry) { e.Seq++ },
		"Time":      func(e *scrutineer.AuditEntry) { e.Time = e.Time.Add(time.Nanosecond) },
		"ActorID":   func(e *scrutineer.AuditEntry) { e.ActorID++ },
		"Role":      func(e *scrutineer.AuditEntry) { e.Role = scrutineer.RoleLead },
		"Action":    func(e *scrutineer.AuditEntry) { e.Action += "." },
		"Object":    func(e *scrutineer.AuditEntry) { e.Object += "." },
		"Before":    func(e *scrutineer.AuditEntry) { e.Before = append([]byte(nil), e.Before[1:]...) },
		"After":     func(e *scrutineer.AuditEntry) { e.After = append([]byte(" "), e.After...) },
		"Rationale": func(e *scrutineer.AuditEntry) { e.Rationale += "." },
		"RequestID": func(e *scrutineer.AuditEntry) { e.RequestID += "." },
		"Prev":      func(e *scrutineer.AuditEntry) { e.Prev = append([]byte(nil), e.Prev[:31]...) },
	}
	for field, change := range changes {
		e := *base
		change(&e)
		if bytes.Equal(Hash(e.Prev, &e), h) {
			t.Errorf("changing %s leaves the hash as it was", field)
		}
	}
	if bytes.Equal(Hash(nil, base), h) {
		t.Error("the hash does not cover prev")
	}
}

// entry builds an entry from fuzz arguments.
func entry(seq, nanos, actor int64, role, action, object string, before, after []byte, rationale, request string, prevField []byte) *scrutineer.AuditEntry {
	return &scrutineer.AuditEntry{
		Seq: seq, Time: time.Unix(0, nanos), ActorID: actor, Role: scrutineer.Role(role),
		Action: action, Object: object, Before: before, After: after,
		Rationale: rationale, RequestID: request, Prev: prevField,
	}
}

// same reports whether a and b are the same entry with the same link, as
// a store would keep them: nil and empty bytes are alike, and so are the
// same instant in two zones.
func same(a, b *scrutineer.AuditEntry, linkA, linkB []byte) bool {
	return a.Seq == b.Seq && a.Time.Equal(b.Time) && a.ActorID == b.ActorID && a.Role == b.Role &&
		a.Action == b.Action && a.Object == b.Object && bytes.Equal(a.Before, b.Before) &&
		bytes.Equal(a.After, b.After) && a.Rationale == b.Rationale && a.RequestID == b.RequestID &&
		bytes.Equal(a.Prev, b.Prev) && bytes.Equal(linkA, linkB)
}

func FuzzEncodingInjective(f *testing.F) {
	// Seeds where text moves across a field boundary.
	f.Add(int64(1), int64(0), int64(0), "admin", "ab", "c", []byte("{}"), []byte(nil), "", "", []byte(nil), []byte(nil),
		int64(1), int64(0), int64(0), "admin", "a", "bc", []byte("{}"), []byte(nil), "", "", []byte(nil), []byte(nil))
	f.Add(int64(2), int64(5), int64(7), "", "x", "", []byte(nil), []byte("1"), "r", "", []byte("p"), []byte("q"),
		int64(2), int64(5), int64(7), "", "x", "", []byte("1"), []byte(nil), "r", "", []byte("pq"), []byte(nil))
	f.Add(int64(3), int64(-1), int64(1), "lead", "a", "b", []byte("c"), []byte("d"), "e", "f", []byte("g"), []byte("h"),
		int64(3), int64(-1), int64(1), "lead", "a", "b", []byte("c"), []byte("d"), "e", "f", []byte("g"), []byte("h"))
	f.Fuzz(func(t *testing.T,
		seqA, nanosA, actorA int64, roleA, actionA, objectA string, beforeA, afterA []byte, ratA, reqA string, prevA, linkA []byte,
		seqB, nanosB, actorB int64, roleB, actionB, objectB string, beforeB, afterB []byte, ratB, reqB string, prevB, linkB []byte,
	) {
		a := entry(seqA, nanosA, actorA, roleA, actionA, objectA, beforeA, afterA, ratA, reqA, prevA)
		b := entry(seqB, nanosB, actorB, roleB, actionB, objectB, beforeB, afterB, ratB, reqB, prevB)
		encA, encB := encode(nil, linkA, a), encode(nil, linkB, b)
		if bytes.Equal(encA, encB) != same(a, b, linkA, linkB) {
			t.Fatalf("entries %+v (link %x) and %+v (link %x): equal encodings %v, same entries %v",
				a, linkA, b, linkB, bytes.Equal(encA, encB), same(a, b, linkA, linkB))
		}
		if !same(a, b, linkA, linkB) && bytes.Equal(Hash(linkA, a), Hash(linkB, b)) {
			t.Fatal("different entries hash alike")
		}
	})
}
