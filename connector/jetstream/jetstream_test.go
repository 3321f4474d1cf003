package jetstream

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/connector"
	"github.com/scrutineer/scrutineer/connector/connectortest"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/bluesky"
	"github.com/valyala/fastjson"
)

// waitLong bounds every wait of the tests: far above what they take, so
// that only a hang fails them.
const waitLong = 20 * time.Second

// item is a message the test server sends; us places it in the replay.
type item struct {
	raw    []byte
	us     int64
	binary bool
}

func fixture(t *testing.T) ([]byte, []item) {
	t.Helper()
	data, err := os.ReadFile("testdata/events.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var items []item
	for _, l := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		v, err := fastjson.ParseBytes(l)
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
		items = append(items, item{raw: l, us: v.GetInt64("time_us")})
	}
	return data, items
}

// want returns the records that source/bluesky reads from the fixture.
func want(t *testing.T, data []byte) []scrutineer.Record {
	t.Helper()
	recs, rejects, err := connectortest.Read(bluesky.FormatJetstream, data)
	if err != nil || len(rejects) > 0 {
		t.Fatalf("reading the fixture: %v, %v", err, rejects)
	}
	return recs
}

// server is a Jetstream on loopback that replays items from the cursor a
// client asks for. plan says, for each connection (from 0), how many items
// it sends and what it does next: "hold" the connection open, "drop" it,
// or go "silent" (neither sending nor answering pings).
type server struct {
	items []item
	plan  func(conn int) (n int, then string)
	quit  chan struct{}
	srv   *httptest.Server

	mu      sync.Mutex
	queries []string // the query of each connection
}

func newServer(t *testing.T, items []item, plan func(int) (int, string)) *server {
	s := &server{items: items, plan: plan, quit: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		close(s.quit)
		s.srv.Close()
	})
	return s
}

func (s *server) url() string { return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/subscribe" }

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	conn := len(s.queries)
	s.queries = append(s.queries, r.URL.RawQuery)
	s.mu.Unlock()
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer c.CloseNow()
	start := 0
	if cur := r.URL.Query().Get("cursor"); cur != "" {
		us, _ := strconv.ParseInt(cur, 10, 64)
		for start < len(s.items) && s.items[start].us < us {
			start++
		}
	}
	n, then := s.plan(conn)
	ctx := r.Context()
	for i := start; i < len(s.items) && (n < 0 || i < start+n); i++ {
		typ := websocket.MessageText
		if s.items[i].binary {
			typ = websocket.MessageBinary
		}
		if err := c.Write(ctx, typ, s.items[i].raw); err != nil {
			return
		}
	}
	switch then {
	case "drop":
		return
	case "silent":
		<-s.quit
	default:
		for { // reading answers pings, and ends when the client goes
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
		}
	}
}

func (s *server) query(i int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queries[i]
}

func (s *server) cursors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var cs []string
	for _, q := range s.queries {
		v, _ := urlQuery(q)
		cs = append(cs, v)
	}
	return cs
}

func urlQuery(q string) (string, error) {
	for _, kv := range strings.Split(q, "&") {
		if c, ok := strings.CutPrefix(kv, "cursor="); ok {
			return c, nil
		}
	}
	return "", nil
}

func testConfig(url string, sink source.Sink) Config {
	return Config{
		Name:       "test",
		URL:        url,
		Sink:       sink,
		Backoff:    connector.Backoff{Min: time.Millisecond, Max: 10 * time.Millisecond},
		Checkpoint: time.Nanosecond, // flush at every event, so that account records come at once
	}
}

// run starts c and returns a function that stops it and returns Run's
// error.
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
// and nothing else, and that its posts are what the file reader makes.
func checkRecords(t *testing.T, got, want []scrutineer.Record) {
	t.Helper()
	checkKeys(t, got, want)
	posts := map[scrutineer.RecordKey][]byte{}
	for _, r := range want {
		if r.Post != nil {
			posts[r.Key()], _ = r.MarshalJSON()
		}
	}
	for _, r := range got {
		if r.Post == nil {
			continue
		}
		b, err := r.MarshalJSON()
		if err != nil || !bytes.Equal(b, posts[r.Key()]) {
			t.Errorf("post %s:\n got %s\nwant %s", r.Key(), b, posts[r.Key()])
		}
	}
}

