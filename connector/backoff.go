package connector

import (
	"context"
	"math/rand/v2"
	"time"
)

// Backoff is how long a connector waits before it reconnects: doubling
// from Min up to Max, each wait drawn at random from its upper half so that
// connectors that failed together do not come back together.
type Backoff struct {
	Min    time.Duration // the first wait; 1s when zero
	Max    time.Duration // the cap; 5m when zero
	Factor float64       // growth per failure; 2 when below 1
}

// Delay returns the wait after n failures in a row (n ≥ 1).
func (b Backoff) Delay(n int) time.Duration {
	lo, hi, f := b.Min, b.Max, b.Factor
	if lo <= 0 {
		lo = time.Second
	}
	if hi <= 0 {
		hi = 5 * time.Minute
	}
	if f < 1 {
		f = 2
	}
	d := float64(lo)
	for i := 1; i < n && d < float64(hi); i++ {
		d *= f
	}
	d = min(d, float64(hi))
	return time.Duration(d/2 + rand.Float64()*d/2)
}

// Sleep waits d or until ctx is done, returning ctx's error then.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
