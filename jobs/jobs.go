// Package jobs runs the service's background work: uploaded files read
// into the store, with their progress and report kept on the job. Jobs
// outlive the process: one that was running when the service stopped runs
// again at the next start, and since storing is idempotent, reading a file
// again adds only what the first run had not stored.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/formats"
)

// Store is what the runner needs of the store.
type Store interface {
	scrutineer.JobService
	scrutineer.RecordService
}

// Runner runs jobs one at a time, in the order they came.
type Runner struct {
	store Store
	dir   string // where uploaded files are kept until their job ends
	log   *slog.Logger
	now   func() time.Time
	// Every is how often a running job's progress is stored.
	Every time.Duration
	// MaxUpload bounds an upload's size in bytes.
	MaxUpload int64

	wake chan struct{}
	mu   sync.Mutex
	live map[int64]*ingest.Progress // progress of the job running now
}

// NewRunner returns a runner keeping uploads in dir.
func NewRunner(store Store, dir string, log *slog.Logger, now func() time.Time) (*Runner, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("uploads: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{store: store, dir: dir, log: log, now: now, Every: time.Second, MaxUpload: 64 << 30,
		wake: make(chan struct{}, 1), live: map[int64]*ingest.Progress{}}, nil
}

// UploadParams are an ingest job's parameters.
type UploadParams struct {
	Format string `json:"format,omitempty"` // "" to detect
}

// ErrTooLarge is an upload over MaxUpload.
var ErrTooLarge = errors.New("upload too large")

// Submit keeps body as an upload and queues its job. A body cut short
// (the client went away) queues nothing.
func (r *Runner) Submit(ctx context.Context, j *scrutineer.Job, body io.Reader) error {
	var p UploadParams
	if len(j.Params) > 0 {
		if err := json.Unmarshal(j.Params, &p); err != nil {
			return scrutineer.Errorf(scrutineer.EInvalid, "job parameters: %v", err)
		}
	}
	if p.Format != "" {
		if _, err := formats.Lookup(p.Format); err != nil {
			return scrutineer.Errorf(scrutineer.EInvalid, "%v", err)
		}
	}
	tmp, err := os.CreateTemp(r.dir, "upload-*.part")
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	n, err := io.Copy(tmp, io.LimitReader(body, r.MaxUpload+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		return fmt.Errorf("upload: %w", err)
	case n > r.MaxUpload:
		return scrutineer.Errorf("too_large", "uploads are limited to %d bytes", r.MaxUpload)
	case n == 0:
		return scrutineer.Errorf(scrutineer.EInvalid, "the upload is empty")
	}
	now := r.now().UTC()
	j.Kind, j.State, j.Total, j.Created, j.Updated = scrutineer.JobIngest, scrutineer.JobQueued, n, now, now
	if err := r.store.CreateJob(ctx, j); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), r.path(j.ID)); err != nil {
		j.State, j.Error = scrutineer.JobFailed, "the upload could not be kept"
		_ = r.store.UpdateJob(ctx, j)
		return fmt.Errorf("upload: %w", err)
	}
	select {
	case r.wake <- struct{}{}:
	default:
	}
	return nil
}

func (r *Runner) path(id int64) string {
	return filepath.Join(r.dir, strconv.FormatInt(id, 10)+".upload")
}

// Progress is the live progress of job id, while it runs.
func (r *Runner) Progress(id int64) *ingest.Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.live[id]
}

// Run runs jobs until ctx ends: first those left queued or running by an
// earlier run, then each new one as it comes. A job cut short by the end
// of ctx stays running, to run again at the next start.
func (r *Runner) Run(ctx context.Context) error {
	for {
		page, err := r.store.FindJobs(ctx, scrutineer.JobFilter{Kind: scrutineer.JobIngest,
			States: []scrutineer.JobState{scrutineer.JobQueued, scrutineer.JobRunning}, Limit: scrutineer.MaxLimit})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("jobs: %w", err)
		}
		// FindJobs is newest first; jobs run oldest first.
		for i := len(page.Items) - 1; i >= 0; i-- {
			if err := r.runIngest(ctx, page.Items[i]); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
		}
		if len(page.Items) > 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-r.wake:
		case <-time.After(5 * time.Second): // another replica may have queued one
		}
	}
}

