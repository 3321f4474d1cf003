package mastodon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/connector"
	"github.com/scrutineer/scrutineer/connector/connectortest"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/mastodon"
	"github.com/valyala/fastjson"
)

// waitLong bounds every wait of the tests: far above what they take, so
// that only a hang fails them.
const waitLong = 20 * time.Second

// statuses returns the fixture's statuses, oldest first, and their ids.
func statuses(t *testing.T) ([]byte, [][]byte, []string) {
	t.Helper()
	data, err := os.ReadFile("testdata/statuses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var raws [][]byte
	var ids []string
	for _, l := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		v, err := fastjson.ParseBytes(l)
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
		raws = append(raws, l)
		ids = append(ids, string(v.GetStringBytes("id")))
	}
	for i := 1; i < len(ids); i++ {
		if !newer(ids[i], ids[i-1]) {
			t.Fatalf("fixture ids out of order at %d", i)
		}
	}
	return data, raws, ids
}

func want(t *testing.T, f source.Format, data []byte) []scrutineer.Record {
	t.Helper()
	recs, rejects, err := connectortest.Read(f, data)
	if err != nil || len(rejects) > 0 {
		t.Fatalf("reading the fixture: %v, %v", err, rejects)
	}
	return recs
}

// step is what a connection to the test server's stream does: first
// publish gap statuses that nobody is streamed, then stream the next
// stream ones, then "hold" the connection open (with a heartbeat), go
// "silent" or "drop" it.
type step struct {
	gap, stream int
	then        string
}

// instance is a Mastodon server on loopback whose public timeline grows
// as the test says: statuses are published one by one, streamed to the
// connections open at the time and listed by the REST timeline.
type instance struct {
	raws   [][]byte
	ids    []string
	plan   []step
	replay []byte // when set, what every stream connection sends as is
	srv    *httptest.Server

	mu        sync.Mutex
	published int
	conns     int
	queries   []string // of the timeline requests
	queryConn []int    // the stream connection each query came in
	auth      []string // Authorization headers of all requests
}

func newInstance(t *testing.T, raws [][]byte, ids []string, plan ...step) *instance {
	in := &instance{raws: raws, ids: ids, plan: plan}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/streaming/public", in.stream)
	mux.HandleFunc("GET /api/v1/timelines/public", in.timeline)
	in.srv = httptest.NewServer(mux)
	t.Cleanup(in.srv.Close)
	return in
}

func (in *instance) stream(w http.ResponseWriter, r *http.Request) {
	in.mu.Lock()
	in.auth = append(in.auth, r.Header.Get("Authorization"))
	st := step{then: "hold"}
	if in.conns < len(in.plan) {
		st = in.plan[in.conns]
	}
	in.conns++
	in.published = min(len(in.raws), in.published+st.gap)
	in.mu.Unlock()

	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	fl := w.(http.Flusher)
	if in.replay != nil {
		w.Write(in.replay)
		fl.Flush()
		<-r.Context().Done()
		return
	}
	fmt.Fprint(w, ":)\n\n")
	fl.Flush()
	for range st.stream {
		in.mu.Lock()
		if in.published == len(in.raws) {
			in.mu.Unlock()
			break
		}
		raw := in.raws[in.published]
		in.published++
		in.mu.Unlock()
		fmt.Fprintf(w, "event: update\ndata: %s\n\n", raw)
		fl.Flush()
	}
	switch st.then {
	case "drop":
		return
	case "hold":
		fmt.Fprint(w, ":thump\n\n")
		fl.Flush()
	}
	<-r.Context().Done() // "silent" sends nothing more
}

// timeline answers like Mastodon: with min_id, the statuses immediately
// newer than it; without, the newest; newest first either way.
func (in *instance) timeline(w http.ResponseWriter, r *http.Request) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.auth = append(in.auth, r.Header.Get("Authorization"))
	in.queries = append(in.queries, r.URL.RawQuery)
	in.queryConn = append(in.queryConn, in.conns)
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	minID := r.URL.Query().Get("min_id")
	lo, hi := 0, in.published
	if minID != "" {
		for lo < hi && !newer(in.ids[lo], minID) {
			lo++
		}
		hi = min(hi, lo+limit)
	} else {
		lo = max(0, hi-limit)
	}
	var page [][]byte
	for i := hi - 1; i >= lo; i-- {
		page = append(page, in.raws[i])
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, "[%s]", bytes.Join(page, []byte(",")))
}

// firstQueries returns the first timeline query of each connection.
func (in *instance) firstQueries() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	var qs []string
	for i, q := range in.queries {
		if i == 0 || in.queryConn[i] != in.queryConn[i-1] {
			qs = append(qs, q)
		}
	}
	return qs
}

