package export

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/scrutineer/scrutineer/coord"
)

// fastColumn is CooRTweet's name for the flag_speed_share column.
func fastColumn(fw time.Duration) string {
	return "time_window_" + string(appendSeconds(nil, int64(fw)))
}

// Kinds names the kinds in a bit set, joined with ";".
func Kinds(d *coord.Data, set uint64) string {
	var names []string
	for k, name := range d.Kinds {
		if k < 64 && set&(1<<k) != 0 && name != "" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ";")
}

// WritePairs writes the coordinated share pairs with CooRTweet's columns
// (object_id, content_id, content_id_y, time_delta, account_id,
// account_id_y), then time_window_<secs> when a fast window is set, then
// object_kind when the network mixes kinds.
func WritePairs(w io.Writer, r *coord.Result) error {
	d := r.Data
	header := []string{"object_id", "content_id", "content_id_y", "time_delta", "account_id", "account_id_y"}
	fast := r.Params.FastWindow > 0
	if fast {
		header = append(header, fastColumn(r.Params.FastWindow))
	}
	kinds := len(d.Kinds) > 1
	if kinds {
		header = append(header, "object_kind")
	}
	return writeTable(w, "pairs", header, len(r.Pairs), func(t *table, i int) {
		pr := r.Pairs[i]
		o, n := &d.Shares[pr.Older], &d.Shares[pr.Newer]
		t.str(d.Objects[o.Object])
		t.str(d.Contents[o.Content])
		t.str(d.Contents[n.Content])
		t.seconds(n.Time - o.Time)
		t.str(d.Accounts[o.Account])
		t.str(d.Accounts[n.Account])
		if fast {
			t.bool01(pr.Fast)
		}
		if kinds {
			t.str(d.KindOf(o.Object))
		}
	})
}

// memberSlice indexes the members by account id.
func memberSlice(r *coord.Result) []*coord.Member {
	m := make([]*coord.Member, len(r.Data.Accounts))
	for i := range r.Members {
		m[r.Members[i].Account] = &r.Members[i]
	}
	return m
}

// edgeObjects lists an edge's distinct objects in the order its pairs first
// show them, as CooRTweet's object_ids does. Edges have few pairs, so a
// scan of what is already listed beats a set.
func edgeObjects(r *coord.Result, e *coord.Edge, out []uint32) []uint32 {
	out = out[:0]
	var seen map[uint32]struct{} // once the list is long
	for _, pr := range r.Pairs[e.PairStart:e.PairEnd] {
		o := r.Data.Shares[pr.Older].Object
		if seen != nil {
			if _, ok := seen[o]; !ok {
				seen[o] = struct{}{}
				out = append(out, o)
			}
			continue
		}
		if slices.Contains(out, o) {
			continue
		}
		out = append(out, o)
		if len(out) == 64 {
			seen = make(map[uint32]struct{}, 128)
			for _, x := range out {
				seen[x] = struct{}{}
			}
		}
	}
	return out
}

// WriteEdges writes the network. With CooRTweet semantics the columns start
// as CooRTweet's (account_id, account_id_y, weight, avg_time_delta,
// n_content_id, n_content_id_y, edge_symmetry_score, weight_threshold) and
// rows list each pair of accounts in CooRTweet's order; with QUT semantics
// they start as the QUT toolkit's (account_a, account_b, weight, weight_ab,
// weight_ba). Our own columns follow.
func WriteEdges(w io.Writer, r *coord.Result) error {
	d := r.Data
	qut := r.Params.Semantics == coord.QUT
	fast := r.Params.FastWindow > 0
	null := r.Null.Runs > 0
	var header []string
	if qut {
		header = []string{"account_a", "account_b", "weight", "weight_ab", "weight_ba", "avg_time_delta", "n_pairs"}
	} else {
		header = []string{"account_id", "account_id_y", "weight", "avg_time_delta", "n_content_id",
			"n_content_id_y", "edge_symmetry_score", "weight_threshold"}
	}
	if fast {
		header = append(header, "weight_fast", "avg_time_delta_fast", "n_content_id_fast", "n_content_id_y_fast",
			"edge_symmetry_score_fast", "weight_threshold_fast")
	}
	header = append(header, "kinds", "n_objects", "object_ids")
	if null {
		header = append(header, "expected_weight", "p_value", "fdr")
	}
	header = append(header, "cluster", "community")
	members := memberSlice(r)
	return writeTable(w, "edges", header, len(r.Edges), func(t *table, i int) {
		e := &r.Edges[i]
		a, b := e.A, e.B
		if e.BFirst && !qut {
			a, b = b, a
		}
		t.str(d.Accounts[a])
		t.str(d.Accounts[b])
		if qut {
			t.int(int(e.Weight))
			t.int(int(e.WeightAB))
			t.int(int(e.WeightBA))
			t.float(pairsAvg(r, e))
			t.int(e.PairEnd - e.PairStart)
		} else {
			side(t, e.Side)
		}
		if fast {
			if e.Fast.Weight > 0 {
				side(t, e.Fast)
			} else {
				for range 6 {
					t.na()
				}
			}
		}
		t.str(Kinds(d, e.Kinds))
		t.ids = edgeObjects(r, e, t.ids)
		t.int(len(t.ids))
		t.tmp = t.tmp[:0]
		for k, o := range t.ids {
			if k > 0 {
				t.tmp = append(t.tmp, ',')
			}
			t.tmp = append(t.tmp, d.Objects[o]...)
		}
		t.str(unsafe.String(unsafe.SliceData(t.tmp), len(t.tmp)))
		if null {
			t.float(e.Null.Expected)
			t.float(e.Null.P)
			t.float(e.Null.FDR)
		}
		if ma := members[e.A]; ma != nil && e.Above {
			t.int(ma.Cluster)
			if mb := members[e.B]; mb.Community == ma.Community {
				t.int(ma.Community)
			} else {
				t.na()
			}
		} else {
			t.na()
			t.na()
		}
	})
}