// checkKeys checks that got holds every record of want at least once and
// nothing else.
func checkKeys(t *testing.T, got, want []scrutineer.Record) {
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
}

func TestAllEvents(t *testing.T) {
	data, items := fixture(t)
	wantRecs := want(t, data)
	srv := newServer(t, items, func(int) (int, string) { return -1, "hold" })
	var sink connectortest.Sink
	c, err := New(testConfig(srv.url(), &sink))
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
	checkRecords(t, sink.Records(), wantRecs)
	for k, n := range connectortest.Count(sink.Records()) {
		if n > 1 && k.Kind == scrutineer.KindPost {
			t.Errorf("%s given %d times over one connection", k, n)
		}
	}
	last := items[len(items)-1].us
	if st.State != connector.StateStopped || st.Events != int64(len(items)) || st.Connects != 1 ||
		st.Cursor != strconv.FormatInt(last, 10) || !st.LastEventTime.Equal(time.UnixMicro(last)) || st.Rejects != 0 {
		t.Errorf("status %+v", st)
	}
	if q := srv.query(0); !strings.Contains(q, "wantedCollections=app.bsky.feed.post") || strings.Contains(q, "cursor=") {
		t.Errorf("query %q", q)
	}
}

// TestDrop drops the connection twice midway: the connector comes back
// each time from a little before the last event it read, and ends with
// every record.
func TestDrop(t *testing.T) {
	data, items := fixture(t)
	wantRecs := want(t, data)
	srv := newServer(t, items, func(conn int) (int, string) {
		switch conn {
		case 0:
			return 20, "drop"
		case 1:
			return 15, "drop"
		}
		return -1, "hold"
	})
	var sink connectortest.Sink
	c, err := New(testConfig(srv.url(), &sink))
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, c)
	await(t, sink.UntilKeys(connectortest.Keys(wantRecs)), "all records")
	stop()
	st := c.Status() // once Run is done, nothing moves
	checkRecords(t, sink.Records(), wantRecs)

	// Each reconnection asks from 3s before the last event read.
	cursors := srv.cursors()
	if len(cursors) != 3 || cursors[0] != "" {
		t.Fatalf("cursors %q, want three connections, the first without one", cursors)
	}
	// The second connection replays from the first event at or after its
	// cursor.
	cur1, _ := strconv.ParseInt(cursors[1], 10, 64)
	start1 := 0
	for items[start1].us < cur1 {
		start1++
	}
	wantCursors := []string{"", strconv.FormatInt(items[19].us-3e6, 10), strconv.FormatInt(items[start1+14].us-3e6, 10)}
	for i := range wantCursors {
		if cursors[i] != wantCursors[i] {
			t.Errorf("connection %d cursor %q, want %q", i, cursors[i], wantCursors[i])
		}
	}
	if st.Errors != 2 || st.Connects != 3 || st.LastError == "" {
		t.Errorf("status %+v", st)
	}
}

// TestRestart stops a connector midway and starts another on the same
// cursors: it resumes from the saved cursor.
func TestRestart(t *testing.T) {
	data, items := fixture(t)
	wantRecs := want(t, data)
	cursors := &connector.FileCursors{Dir: t.TempDir()}
	const half = 25

	srv := newServer(t, items, func(conn int) (int, string) {
		if conn == 0 {
			return half, "hold"
		}
		return -1, "hold"
	})
	var sink connectortest.Sink
	cfg := testConfig(srv.url(), &sink)
	cfg.Cursors = cursors
	// Only the checkpoint of a stop saves: a save per event would make
	// the test as slow as the disk.
	cfg.Checkpoint = time.Hour
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, c)
	await(t, untilEvents(c, half), "the first half")
	stop()
	saved, err := cursors.Load(context.Background(), "test")
	if want := strconv.FormatInt(items[half-1].us, 10); err != nil || saved != want {
		t.Fatalf("saved cursor %q, %v; want %q", saved, err, want)
	}

	c2, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := c2.Status().State; got != connector.StateStarting {
		t.Errorf("state before Run: %s", got)
	}
	stop = run(t, c2)
	// The account records of authors wait for a checkpoint, the one of
	// the stop: posts are waited for, then everything checked.
	posts := map[scrutineer.RecordKey]bool{}
	for _, r := range wantRecs {
		if r.Post != nil {
			posts[r.Key()] = true
		}
	}
	await(t, sink.UntilKeys(posts), "all posts")
	stop()
	// The second connector did not see the identity events, so its posts
	// lack the handles: only the keys are compared.
	checkKeys(t, sink.Records(), wantRecs)
	us, _ := strconv.ParseInt(saved, 10, 64)
	if got, want := srv.cursors()[1], strconv.FormatInt(us-3e6, 10); got != want {
		t.Errorf("restart asked cursor %s, want %s", got, want)
	}
}

