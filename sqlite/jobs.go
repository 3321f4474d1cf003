package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

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
	res, err := db.write.ExecContext(ctx, `
		INSERT INTO jobs (kind, state, owner_id, org_id, name, params, done, total, records, new, rejected,
			checkpoint, report, error, created, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(c.Kind), string(c.State), c.OwnerID, c.OrgID, c.Name, nullIfNoBytes(c.Params),
		c.Done, c.Total, c.Records, c.New, c.Rejected, nullIfNoBytes(c.Checkpoint), nullIfNoBytes(c.Report), c.Error,
		c.Created.UnixMicro(), c.Updated.UnixMicro())
	if err != nil {
		return fmt.Errorf("create job: %w", err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
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

func scanJob(row interface{ Scan(...any) error }) (*scrutineer.Job, error) {
	var j scrutineer.Job
	var params, checkpoint, report []byte
	var created, updated int64
	if err := row.Scan(&j.ID, &j.Kind, &j.State, &j.OwnerID, &j.OrgID, &j.Name, &params,
		&j.Done, &j.Total, &j.Records, &j.New, &j.Rejected, &checkpoint, &report, &j.Error,
		&created, &updated); err != nil {
		return nil, err
	}
	j.Params, j.Checkpoint, j.Report = params, checkpoint, report
	j.Created, j.Updated = time.UnixMicro(created).UTC(), time.UnixMicro(updated).UTC()
	return &j, nil
}

// FindJobByID returns the job with id.
func (db *DB) FindJobByID(ctx context.Context, id int64) (*scrutineer.Job, error) {
	j, err := scanJob(db.read.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
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
	q := `SELECT ` + jobColumns + ` FROM jobs WHERE 1 = 1`
	var args []any
	if f.Cursor != "" {
		before, err := decodeJobCursor(f.Cursor)
		if err != nil {
			return page, err
		}
		q += ` AND id < ?`
		args = append(args, before)
	}
	if f.OrgID != 0 {
		q += ` AND org_id = ?`
		args = append(args, f.OrgID)
	}
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, string(f.Kind))
	}
	if len(f.States) > 0 {
		for _, s := range f.States {
			if !validJobState(s) {
				return page, scrutineer.Errorf(scrutineer.EInvalid, "job state %q is not one of ours", s)
			}
			args = append(args, string(s))
		}
		q += ` AND state IN (?` + strings.Repeat(`, ?`, len(f.States)-1) + `)`
	}
	// One more than a page tells whether there is a next.
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit+1)
	rows, err := db.read.QueryContext(ctx, q, args...)
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
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update job %d: %w", c.ID, err)
	}
	defer tx.Rollback()
	var state scrutineer.JobState
	err = tx.QueryRowContext(ctx, `SELECT state FROM jobs WHERE id = ?`, c.ID).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return scrutineer.Errorf(scrutineer.ENotFound, "job %d not found", c.ID)
	} else if err != nil {
		return fmt.Errorf("update job %d: %w", c.ID, err)
	}
	if state.Finished() {
		return scrutineer.Errorf(scrutineer.EConflict, "job %d is %s already", c.ID, state)
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE jobs SET state = ?, done = ?, total = ?, records = ?, new = ?, rejected = ?,
			checkpoint = ?, report = ?, error = ?, updated = ?
		WHERE id = ?`,
		string(c.State), c.Done, c.Total, c.Records, c.New, c.Rejected,
		nullIfNoBytes(c.Checkpoint), nullIfNoBytes(c.Report), c.Error, updated.UnixMicro(), c.ID); err != nil {
		return fmt.Errorf("update job %d: %w", c.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("update job %d: %w", c.ID, err)
	}
	j.Updated = updated
	return nil
}