func (in *instance) timelineQueries() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]string(nil), in.queries...)
}

func testConfig(server string, sink source.Sink) Config {
	return Config{
		Name:       "test",
		Server:     server,
		Sink:       sink,
		Backoff:    connector.Backoff{Min: time.Millisecond, Max: 10 * time.Millisecond},
		Checkpoint: time.Nanosecond,
	}
}

func run(t *testing.T, c *Connector) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	t.Cleanup(cancel)
	return func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(waitLong):
			t.Fatal("Run did not return after cancel")
			return nil
		}
	}
}

func await(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(waitLong):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// checkRecords checks that got holds every record of want at least once
// and nothing else, and, when posts is set, that each post is as the file
// reader makes it.
func checkRecords(t *testing.T, got, want []scrutineer.Record, posts bool) {
	t.Helper()
	wk, gk := connectortest.Keys(want), connectortest.Keys(got)
	for k := range wk {
		if !gk[k] {
			t.Errorf("missing %s", k)
		}
	}
	for k := range gk {
		if !wk[k] {
			t.Errorf("unexpected %s", k)
		}
	}
	if !posts {
		return
	}
	forms := map[scrutineer.RecordKey]map[string]bool{}
	for _, r := range want {
		if r.Post != nil {
			b, _ := r.MarshalJSON()
			if forms[r.Key()] == nil {
				forms[r.Key()] = map[string]bool{}
			}
			forms[r.Key()][string(b)] = true
		}
	}
	for _, r := range got {
		if r.Post == nil {
			continue
		}
		if b, _ := r.MarshalJSON(); !forms[r.Key()][string(b)] {
			t.Errorf("post %s is not as the file reader makes it:\n%s", r.Key(), b)
		}
	}
}

// TestReplay replays a recorded stream: updates, an edit, a deletion,
// heartbeats and an event of another kind.
func TestReplay(t *testing.T) {
	replay, err := os.ReadFile("testdata/stream.sse")
	if err != nil {
		t.Fatal(err)
	}
	wantRecs := want(t, mastodon.FormatStreaming, replay)
	in := newInstance(t, nil, nil)
	in.replay = replay
	var sink connectortest.Sink
	c, err := New(testConfig(in.srv.URL, &sink))
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, c)
	await(t, sink.UntilKeys(connectortest.Keys(wantRecs)), "all records")
	if got := c.Status().State; got != connector.StateConnected {
		t.Errorf("state %s while reading", got)
	}
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v, want context.Canceled", err)
	}
	st := c.Status() // once Run is done, nothing moves
	checkRecords(t, sink.Records(), wantRecs, true)
	_, _, ids := statuses(t)
	if st.State != connector.StateStopped || st.Events != 15 || st.Cursor != ids[11] || st.Rejects != 0 || st.Connects != 1 {
		t.Errorf("status %+v", st)
	}
	_, raws, _ := statuses(t)
	if at, _ := time.Parse(time.RFC3339, string(fastjson.MustParseBytes(raws[11]).GetStringBytes("created_at"))); !st.LastEventTime.Equal(at) {
		t.Errorf("last event time %v, want %v", st.LastEventTime, at)
	}
}

// TestGap drops the stream twice while statuses are published: each
// reconnection fills the gap from the timeline, page by page.
func TestGap(t *testing.T) {
	data, raws, ids := statuses(t)
	wantRecs := want(t, mastodon.FormatStatuses, data)
	in := newInstance(t, raws, ids,
		step{stream: 10, then: "drop"},          // 0-9 streamed
		step{gap: 10, stream: 10, then: "drop"}, // 10-19 in the gap; 20-29 streamed
		step{gap: 5, stream: 5, then: "hold"},   // 30-34 in the gap; 35-39 streamed
	)
	var sink connectortest.Sink
	cfg := testConfig(in.srv.URL, &sink)
	cfg.PageSize = 4
	cfg.Token = "s3cret"
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, c)
	await(t, sink.UntilKeys(connectortest.Keys(wantRecs)), "all records")
	stop()
	st := c.Status() // once Run is done, nothing moves
	checkRecords(t, sink.Records(), wantRecs, true)

	// The stream goes on while the gap is filled, so the timeline may
	// give more pages than the gap's: only the first of each connection
	// is sure.
	wantFirst := []string{"limit=1", "limit=4&min_id=" + ids[9], "limit=4&min_id=" + ids[29]}
	if got := in.firstQueries(); strings.Join(got, " ") != strings.Join(wantFirst, " ") {
		t.Errorf("first timeline queries of each connection\n got %q\nwant %q", got, wantFirst)
	}
	for _, a := range in.auth {
		if a != "Bearer s3cret" {
			t.Errorf("authorization %q", a)
		}
	}
	if st.Connects != 3 || st.Errors != 2 || st.Cursor != ids[39] || st.Events < 40 {
		t.Errorf("status %+v", st)
	}
}