func rawOf(items []item) [][]byte {
	var out [][]byte
	for _, it := range items {
		out = append(out, it.raw)
	}
	return out
}

// TestMalformed sends bad events among good ones: each is rejected with
// its reason, and the stream goes on.
func TestMalformed(t *testing.T) {
	data, items := fixture(t)
	wantRecs := want(t, data)
	huge := []byte(`{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","time_us":1745776900000000,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3lnsxxxxxxx2b","record":{"$type":"app.bsky.feed.post","text":"` +
		strings.Repeat("🗳️", 150000) + `","createdAt":"2025-04-27T18:00:00Z"}}}`)
	tests := []struct {
		name   string
		raw    []byte
		binary bool
		reason string
	}{
		{"not json", []byte(`{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","time_us":`), false, "cannot parse JSON"},
		{"array", []byte(`[1,2]`), false, "want an event object"},
		{"no did", []byte(`{"time_us":1,"kind":"identity","identity":{"handle":"x.bsky.social"}}`), false, "did"},
		{"bad kind", []byte(`{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","time_us":1,"kind":"sync"}`), false, "want commit, identity or account"},
		{"bad rkey", []byte(`{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"a/b","record":{}}}`), false, "rkey"},
		{"binary", []byte{0x28, 0xb5, 0x2f, 0xfd}, true, "binary"},
		{"huge", huge, false, "longer than 65536 bytes"},
	}
	var mixed []item
	for i, it := range items {
		mixed = append(mixed, it)
		if j := i / 5; i%5 == 2 && j < len(tests) {
			mixed = append(mixed, item{raw: tests[j].raw, us: it.us, binary: tests[j].binary})
		}
	}
	srv := newServer(t, mixed, func(int) (int, string) { return -1, "hold" })
	var sink connectortest.Sink
	cfg := testConfig(srv.url(), &sink)
	cfg.MaxEvent = 64 << 10
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, c)
	await(t, sink.UntilKeys(connectortest.Keys(wantRecs)), "all records")
	await(t, sink.UntilRejects(len(tests)), "the rejects")
	stop()
	st := c.Status() // once Run is done, nothing moves
	checkRecords(t, sink.Records(), wantRecs)
	rejects := sink.Rejects()
	if len(rejects) != len(tests) {
		t.Fatalf("%d rejects, want %d: %v", len(rejects), len(tests), rejects)
	}
	for i, tt := range tests {
		if msg := rejects[i].Error(); !strings.Contains(msg, tt.reason) || !strings.Contains(msg, "jetstream:test") {
			t.Errorf("%s: reject %q, want it to say %q", tt.name, msg, tt.reason)
		}
	}
	if st.Connects != 1 || st.Rejects != int64(len(tests)) || st.Events != int64(len(mixed)) {
		t.Errorf("status %+v", st)
	}
}

// TestSilent has a server go quiet without closing: the unanswered ping
// drops the connection, and the connector reconnects.
func TestSilent(t *testing.T) {
	data, items := fixture(t)
	wantRecs := want(t, data)
	srv := newServer(t, items, func(conn int) (int, string) {
		if conn == 0 {
			return 10, "silent"
		}
		return -1, "hold"
	})
	var sink connectortest.Sink
	cfg := testConfig(srv.url(), &sink)
	cfg.Ping = 20 * time.Millisecond
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, c)
	await(t, sink.UntilKeys(connectortest.Keys(wantRecs)), "all records")
	stop()
	checkRecords(t, sink.Records(), wantRecs)
	if st := c.Status(); !strings.Contains(st.LastError, "no answer to a ping within 20ms") {
		t.Errorf("last error %q", st.LastError)
	}
}

