// Package mastodon is a live connector to a Mastodon server's streaming
// API: it reads the public or a hashtag stream as Server-Sent Events,
// turns the statuses into records through source/mastodon and gives them
// to a sink. On every reconnection it first fills the gap from the REST
// timeline, from the last status it read, so that a dropped connection
// loses nothing.
package mastodon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/connector"
	"github.com/scrutineer/scrutineer/connector/sse"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/mastodon"
	"github.com/valyala/fastjson"
)

// Config configures a Connector. Server and Sink are required; the zero
// value of the others is a default.
type Config struct {
	// Name names the connector: its cursor and its rejects. "mastodon"
	// when empty.
	Name string
	// Server is the server's address, such as https://mastodon.social.
	Server string
	// StreamingURL is the streaming API's address when it is not Server's
	// (what the server's /api/v2/instance gives as urls.streaming).
	StreamingURL string
	// Tag is a hashtag, without '#': its stream and timeline are read
	// instead of the public ones.
	Tag string
	// Local keeps to the server's own statuses.
	Local bool
	// Token is an access token, sent as a bearer token when set; servers
	// may require one for their public streams.
	Token string
	// Sink takes the records and the rejects. If it is a connector.Flusher
	// it is flushed before each save of the cursor.
	Sink source.Sink
	// Cursors keeps the cursor across restarts; none is kept when nil.
	Cursors connector.Cursors
	// Backoff paces reconnections.
	Backoff connector.Backoff
	// MaxEvent bounds a line of the stream and an event's data; what is
	// longer is rejected and skipped without being held. 1 MiB when zero.
	MaxEvent int
	// MaxPage bounds a page of the timeline: 16 MiB when zero.
	MaxPage int
	// PageSize is how many statuses a page of the timeline asks for: 40
	// (the API's most) when zero.
	PageSize int
	// Checkpoint is how often the cursor is saved: 5s when zero.
	Checkpoint time.Duration
	// Idle is how long the stream may be silent before the connection is
	// taken for dead; servers send a comment every 15s or so. 1m when
	// zero.
	Idle time.Duration
	// Timeout bounds a request of the timeline: 30s when zero.
	Timeout time.Duration
	// HTTPClient makes the requests; connector.DefaultClient() when nil.
	// It must have no overall Timeout, which would cut the stream.
	HTTPClient *http.Client
	// Now gives the time; time.Now when nil.
	Now func() time.Time
}

// Connector reads a Mastodon stream. Run it once; Status may be called
// from any goroutine.
type Connector struct {
	cfg     Config
	server  *url.URL
	stream  *url.URL
	t       *connector.Tracker
	sink    source.Sink // cfg.Sink, counted
	live    *mastodon.Live
	p       fastjson.Parser
	file    string // names the stream in rejects
	n       int    // events read in this run, numbering rejects
	cursor  string // id of the latest status read; "" for none
	saved   string
	lastCkp time.Time
}

// New checks cfg and returns a Connector.
func New(cfg Config) (*Connector, error) {
	if cfg.Name == "" {
		cfg.Name = "mastodon"
	}
	if cfg.Sink == nil {
		return nil, scrutineer.Errorf(scrutineer.EInvalid, "mastodon %s: no sink", cfg.Name)
	}
	server, err := httpURL(cfg.Server)
	if err != nil {
		return nil, scrutineer.Errorf(scrutineer.EInvalid, "mastodon %s: server: %v", cfg.Name, err)
	}
	stream := server
	if cfg.StreamingURL != "" {
		if stream, err = httpURL(cfg.StreamingURL); err != nil {
			return nil, scrutineer.Errorf(scrutineer.EInvalid, "mastodon %s: streaming URL: %v", cfg.Name, err)
		}
	}
	cfg.Tag = strings.TrimPrefix(cfg.Tag, "#")
	if strings.ContainsAny(cfg.Tag, " /?#&") {
		return nil, scrutineer.Errorf(scrutineer.EInvalid, "mastodon %s: tag %q: want a hashtag's name", cfg.Name, cfg.Tag)
	}
	if cfg.MaxEvent <= 0 {
		cfg.MaxEvent = 1 << 20
	}
	if cfg.MaxPage <= 0 {
		cfg.MaxPage = 16 << 20
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 40
	}
	if cfg.Checkpoint <= 0 {
		cfg.Checkpoint = 5 * time.Second
	}
	if cfg.Idle <= 0 {
		cfg.Idle = time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = connector.DefaultClient()
	}
	c := &Connector{cfg: cfg, server: server, stream: stream, t: connector.NewTracker(cfg.Name, cfg.Now), file: "mastodon:" + cfg.Name}
	c.sink = c.t.Sink(cfg.Sink)
	c.live = mastodon.NewLive(c.file, c.sink)
	return c, nil
}

func httpURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSuffix(s, "/"))
	if err != nil {
		return nil, err
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("want an http:// or https:// address, have %q", s)
	}
	return u, nil
}

// Status returns the connector's status.
func (c *Connector) Status() connector.Status { return c.t.Status() }

// Run reads the stream until ctx is done, reconnecting with backoff after
// every failure and filling the gap each time. It returns ctx's error
// then, or sooner an error that retrying cannot cure: the sink's, the
// cursor store's, or the server's refusal (a 4xx answer other than 408
// and 429: a bad token, an unknown server).
func (c *Connector) Run(ctx context.Context) (err error) {
	defer c.t.SetState(connector.StateStopped)
	if err := c.load(ctx); err != nil {
		return err
	}
	defer func() {
		// Save what was read, even when stopping: the context may be done,
		// so the last checkpoint gets a little time of its own.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if cerr := c.checkpoint(cctx); cerr != nil && (err == nil || errors.Is(err, ctx.Err())) {
			err = cerr
		}
	}()
	return connector.Retry(ctx, c.t, c.cfg.Backoff, c.connect, c.checkpoint)
}

func (c *Connector) load(ctx context.Context) error {
	if c.cfg.Cursors == nil {
		return nil
	}
	s, err := c.cfg.Cursors.Load(ctx, c.cfg.Name)
	switch {
	case scrutineer.ErrorCode(err) == scrutineer.ENotFound:
		return nil
	case err != nil:
		return fmt.Errorf("mastodon %s: %w", c.cfg.Name, err)
	case !validID(s):
		return scrutineer.Errorf(scrutineer.EInvalid, "mastodon %s: saved cursor %q is not a status id", c.cfg.Name, s)
	}
	c.cursor, c.saved = s, s
	c.t.Cursor(s)
	return nil
}

// validID accepts what servers use as status ids: Mastodon's decimal
// numbers, and the letters and digits of other servers' ids.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// newer reports whether status id a comes after b. Mastodon's ids are
// decimal numbers of varying length; other servers' sort as text.
func newer(a, b string) bool {
	if isDecimal(a) && isDecimal(b) {
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(a) != len(b) {
			return len(a) > len(b)
		}
	}
	return a > b
}

