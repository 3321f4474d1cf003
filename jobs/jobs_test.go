package jobs_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/jobs"
	"github.com/scrutineer/scrutineer/sqlite"
)

func open(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func fixture(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../source/x/testdata/v2_search.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// run runs r until job id finishes, and returns it.
func run(t *testing.T, db *sqlite.DB, r *jobs.Runner, id int64) *scrutineer.Job {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- r.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-stopped; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		j, err := db.FindJobByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State.Finished() {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d still %s", id, j.State)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestUploadIsReadIntoTheStore(t *testing.T) {
	db := open(t)
	dir := t.TempDir()
	r, err := jobs.NewRunner(db, dir, nil, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	in := fixture(t)
	j := &scrutineer.Job{Name: "search.jsonl", OwnerID: 7}
	if err := r.Submit(context.Background(), j, bytes.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if j.ID == 0 || j.State != scrutineer.JobQueued || j.Total != int64(len(in)) {
		t.Fatalf("submitted: %+v", j)
	}
	got := run(t, db, r, j.ID)
	if got.State != scrutineer.JobDone || got.Records == 0 || got.New == 0 || got.Done != int64(len(in)) ||
		!strings.Contains(string(got.Report), `"format":"x-v2"`) {
		t.Errorf("finished: %+v, report %s", got, got.Report)
	}
	counts, err := db.CountRecords(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if counts.Posts[scrutineer.PlatformX] == 0 {
		t.Errorf("no posts stored: %+v", counts)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("uploads left behind: %v", left)
	}
}

// A job left running by a stopped service runs again at the next start,
// and its records are stored once.
func TestInterruptedJobResumes(t *testing.T) {
	db := open(t)
	dir := t.TempDir()
	r, _ := jobs.NewRunner(db, dir, nil, time.Now)
	in := fixture(t)
	first := &scrutineer.Job{Name: "a.jsonl"}
	if err := r.Submit(context.Background(), first, bytes.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	run(t, db, r, first.ID)
	// The same file again, as a job a crash left running half-way.
	again := &scrutineer.Job{Name: "b.jsonl"}
	if err := r.Submit(context.Background(), again, bytes.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	again.State, again.Done, again.Records = scrutineer.JobRunning, 100, 3
	if err := db.UpdateJob(context.Background(), again); err != nil {
		t.Fatal(err)
	}
	restarted, _ := jobs.NewRunner(db, dir, nil, time.Now)
	got := run(t, db, restarted, again.ID)
	f, _ := db.FindJobByID(context.Background(), first.ID)
	if got.State != scrutineer.JobDone || got.New != 0 || got.Records != f.Records {
		t.Errorf("resumed: %+v; first %+v", got, f)
	}
}

func TestUnreadableUploadFailsItsJob(t *testing.T) {
	db := open(t)
	r, _ := jobs.NewRunner(db, t.TempDir(), nil, time.Now)
	j := &scrutineer.Job{Name: "notes.txt"}
	if err := r.Submit(context.Background(), j, strings.NewReader("dear diary, nothing here is a record\n")); err != nil {
		t.Fatal(err)
	}
	got := run(t, db, r, j.ID)
	if got.State != scrutineer.JobFailed || !strings.Contains(got.Error, "format") {
		t.Errorf("%+v", got)
	}
}

func TestSubmitRefuses(t *testing.T) {
	db := open(t)
	r, _ := jobs.NewRunner(db, t.TempDir(), nil, time.Now)
	r.MaxUpload = 10
	for _, tc := range []struct {
		name, body, params, code string
	}{
		{"empty", "", "", scrutineer.EInvalid},
		{"too large", "more than ten bytes", "", "too_large"},
		{"unknown format", "{}", `{"format":"myspace"}`, scrutineer.EInvalid},
		{"bad parameters", "{}", `{"format":`, scrutineer.EInvalid},
	} {
		j := &scrutineer.Job{Name: "f", Params: []byte(tc.params)}
		if tc.params == "" {
			j.Params = nil
		}
		if err := r.Submit(context.Background(), j, strings.NewReader(tc.body)); scrutineer.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	page, err := db.FindJobs(context.Background(), scrutineer.JobFilter{})
	if err != nil || len(page.Items) != 0 {
		t.Errorf("jobs made by refused uploads: %v %v", page.Items, err)
	}
}