// TestStop checks that Run returns promptly whatever it is doing when its
// context ends.
func TestStop(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		backoff connector.Backoff
	}{
		{"reading", func(w http.ResponseWriter, r *http.Request) {
			c, err := websocket.Accept(w, r, nil)
			if err != nil {
				return
			}
			defer c.CloseNow()
			c.Write(r.Context(), websocket.MessageText, []byte(`{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","time_us":5,"kind":"account","account":{"active":true}}`))
			c.Read(r.Context())
		}, connector.Backoff{}},
		{"backing off", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}, connector.Backoff{Min: time.Hour}},
		{"dialling", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // never answers the handshake
		}, connector.Backoff{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reached := make(chan struct{}, 1)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case reached <- struct{}{}:
				default:
				}
				tt.handler(w, r)
			}))
			defer srv.Close()
			var sink connectortest.Sink
			cfg := testConfig("ws"+strings.TrimPrefix(srv.URL, "http"), &sink)
			cfg.Backoff = tt.backoff
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			stop := run(t, c)
			await(t, reached, "the server")
			if tt.name == "reading" {
				await(t, sink.Until(func(r []scrutineer.Record, _ []*source.RowError) bool { return len(r) > 0 }), "a record")
			}
			if tt.name == "backing off" {
				await(t, untilState(c, connector.StateWaiting), "the backoff")
			}
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

// untilEvents polls the status until n events were read.
func untilEvents(c *Connector, n int64) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		// Past the tests' own wait, give up without closing: await fails.
		for end := time.Now().Add(2 * waitLong); c.Status().Events < n; {
			if time.Now().After(end) {
				return
			}
			time.Sleep(time.Millisecond)
		}
		close(ch)
	}()
	return ch
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
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusForbidden)
	}))
	defer srv.Close()
	var sink connectortest.Sink
	c, err := New(testConfig("ws"+strings.TrimPrefix(srv.URL, "http"), &sink))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("Run: %v, want the 403", err)
	}
}

func TestNew(t *testing.T) {
	var sink connectortest.Sink
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"ok", Config{URL: "wss://jetstream2.us-east.bsky.network/subscribe", Sink: &sink}, true},
		{"http", Config{URL: "https://jetstream2.us-east.bsky.network/subscribe", Sink: &sink}, false},
		{"no url", Config{Sink: &sink}, false},
		{"no sink", Config{URL: "wss://x/subscribe"}, false},
	}
	for _, tt := range tests {
		_, err := New(tt.cfg)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
		if err != nil && scrutineer.ErrorCode(err) != scrutineer.EInvalid {
			t.Errorf("%s: code %s", tt.name, scrutineer.ErrorCode(err))
		}
	}
}

