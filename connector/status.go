package connector

import (
	"sync"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// State is what a connector is doing.
type State string

const (
	StateStarting   State = "starting"   // Run not called yet, or loading the cursor
	StateConnecting State = "connecting" // dialling
	StateFilling    State = "filling"    // connected, catching up on what was missed
	StateConnected  State = "connected"  // reading the live stream
	StateWaiting    State = "waiting"    // backing off before reconnecting
	StateStopped    State = "stopped"    // Run returned
)

// Status is a connector's state for the UI and metrics.
type Status struct {
	Name  string
	State State
	Since time.Time // when State began
	// Cursor is where the connector would resume from.
	Cursor string
	// LastEvent is when the last event was read; LastEventTime is the
	// time the event itself says (zero when it says none).
	LastEvent     time.Time
	LastEventTime time.Time
	// EventsPerSecond is the mean rate over the last RateWindow.
	EventsPerSecond float64
	Events          int64 // events read, malformed ones included
	Records         int64 // records given to the sink
	Rejects         int64 // events or records rejected
	Connects        int64 // successful connections
	Errors          int64 // failed connections and dropped streams
	LastError       string
	LastErrorAt     time.Time
	// Retry is when the next connection is tried, while State is waiting.
	Retry time.Time
}

// RateWindow is the span over which EventsPerSecond is measured.
const RateWindow = 10 * time.Second

const rateBuckets = int(RateWindow / time.Second)

// Tracker keeps a Status up to date; safe for concurrent use, so that the
// UI may read while the connector writes.
type Tracker struct {
	mu  sync.Mutex
	now func() time.Time
	s   Status
	// events per second, by unix second modulo rateBuckets
	sec [rateBuckets]int64
	n   [rateBuckets]int64
}

// NewTracker returns a Tracker of the connector called name; now gives
// the time (time.Now when nil).
func NewTracker(name string, now func() time.Time) *Tracker {
	if now == nil {
		now = time.Now
	}
	return &Tracker{now: now, s: Status{Name: name, State: StateStarting, Since: now()}}
}

// Now returns the tracker's time.
func (t *Tracker) Now() time.Time { return t.now() }

// Status returns a copy of the current status.
func (t *Tracker) Status() Status {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.s
	now := t.now()
	cur := now.Unix()
	var sum int64
	for i := range t.sec {
		if age := cur - t.sec[i]; age >= 0 && age < int64(rateBuckets) {
			sum += t.n[i]
		}
	}
	s.EventsPerSecond = float64(sum) / RateWindow.Seconds()
	return s
}

// SetState records a change of state.
func (t *Tracker) SetState(st State) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if (st == StateFilling || st == StateConnected) && t.s.State == StateConnecting {
		t.s.Connects++
	}
	if st != StateWaiting {
		t.s.Retry = time.Time{}
	}
	t.s.State, t.s.Since = st, t.now()
}

// Waiting records a backoff until retry.
func (t *Tracker) Waiting(retry time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.s.State, t.s.Since, t.s.Retry = StateWaiting, t.now(), retry
}

// Event records an event read; at is the time the event says, or zero.
func (t *Tracker) Event(at time.Time) { t.Events(1, at) }

// Events records n events read; at is the time the latest says, or zero.
func (t *Tracker) Events(n int, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.s.Events += int64(n)
	t.s.LastEvent = now
	if !at.IsZero() {
		t.s.LastEventTime = at
	}
	sec := now.Unix()
	i := int(uint64(sec) % uint64(rateBuckets))
	if t.sec[i] != sec {
		t.sec[i], t.n[i] = sec, 0
	}
	t.n[i] += int64(n)
}

// Cursor records where the connector would resume from.
func (t *Tracker) Cursor(c string) {
	t.mu.Lock()
	t.s.Cursor = c
	t.mu.Unlock()
}

// Error records a failed connection or a dropped stream.
func (t *Tracker) Error(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.s.Errors++
	t.s.LastError, t.s.LastErrorAt = err.Error(), t.now()
}

// Sink returns a sink that counts into t what it passes on to s.
func (t *Tracker) Sink(s source.Sink) source.Sink { return &countingSink{s: s, t: t} }

type countingSink struct {
	s source.Sink
	t *Tracker
}

func (c *countingSink) Record(r scrutineer.Record) error {
	if err := c.s.Record(r); err != nil {
		return err
	}
	c.t.mu.Lock()
	c.t.s.Records++
	c.t.mu.Unlock()
	return nil
}

func (c *countingSink) Reject(e *source.RowError) {
	c.s.Reject(e)
	c.t.mu.Lock()
	c.t.s.Rejects++
	c.t.mu.Unlock()
}