func isDecimal(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (c *Connector) advance(id string) {
	if validID(id) && (c.cursor == "" || newer(id, c.cursor)) {
		c.cursor = id
		c.t.Cursor(id)
	}
}

// streamURL is the address of the stream to read.
func (c *Connector) streamURL() string {
	u := *c.stream
	q := url.Values{}
	path := "/api/v1/streaming/public"
	if c.cfg.Tag != "" {
		path = "/api/v1/streaming/hashtag"
		q.Set("tag", c.cfg.Tag)
	}
	if c.cfg.Local {
		path += "/local"
	}
	u.Path += path
	u.RawQuery = q.Encode()
	return u.String()
}

// timelineURL is the address of the page of n statuses of the timeline
// that follows status id since; the newest page when since is empty.
func (c *Connector) timelineURL(since string, n int) string {
	u := *c.server
	q := url.Values{}
	if c.cfg.Tag != "" {
		u.Path += "/api/v1/timelines/tag/" + c.cfg.Tag // escaped by String
	} else {
		u.Path += "/api/v1/timelines/public"
	}
	if c.cfg.Local {
		q.Set("local", "true")
	}
	q.Set("limit", strconv.Itoa(n))
	if since != "" {
		q.Set("min_id", since)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func (c *Connector) request(ctx context.Context, u, accept string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", accept)
	if c.cfg.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	}
	return req, nil
}

// connect connects to the stream, fills the gap since the cursor while
// the stream waits, then reads the stream until the connection fails.
// progress says whether any status was read.
func (c *Connector) connect(ctx context.Context) (progress bool, err error) {
	c.t.SetState(connector.StateConnecting)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := c.request(sctx, c.streamURL(), "text/event-stream")
	if err != nil {
		return false, connector.Fatal(fmt.Errorf("mastodon %s: %w", c.cfg.Name, err))
	}
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return false, fmt.Errorf("connect: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false, connector.StatusError("mastodon "+c.cfg.Name+": connect", resp)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/event-stream" {
		return false, fmt.Errorf("connect: want text/event-stream, have %q", resp.Header.Get("Content-Type"))
	}

	c.t.SetState(connector.StateFilling)
	// The stream is open, so what is posted from now on waits in it: the
	// timeline gives what was posted before, since the cursor. With no
	// cursor yet, the newest status of the timeline becomes the cursor,
	// so that a connection dropped before the first status loses nothing.
	n, err := c.fill(sctx)
	progress = n > 0
	if err != nil {
		return progress, err
	}
	c.t.SetState(connector.StateConnected)

	// A silent stream is a dead one: servers send comments to say they
	// are alive.
	idle := time.AfterFunc(c.cfg.Idle, cancel)
	defer idle.Stop()
	r := sse.NewReader(&idleReader{r: resp.Body, t: idle, d: c.cfg.Idle}, c.cfg.MaxEvent, c.cfg.MaxEvent)
	for {
		ev, err := r.Next()
		switch {
		case err == io.EOF:
			return progress, errors.New("stream ended")
		case err != nil && sctx.Err() != nil && ctx.Err() == nil:
			return progress, fmt.Errorf("read: no data for %v", c.cfg.Idle)
		case err != nil:
			return progress, fmt.Errorf("read: %w", err)
		}
		isStatus, err := c.handle(ev)
		if err != nil {
			return progress, connector.Fatal(err)
		}
		progress = progress || isStatus
		if c.t.Now().Sub(c.lastCkp) >= c.cfg.Checkpoint {
			if err := c.checkpoint(ctx); err != nil {
				return progress, connector.Fatal(err)
			}
		}
	}
}

// idleReader pushes back the idle timer whenever data comes.
type idleReader struct {
	r io.Reader
	t *time.Timer
	d time.Duration
}

func (r *idleReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.t.Reset(r.d)
	}
	return n, err
}

// handle reads one event of the stream, saying whether it was a status.
// An error is the sink's.
func (c *Connector) handle(ev sse.Event) (bool, error) {
	c.n++
	if ev.Err != nil {
		c.t.Event(time.Time{})
		c.sink.Reject(&source.RowError{File: c.file, Line: c.n, Field: "data", Err: fmt.Errorf("%s event: %w", ev.Type, ev.Err)})
		return false, nil
	}
	switch ev.Type {
	case "update", "status.update":
		id, created, edited := c.statusInfo(ev.Data)
		if ev.Type == "status.update" && !edited.IsZero() {
			created = edited
		}
		c.t.Event(created)
		if err := c.live.Statuses(ev.Data, c.n); err != nil {
			return true, err
		}
		// An edit is no new place in the timeline: only new statuses move
		// the cursor.
		if ev.Type == "update" {
			c.advance(id)
		}
		return true, nil
	}
	// Deletions are passed over, as the format readers do; notifications,
	// filters_changed and the rest are not statuses of the stream.
	c.t.Event(time.Time{})
	return false, nil
}

// statusInfo returns a status's id, creation and edit times, or zeros.
func (c *Connector) statusInfo(raw []byte) (id string, created, edited time.Time) {
	v, err := c.p.ParseBytes(raw)
	if err != nil {
		return "", time.Time{}, time.Time{}
	}
	created, _ = time.Parse(time.RFC3339, string(v.GetStringBytes("created_at")))
	edited, _ = time.Parse(time.RFC3339, string(v.GetStringBytes("edited_at")))
	return string(v.GetStringBytes("id")), created, edited
}

// errNoProgress stops a fill whose server ignores min_id, which would
// loop on the same page.
var errNoProgress = errors.New("timeline page holds nothing newer than min_id")

// fill reads the timeline from the cursor on, page by page, oldest page
// first, saving the cursor after each; with no cursor, it reads the newest
// status only. It returns how many statuses it read.
func (c *Connector) fill(ctx context.Context) (int, error) {
	total := 0
	for {
		anchor := c.cursor == ""
		body, err := c.page(ctx, c.cursor, anchor)
		if err != nil {
			return total, err
		}
		v, err := c.p.ParseBytes(body)
		if err != nil {
			return total, fmt.Errorf("timeline: %w", err)
		}
		statuses, err := v.Array()
		if err != nil {
			return total, fmt.Errorf("timeline: want an array of statuses, have %s", v.Type())
		}
		if len(statuses) == 0 {
			return total, nil
		}
		newest := ""
		var newestAt time.Time
		for _, s := range statuses {
			id := string(s.GetStringBytes("id"))
			if validID(id) && (newest == "" || newer(id, newest)) {
				newest = id
				newestAt, _ = time.Parse(time.RFC3339, string(s.GetStringBytes("created_at")))
			}
		}
		n := len(statuses)
		c.n++
		if err := c.live.Statuses(body, c.n); err != nil {
			return total, connector.Fatal(err)
		}
		total += n
		if newest == "" || !anchor && !newer(newest, c.cursor) {
			return total, connector.Fatal(fmt.Errorf("mastodon %s: %w %s", c.cfg.Name, errNoProgress, c.cursor))
		}
		c.advance(newest)
		c.t.Events(n, newestAt)
		if err := c.checkpoint(ctx); err != nil {
			return total, connector.Fatal(err)
		}
		if anchor || n < c.cfg.PageSize {
			return total, nil
		}
	}
}

// page gets the page of the timeline after status since, or the newest
// status when newest.
func (c *Connector) page(ctx context.Context, since string, newest bool) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	u := c.timelineURL(since, c.cfg.PageSize)
	if newest {
		u = c.timelineURL("", 1)
	}
	req, err := c.request(ctx, u, "application/json")
	if err != nil {
		return nil, connector.Fatal(fmt.Errorf("mastodon %s: %w", c.cfg.Name, err))
	}
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, connector.StatusError("mastodon "+c.cfg.Name+": timeline", resp)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(c.cfg.MaxPage)+1))
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	if len(body) > c.cfg.MaxPage {
		return nil, fmt.Errorf("timeline: page longer than %d bytes", c.cfg.MaxPage)
	}
	return body, nil
}

// checkpoint flushes the sink when it holds records, then saves the
// cursor, so that the saved cursor never runs ahead of what is stored.
func (c *Connector) checkpoint(ctx context.Context) error {
	c.lastCkp = c.t.Now()
	if f, ok := c.cfg.Sink.(connector.Flusher); ok {
		if err := f.Flush(ctx); err != nil {
			return fmt.Errorf("flush sink: %w", err)
		}
	}
	if c.cfg.Cursors == nil || c.cursor == c.saved {
		return nil
	}
	if err := c.cfg.Cursors.Save(ctx, c.cfg.Name, c.cursor); err != nil {
		return fmt.Errorf("mastodon %s: %w", c.cfg.Name, err)
	}
	c.saved = c.cursor
	return nil
}
