package scrutineer

import (
	"context"
	"encoding/json"
	"time"
)

// JobKind is what a background job does.
type JobKind string

const (
	JobIngest JobKind = "ingest" // read an uploaded file into the store
	JobDetect JobKind = "detect" // run detection over stored data
)

// JobState is where a job is.
type JobState string

const (
	JobQueued   JobState = "queued"
	JobRunning  JobState = "running"
	JobDone     JobState = "done"
	JobFailed   JobState = "failed"
	JobCanceled JobState = "canceled"
)

// Finished reports whether the job will not run again.
func (s JobState) Finished() bool { return s == JobDone || s == JobFailed || s == JobCanceled }

// Job is a piece of background work with its progress. A job that was
// running when the service stopped is resumed from its checkpoint.
type Job struct {
	ID       int64           `json:"id"`
	Kind     JobKind         `json:"kind"`
	State    JobState        `json:"state"`
	OwnerID  int64           `json:"owner_id"` // the user who started it
	OrgID    int64           `json:"org_id"`
	Name     string          `json:"name"` // the file name, say
	Params   json.RawMessage `json:"params,omitempty"`
	Done     int64           `json:"done"`  // bytes or items done
	Total    int64           `json:"total"` // 0 when unknown
	Records  int64           `json:"records"`
	New      int64           `json:"new"`
	Rejected int64           `json:"rejected"`
	// Checkpoint is where to resume (a byte offset, a stream sequence).
	Checkpoint json.RawMessage `json:"-"`
	Report     json.RawMessage `json:"report,omitempty"` // summary, rejects with reasons
	Error      string          `json:"error,omitempty"`
	Created    time.Time       `json:"created"`
	Updated    time.Time       `json:"updated"`
}

// JobFilter selects jobs, newest first.
type JobFilter struct {
	OrgID  int64
	Kind   JobKind
	States []JobState
	Cursor string
	Limit  int
}

// JobService keeps jobs and their progress.
type JobService interface {
	CreateJob(ctx context.Context, j *Job) error
	FindJobByID(ctx context.Context, id int64) (*Job, error)
	FindJobs(ctx context.Context, f JobFilter) (Page[*Job], error)
	// UpdateJob stores j's state, progress, checkpoint, report and error.
	UpdateJob(ctx context.Context, j *Job) error
}
