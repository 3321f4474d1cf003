package coord_test

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/scrutineer/scrutineer/coord"
)

// row is a share by name, as CooRTweet's input table holds it.
type row struct {
	object, account, content string
	t                        int64 // seconds
}

// naiveEdge is one row of CooRTweet's edge table.
type naiveEdge struct {
	from, to            string
	weight              int
	sumDelta            int64
	nContent, nContentY int
	above               bool
}

// naiveCoortweet transcribes CooRTweet 2.1.3 step by step, with maps and
// strings and every pair of rows, and no cleverness: the oracle for the
// engine's sweep, filters and orderings.
func naiveCoortweet(rows []row, window int64, m int, p float64) ([]naivePair, []naiveEdge, float64) {
	// Pre-filter, regrouping rows by account in order of first appearance
	// (data.table's `by`).
	count := map[string]int{}
	var accOrder []string
	for _, r := range rows {
		if count[r.account] == 0 {
			accOrder = append(accOrder, r.account)
		}
		count[r.account]++
	}
	var x []row
	for _, a := range accOrder {
		if count[a] < m {
			continue
		}
		for _, r := range rows {
			if r.account == a {
				x = append(x, r)
			}
		}
	}
	// Objects in order of first appearance in x; within an object, pairs by
	// the later row then the earlier.
	var objOrder []string
	seenObj := map[string]bool{}
	for _, r := range x {
		if !seenObj[r.object] {
			seenObj[r.object] = true
			objOrder = append(objOrder, r.object)
		}
	}
	var pairs []naivePair
	for _, o := range objOrder {
		var g []row
		for _, r := range x {
			if r.object == o {
				g = append(g, r)
			}
		}
		for j := range g {
			for i := 0; i < j; i++ {
				dt := g[i].t - g[j].t
				if dt < 0 && -dt > window || dt > window {
					continue
				}
				pairs = append(pairs, naivePair{o, g[i].content, g[j].content, dt, g[i].account, g[j].account})
			}
		}
	}
	// remove_loops.
	var kept []naivePair
	for _, pr := range pairs {
		if pr.object == pr.content || pr.object == pr.contentY || pr.content == pr.contentY || pr.account == pr.accountY {
			continue
		}
		kept = append(kept, pr)
	}
	pairs = kept
	// filter_min_participation.
	if m >= 1 {
		ids := map[string]bool{}
		for _, pr := range pairs {
			ids[pr.content], ids[pr.contentY] = true, true
		}
		n := map[string]int{}
		for _, r := range x {
			if ids[r.content] {
				n[r.account]++
			}
		}
		filt := map[string]bool{}
		for _, r := range x {
			if ids[r.content] && n[r.account] >= m {
				filt[r.content] = true
			}
		}
		kept = nil
		for _, pr := range pairs {
			if filt[pr.content] || filt[pr.contentY] {
				kept = append(kept, pr)
			}
		}
		pairs = kept
	}
	// Orient older first.
	for i := range pairs {
		pr := &pairs[i]
		if pr.delta > 0 {
			pr.content, pr.contentY = pr.contentY, pr.content
			pr.account, pr.accountY = pr.accountY, pr.account
		}
		if pr.delta < 0 {
			pr.delta = -pr.delta
		}
	}
	// Aggregate by (pmin, pmax), groups in order of first appearance.
	type agg struct {
		e           naiveEdge
		cont, cont2 map[string]bool
	}
	var keys [][2]string
	groups := map[[2]string]*agg{}
	for _, pr := range pairs {
		k := [2]string{min(pr.account, pr.accountY), max(pr.account, pr.accountY)}
		g := groups[k]
		if g == nil {
			g = &agg{e: naiveEdge{from: k[0], to: k[1]}, cont: map[string]bool{}, cont2: map[string]bool{}}
			groups[k] = g
			keys = append(keys, k)
		}
		g.e.weight++
		g.e.sumDelta += pr.delta
		g.cont[pr.content], g.cont2[pr.contentY] = true, true
	}
	var ws []float64
	for _, k := range keys {
		g := groups[k]
		g.e.nContent, g.e.nContentY = len(g.cont), len(g.cont2)
		ws = append(ws, float64(g.e.weight))
	}
	q := math.NaN()
	if len(ws) > 0 {
		q = coord.Quantile(ws, p)
	}
	// igraph: vertices by first appearance in the first column, then the
	// second; each edge printed from its lower-numbered vertex.
	vertex := map[string]int{}
	for _, col := range []int{0, 1} {
		for _, k := range keys {
			if _, ok := vertex[k[col]]; !ok {
				vertex[k[col]] = len(vertex)
			}
		}
	}
	var edges []naiveEdge
	for _, k := range keys {
		e := groups[k].e
		e.above = float64(e.weight) > q
		if vertex[e.to] < vertex[e.from] {
			e.from, e.to = e.to, e.from
		}
		edges = append(edges, e)
	}
	return pairs, edges, q
}

