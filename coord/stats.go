package coord

import (
	"cmp"
	"slices"
)

// AccountStat describes an account of the thresholded network: CooRTweet's
// account_stats (weight_threshold = "full") and our own figures.
type AccountStat struct {
	Account uint32
	// AvgTimeDelta and AvgSymmetry are CooRTweet's means over the account's
	// above-threshold edges. CooRTweet takes them over the distinct
	// (avg_time_delta, edge_symmetry_score) rows, so two edges with equal
	// figures count once; we do the same for parity.
	AvgTimeDelta, AvgSymmetry float64
	// UniqueShares is the number of distinct contents of the account among
	// all coordinated pairs, above the threshold or not.
	UniqueShares int
	// Shares is the account's rows in the input.
	Shares             int
	Cluster, Community int
	Degree, Strength   int
	// First and Last bound the account's coordinated shares (Unix ns).
	First, Last int64
}

// AccountStats returns one row per account of the thresholded network, in
// name order.
func (r *Result) AccountStats() []AccountStat {
	d := r.Data
	if len(r.Members) == 0 {
		return nil
	}
	pos := make([]int32, len(d.Accounts)) // index+1 in out; 0: not a member
	out := make([]AccountStat, len(r.Members))
	for i, m := range r.Members {
		pos[m.Account] = int32(i + 1)
		out[i] = AccountStat{Account: m.Account, Cluster: m.Cluster, Community: m.Community,
			Degree: m.Degree, Strength: m.Strength, First: 1<<63 - 1, Last: -1 << 63}
	}
	type row struct{ avg, sym float64 }
	rows := make([]map[row]struct{}, len(out))
	for i := range r.Edges {
		e := &r.Edges[i]
		if !e.Above || pos[e.A] == 0 { // below the threshold, or in a dropped cluster
			continue
		}
		k := row{e.AvgDelta(), e.Symmetry()}
		for _, a := range [2]uint32{e.A, e.B} {
			j := pos[a] - 1
			if rows[j] == nil {
				rows[j] = map[row]struct{}{}
			}
			rows[j][k] = struct{}{}
		}
	}
	for j, set := range rows {
		// Sum in a fixed order so the mean does not depend on map order.
		ks := make([]row, 0, len(set))
		for k := range set {
			ks = append(ks, k)
		}
		slices.SortFunc(ks, func(a, b row) int {
			if c := cmp.Compare(a.avg, b.avg); c != 0 {
				return c
			}
			return cmp.Compare(a.sym, b.sym)
		})
		var sa, ss float64
		for _, k := range ks {
			sa += k.avg
			ss += k.sym
		}
		out[j].AvgTimeDelta = sa / float64(len(ks))
		out[j].AvgSymmetry = ss / float64(len(ks))
	}
	contents := make([][]uint32, len(out))
	for _, pr := range r.Pairs {
		for _, s := range [2]uint32{pr.Older, pr.Newer} {
			sh := &d.Shares[s]
			if j := pos[sh.Account] - 1; j >= 0 {
				contents[j] = append(contents[j], sh.Content)
				out[j].First = min(out[j].First, sh.Time)
				out[j].Last = max(out[j].Last, sh.Time)
			}
		}
	}
	for j := range out {
		out[j].UniqueShares = countDistinct(contents[j])
	}
	for i := range d.Shares {
		if j := pos[d.Shares[i].Account] - 1; j >= 0 {
			out[j].Shares++
		}
	}
	return out
}

// ObjectStat describes an object shared in coordination across the
// above-threshold edges: CooRTweet's group_stats and our own figures.
type ObjectStat struct {
	Object uint32
	// NumAccounts is CooRTweet's num_accounts: distinct accounts on the
	// first-listed side of the edges that share the object. It undercounts
	// (the other side is left out); Accounts counts both sides.
	NumAccounts int
	Accounts    int
	Edges       int
	Pairs       int
	First, Last int64
}

// ObjectStats returns the objects of the above-threshold edges, the object
// shared by most accounts first.
func (r *Result) ObjectStats() []ObjectStat {
	d := r.Data
	type acc struct {
		from, all map[uint32]struct{}
		stat      ObjectStat
		lastEdge  int
	}
	byObj := map[uint32]*acc{}
	for i := range r.Edges {
		e := &r.Edges[i]
		if !e.Above {
			continue
		}
		from := e.A
		if e.BFirst {
			from = e.B
		}
		for _, pr := range r.Pairs[e.PairStart:e.PairEnd] {
			o, n := &d.Shares[pr.Older], &d.Shares[pr.Newer]
			a := byObj[o.Object]
			if a == nil {
				a = &acc{from: map[uint32]struct{}{}, all: map[uint32]struct{}{}, lastEdge: -1,
					stat: ObjectStat{Object: o.Object, First: o.Time, Last: n.Time}}
				byObj[o.Object] = a
			}
			a.from[from] = struct{}{}
			a.all[o.Account] = struct{}{}
			a.all[n.Account] = struct{}{}
			a.stat.Pairs++
			a.stat.First = min(a.stat.First, o.Time)
			a.stat.Last = max(a.stat.Last, n.Time)
			if a.lastEdge != i {
				a.stat.Edges++
				a.lastEdge = i
			}
		}
	}
	out := make([]ObjectStat, 0, len(byObj))
	for _, a := range byObj {
		a.stat.NumAccounts = len(a.from)
		a.stat.Accounts = len(a.all)
		out = append(out, a.stat)
	}
	slices.SortFunc(out, func(a, b ObjectStat) int {
		if c := cmp.Compare(b.NumAccounts, a.NumAccounts); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Accounts, a.Accounts); c != 0 {
			return c
		}
		return cmp.Compare(d.Objects[a.Object], d.Objects[b.Object])
	})
	return out
}
