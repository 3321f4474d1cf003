package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/audit"
)

var _ scrutineer.AuditService = (*DB)(nil)

// auditLock is the advisory lock that appends to the audit chain take in
// turn ("SCRAUDIT" in ASCII).
const auditLock int64 = 0x5343524155444954

// AppendAudit sets e's Seq, Prev and Hash (and Time, when zero) and
// stores it at the end of the chain. Appends take a transaction-scoped
// advisory lock before they read the last entry, so that concurrent ones,
// from this process or another, queue and never fork the chain.
func (db *DB) AppendAudit(ctx context.Context, e *scrutineer.AuditEntry) error {
	c, err := auditEntry(e, db.Now)
	if err != nil {
		return err
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, auditLock); err != nil {
		return fmt.Errorf("append audit: lock the chain: %w", err)
	}
	// Under read committed this statement sees every append committed
	// before the lock was granted.
	var last int64
	var prev []byte
	err = tx.QueryRow(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&last, &prev)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("append audit: read the last entry: %w", err)
	}
	c.Seq, c.Prev = last+1, prev
	c.Hash = audit.Hash(c.Prev, c)
	if _, err := tx.Exec(ctx, `
		INSERT INTO audit (seq, time, actor_id, role, action, object, before, after, rationale, request_id, prev, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		c.Seq, c.Time, c.ActorID, string(c.Role), c.Action, c.Object, nullIfNoBytes(c.Before), nullIfNoBytes(c.After),
		c.Rationale, c.RequestID, nullIfNoBytes(c.Prev), c.Hash); err != nil {
		return fmt.Errorf("append audit %d: %w", c.Seq, err)
	}
	if err := tx.Commit(ctx); err != nil {
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
		FROM audit WHERE seq > $1`
	args := []any{f.After}
	if f.ActorID != 0 {
		args = append(args, f.ActorID)
		q += ` AND actor_id = $` + strconv.Itoa(len(args))
	}
	if f.Object != "" {
		args = append(args, f.Object)
		q += ` AND object = $` + strconv.Itoa(len(args))
	}
	args = append(args, limit)
	q += ` ORDER BY seq LIMIT $` + strconv.Itoa(len(args))
	rows, err := db.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find audit: %w", err)
	}
	defer rows.Close()
	out := []*scrutineer.AuditEntry{}
	for rows.Next() {
		var e scrutineer.AuditEntry
		var before, after []byte
		if err := rows.Scan(&e.Seq, &e.Time, &e.ActorID, &e.Role, &e.Action, &e.Object, &before, &after,
			&e.Rationale, &e.RequestID, &e.Prev, &e.Hash); err != nil {
			return nil, fmt.Errorf("find audit: %w", err)
		}
		e.Time = e.Time.UTC()
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
// so that a long log is verified without holding a query open throughout.
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
