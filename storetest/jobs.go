package storetest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/scrutineer/scrutineer"
)

// JobStore keeps background jobs.
type JobStore interface {
	scrutineer.JobService
}

// Jobs tests a store's jobs. open returns an empty store, closed when t
// ends.
func Jobs(t *testing.T, open func(t *testing.T) JobStore) {
	t.Run("CreateAndUpdate", func(t *testing.T) { jobsCreateAndUpdate(t, open(t)) })
	t.Run("Invalid", func(t *testing.T) { jobsInvalid(t, open(t)) })
	t.Run("Find", func(t *testing.T) { jobsFind(t, open(t)) })
}

func jobsCreateAndUpdate(t *testing.T, s JobStore) {
	ctx := context.Background()
	j := &scrutineer.Job{Kind: scrutineer.JobIngest, OwnerID: 3, OrgID: 2, Name: "shares.csv",
		Params: json.RawMessage(`{"format": "coortweet"}`), Total: 1 << 20}
	if err := s.CreateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if j.ID == 0 || j.State != scrutineer.JobQueued || j.Created.IsZero() || !j.Updated.Equal(j.Created) {
		t.Fatalf("created %+v: want an ID, queued, Created = Updated", j)
	}
	got, err := s.FindJobByID(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(j, got); diff != "" {
		t.Errorf("FindJobByID (-want +got):\n%s", diff)
	}

	// A worker's progress, then its end.
	steps := []func(j *scrutineer.Job){
		func(j *scrutineer.Job) {
			j.State, j.Done, j.Records, j.New = scrutineer.JobRunning, 4096, 100, 90
			j.Checkpoint = json.RawMessage(`{"offset":4096}`)
		},
		func(j *scrutineer.Job) {
			j.State, j.Done, j.Records, j.New, j.Rejected = scrutineer.JobFailed, 8192, 200, 170, 3
			j.Checkpoint = json.RawMessage(`{"offset":8192}`)
			j.Report = json.RawMessage(`{"rejects":[{"line":7,"reason":"no id"}]}`)
			j.Error = "read shares.csv: unexpected EOF"
		},
	}
	for i, step := range steps {
		step(j)
		before := j.Updated
		if err := s.UpdateJob(ctx, j); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if j.Updated.Before(before) {
			t.Errorf("step %d: Updated went back from %v to %v", i, before, j.Updated)
		}
		got, err := s.FindJobByID(ctx, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(j, got); diff != "" {
			t.Errorf("step %d: stored (-want +got):\n%s", i, diff)
		}
	}

	// A finished job stays finished.
	late := *j
	late.State, late.Done = scrutineer.JobRunning, 9000
	peopleCode(t, s.UpdateJob(ctx, &late), scrutineer.EConflict)
	if got, err := s.FindJobByID(ctx, j.ID); err != nil {
		t.Fatal(err)
	} else if got.State != scrutineer.JobFailed || got.Done != 8192 {
		t.Errorf("a finished job changed: %s, %d done", got.State, got.Done)
	}

	_, err = s.FindJobByID(ctx, j.ID+100)
	peopleCode(t, err, scrutineer.ENotFound)
	peopleCode(t, s.UpdateJob(ctx, &scrutineer.Job{ID: j.ID + 100, State: scrutineer.JobRunning}), scrutineer.ENotFound)
}

func jobsInvalid(t *testing.T, s JobStore) {
	ctx := context.Background()
	tests := []struct {
		name string
		job  scrutineer.Job
	}{
		{"NoKind", scrutineer.Job{}},
		{"BadKind", scrutineer.Job{Kind: "mine"}},
		{"BadState", scrutineer.Job{Kind: scrutineer.JobDetect, State: "paused"}},
		{"ParamsNotJSON", scrutineer.Job{Kind: scrutineer.JobDetect, Params: json.RawMessage(`{`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			peopleCode(t, s.CreateJob(ctx, &tt.job), scrutineer.EInvalid)
			if tt.job.ID != 0 {
				t.Errorf("a refused job got ID %d", tt.job.ID)
			}
		})
	}
	j := &scrutineer.Job{Kind: scrutineer.JobDetect}
	if err := s.CreateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	bad := *j
	bad.State = "paused"
	peopleCode(t, s.UpdateJob(ctx, &bad), scrutineer.EInvalid)
	bad = *j
	bad.Report = json.RawMessage(`not json`)
	peopleCode(t, s.UpdateJob(ctx, &bad), scrutineer.EInvalid)
}

func jobsFind(t *testing.T, s JobStore) {
	ctx := context.Background()
	type spec struct {
		org   int64
		kind  scrutineer.JobKind
		state scrutineer.JobState
	}
	specs := []spec{
		{1, scrutineer.JobIngest, scrutineer.JobDone},
		{1, scrutineer.JobDetect, scrutineer.JobDone},
		{2, scrutineer.JobIngest, scrutineer.JobQueued},
		{1, scrutineer.JobIngest, scrutineer.JobRunning},
		{2, scrutineer.JobDetect, scrutineer.JobFailed},
		{1, scrutineer.JobIngest, scrutineer.JobQueued},
		{1, scrutineer.JobDetect, scrutineer.JobCanceled},
	}
	var ids []int64 // in the order made
	for _, sp := range specs {
		j := &scrutineer.Job{Kind: sp.kind, State: sp.state, OrgID: sp.org, OwnerID: 1, Name: string(sp.kind)}
		if err := s.CreateJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	// newest picks the jobs at the given indexes of specs, newest first.
	newest := func(idx ...int) []int64 {
		out := []int64{}
		for i := len(idx) - 1; i >= 0; i-- {
			out = append(out, ids[idx[i]])
		}
		return out
	}
	tests := []struct {
		name   string
		filter scrutineer.JobFilter
		want   []int64
	}{
		{"All", scrutineer.JobFilter{}, newest(0, 1, 2, 3, 4, 5, 6)},
		{"Org", scrutineer.JobFilter{OrgID: 2}, newest(2, 4)},
		{"Kind", scrutineer.JobFilter{Kind: scrutineer.JobDetect}, newest(1, 4, 6)},
		{"States", scrutineer.JobFilter{States: []scrutineer.JobState{scrutineer.JobQueued, scrutineer.JobRunning}},
			newest(2, 3, 5)},
		{"All at once", scrutineer.JobFilter{OrgID: 1, Kind: scrutineer.JobIngest,
			States: []scrutineer.JobState{scrutineer.JobQueued, scrutineer.JobDone}}, newest(0, 5)},
		{"None", scrutineer.JobFilter{OrgID: 3}, []int64{}},
	}
	for _, tt := range tests {
		// A page at a time, two jobs a page.
		for _, limit := range []int{0, 2} {
			f := tt.filter
			f.Limit = limit
			got := []int64{}
			for pages := 0; ; pages++ {
				if pages > len(specs) {
					t.Fatalf("%s: the pages do not end", tt.name)
				}
				page, err := s.FindJobs(ctx, f)
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				if limit > 0 && len(page.Items) > limit {
					t.Errorf("%s: %d jobs in a page of %d", tt.name, len(page.Items), limit)
				}
				for _, j := range page.Items {
					got = append(got, j.ID)
				}
				if page.Next == "" {
					break
				}
				f.Cursor = page.Next
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s, limit %d (-want +got):\n%s", tt.name, limit, diff)
			}
		}
	}

	bad := []struct {
		name   string
		filter scrutineer.JobFilter
	}{
		{"Cursor", scrutineer.JobFilter{Cursor: "not a cursor"}},
		{"CursorOfAnotherKind", scrutineer.JobFilter{Cursor: base64.RawURLEncoding.EncodeToString([]byte("posts:12"))}},
		{"CursorNegative", scrutineer.JobFilter{Cursor: base64.RawURLEncoding.EncodeToString([]byte("jobs:-1"))}},
		{"State", scrutineer.JobFilter{States: []scrutineer.JobState{"paused"}}},
		{"Limit", scrutineer.JobFilter{Limit: -1}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.FindJobs(ctx, tt.filter)
			peopleCode(t, err, scrutineer.EInvalid)
		})
	}
}