func TestSubscribeURL(t *testing.T) {
	c, err := New(Config{URL: "wss://js.example/subscribe?compress=false", Sink: &connectortest.Sink{},
		DIDs: []string{"did:plc:a", "did:web:b.example"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.subscribeURL(), "wss://js.example/subscribe?compress=false&wantedCollections=app.bsky.feed.post&wantedCollections=app.bsky.feed.repost&wantedCollections=app.bsky.actor.profile&wantedDids=did%3Aplc%3Aa&wantedDids=did%3Aweb%3Ab.example"; got != want {
		t.Errorf("url\n got %s\nwant %s", got, want)
	}
	c.cursor = 1745776800137000
	if got := c.subscribeURL(); !strings.HasSuffix(got, "&cursor=1745776797137000") && !strings.Contains(got, "cursor=1745776797137000&") {
		t.Errorf("url %s: want the cursor 3s back", got)
	}
}

func TestReadEvent(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
		long bool
		err  bool
	}{
		{"short", "abc", 8, "abc", false, false},
		{"exact", "abcdefgh", 8, "abcdefgh", false, false},
		{"long", "abcdefghi", 8, "abcdefgh", true, false},
		{"skippable", strings.Repeat("x", 8*maxSkip), 8, "xxxxxxxx", true, false},
		{"beyond skipping", strings.Repeat("x", 8*(maxSkip+1)+1), 8, "xxxxxxxx", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf, long, err := readEvent(strings.NewReader(tt.in), make([]byte, 0, 2), tt.max)
			if string(buf) != tt.want || long != tt.long || (err != nil) != tt.err {
				t.Errorf("got %q, %v, %v", buf, long, err)
			}
			if cap(buf) > 2*(tt.max+1) {
				t.Errorf("buffer grew to %d", cap(buf))
			}
		})
	}
}

func TestHeadTime(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{`{"did":"did:plc:x","time_us":1745776800137000,"kind":"commit"`, 1745776800137000},
		{`{"did":"did:plc:x","time_us": 17,`, 17},
		{`{"did":"did:plc:x","time_us":174577`, 0}, // perhaps cut
		{`{"did":"did:plc:x"`, 0},
		{`{"time_us":"x"}`, 0},
	}
	for _, tt := range tests {
		if got := headTime([]byte(tt.in)); got != tt.want {
			t.Errorf("headTime(%s) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// failingSink fails from its failAt-th record on, and logs its flushes.
type failingSink struct {
	connectortest.Sink
	mu     sync.Mutex
	n      int
	failAt int
	log    *[]string
}

var errStore = errors.New("store is down")

func (s *failingSink) Record(r scrutineer.Record) error {
	s.mu.Lock()
	s.n++
	fail := s.failAt > 0 && s.n >= s.failAt
	s.mu.Unlock()
	if fail {
		return errStore
	}
	return s.Sink.Record(r)
}

func (s *failingSink) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	*s.log = append(*s.log, "flush")
	return nil
}

// loggingCursors keeps cursors in memory and logs its saves beside the
// sink's flushes.
type loggingCursors struct {
	log *[]string
	mu  *sync.Mutex
	m   map[string]string
}

func (c *loggingCursors) Save(ctx context.Context, name, cursor string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	*c.log = append(*c.log, "save "+cursor)
	c.m[name] = cursor
	return nil
}

func (c *loggingCursors) Load(ctx context.Context, name string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[name]; ok {
		return s, nil
	}
	return "", scrutineer.Errorf(scrutineer.ENotFound, "no cursor")
}

// TestSinkError has the sink fail: Run returns its error, and the saved
// cursor does not pass the event it failed on. A sink that holds records
// is flushed before every save.
func TestSinkError(t *testing.T) {
	_, items := fixture(t)
	srv := newServer(t, items, func(int) (int, string) { return -1, "hold" })
	var log []string
	sink := &failingSink{failAt: 30, log: &log}
	cursors := &loggingCursors{log: &log, mu: &sink.mu, m: map[string]string{}}
	cfg := testConfig(srv.url(), sink)
	cfg.Cursors = cursors
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if err := c.Run(ctx); !errors.Is(err, errStore) {
		t.Fatalf("Run: %v, want the sink's error", err)
	}
	saved, err := cursors.Load(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	// The records delivered came from the events up to the saved cursor;
	// the event the sink failed on is after it.
	us, _ := strconv.ParseInt(saved, 10, 64)
	upTo := 0
	for upTo < len(items) && items[upTo].us <= us {
		upTo++
	}
	if upTo == len(items) {
		t.Fatalf("saved cursor %s covers every event", saved)
	}
	fromSaved := want(t, bytes.Join(rawOf(items[:upTo]), []byte("\n")))
	got := connectortest.Keys(sink.Records())
	for _, r := range fromSaved {
		if r.Post != nil && !got[r.Key()] {
			t.Errorf("saved cursor %s passes %s, which the sink did not take", saved, r.Key())
		}
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	for i, e := range log {
		if strings.HasPrefix(e, "save") && (i == 0 || log[i-1] != "flush") {
			t.Errorf("%s not right after a flush: %q", e, log)
			break
		}
	}
}
