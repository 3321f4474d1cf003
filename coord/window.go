package coord

import (
	"fmt"
	"time"
)

// WindowEstimate is an automatically chosen coordination interval and how
// it was reached.
type WindowEstimate struct {
	Window time.Duration
	// Candidates is the number of objects shared more than once; Used is the
	// number among them whose second share came fastest (at most the
	// Q-quantile delay, DelayCutoff).
	Candidates, Used int
	Q, P             float64
	DelayCutoff      time.Duration
}

func (w WindowEstimate) String() string {
	if w.Candidates == 0 {
		return fmt.Sprintf("%v (no object was shared twice; CooRnet's fallback of 1 s)", w.Window)
	}
	return fmt.Sprintf("%v: the median time for an object to pass %.0f%% of its shares, over the %d objects "+
		"(of %d shared more than once) whose second share came within %v, the fastest %.0f%% (CooRnet's estimate_coord_interval)",
		w.Window, 100*w.P, w.Used, w.Candidates, w.DelayCutoff, 100*w.Q)
}

// EstimateWindow estimates the coordination interval from the data as
// CooRnet's estimate_coord_interval does (defaults q = 0.1, p = 0.5): among
// objects shared more than once, take those whose second share came within
// the q-quantile of second-share delays, find for each the time from its
// first share until more than p of its shares had been made, and return
// the median of those times. A median of 0 becomes one second, as in CooRnet.
func EstimateWindow(d *Data, q, p float64) (WindowEstimate, error) {
	if !(q > 0 && q <= 1) || !(p >= 0 && p < 1) {
		return WindowEstimate{}, fmt.Errorf("%w: window estimate needs 0 < q <= 1 and 0 <= p < 1 (got q %v, p %v)", ErrInvalidParams, q, p)
	}
	est := WindowEstimate{Q: q, P: p, Window: time.Second}
	offsets, ents := byObject(d, d.Shares, func(int) bool { return true })
	var second []float64
	for o := 0; o+1 < len(offsets); o++ {
		g := ents[offsets[o]:offsets[o+1]]
		if len(g) > 1 {
			second = append(second, float64(g[1].t-g[0].t))
		}
	}
	est.Candidates = len(second)
	if len(second) == 0 {
		return est, nil
	}
	cutoff := Quantile(append([]float64(nil), second...), q)
	est.DelayCutoff = time.Duration(cutoff)
	var reach []float64
	for o := 0; o+1 < len(offsets); o++ {
		g := ents[offsets[o]:offsets[o+1]]
		if len(g) < 2 || float64(g[1].t-g[0].t) > cutoff {
			continue
		}
		// The first share (1-based rank k) with k/n > p.
		n := len(g)
		k := int(p*float64(n)) + 1
		for k > 1 && float64(k-1)/float64(n) > p {
			k--
		}
		for float64(k)/float64(n) <= p {
			k++
		}
		reach = append(reach, float64(g[k-1].t-g[0].t))
	}
	est.Used = len(reach)
	med := Quantile(reach, 0.5)
	if med > 0 {
		est.Window = time.Duration(med)
	}
	return est, nil
}
