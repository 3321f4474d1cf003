// Package jetstream is a live connector to Bluesky's Jetstream: it reads
// events from a Jetstream websocket, turns them into records through
// source/bluesky and gives them to a sink, resuming from its cursor after
// a dropped connection or a restart.
package jetstream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/coder/websocket"
	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/connector"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/bluesky"
	"github.com/valyala/fastjson"
)

// DefaultCollections are the collections source/bluesky reads.
var DefaultCollections = []string{"app.bsky.feed.post", "app.bsky.feed.repost", "app.bsky.actor.profile"}

// Config configures a Connector. URL and Sink are required; the zero value
// of the others is a default.
type Config struct {
	// Name names the connector: its cursor and its rejects. "jetstream"
	// when empty.
	Name string
	// URL is the subscribe endpoint, such as
	// wss://jetstream2.us-east.bsky.network/subscribe.
	URL string
	// Collections are the wantedCollections; DefaultCollections when nil.
	Collections []string
	// DIDs are the wantedDids: only these repositories when not empty.
	DIDs []string
	// Sink takes the records and the rejects. If it is a connector.Flusher
	// it is flushed before each save of the cursor.
	Sink source.Sink
	// Cursors keeps the cursor across restarts; none is kept when nil.
	Cursors connector.Cursors
	// Rewind is how far before its cursor the connector resumes, since
	// Jetstream delivers at least once and replays by time: 3s when zero.
	Rewind time.Duration
	// Backoff paces reconnections.
	Backoff connector.Backoff
	// MaxEvent bounds one event; longer events are rejected and skipped
	// without being held. 1 MiB when zero.
	MaxEvent int
	// Checkpoint is how often the cursor is saved (and the account
	// records waiting for a profile are sent): 5s when zero.
	Checkpoint time.Duration
	// Ping is how often the connection is checked while the stream is
	// quiet; a ping unanswered within as long drops it. 30s when zero.
	Ping time.Duration
	// HTTPClient dials; connector.DefaultClient() when nil.
	HTTPClient *http.Client
	// Now gives the time; time.Now when nil.
	Now func() time.Time
}

// Connector reads a Jetstream. Run it once; Status may be called from any
// goroutine.
type Connector struct {
	cfg     Config
	base    *url.URL
	t       *connector.Tracker
	sink    source.Sink // cfg.Sink, counted
	events  *bluesky.Events
	p       fastjson.Parser
	n       int   // events read in this run, numbering rejects
	cursor  int64 // time_us of the latest event read; 0 for none
	saved   int64 // the cursor last saved
	lastCkp time.Time
}

// New checks cfg and returns a Connector.
func New(cfg Config) (*Connector, error) {
	if cfg.Name == "" {
		cfg.Name = "jetstream"
	}
	if cfg.Sink == nil {
		return nil, scrutineer.Errorf(scrutineer.EInvalid, "jetstream %s: no sink", cfg.Name)
	}
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return nil, scrutineer.Errorf(scrutineer.EInvalid, "jetstream %s: want a ws:// or wss:// URL, have %q", cfg.Name, cfg.URL)
	}
	if cfg.Collections == nil {
		cfg.Collections = DefaultCollections
	}
	if cfg.Rewind == 0 {
		cfg.Rewind = 3 * time.Second
	}
	if cfg.MaxEvent <= 0 {
		cfg.MaxEvent = 1 << 20
	}
	if cfg.Checkpoint <= 0 {
		cfg.Checkpoint = 5 * time.Second
	}
	if cfg.Ping <= 0 {
		cfg.Ping = 30 * time.Second
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = connector.DefaultClient()
	}
	c := &Connector{cfg: cfg, base: u, t: connector.NewTracker(cfg.Name, cfg.Now)}
	c.sink = c.t.Sink(cfg.Sink)
	c.events = bluesky.NewEvents("jetstream:"+cfg.Name, c.sink)
	return c, nil
}

// Status returns the connector's status.
func (c *Connector) Status() connector.Status { return c.t.Status() }

