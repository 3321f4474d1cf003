package connector

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
)

func TestFileCursors(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "cursors")
	c := &FileCursors{Dir: dir}
	if _, err := c.Load(ctx, "jetstream"); scrutineer.ErrorCode(err) != scrutineer.ENotFound {
		t.Fatalf("load before save: %v, want not found", err)
	}
	for _, v := range []string{"1745776800137000", "1745776800999999", "114411000000000001"} {
		if err := c.Save(ctx, "jetstream", v); err != nil {
			t.Fatal(err)
		}
		if got, err := c.Load(ctx, "jetstream"); err != nil || got != v {
			t.Fatalf("load: %q, %v; want %q", got, err, v)
		}
	}
	// A new store on the same directory sees the cursor: a restart.
	if got, err := (&FileCursors{Dir: dir}).Load(ctx, "jetstream"); err != nil || got != "114411000000000001" {
		t.Fatalf("load after restart: %q, %v", got, err)
	}
	// No temporary files are left behind.
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "jetstream.cursor" {
		t.Errorf("directory holds %v", ents)
	}
}

func TestFileCursorsInvalid(t *testing.T) {
	ctx := context.Background()
	c := &FileCursors{Dir: t.TempDir()}
	tests := []struct {
		name, cursor string
	}{
		{"", "1"},
		{"../x", "1"},
		{".hidden", "1"},
		{"a/b", "1"},
		{"ok", "two\nlines"},
		{"ok", string(make([]byte, maxCursor+1))},
	}
	for _, tt := range tests {
		if err := c.Save(ctx, tt.name, tt.cursor); scrutineer.ErrorCode(err) != scrutineer.EInvalid {
			t.Errorf("save %q: %v, want invalid", tt.name, err)
		}
	}
}

// TestFileCursorsConcurrent saves from several goroutines: every load sees
// one whole cursor.
func TestFileCursorsConcurrent(t *testing.T) {
	ctx := context.Background()
	c := &FileCursors{Dir: t.TempDir()}
	vals := map[string]bool{"111111111111": true, "222222222222": true, "333333333333": true}
	var wg sync.WaitGroup
	for v := range vals {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if err := c.Save(ctx, "x", v); err != nil {
					t.Error(err)
				}
				if got, err := c.Load(ctx, "x"); err != nil || !vals[got] {
					t.Errorf("load: %q, %v", got, err)
				}
			}
		}()
	}
	wg.Wait()
}

func TestBackoff(t *testing.T) {
	b := Backoff{Min: 100 * time.Millisecond, Max: time.Second}
	tests := []struct {
		n      int
		lo, hi time.Duration
	}{
		{1, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 100 * time.Millisecond, 200 * time.Millisecond},
		{4, 400 * time.Millisecond, 800 * time.Millisecond},
		{5, 500 * time.Millisecond, time.Second},
		{1000, 500 * time.Millisecond, time.Second},
	}
	for _, tt := range tests {
		for range 100 {
			if d := b.Delay(tt.n); d < tt.lo || d > tt.hi {
				t.Fatalf("Delay(%d) = %v, want in [%v, %v]", tt.n, d, tt.lo, tt.hi)
			}
		}
	}
	if d := (Backoff{}).Delay(1); d < 500*time.Millisecond || d > time.Second {
		t.Errorf("default first delay %v", d)
	}
}

func TestSleep(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep: %v", err)
	}
	if err := Sleep(context.Background(), time.Microsecond); err != nil {
		t.Fatalf("Sleep: %v", err)
	}
}

