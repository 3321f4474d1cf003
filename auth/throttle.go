package auth

import (
	"sync"
	"time"
)

// Throttle limits failed sign-ins per key (an email address, a client
// address): after Max failures within Window, the key is refused until the
// oldest of them leaves the window. Time is passed in, so that tests and
// replays control it. The number of keys is bounded: when full, keys
// whose failures have all expired are dropped, then the stalest key.
type Throttle struct {
	Max     int
	Window  time.Duration
	MaxKeys int

	mu   sync.Mutex
	fail map[string][]time.Time
}

// NewThrottle returns a throttle allowing max failures per window.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{Max: max, Window: window, MaxKeys: 100_000, fail: map[string][]time.Time{}}
}

// Allow reports whether key may try now, and if not, how long to wait.
func (t *Throttle) Allow(key string, now time.Time) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.live(key, now)
	if len(f) < t.Max {
		return true, 0
	}
	return false, f[0].Add(t.Window).Sub(now)
}

// Fail records a failed attempt by key.
func (t *Throttle) Fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.live(key, now)
	if f == nil && len(t.fail) >= t.MaxKeys {
		t.evict(now)
	}
	if len(f) >= t.Max {
		f = f[1:] // keep the newest Max: they decide when the key is free
	}
	t.fail[key] = append(f, now)
}

// Reset forgets key's failures, after a successful sign-in.
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fail, key)
}

// live returns key's failures within the window, dropping older ones.
func (t *Throttle) live(key string, now time.Time) []time.Time {
	f := t.fail[key]
	i := 0
	for i < len(f) && !f[i].After(now.Add(-t.Window)) {
		i++
	}
	if i == len(f) {
		delete(t.fail, key)
		return nil
	}
	f = f[i:]
	t.fail[key] = f
	return f
}

func (t *Throttle) evict(now time.Time) {
	var stalest string
	var at time.Time
	for k, f := range t.fail {
		last := f[len(f)-1]
		if !last.After(now.Add(-t.Window)) {
			delete(t.fail, k)
			continue
		}
		if stalest == "" || last.Before(at) {
			stalest, at = k, last
		}
	}
	if len(t.fail) >= t.MaxKeys && stalest != "" {
		delete(t.fail, stalest)
	}
}