// TestRestart stops a connector and starts another on the same cursors:
// it fills from the saved cursor.
func TestRestart(t *testing.T) {
	data, raws, ids := statuses(t)
	wantRecs := want(t, mastodon.FormatStatuses, data)
	in := newInstance(t, raws, ids, step{stream: 15, then: "hold"}, step{gap: 10, stream: 15, then: "hold"})
	cursors := &connector.FileCursors{Dir: t.TempDir()}
	var sink connectortest.Sink
	cfg := testConfig(in.srv.URL, &sink)
	cfg.Cursors = cursors
	// Only the checkpoints of the fill and of a stop save: a save per
	// status would make the test as slow as the disk.
	cfg.Checkpoint = time.Hour
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, c)
	first := want(t, mastodon.FormatStatuses, bytes.Join(raws[:15], []byte("\n")))
	await(t, sink.UntilKeys(connectortest.Keys(first)), "the first statuses")
	stop()
	if saved, err := cursors.Load(context.Background(), "test"); err != nil || saved != ids[14] {
		t.Fatalf("saved cursor %q, %v; want %s", saved, err, ids[14])
	}

	c2, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop = run(t, c2)
	await(t, sink.UntilKeys(connectortest.Keys(wantRecs)), "all records")
	stop()
	// The second reader did not see the statuses the first read, so
	// replies to them keep the local ids: only keys are compared.
	checkRecords(t, sink.Records(), wantRecs, false)
	if got := in.timelineQueries(); len(got) < 2 || got[1] != "limit=40&min_id="+ids[14] {
		t.Errorf("timeline queries %q, want the second from %s", got, ids[14])
	}
}

// TestMalformed sends bad events among good ones: each is rejected with
// its reason and the stream goes on.
func TestMalformed(t *testing.T) {
	_, raws, ids := statuses(t)
	good := raws[:6]
	wantRecs := want(t, mastodon.FormatStatuses, bytes.Join(good, []byte("\n")))
	tests := []struct {
		name   string
		event  string
		reason string
	}{
		{"not json", "event: update\ndata: {\"id\":\"1\",\n\n", "cannot parse JSON"},
		{"no uri", "event: update\ndata: {\"id\":\"114411228364800001\",\"created_at\":\"2025-04-27T18:00:00Z\",\"content\":\"<p>x</p>\",\"account\":{\"id\":\"1\",\"acct\":\"a\",\"url\":\"https://mastodon.social/@a\"}}\n\n", "uri"},
		{"array", "event: status.update\ndata: [1]\n\n", "want a status object"},
		{"long line", "event: update\ndata: " + strings.Repeat("ы", 8<<10) + "\n\n", "longer than 8192 bytes"},
		{"long data", "event: update\n" + strings.Repeat("data: "+strings.Repeat("x", 4<<10)+"\n", 3) + "\n", "data longer than 8192 bytes"},
	}
	var stream strings.Builder
	stream.WriteString(":)\n\n")
	for i, raw := range good {
		// A status split over data lines is one value still.
		fmt.Fprintf(&stream, "event: update\ndata: %s\n\n", bytes.Replace(raw, []byte(`,"content"`), []byte("\ndata: ,\"content\""), 1))
		if i < len(tests) {
			stream.WriteString(tests[i].event)
		}
	}
	in := newInstance(t, raws, ids)
	in.replay = []byte(stream.String())
	var sink connectortest.Sink
	cfg := testConfig(in.srv.URL, &sink)
	cfg.MaxEvent = 8 << 10
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, c)
	await(t, sink.UntilKeys(connectortest.Keys(wantRecs)), "all records")
	await(t, sink.UntilRejects(len(tests)), "the rejects")
	stop()
	checkRecords(t, sink.Records(), wantRecs, true)
	rejects := sink.Rejects()
	if len(rejects) != len(tests) {
		t.Fatalf("%d rejects, want %d: %v", len(rejects), len(tests), rejects)
	}
	for i, tt := range tests {
		if msg := rejects[i].Error(); !strings.Contains(msg, tt.reason) || !strings.Contains(msg, "mastodon:test") {
			t.Errorf("%s: reject %q, want it to say %q", tt.name, msg, tt.reason)
		}
	}
}