// clock is a time the test moves.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestTracker(t *testing.T) {
	c := &clock{time.Date(2025, 4, 27, 18, 0, 0, 0, time.UTC)}
	tr := NewTracker("x", c.now)
	if s := tr.Status(); s.State != StateStarting || s.Name != "x" || !s.Since.Equal(c.t) {
		t.Fatalf("initial %+v", s)
	}
	tr.SetState(StateConnecting)
	tr.SetState(StateFilling)
	tr.SetState(StateConnected) // the same connection
	at := time.Date(2025, 4, 27, 17, 59, 58, 0, time.UTC)
	// 50 events a second for 10 s, then 10 s of nothing.
	for range 10 {
		for range 50 {
			tr.Event(at)
		}
		c.t = c.t.Add(time.Second)
	}
	c.t = c.t.Add(-time.Millisecond)
	s := tr.Status()
	if s.EventsPerSecond != 50 || s.Events != 500 || !s.LastEventTime.Equal(at) || s.Connects != 1 {
		t.Errorf("busy: %+v", s)
	}
	c.t = c.t.Add(5 * time.Second)
	if s := tr.Status(); s.EventsPerSecond != 25 {
		t.Errorf("half the window later: %v events/s, want 25", s.EventsPerSecond)
	}
	c.t = c.t.Add(10 * time.Second)
	if s := tr.Status(); s.EventsPerSecond != 0 {
		t.Errorf("quiet: %v events/s", s.EventsPerSecond)
	}
	tr.Error(errors.New("connect: refused"))
	tr.Waiting(c.t.Add(time.Second))
	if s := tr.Status(); s.State != StateWaiting || s.Errors != 1 || s.LastError != "connect: refused" || !s.Retry.Equal(c.t.Add(time.Second)) {
		t.Errorf("waiting: %+v", s)
	}
	tr.SetState(StateConnecting)
	if s := tr.Status(); !s.Retry.IsZero() {
		t.Errorf("retry kept after waiting: %+v", s)
	}
}

func TestStatusError(t *testing.T) {
	tests := []struct {
		code       int
		retryAfter string
		fatal      bool
		wait       time.Duration
	}{
		{http.StatusUnauthorized, "", true, 0},
		{http.StatusNotFound, "", true, 0},
		{http.StatusGone, "", true, 0},
		{http.StatusRequestTimeout, "", false, 0},
		{http.StatusTooManyRequests, "30", false, 30 * time.Second},
		{http.StatusTooManyRequests, "999999", false, maxRetryAfter},
		{http.StatusServiceUnavailable, "Wed, 21 Oct 2015 07:28:00 GMT", false, 0},
		{http.StatusBadGateway, "", false, 0},
	}
	for _, tt := range tests {
		resp := &http.Response{StatusCode: tt.code, Status: fmt.Sprintf("%d %s", tt.code, http.StatusText(tt.code)), Header: http.Header{}}
		if tt.retryAfter != "" {
			resp.Header.Set("Retry-After", tt.retryAfter)
		}
		err := StatusError("connect", resp)
		var f *fatalError
		var w *waitError
		gotWait := time.Duration(0)
		if errors.As(err, &w) {
			gotWait = w.d
		}
		if errors.As(err, &f) != tt.fatal || gotWait != tt.wait || !strings.Contains(err.Error(), strconv.Itoa(tt.code)) {
			t.Errorf("%d %q: %v (fatal %v, wait %v)", tt.code, tt.retryAfter, err, errors.As(err, &f), gotWait)
		}
	}
}

// TestRetry checks the order of tries, checkpoints and waits, and that a
// fatal error ends it.
func TestRetry(t *testing.T) {
	tr := NewTracker("x", nil)
	var log []string
	n := 0
	attempt := func(ctx context.Context) (bool, error) {
		n++
		log = append(log, fmt.Sprintf("try %d", n))
		switch n {
		case 1:
			return false, errors.New("refused")
		case 2:
			return true, nil // the stream ended after some events
		}
		return false, Fatal(errors.New("bad token"))
	}
	between := func(ctx context.Context) error {
		log = append(log, "checkpoint")
		return nil
	}
	err := Retry(context.Background(), tr, Backoff{Min: time.Microsecond, Max: time.Microsecond}, attempt, between)
	if err == nil || err.Error() != "bad token" {
		t.Fatalf("Retry: %v", err)
	}
	if want := "try 1,checkpoint,try 2,checkpoint,try 3"; strings.Join(log, ",") != want {
		t.Errorf("log %s, want %s", strings.Join(log, ","), want)
	}
	if s := tr.Status(); s.Errors != 2 || s.LastError != "stream ended" {
		t.Errorf("status %+v", s)
	}
}
