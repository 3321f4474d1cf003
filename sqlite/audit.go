package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/audit"
)

var _ scrutineer.AuditService = (*DB)(nil)

// AppendAudit sets e's Seq, Prev and Hash (and Time, when zero) and
// stores it at the end of the chain. The last entry is read and the next
// written in one immediate transaction on the single write connection, so
// that concurrent appends queue and never fork the chain.
func (db *DB) AppendAudit(ctx context.Context, e *scrutineer.AuditEntry) error {
	c, err := auditEntry(e, db.Now)
	if err != nil {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	defer tx.Rollback()
	var last int64
	var prev []byte
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("append audit: read the last entry: %w", err)
	}
	c.Seq, c.Prev = last+1, prev
	c.Hash = audit.Hash(c.Prev, c)
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO audit (seq, time, actor_id, role, action, object, before, after, rationale, request_id, prev, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Seq, c.Time.UnixMicro(), c.ActorID, string(c.Role), c.Action, c.Object, nullIfNoBytes(c.Before), nullIfNoBytes(c.After),
		c.Rationale, c.RequestID, nullIfNoBytes(c.Prev), c.Hash); err != nil {
		return fmt.Errorf("append audit %d: %w", c.Seq, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("append audit %d: %w", c.Seq, err)
	}
	*e = *c
	return nil
}

// auditEntry checks e and returns a copy as it will be stored: the time
// in UTC to the microsecond, empty JSON as nil.
func auditEntry(e *scrutineer.AuditEntry, now func() time.Time) (*scrutineer.AuditEntry, error) {
	if strings.TrimSpace(e.Action) == "" {
		return nil, scrutineer.Errorf(scrutineer.EInvalid, "an audit entry needs an action")
	}
	if e.Role != "" && !e.Role.Valid() {
		return nil, scrutineer.Errorf(scrutineer.EInvalid, "role %q is not one of ours", e.Role)
	}
	c := *e
	for _, raw := range []*json.RawMessage{&c.Before, &c.After} {
		if len(*raw) == 0 {
			*raw = nil
		} else if !json.Valid(*raw) {
			return nil, scrutineer.Errorf(scrutineer.EInvalid, "audit entry %s: before and after must be JSON", e.Action)
		}
	}
	if c.Time.IsZero() {
		c.Time = now()
	}
	c.Time = stamp(c.Time)
	return &c, nil
}

// FindAudit returns entries after f.After in Seq order.
func (db *DB) FindAudit(ctx context.Context, f scrutineer.AuditFilter) ([]*scrutineer.AuditEntry, error) {
	limit, err := auditLimit(f.Limit)
	if err != nil {
		return nil, err
	}
	q := `SELECT seq, time, actor_id, role, action, object, before, after, rationale, request_id, prev, hash
		FROM audit WHERE seq > ?`
	args := []any{f.After}
	if f.ActorID != 0 {
		q += ` AND actor_id = ?`
		args = append(args, f.ActorID)
	}
	if f.Object != "" {
		q += ` AND object = ?`
		args = append(args, f.Object)
	}
	q += ` ORDER BY seq LIMIT ?`
	args = append(args, limit)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find audit: %w", err)
	}
	defer rows.Close()
	out := []*scrutineer.AuditEntry{}
	for rows.Next() {
		var e scrutineer.AuditEntry
		var t int64
		var before, after []byte
		if err := rows.Scan(&e.Seq, &t, &e.ActorID, &e.Role, &e.Action, &e.Object, &before, &after,
			&e.Rationale, &e.RequestID, &e.Prev, &e.Hash); err != nil {
			return nil, fmt.Errorf("find audit: %w", err)
		}
		e.Time = time.UnixMicro(t).UTC()
		e.Before, e.After = json.RawMessage(before), json.RawMessage(after)
		out = append(out, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find audit: %w", err)
	}
	return out, nil
}

func auditLimit(n int) (int, error) {
	switch {
	case n < 0:
		return 0, scrutineer.Errorf(scrutineer.EInvalid, "limit %d is negative", n)
	case n == 0:
		return scrutineer.DefaultLimit, nil
	case n > scrutineer.MaxLimit:
		return scrutineer.MaxLimit, nil
	}
	return n, nil
}

// AuditEntries streams every audit entry in Seq order, a page at a time,
// so that a long log is verified without holding a read open throughout.
func (db *DB) AuditEntries(ctx context.Context) iter.Seq2[*scrutineer.AuditEntry, error] {
	return func(yield func(*scrutineer.AuditEntry, error) bool) {
		var after int64
		for {
			page, err := db.FindAudit(ctx, scrutineer.AuditFilter{After: after, Limit: scrutineer.MaxLimit})
			if err != nil {
				yield(nil, err)
				return
			}
			for _, e := range page {
				if !yield(e, nil) {
					return
				}
				after = e.Seq
			}
			if len(page) < scrutineer.MaxLimit {
				return
			}
		}
	}
}

func nullIfNoBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}
