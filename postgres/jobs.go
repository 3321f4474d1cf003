package postgres

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scrutineer/scrutineer"
)

var _ scrutineer.JobService = (*DB)(nil)

// CreateJob stores j and sets its ID, Created and Updated; an empty State
// is queued.
func (db *DB) CreateJob(ctx context.Context, j *scrutineer.Job) error {
	c := *j
	if c.State == "" {
		c.State = scrutineer.JobQueued
	}
	if err := validJob(&c); err != nil {
		return err
	}
	c.Created = stamp(db.Now())
	c.Updated = c.Created
	if err := db.pool.QueryRow(ctx, `
		INSERT INTO jobs (kind, state, owner_id, org_id, name, params, done, total, records, new, rejected,
			checkpoint, report, error, created, updated)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
		RETURNING id`,
		string(c.Kind), string(c.State), c.OwnerID, c.OrgID, c.Name, nullIfNoBytes(c.Params),
		c.Done, c.Total, c.Records, c.New, c.Rejected, nullIfNoBytes(c.Checkpoint), nullIfNoBytes(c.Report), c.Error,
		c.Created, c.Updated).Scan(&c.ID); err != nil {
		return fmt.Errorf("create job: %w", err)
	}
	*j = c
	return nil
}

// validJob checks j and sets its empty JSON fields to nil.
func validJob(j *scrutineer.Job) error {
	switch j.Kind {
	case scrutineer.JobIngest, scrutineer.JobDetect:
	default:
		return scrutineer.Errorf(scrutineer.EInvalid, "job kind %q is not one of ours", j.Kind)
	}
	return validJobProgress(j)
}

// validJobProgress checks what UpdateJob stores and sets j's empty JSON
// fields to nil.
func validJobProgress(j *scrutineer.Job) error {
	if !validJobState(j.State) {
		return scrutineer.Errorf(scrutineer.EInvalid, "job state %q is not one of ours", j.State)
	}
	for _, f := range []struct {
		name string
		raw  *json.RawMessage
	}{{"params", &j.Params}, {"checkpoint", &j.Checkpoint}, {"report", &j.Report}} {
		if len(*f.raw) == 0 {
			*f.raw = nil
		} else if !json.Valid(*f.raw) {
			return scrutineer.Errorf(scrutineer.EInvalid, "job %s must be JSON", f.name)
		}
	}
	return nil
}

func validJobState(s scrutineer.JobState) bool {
	switch s {
	case scrutineer.JobQueued, scrutineer.JobRunning, scrutineer.JobDone, scrutineer.JobFailed, scrutineer.JobCanceled:
		return true
	}
	return false
}

const jobColumns = `id, kind, state, owner_id, org_id, name, params, done, total, records, new, rejected,
	checkpoint, report, error, created, updated`

func scanJob(row pgx.Row) (*scrutineer.Job, error) {
	var j scrutineer.Job
	var params, checkpoint, report []byte
	if err := row.Scan(&j.ID, &j.Kind, &j.State, &j.OwnerID, &j.OrgID, &j.Name, &params,
		&j.Done, &j.Total, &j.Records, &j.New, &j.Rejected, &checkpoint, &report, &j.Error,
		&j.Created, &j.Updated); err != nil {
		return nil, err
	}
	j.Params, j.Checkpoint, j.Report = params, checkpoint, report
	j.Created, j.Updated = j.Created.UTC(), j.Updated.UTC()
	return &j, nil
}

// FindJobByID returns the job with id.
func (db *DB) FindJobByID(ctx context.Context, id int64) (*scrutineer.Job, error) {
	j, err := scanJob(db.pool.QueryRow(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENotFound, "job %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("find job %d: %w", id, err)
	}
	return j, nil
}

// FindJobs returns a page of the jobs that f selects, newest first.
func (db *DB) FindJobs(ctx context.Context, f scrutineer.JobFilter) (scrutineer.Page[*scrutineer.Job], error) {
	var page scrutineer.Page[*scrutineer.Job]
	limit, err := auditLimit(f.Limit)
	if err != nil {
		return page, err
	}
	q := `SELECT ` + jobColumns + ` FROM jobs WHERE true`
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Cursor != "" {
		before, err := decodeJobCursor(f.Cursor)
		if err != nil {
			return page, err
		}
		q += ` AND id < ` + arg(before)
	}
	if f.OrgID != 0 {
		q += ` AND org_id = ` + arg(f.OrgID)
	}
	if f.Kind != "" {
		q += ` AND kind = ` + arg(string(f.Kind))
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			if !validJobState(s) {
				return page, scrutineer.Errorf(scrutineer.EInvalid, "job state %q is not one of ours", s)
			}
			states[i] = string(s)
		}
		q += ` AND state = ANY(` + arg(states) + `)`
	}
	// One more than a page tells whether there is a next.
	q += ` ORDER BY id DESC LIMIT ` + arg(limit+1)
	rows, err := db.pool.Query(ctx, q, args...)
	if err != nil {
		return page, fmt.Errorf("find jobs: %w", err)
	}
	defer rows.Close()
	page.Items = []*scrutineer.Job{}
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return page, fmt.Errorf("find jobs: %w", err)
		}
		page.Items = append(page.Items, j)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("find jobs: %w", err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.Next = encodeJobCursor(page.Items[limit-1].ID)
	}
	return page, nil
}

// A job cursor is the id of the last job of a page, encoded so that
// callers treat it as opaque.
const jobCursorPrefix = "jobs:"

func encodeJobCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(jobCursorPrefix + strconv.FormatInt(id, 10)))
}

func decodeJobCursor(s string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(b), jobCursorPrefix); ok {
			if id, err := strconv.ParseInt(rest, 10, 64); err == nil && id > 0 {
				return id, nil
			}
		}
	}
	return 0, scrutineer.Errorf(scrutineer.EInvalid, "invalid cursor")
}

// UpdateJob stores j's state, progress, checkpoint, report and error, and
// sets j.Updated. A finished job stays as it finished: updating one is an
// EConflict, so that a worker's late progress cannot undo a cancel.
func (db *DB) UpdateJob(ctx context.Context, j *scrutineer.Job) error {
	c := *j
	if err := validJobProgress(&c); err != nil {
		return err
	}
	updated := stamp(db.Now())
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("update job %d: %w", c.ID, err)
	}
	defer tx.Rollback(ctx)
	var state scrutineer.JobState
	err = tx.QueryRow(ctx, `SELECT state FROM jobs WHERE id = $1 FOR UPDATE`, c.ID).Scan(&state)
	if errors.Is(err, pgx.ErrNoRows) {
		return scrutineer.Errorf(scrutineer.ENotFound, "job %d not found", c.ID)
	} else if err != nil {
		return fmt.Errorf("update job %d: %w", c.ID, err)
	}
	if state.Finished() {
		return scrutineer.Errorf(scrutineer.EConflict, "job %d is %s already", c.ID, state)
	}
	if _, err := tx.Exec(ctx, `
		UPDATE jobs SET state = $1, done = $2, total = $3, records = $4, new = $5, rejected = $6,
			checkpoint = $7, report = $8, error = $9, updated = $10
		WHERE id = $11`,
		string(c.State), c.Done, c.Total, c.Records, c.New, c.Rejected,
		nullIfNoBytes(c.Checkpoint), nullIfNoBytes(c.Report), c.Error, updated, c.ID); err != nil {
		return fmt.Errorf("update job %d: %w", c.ID, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("update job %d: %w", c.ID, err)
	}
	j.Updated = updated
	return nil
}