// Run reads the stream until ctx is done, reconnecting with backoff after
// every failure. It returns ctx's error then, or sooner an error that
// retrying cannot cure: the sink's, the cursor store's, or the server's
// refusal of the request (a 4xx answer other than 408 and 429).
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

// load reads the saved cursor.
func (c *Connector) load(ctx context.Context) error {
	if c.cfg.Cursors == nil {
		return nil
	}
	s, err := c.cfg.Cursors.Load(ctx, c.cfg.Name)
	switch {
	case scrutineer.ErrorCode(err) == scrutineer.ENotFound:
		return nil
	case err != nil:
		return fmt.Errorf("jetstream %s: %w", c.cfg.Name, err)
	}
	us, err := strconv.ParseInt(s, 10, 64)
	if err != nil || us < 0 {
		return scrutineer.Errorf(scrutineer.EInvalid, "jetstream %s: saved cursor %q is not a time in microseconds", c.cfg.Name, s)
	}
	c.cursor, c.saved = us, us
	c.t.Cursor(s)
	return nil
}

// subscribeURL is the URL to connect to, resuming a little before the
// cursor.
func (c *Connector) subscribeURL() string {
	u := *c.base
	q := u.Query()
	for _, coll := range c.cfg.Collections {
		q.Add("wantedCollections", coll)
	}
	for _, did := range c.cfg.DIDs {
		q.Add("wantedDids", did)
	}
	if c.cursor > 0 {
		q.Set("cursor", strconv.FormatInt(max(1, c.cursor-c.cfg.Rewind.Microseconds()), 10))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// connect connects and reads until the connection fails. progress says
// whether any event was read.
func (c *Connector) connect(ctx context.Context) (progress bool, err error) {
	c.t.SetState(connector.StateConnecting)
	conn, resp, err := websocket.Dial(ctx, c.subscribeURL(), &websocket.DialOptions{HTTPClient: c.cfg.HTTPClient})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return false, connector.StatusError("jetstream "+c.cfg.Name+": connect", resp)
		}
		return false, fmt.Errorf("connect: %w", err)
	}
	defer conn.CloseNow()
	conn.SetReadLimit(-1) // events are bounded by readEvent, which can skip the long ones
	c.t.SetState(connector.StateConnected)

	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	dead := make(chan struct{})
	go c.keepalive(sctx, conn, dead)

	buf := make([]byte, 0, 64<<10)
	for {
		typ, r, err := conn.Reader(sctx)
		if err != nil {
			select {
			case <-dead:
				return progress, fmt.Errorf("read: no answer to a ping within %v", c.cfg.Ping)
			default:
			}
			return progress, fmt.Errorf("read: %w", err)
		}
		var long bool
		buf, long, err = readEvent(r, buf[:0], c.cfg.MaxEvent)
		if err != nil {
			return progress, fmt.Errorf("read: %w", err)
		}
		progress = true
		if err := c.handle(typ, buf, long); err != nil {
			return progress, connector.Fatal(err)
		}
		if c.t.Now().Sub(c.lastCkp) >= c.cfg.Checkpoint {
			if err := c.checkpoint(ctx); err != nil {
				return progress, connector.Fatal(err)
			}
		}
	}
}

// keepalive pings the server while the connection lasts, and drops the
// connection, closing dead first, when a ping goes unanswered, so that a
// silent half-open connection does not stall the connector.
func (c *Connector) keepalive(ctx context.Context, conn *websocket.Conn, dead chan<- struct{}) {
	t := time.NewTicker(c.cfg.Ping)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, c.cfg.Ping)
		err := conn.Ping(pctx)
		cancel()
		if err != nil && ctx.Err() == nil {
			close(dead)
			conn.CloseNow()
			return
		}
	}
}

// maxSkip bounds how much of an over-long event is read past, in
// multiples of MaxEvent, before the connection is dropped instead.
const maxSkip = 64

// errSkipTooLong is what drops a connection whose event is beyond skipping.
var errSkipTooLong = errors.New("event too long to skip")