type naivePair struct {
	object, content, contentY string
	delta                     int64
	account, accountY         string
}

func (p naivePair) String() string {
	return fmt.Sprintf("%s,%s,%s,%d,%s,%s", p.object, p.content, p.contentY, p.delta, p.account, p.accountY)
}

func (e naiveEdge) String() string {
	return fmt.Sprintf("%s,%s,%d,%d,%d,%d,%v", e.from, e.to, e.weight, e.sumDelta, e.nContent, e.nContentY, e.above)
}

// genRows draws small share tables dense in the awkward cases: equal times,
// gaps of exactly the window, repeated content ids, an object shared as its
// own content, accounts whose names sort against their order of appearance.
func genRows(t *rapid.T) []row {
	nAcc := rapid.IntRange(2, 8).Draw(t, "accounts")
	nObj := rapid.IntRange(1, 5).Draw(t, "objects")
	n := rapid.IntRange(0, 40).Draw(t, "rows")
	names := []string{"b", "a", "d", "c", "f", "e", "h", "g"}
	var rows []row
	for i := 0; i < n; i++ {
		obj := fmt.Sprintf("o%d", rapid.IntRange(0, nObj-1).Draw(t, "object"))
		content := fmt.Sprintf("c%d", i)
		switch rapid.IntRange(0, 9).Draw(t, "content kind") {
		case 0:
			if i > 0 {
				content = fmt.Sprintf("c%d", rapid.IntRange(0, i-1).Draw(t, "repeat")) // duplicate id
			}
		case 1:
			content = obj // the original post itself
		}
		rows = append(rows, row{
			object:  obj,
			account: names[rapid.IntRange(0, nAcc-1).Draw(t, "account")],
			content: content,
			t:       int64(rapid.IntRange(0, 30).Draw(t, "time")),
		})
	}
	return rows
}

func buildData(rows []row) *coord.Data {
	b := coord.NewBuilder(len(rows))
	for _, r := range rows {
		b.AddNano("", r.object, r.account, r.content, r.t*int64(time.Second))
	}
	return b.Data()
}

func resultPairs(r *coord.Result) []string {
	d := r.Data
	var out []string
	for _, pr := range r.Pairs {
		o, n := d.Shares[pr.Older], d.Shares[pr.Newer]
		out = append(out, naivePair{d.Objects[o.Object], d.Contents[o.Content], d.Contents[n.Content],
			(n.Time - o.Time) / int64(time.Second), d.Accounts[o.Account], d.Accounts[n.Account]}.String())
	}
	sort.Strings(out)
	return out
}

func resultEdges(r *coord.Result, withOrder bool) []string {
	d := r.Data
	var out []string
	for _, e := range r.Edges {
		from, to := d.Accounts[e.A], d.Accounts[e.B]
		if withOrder && e.BFirst {
			from, to = to, from
		}
		out = append(out, naiveEdge{from, to, int(e.Weight), e.SumDelta / int64(time.Second), int(e.NContent), int(e.NContentY), e.Above}.String())
	}
	sort.Strings(out)
	return out
}

func TestDetectMatchesNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows := genRows(t)
		w := int64(rapid.IntRange(0, 12).Draw(t, "window"))
		m := rapid.IntRange(0, 4).Draw(t, "min participation")
		p := rapid.SampledFrom([]float64{0, 0.25, 0.5, 0.9, 1}).Draw(t, "edge weight")
		pairs, edges, q := naiveCoortweet(rows, w, m, p)
		var wantPairs, wantEdges []string
		for _, pr := range pairs {
			wantPairs = append(wantPairs, pr.String())
		}
		for _, e := range edges {
			wantEdges = append(wantEdges, e.String())
		}
		sort.Strings(wantPairs)
		sort.Strings(wantEdges)

		params := coord.DefaultParams()
		params.Window, params.MinParticipation, params.EdgeWeight = time.Duration(w)*time.Second, m, p
		r, err := coord.Detect(buildData(rows), params)
		if err != nil {
			t.Fatal(err)
		}
		if got := resultPairs(r); !slices.Equal(got, wantPairs) {
			t.Fatalf("pairs\n got %v\nwant %v", got, wantPairs)
		}
		if got := resultEdges(r, true); !slices.Equal(got, wantEdges) {
			t.Fatalf("edges\n got %v\nwant %v", got, wantEdges)
		}
		if len(edges) > 0 && r.Threshold != q {
			t.Fatalf("threshold %v, want %v", r.Threshold, q)
		}
	})
}

// TestStreamMatchesBatch feeds shares in time order (with some arrivals out
// of order within the lateness) and checks the stream's snapshot against
// Detect on the same shares in the same arrival order.
func TestStreamMatchesBatch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows := genRows(t)
		slices.SortStableFunc(rows, func(a, b row) int { return int(a.t - b.t) })
		lateness := int64(rapid.IntRange(0, 3).Draw(t, "lateness"))
		// Jitter arrival order within the lateness.
		for i := 1; i < len(rows); i++ {
			if rows[i].t-rows[i-1].t <= lateness && rapid.Bool().Draw(t, "swap") {
				rows[i], rows[i-1] = rows[i-1], rows[i]
			}
		}
		params := coord.DefaultParams()
		params.Window = time.Duration(rapid.IntRange(0, 12).Draw(t, "window")) * time.Second
		params.MinParticipation = rapid.IntRange(0, 4).Draw(t, "min participation")
		params.EdgeWeight = rapid.SampledFrom([]float64{0, 0.5, 0.9}).Draw(t, "edge weight")
		if rapid.Bool().Draw(t, "fast") {
			params.FastWindow = params.Window / 2
		}
		st, err := coord.NewStream(params, time.Duration(lateness)*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		var arrived []row
		for _, r := range rows {
			err := st.Add("", r.object, r.account, r.content, r.t*int64(time.Second))
			if err != nil {
				continue // too late: the batch does not see it either
			}
			arrived = append(arrived, r)
		}
		st.Flush()
		got, err := st.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		want, err := coord.Detect(buildData(arrived), params)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := resultPairs(got), resultPairs(want); !slices.Equal(g, w) {
			t.Fatalf("pairs\n got %v\nwant %v", g, w)
		}
		if g, w := resultEdges(got, false), resultEdges(want, false); !slices.Equal(g, w) {
			t.Fatalf("edges\n got %v\nwant %v", g, w)
		}
		for i := range got.Edges {
			if got.Edges[i].Fast != want.Edges[i].Fast {
				t.Fatalf("fast side of edge %d: got %+v, want %+v", i, got.Edges[i].Fast, want.Edges[i].Fast)
			}
		}
		if got.Threshold != want.Threshold && !(math.IsNaN(got.Threshold) && math.IsNaN(want.Threshold)) {
			t.Fatalf("threshold %v, want %v", got.Threshold, want.Threshold)
		}
		if len(got.Clusters) != len(want.Clusters) {
			t.Fatalf("%d clusters, want %d", len(got.Clusters), len(want.Clusters))
		}
	})
}