// runIngest reads a job's upload into the store. Only a failure to store
// the job itself is returned; a file that cannot be read fails its job.
func (r *Runner) runIngest(ctx context.Context, j *scrutineer.Job) error {
	var p UploadParams
	_ = json.Unmarshal(j.Params, &p) // checked on submission
	var forced *source.Format
	if p.Format != "" {
		f, err := formats.Lookup(p.Format)
		if err != nil {
			return r.finish(ctx, j, nil, err)
		}
		forced = &f
	}
	f, err := os.Open(r.path(j.ID))
	if err != nil {
		return r.finish(ctx, j, nil, fmt.Errorf("the upload is gone: %w", err))
	}
	defer f.Close()
	j.State, j.Updated, j.Done, j.Records, j.New, j.Rejected = scrutineer.JobRunning, r.now().UTC(), 0, 0, 0, 0
	if err := r.store.UpdateJob(ctx, j); scrutineer.ErrorCode(err) == scrutineer.EConflict {
		return nil // finished or canceled meanwhile
	} else if err != nil {
		return err
	}
	r.log.Info("job started", "job", j.ID, "kind", j.Kind, "name", j.Name)
	progress := &ingest.Progress{}
	r.mu.Lock()
	r.live[j.ID] = progress
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.live, j.ID)
		r.mu.Unlock()
	}()

	// Progress goes to the store on a tick, so that the interface and
	// other replicas see it, and not on every record. A job canceled
	// meanwhile (its update conflicts) stops being read.
	jctx, cancelJob := context.WithCancel(ctx)
	defer cancelJob()
	done := make(chan struct{})
	ticked := make(chan error, 1)
	go func() {
		tick := time.NewTicker(r.Every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				ticked <- nil
				return
			case <-tick.C:
				j.Done, j.Records, j.Updated = progress.Bytes.Load(), progress.Records.Load(), r.now().UTC()
				err := r.store.UpdateJob(ctx, j)
				if scrutineer.ErrorCode(err) == scrutineer.EConflict {
					cancelJob()
					<-done
					ticked <- nil
					return
				}
				if err != nil && ctx.Err() == nil {
					ticked <- err
					return
				}
			}
		}
	}()
	rep := ingest.Read(jctx, f, j.Name, r.store, ingest.Options{Format: forced, Show: 20, Progress: progress})
	close(done)
	if err := <-ticked; err != nil {
		return err
	}
	if jctx.Err() != nil && ctx.Err() == nil {
		r.log.Info("job canceled", "job", j.ID)
		return nil
	}
	if ctx.Err() != nil {
		// Stopped, not failed: it runs again at the next start.
		j.Done, j.Records, j.Updated = rep.Bytes, rep.Records, r.now().UTC()
		_ = r.store.UpdateJob(context.WithoutCancel(ctx), j)
		return ctx.Err()
	}
	return r.finish(ctx, j, rep, rep.Err)
}

// finish stores a job's end, and removes its upload once it succeeded.
func (r *Runner) finish(ctx context.Context, j *scrutineer.Job, rep *ingest.Report, err error) error {
	j.State, j.Updated = scrutineer.JobDone, r.now().UTC()
	if rep != nil {
		j.Done, j.Records, j.New, j.Rejected = rep.Bytes, rep.Records, rep.New, rep.Rejected
		b, merr := json.Marshal(rep)
		if merr != nil {
			return fmt.Errorf("job %d report: %w", j.ID, merr)
		}
		j.Report = b
	}
	if err != nil {
		j.State, j.Error = scrutineer.JobFailed, err.Error()
	}
	if uerr := r.store.UpdateJob(ctx, j); uerr != nil {
		return fmt.Errorf("job %d: %w", j.ID, uerr)
	}
	r.log.Info("job finished", "job", j.ID, "state", j.State, "records", j.Records, "new", j.New, "rejected", j.Rejected, "err", j.Error)
	if j.State == scrutineer.JobDone {
		if err := os.Remove(r.path(j.ID)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("job %d: %w", j.ID, err)
		}
	}
	return nil
}
