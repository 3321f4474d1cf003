package coord

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/scrutineer/scrutineer/graph"
)

// Cluster is a connected component of the network of edges above the
// threshold: a candidate coordinated group.
type Cluster struct {
	// ID numbers clusters from 1, largest first.
	ID       int
	Accounts []uint32 // in name order
	// Edges and Weight count the above-threshold edges inside the cluster
	// and their summed weight.
	Edges, Weight int
	// Density is Edges over the number of possible edges.
	Density float64
	// First and Last bound the cluster's coordinated shares (Unix ns).
	First, Last int64
	// Objects are what the cluster's accounts shared in coordination, the
	// object shared by most member accounts first.
	Objects []ObjectCount
	// Kinds is a bit set of the object kinds that tie the cluster.
	Kinds       uint64
	Communities int
	Null        ClusterNull
}

// ObjectCount is an object shared in coordination within a cluster.
type ObjectCount struct {
	Object   uint32
	Accounts int // distinct member accounts in its pairs
	Pairs    int // coordinated share pairs on it
}

// Community is a Leiden (or Louvain) community of the thresholded network.
// Communities never span two clusters.
type Community struct {
	ID, Cluster   int
	Accounts      []uint32
	Edges, Weight int
}

// Member places an account of the thresholded network.
type Member struct {
	Account            uint32
	Cluster, Community int
	// Degree and Strength are the count and summed weight of the account's
	// above-threshold edges.
	Degree, Strength int
}

// cluster finds components and communities of the thresholded network.
func (r *Result) cluster() error {
	local := make(map[uint32]int32)
	var accounts []uint32
	var gedges []graph.Edge
	node := func(a uint32) int32 {
		if id, ok := local[a]; ok {
			return id
		}
		id := int32(len(accounts))
		local[a] = id
		accounts = append(accounts, a)
		return id
	}
	for i := range r.Edges {
		e := &r.Edges[i]
		if e.Above {
			gedges = append(gedges, graph.Edge{U: node(e.A), V: node(e.B), W: float64(e.Weight)})
		}
	}
	if len(accounts) == 0 {
		return nil
	}
	g, err := graph.New(len(accounts), gedges)
	if err != nil {
		return fmt.Errorf("cluster graph: %w", err)
	}
	comp, ncomp := graph.Components(g)
	opt := graph.Options{Resolution: r.Params.Resolution, Seed: r.Params.Seed}
	var comm []int32
	if r.Params.Clustering == Louvain {
		comm, err = graph.Louvain(g, opt)
	} else {
		comm, err = graph.Leiden(g, opt)
	}
	if err != nil {
		return fmt.Errorf("communities: %w", err)
	}
	ncomm := 0
	for _, c := range comm {
		ncomm = max(ncomm, int(c)+1)
	}

	names := r.Data.Accounts
	r.Clusters = make([]Cluster, ncomp)
	r.Communities = make([]Community, ncomm)
	r.Members = make([]Member, len(accounts))
	for i, a := range accounts {
		c, k := int(comp[i]), int(comm[i])
		r.Clusters[c].Accounts = append(r.Clusters[c].Accounts, a)
		r.Communities[k].Accounts = append(r.Communities[k].Accounts, a)
		r.Communities[k].Cluster = c + 1
		r.Members[i] = Member{Account: a, Cluster: c + 1, Community: k + 1}
	}
	byName := func(a, b uint32) int { return cmp.Compare(names[a], names[b]) }
	for c := range r.Clusters {
		cl := &r.Clusters[c]
		cl.ID = c + 1
		cl.First, cl.Last = 1<<63-1, -1<<63
		slices.SortFunc(cl.Accounts, byName)
	}
	for k := range r.Communities {
		r.Communities[k].ID = k + 1
		slices.SortFunc(r.Communities[k].Accounts, byName)
		r.Clusters[r.Communities[k].Cluster-1].Communities++
	}

	// Edge-level tallies: weights, time spans, kinds and objects per cluster.
	objAccounts := make([]map[uint32]map[uint32]struct{}, ncomp)
	objPairs := make([]map[uint32]int, ncomp)
	for i := range r.Edges {
		e := &r.Edges[i]
		if !e.Above {
			continue
		}
		u, v := local[e.A], local[e.B]
		c := comp[u]
		cl := &r.Clusters[c]
		cl.Edges++
		cl.Weight += int(e.Weight)
		cl.Kinds |= e.Kinds
		if comm[u] == comm[v] {
			r.Communities[comm[u]].Edges++
			r.Communities[comm[u]].Weight += int(e.Weight)
		}
		for _, m := range [2]int32{u, v} {
			r.Members[m].Degree++
			r.Members[m].Strength += int(e.Weight)
		}
		if objAccounts[c] == nil {
			objAccounts[c] = make(map[uint32]map[uint32]struct{})
			objPairs[c] = make(map[uint32]int)
		}
		for _, pr := range r.Pairs[e.PairStart:e.PairEnd] {
			o, n := &r.Data.Shares[pr.Older], &r.Data.Shares[pr.Newer]
			cl.First = min(cl.First, o.Time)
			cl.Last = max(cl.Last, n.Time)
			set := objAccounts[c][o.Object]
			if set == nil {
				set = make(map[uint32]struct{})
				objAccounts[c][o.Object] = set
			}
			set[o.Account] = struct{}{}
			set[n.Account] = struct{}{}
			objPairs[c][o.Object]++
		}
	}
	for c := range r.Clusters {
		cl := &r.Clusters[c]
		n := len(cl.Accounts)
		if n > 1 {
			cl.Density = float64(cl.Edges) / (float64(n) * float64(n-1) / 2)
		}
		for o, set := range objAccounts[c] {
			cl.Objects = append(cl.Objects, ObjectCount{Object: o, Accounts: len(set), Pairs: objPairs[c][o]})
		}
		slices.SortFunc(cl.Objects, func(a, b ObjectCount) int {
			if c := cmp.Compare(b.Accounts, a.Accounts); c != 0 {
				return c
			}
			if c := cmp.Compare(b.Pairs, a.Pairs); c != 0 {
				return c
			}
			return cmp.Compare(r.Data.Objects[a.Object], r.Data.Objects[b.Object])
		})
	}
	slices.SortFunc(r.Members, func(a, b Member) int { return byName(a.Account, b.Account) })
	return nil
}

// dropInsignificant removes the clusters whose FDR is above max, with their
// communities and members, and numbers what is left from 1 again. The
// edges stay: they are the network, whatever is made of it.
func (r *Result) dropInsignificant(max float64) {
	newCluster := make([]int, len(r.Clusters)+1) // old ID -> new, 0 dropped
	kept := r.Clusters[:0]
	for _, cl := range r.Clusters {
		if cl.Null.FDR <= max {
			newCluster[cl.ID] = len(kept) + 1
			cl.ID = len(kept) + 1
			kept = append(kept, cl)
		}
	}
	r.Dropped = len(r.Clusters) - len(kept)
	r.Clusters = kept
	newCommunity := make([]int, len(r.Communities)+1)
	comms := r.Communities[:0]
	for _, c := range r.Communities {
		if nc := newCluster[c.Cluster]; nc > 0 {
			newCommunity[c.ID] = len(comms) + 1
			c.ID, c.Cluster = len(comms)+1, nc
			comms = append(comms, c)
		}
	}
	r.Communities = comms
	members := r.Members[:0]
	for _, m := range r.Members {
		if nc := newCluster[m.Cluster]; nc > 0 {
			m.Cluster, m.Community = nc, newCommunity[m.Community]
			members = append(members, m)
		}
	}
	r.Members = members
}
