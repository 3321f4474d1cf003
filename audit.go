package scrutineer

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEntry is one line of the append-only audit log: a change, or a read
// of a sensitive record. Entries are chained: each one's Hash covers its
// content and the previous entry's Hash, so that changing or removing a
// stored entry breaks the chain at that point.
type AuditEntry struct {
	Seq       int64           `json:"seq"` // 1, 2, 3...: set by the store
	Time      time.Time       `json:"time"`
	ActorID   int64           `json:"actor_id"` // the user; 0 for the service itself
	Role      Role            `json:"role,omitempty"`
	Action    string          `json:"action"` // "user.create", "post.read", ...
	Object    string          `json:"object"` // what was acted on: "user:12"
	Before    json.RawMessage `json:"before,omitempty"`
	After     json.RawMessage `json:"after,omitempty"`
	Rationale string          `json:"rationale,omitempty"`
	RequestID string          `json:"request_id,omitempty"`
	Prev      []byte          `json:"prev"` // the previous entry's Hash (nil for the first)
	Hash      []byte          `json:"hash"`
}

// AuditFilter selects audit entries in Seq order, from After on.
type AuditFilter struct {
	After   int64 // Seq
	ActorID int64
	Object  string
	Limit   int
}

// AuditService keeps the audit log. AppendAudit sets Seq, Prev and Hash
// and stores the entry; entries are never changed nor removed.
type AuditService interface {
	AppendAudit(ctx context.Context, e *AuditEntry) error
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, error)
}