func side(t *table, s coord.Side) {
	t.int(int(s.Weight))
	t.float(s.AvgDelta())
	t.int(int(s.NContent))
	t.int(int(s.NContentY))
	t.float(s.Symmetry())
	t.bool01(s.Above)
}

func pairsAvg(r *coord.Result, e *coord.Edge) float64 {
	n := e.PairEnd - e.PairStart
	if n == 0 {
		return 0
	}
	var sum int64
	for _, pr := range r.Pairs[e.PairStart:e.PairEnd] {
		sum += r.Delta(pr)
	}
	return float64(sum) / float64(n) / float64(time.Second)
}

// WriteClusters writes account_id, cluster, community for every account of
// the thresholded network, then degree and strength.
func WriteClusters(w io.Writer, r *coord.Result) error {
	return writeTable(w, "clusters", []string{"account_id", "cluster", "community", "degree", "strength"},
		len(r.Members), func(t *table, i int) {
			m := &r.Members[i]
			t.str(r.Data.Accounts[m.Account])
			t.int(m.Cluster)
			t.int(m.Community)
			t.int(m.Degree)
			t.int(m.Strength)
		})
}

// WriteAccounts writes CooRTweet's account_stats columns (account_id,
// avg_time_delta, avg_edge_symmetry_score, unique_shares_count), then ours.
func WriteAccounts(w io.Writer, r *coord.Result, stats []coord.AccountStat) error {
	header := []string{"account_id", "avg_time_delta", "avg_edge_symmetry_score", "unique_shares_count",
		"shares", "cluster", "community", "degree", "strength", "first_share", "last_share"}
	return writeTable(w, "accounts", header, len(stats), func(t *table, i int) {
		s := &stats[i]
		t.str(r.Data.Accounts[s.Account])
		t.float(s.AvgTimeDelta)
		t.float(s.AvgSymmetry)
		t.int(s.UniqueShares)
		t.int(s.Shares)
		t.int(s.Cluster)
		t.int(s.Community)
		t.int(s.Degree)
		t.int(s.Strength)
		t.time(s.First)
		t.time(s.Last)
	})
}

// WriteObjects writes CooRTweet's group_stats columns (object_id,
// num_accounts), then ours.
func WriteObjects(w io.Writer, r *coord.Result, stats []coord.ObjectStat) error {
	header := []string{"object_id", "num_accounts", "object_kind", "n_accounts", "n_edges", "n_pairs", "first_share", "last_share"}
	return writeTable(w, "objects", header, len(stats), func(t *table, i int) {
		s := &stats[i]
		t.str(r.Data.Objects[s.Object])
		t.int(s.NumAccounts)
		t.str(r.Data.KindOf(s.Object))
		t.int(s.Accounts)
		t.int(s.Edges)
		t.int(s.Pairs)
		t.time(s.First)
		t.time(s.Last)
	})
}

// WriteClusterStats writes one row per cluster: size, weight, time span,
// kinds, its most shared objects, and its null-model figures.
func WriteClusterStats(w io.Writer, r *coord.Result, topObjects int) error {
	header := []string{"cluster", "n_accounts", "n_edges", "weight", "density", "n_communities",
		"first_share", "last_share", "span_seconds", "kinds", "n_objects", "top_objects"}
	null := r.Null.Runs > 0
	if null {
		header = append(header, "expected_weight", "expected_edges", "fdr")
	}
	return writeTable(w, "cluster stats", header, len(r.Clusters), func(t *table, i int) {
		c := &r.Clusters[i]
		t.int(c.ID)
		t.int(len(c.Accounts))
		t.int(c.Edges)
		t.int(c.Weight)
		t.float(c.Density)
		t.int(c.Communities)
		t.time(c.First)
		t.time(c.Last)
		t.seconds(c.Last - c.First)
		t.str(Kinds(r.Data, c.Kinds))
		t.int(len(c.Objects))
		top := make([]string, 0, topObjects)
		for _, o := range c.Objects[:min(topObjects, len(c.Objects))] {
			top = append(top, r.Data.Objects[o.Object])
		}
		t.str(strings.Join(top, " | "))
		if null {
			t.float(c.Null.ExpectedWeight)
			t.float(c.Null.ExpectedEdges)
			t.float(c.Null.FDR)
		}
	})
}

// writeTable writes a header and n rows, formatted by row on every core
// for large tables, and names the table in any error.
func writeTable(w io.Writer, name string, header []string, n int, row func(t *table, i int)) error {
	t := newTable(w, header...)
	err := t.rows(n, row)
	if err == nil {
		err = t.close()
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
