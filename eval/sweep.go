package eval

import (
	"fmt"
	"slices"
	"time"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/simulate"
)

// Point is one detection run of a sweep.
type Point struct {
	Window time.Duration
	Report *Report
}

// DefaultWindows are the windows a sweep tries, from one second to ten
// minutes.
var DefaultWindows = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second,
	20 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute}

// Sweep runs detection on d at each window, with p otherwise, and scores
// each run against the truth.
func Sweep(d *coord.Data, t *simulate.Truth, p coord.Params, windows []time.Duration) ([]Point, error) {
	var out []Point
	for _, w := range windows {
		p.Window = w
		if p.FastWindow > w {
			p.FastWindow = 0
		}
		r, err := coord.Detect(d, p)
		if err != nil {
			return nil, fmt.Errorf("window %v: %w", w, err)
		}
		out = append(out, Point{Window: w, Report: Score(t, Flagged(r), nil)})
	}
	return out, nil
}

// Flagged lists the accounts of a result's thresholded network.
func Flagged(r *coord.Result) []string {
	out := make([]string, len(r.Members))
	for i, m := range r.Members {
		out[i] = r.Data.Accounts[m.Account]
	}
	return out
}

// StreamDetect replays d in time order through the streaming engine,
// looking at its network every interval of simulated time, and returns
// when each account was first flagged, and the accounts flagged at the end.
func StreamDetect(d *coord.Data, p coord.Params, every time.Duration, progress func(done, total int)) (map[string]time.Time, []string, error) {
	if every <= 0 {
		return nil, nil, fmt.Errorf("stream interval %v must be positive", every)
	}
	st, err := coord.NewStream(p, 0)
	if err != nil {
		return nil, nil, err
	}
	order := make([]int, len(d.Shares))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ta, tb := d.Shares[a].Time, d.Shares[b].Time
		switch {
		case ta < tb:
			return -1
		case ta > tb:
			return 1
		}
		return 0
	})
	first := map[string]time.Time{}
	look := func(at int64) error {
		r, err := st.Snapshot()
		if err != nil {
			return err
		}
		for _, a := range Flagged(r) {
			if _, ok := first[a]; !ok {
				first[a] = time.Unix(0, at).UTC()
			}
		}
		return nil
	}
	var next int64
	for k, i := range order {
		s := d.Shares[i]
		if k == 0 {
			next = s.Time + int64(every)
		}
		for s.Time >= next {
			if err := look(next); err != nil {
				return nil, nil, err
			}
			next += int64(every)
		}
		if err := st.Add(d.KindOf(s.Object), d.Objects[s.Object], d.Accounts[s.Account], d.Contents[s.Content], s.Time); err != nil {
			return nil, nil, err
		}
		if progress != nil && k%65536 == 0 {
			progress(k, len(order))
		}
	}
	st.Flush()
	r, err := st.Snapshot()
	if err != nil {
		return nil, nil, err
	}
	final := Flagged(r)
	for _, a := range final {
		if _, ok := first[a]; !ok {
			first[a] = time.Unix(0, next).UTC()
		}
	}
	return first, final, nil
}