// readEvent reads one message into buf. A message longer than max is read
// to its end without being kept (up to maxSkip times max); long then says
// so and buf holds its first max bytes.
func readEvent(r io.Reader, buf []byte, max int) (_ []byte, long bool, err error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), max+1)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, false, nil
		}
		if err != nil {
			return buf, false, err
		}
		if len(buf) > max {
			break
		}
	}
	buf = buf[:max]
	n, err := io.Copy(io.Discard, io.LimitReader(r, int64(maxSkip)*int64(max)))
	if err != nil {
		return buf, true, err
	}
	if n == int64(maxSkip)*int64(max) {
		return buf, true, fmt.Errorf("%w: over %d bytes", errSkipTooLong, int64(maxSkip+1)*int64(max))
	}
	return buf, true, nil
}

// handle reads one event. An error is the sink's.
func (c *Connector) handle(typ websocket.MessageType, raw []byte, long bool) error {
	c.n++
	switch {
	case long:
		// The start of an event says its time, so that the cursor can
		// pass it even though the event is not read.
		us := headTime(raw)
		c.t.Event(time.Time{})
		c.sink.Reject(&source.RowError{File: "jetstream:" + c.cfg.Name, Line: c.n,
			Err: fmt.Errorf("event longer than %d bytes: skipped (time_us %d)", c.cfg.MaxEvent, us)})
		c.advance(us)
		return nil
	case typ != websocket.MessageText:
		c.t.Event(time.Time{})
		c.sink.Reject(&source.RowError{File: "jetstream:" + c.cfg.Name, Line: c.n,
			Err: errors.New("want a text message, have a binary one (compression is not supported)")})
		return nil
	}
	var (
		us int64
		at time.Time
	)
	if v, err := c.p.ParseBytes(raw); err == nil {
		if us = v.GetInt64("time_us"); us > 0 {
			at = time.UnixMicro(us).UTC()
		}
	}
	c.t.Event(at)
	if err := c.events.Event(raw, c.n); err != nil {
		return err
	}
	// Only an event given to the sink moves the cursor, so that a cursor
	// saved after the sink failed does not pass the event it failed on.
	c.advance(us)
	return nil
}

func (c *Connector) advance(us int64) {
	if us > c.cursor {
		c.cursor = us
		c.t.Cursor(strconv.FormatInt(us, 10))
	}
}

// timeUSKey is how Jetstream writes an event's time, near its start.
var timeUSKey = []byte(`"time_us":`)

// headTime returns the time_us that the start of an event gives, or 0.
func headTime(head []byte) int64 {
	i := bytes.Index(head, timeUSKey)
	if i < 0 {
		return 0
	}
	rest := bytes.TrimLeft(head[i+len(timeUSKey):], " \t\r\n")
	j := 0
	for j < len(rest) && j < 19 && '0' <= rest[j] && rest[j] <= '9' {
		j++
	}
	us, err := strconv.ParseInt(string(rest[:j]), 10, 64)
	if err != nil || j == len(rest) {
		return 0 // no digits, or perhaps cut
	}
	return us
}

// checkpoint sends the account records waiting for a profile, flushes the
// sink when it holds records, and saves the cursor, in that order, so
// that the saved cursor never runs ahead of what is stored.
func (c *Connector) checkpoint(ctx context.Context) error {
	c.lastCkp = c.t.Now()
	if err := c.events.Flush(); err != nil {
		return err
	}
	if f, ok := c.cfg.Sink.(connector.Flusher); ok {
		if err := f.Flush(ctx); err != nil {
			return fmt.Errorf("flush sink: %w", err)
		}
	}
	if c.cfg.Cursors == nil || c.cursor == c.saved {
		return nil
	}
	if err := c.cfg.Cursors.Save(ctx, c.cfg.Name, strconv.FormatInt(c.cursor, 10)); err != nil {
		return fmt.Errorf("jetstream %s: %w", c.cfg.Name, err)
	}
	c.saved = c.cursor
	return nil
}