// TestIdle has the stream go silent: the connector takes it for dead,
// reconnects and fills the gap.
func TestIdle(t *testing.T) {
	data, raws, ids := statuses(t)
	wantRecs := want(t, mastodon.FormatStatuses, data)
	in := newInstance(t, raws, ids, step{stream: 10, then: "silent"}, step{gap: 10, stream: 40, then: "hold"})
	var sink connectortest.Sink
	cfg := testConfig(in.srv.URL, &sink)
	cfg.Idle = 50 * time.Millisecond
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, c)
	await(t, sink.UntilKeys(connectortest.Keys(wantRecs)), "all records")
	stop()
	st := c.Status() // once Run is done, nothing moves
	checkRecords(t, sink.Records(), wantRecs, true)
	if !strings.Contains(st.LastError, "no data for 50ms") {
		t.Errorf("last error %q", st.LastError)
	}
}

// TestStop checks that Run returns promptly whatever it is doing when its
// context ends.
func TestStop(t *testing.T) {
	_, raws, ids := statuses(t)
	tests := []struct {
		name     string
		stream   http.HandlerFunc
		timeline http.HandlerFunc
		backoff  connector.Backoff
		cursor   string
		state    connector.State
	}{
		{
			name: "streaming",
			stream: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/event-stream")
				fmt.Fprintf(w, "event: update\ndata: %s\n\n", raws[0])
				w.(http.Flusher).Flush()
				<-r.Context().Done()
			},
			state: connector.StateConnected,
		},
		{
			name: "filling",
			stream: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/event-stream")
				w.(http.Flusher).Flush()
				<-r.Context().Done()
			},
			timeline: func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			cursor:   ids[0],
			state:    connector.StateFilling,
		},
		{
			name:    "backing off",
			stream:  func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusBadGateway) },
			backoff: connector.Backoff{Min: time.Hour},
			state:   connector.StateWaiting,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("GET /api/v1/streaming/public", tt.stream)
			if tt.timeline == nil {
				tt.timeline = func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "[]") }
			}
			mux.HandleFunc("GET /api/v1/timelines/public", tt.timeline)
			srv := httptest.NewServer(mux)
			defer srv.Close()
			var sink connectortest.Sink
			cfg := testConfig(srv.URL, &sink)
			cfg.Backoff = tt.backoff
			if tt.cursor != "" {
				cfg.Cursors = &connector.FileCursors{Dir: t.TempDir()}
				cfg.Cursors.Save(context.Background(), "test", tt.cursor)
			}
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			stop := run(t, c)
			await(t, untilState(c, tt.state), string(tt.state))
			start := time.Now()
			if err := stop(); !errors.Is(err, context.Canceled) {
				t.Errorf("Run: %v, want context.Canceled", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("Run took %v to stop", d)
			}
		})
	}
}

// untilState polls the status: the state changes inside Run, which has
// no hook to wait on.
func untilState(c *Connector, s connector.State) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		// Past the tests' own wait, give up without closing: await fails.
		for end := time.Now().Add(2 * waitLong); c.Status().State != s; {
			if time.Now().After(end) {
				return
			}
			time.Sleep(time.Millisecond)
		}
		close(ch)
	}()
	return ch
}

func TestRefused(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		fatal   string // the error Run returns; empty when it retries
		retry   time.Duration
	}{
		{"bad token", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, `{"error":"The access token is invalid"}`, http.StatusUnauthorized)
		}, "401", 0},
		{"not mastodon", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, "404", 0},
		{"throttled", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}, "", time.Hour},
		{"not a stream", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>") }, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			var sink connectortest.Sink
			cfg := testConfig(srv.URL, &sink)
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if tt.fatal != "" {
				if err := c.Run(context.Background()); err == nil || !strings.Contains(err.Error(), tt.fatal) {
					t.Fatalf("Run: %v, want %s", err, tt.fatal)
				}
				return
			}
			stop := run(t, c)
			if tt.retry > 0 {
				await(t, untilState(c, connector.StateWaiting), "the backoff")
				if st := c.Status(); st.Retry.Sub(st.Since) < tt.retry-time.Second {
					t.Errorf("retry at %v, since %v: want %v later", st.Retry, st.Since, tt.retry)
				}
			} else {
				await(t, untilErrors(c, 2), "two failures")
			}
			stop()
		})
	}
}

func untilErrors(c *Connector, n int64) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		// Past the tests' own wait, give up without closing: await fails.
		for end := time.Now().Add(2 * waitLong); c.Status().Errors < n; {
			if time.Now().After(end) {
				return
			}
			time.Sleep(time.Millisecond)
		}
		close(ch)
	}()
	return ch
}

// TestNoProgress has a server that ignores min_id: the fill stops rather
// than loop.
func TestNoProgress(t *testing.T) {
	_, raws, ids := statuses(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/streaming/public", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("GET /api/v1/timelines/public", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "[%s]", raws[0])
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var sink connectortest.Sink
	cfg := testConfig(srv.URL, &sink)
	cfg.Cursors = &connector.FileCursors{Dir: t.TempDir()}
	cfg.Cursors.Save(context.Background(), "test", ids[5])
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Run(context.Background()); !errors.Is(err, errNoProgress) {
		t.Fatalf("Run: %v, want errNoProgress", err)
	}
}

func TestNewer(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"114411228364800001", "114411228364800000", true},
		{"114411228364800000", "114411228364800000", false},
		{"1000", "999", true},
		{"999", "1000", false},
		{"0100", "99", true},
		{"AfGhZ2", "AfGhZ1", true}, // not decimal: as text
		{"01HZX3", "01HZX2", true},
	}
	for _, tt := range tests {
		if got := newer(tt.a, tt.b); got != tt.want {
			t.Errorf("newer(%s, %s) = %v", tt.a, tt.b, got)
		}
	}
}

func TestURLs(t *testing.T) {
	tests := []struct {
		cfg              Config
		stream, timeline string
	}{
		{Config{Server: "https://mastodon.social/"},
			"https://mastodon.social/api/v1/streaming/public",
			"https://mastodon.social/api/v1/timelines/public?limit=40&min_id=7"},
		{Config{Server: "https://mastodon.social", Local: true},
			"https://mastodon.social/api/v1/streaming/public/local",
			"https://mastodon.social/api/v1/timelines/public?limit=40&local=true&min_id=7"},
		{Config{Server: "https://mastodon.social", StreamingURL: "https://streaming.mastodon.social", Tag: "#Élection2025"},
			"https://streaming.mastodon.social/api/v1/streaming/hashtag?tag=%C3%89lection2025",
			"https://mastodon.social/api/v1/timelines/tag/%C3%89lection2025?limit=40&min_id=7"},
		{Config{Server: "https://m.example/sub", Tag: "cdnpoli", Local: true},
			"https://m.example/sub/api/v1/streaming/hashtag/local?tag=cdnpoli",
			"https://m.example/sub/api/v1/timelines/tag/cdnpoli?limit=40&local=true&min_id=7"},
	}
	for _, tt := range tests {
		tt.cfg.Sink = &connectortest.Sink{}
		c, err := New(tt.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.streamURL(); got != tt.stream {
			t.Errorf("stream\n got %s\nwant %s", got, tt.stream)
		}
		if got := c.timelineURL("7", 40); got != tt.timeline {
			t.Errorf("timeline\n got %s\nwant %s", got, tt.timeline)
		}
	}
}

func TestNew(t *testing.T) {
	sink := &connectortest.Sink{}
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"ok", Config{Server: "https://mastodon.social", Sink: sink}, true},
		{"no sink", Config{Server: "https://mastodon.social"}, false},
		{"no server", Config{Sink: sink}, false},
		{"ws", Config{Server: "wss://mastodon.social", Sink: sink}, false},
		{"bad streaming", Config{Server: "https://mastodon.social", StreamingURL: "streaming", Sink: sink}, false},
		{"bad tag", Config{Server: "https://mastodon.social", Tag: "a/b", Sink: sink}, false},
	}
	for _, tt := range tests {
		_, err := New(tt.cfg)
		if (err == nil) != tt.ok || err != nil && scrutineer.ErrorCode(err) != scrutineer.EInvalid {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// TestPageTooLong has a timeline page pass the bound: the fill fails
// with a clear error, and the connector tries again later.
func TestPageTooLong(t *testing.T) {
	_, raws, ids := statuses(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/streaming/public", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("GET /api/v1/timelines/public", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "[%s]", bytes.Join(raws, []byte(",")))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var sink connectortest.Sink
	cfg := testConfig(srv.URL, &sink)
	cfg.MaxPage = 4 << 10
	cfg.Cursors = &connector.FileCursors{Dir: t.TempDir()}
	cfg.Cursors.Save(context.Background(), "test", ids[0])
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, c)
	await(t, untilErrors(c, 2), "two failures")
	stop()
	if st := c.Status(); !strings.Contains(st.LastError, "page longer than 4096 bytes") || st.Records != 0 {
		t.Errorf("status %+v", st)
	}
}
