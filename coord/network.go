package coord

import (
	"cmp"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// network is the pairs and edges of one run of the engine, before clusters.
// The null model builds many of them from shuffled times.
type network struct {
	pairs         []Pair
	edges         []Edge
	threshold     float64
	fastThreshold float64
}

// entry is a share as the per-object sweep sees it: contiguous, so the inner
// loop stays in cache.
type entry struct {
	t       int64
	account uint32
	idx     uint32
	content uint32
	object  uint32
}

// cpair is a coordinated pair with what the network needs of its two
// shares, gathered once by the sweep: the filters and the aggregation then
// read one compact array instead of shares scattered over memory.
type cpair struct {
	delta          int64
	older, newer   uint32 // share indexes
	object         uint32
	cOlder, cNewer uint32 // contents
	aOlder, aNewer uint32 // accounts
	fast           bool
}

// makePair gathers a pair's record from the shares.
func makePair(shares []Share, older, newer uint32) cpair {
	o, n := &shares[older], &shares[newer]
	return cpair{delta: n.Time - o.Time, older: older, newer: newer, object: o.Object,
		cOlder: o.Content, cNewer: n.Content, aOlder: o.Account, aNewer: n.Account}
}

// publicPairs turns the records into the Result's pairs.
func publicPairs(cps []cpair) []Pair {
	out := make([]Pair, len(cps))
	for i, c := range cps {
		out[i] = Pair{Older: c.older, Newer: c.newer, Fast: c.fast}
	}
	return out
}

// byObject returns the shares selected by keep grouped by object, each group
// ordered by (time, account, input index). Accounts are numbered in order of
// first appearance, so this is CooRTweet's order: its pre-filter regroups
// rows by account, and ties in time keep that order.
func byObject(d *Data, shares []Share, keep func(i int) bool) (offsets []int32, ents []entry) {
	// A counting sort straight into a million object buckets writes all
	// over memory. Two passes do better: first into at most 2048 buckets of
	// the object id's high bits (a few thousand write streams, which the
	// caches absorb), then each bucket by its low bits, in cache and on
	// every core. Both passes are stable, so input order survives within an
	// object.
	nObj := len(d.Objects)
	lowBits := max(0, bits.Len(uint(nObj))-11)
	nHi := nObj>>lowBits + 1
	// Pass one runs on every core over its own range of shares; within a
	// bucket, an earlier range's entries go first, which keeps input order.
	k := runtime.GOMAXPROCS(0)
	if len(shares) < 1<<16 {
		k = 1
	}
	counts := make([][]int, k)
	var wg sync.WaitGroup
	for part := range k {
		wg.Go(func() {
			c := make([]int, nHi)
			for i := len(shares) * part / k; i < len(shares)*(part+1)/k; i++ {
				if keep(i) {
					c[shares[i].Object>>lowBits]++
				}
			}
			counts[part] = c
		})
	}
	wg.Wait()
	hiStart := make([]int, nHi+1)
	for h := 0; h < nHi; h++ {
		total := 0
		for part := range k {
			c := counts[part][h]
			counts[part][h] = hiStart[h] + total // where this part writes in bucket h
			total += c
		}
		hiStart[h+1] = hiStart[h] + total
	}
	n := hiStart[nHi]
	tmp := make([]entry, n)
	for part := range k {
		wg.Go(func() {
			next := counts[part]
			for i := len(shares) * part / k; i < len(shares)*(part+1)/k; i++ {
				if keep(i) {
					s := &shares[i]
					h := s.Object >> lowBits
					tmp[next[h]] = entry{t: s.Time, account: s.Account, idx: uint32(i), content: s.Content, object: s.Object}
					next[h]++
				}
			}
		})
	}
	wg.Wait()
	offsets = make([]int32, nObj+1)
	offsets[nObj] = int32(n)
	ents = make([]entry, n)
	parts := ranges(nHi, n, func(h int) int { return hiStart[h] })
	for _, r := range parts {
		wg.Go(func() {
			count := make([]int32, 1<<lowBits+1)
			for h := r[0]; h < r[1]; h++ {
				lo, hi := h<<lowBits, min((h+1)<<lowBits, nObj)
				src := tmp[hiStart[h]:hiStart[h+1]]
				clear(count)
				for k := range src {
					count[int(src[k].object)-lo+1]++
				}
				base := int32(hiStart[h])
				for o := lo; o < hi; o++ {
					count[o-lo+1] += count[o-lo]
					offsets[o] = base + count[o-lo]
				}
				for k := range src {
					j := int(src[k].object) - lo
					ents[base+count[j]] = src[k]
					count[j]++
				}
				for o := lo; o < hi; o++ {
					end := int32(hiStart[h+1]) // the next bucket's offsets may not be written yet
					if o+1 < hi {
						end = offsets[o+1]
					}
					if g := ents[offsets[o]:end]; len(g) > 1 {
						sortEntries(g)
					}
				}
			}
		})
	}
	wg.Wait()
	return offsets, ents
}

// sweep pairs every two shares of one object whose times differ by at most
// w, older first, leaving out pairs of one account or of one content when
// asked. Objects are independent, so ranges of them are swept in parallel
// and the results joined in object order.
func sweep(offsets []int32, ents []entry, w int64, skipAccount, skipContent bool) []cpair {
	// Two passes, counting then filling, so that millions of pairs land in
	// one allocation of the right size instead of growing slices.
	each := func(from, to int, emit func(o int, oi, nj *entry)) {
		for o := from; o < to; o++ {
			g := ents[offsets[o]:offsets[o+1]]
			lo := 0
			for j := 1; j < len(g); j++ {
				nj := &g[j]
				for nj.t-g[lo].t > w {
					lo++
				}
				for i := lo; i < j; i++ {
					oi := &g[i]
					if (skipAccount && oi.account == nj.account) || (skipContent && oi.content == nj.content) {
						continue
					}
					emit(o, oi, nj)
				}
			}
		}
	}
	parts := ranges(len(offsets)-1, len(ents), func(o int) int { return int(offsets[o]) })
	counts := make([]int, len(parts)+1)
	var wg sync.WaitGroup
	for k, r := range parts {
		wg.Go(func() { each(r[0], r[1], func(int, *entry, *entry) { counts[k+1]++ }) })
	}
	wg.Wait()
	for k := 1; k < len(counts); k++ {
		counts[k] += counts[k-1]
	}
	pairs := make([]cpair, counts[len(parts)])
	for k, r := range parts {
		wg.Go(func() {
			out := pairs[counts[k]:counts[k+1]]
			n := 0
			each(r[0], r[1], func(o int, oi, nj *entry) {
				out[n] = cpair{delta: nj.t - oi.t, older: oi.idx, newer: nj.idx, object: uint32(o),
					cOlder: oi.content, cNewer: nj.content, aOlder: oi.account, aNewer: nj.account}
				n++
			})
		})
	}
	wg.Wait()
	return pairs
}

// ranges cuts [0, n) into about one range per core of about equal weight,
// where weight(i) is the cumulative weight before item i (of total in all),
// or returns one range when the work is too small to share.
func ranges(n, total int, weight func(i int) int) [][2]int {
	k := runtime.GOMAXPROCS(0)
	if k == 1 || total < 1<<15 {
		return [][2]int{{0, n}}
	}
	var out [][2]int
	from := 0
	for part := 1; part <= k; part++ {
		to := n
		if part < k {
			target := total * part / k
			to = from + sort.Search(n-from, func(i int) bool { return weight(from+i) >= target })
		}
		if to > from {
			out = append(out, [2]int{from, to})
		}
		from = to
	}
	return out
}

func entryLess(a, b *entry) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	if a.account != b.account {
		return a.account < b.account
	}
	return a.idx < b.idx
}

func sortEntries(g []entry) {
	if len(g) <= 12 {
		for i := 1; i < len(g); i++ {
			for j := i; j > 0 && entryLess(&g[j], &g[j-1]); j-- {
				g[j], g[j-1] = g[j-1], g[j]
			}
		}
		return
	}
	sorted := true
	for i := 1; i < len(g); i++ {
		if entryLess(&g[i], &g[i-1]) {
			sorted = false
			break
		}
	}
	if sorted {
		return
	}
	slices.SortFunc(g, func(a, b entry) int {
		if c := cmp.Compare(a.t, b.t); c != 0 {
			return c
		}
		if c := cmp.Compare(a.account, b.account); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
}

// loopShares marks shares whose object is their own content: the original
// post listed among its reposts. CooRTweet's remove_loops drops every pair
// that touches one.
func loopShares(d *Data, shares []Share) []uint64 {
	marks := newBits(len(shares))
	var found atomic.Bool
	// Ranges start on word boundaries, so no two goroutines share a word.
	parallelFrom((len(shares)+63)/64, 1<<9, func(lo, hi int) {
		any := false
		for i := lo * 64; i < min(hi*64, len(shares)); i++ {
			s := &shares[i]
			if d.Objects[s.Object] == d.Contents[s.Content] {
				marks[i>>6] |= 1 << (i & 63)
				any = true
			}
		}
		if any {
			found.Store(true)
		}
	})
	if !found.Load() {
		return nil
	}
	return marks
}

func hasBit(b []uint64, i uint32) bool {
	return b != nil && b[i>>6]&(1<<(i&63)) != 0
}

func setBit(b []uint64, i uint32) { b[i>>6] |= 1 << (i & 63) }

func newBits(n int) []uint64 { return make([]uint64, (n+63)/64) }

// coortweetNetwork runs CooRTweet's detect_groups, flag_speed_share and
// generate_coordinated_network on shares (d's shares, or shuffled copies of
// them for the null model).
func coortweetNetwork(d *Data, shares []Share, p Params) network {
	m := p.MinParticipation
	// 1. Pre-filter: accounts with fewer than m rows in the input go.
	rows := make([]int32, len(d.Accounts))
	for i := range shares {
		rows[shares[i].Account]++
	}
	kept := func(i int) bool { return int(rows[shares[i].Account]) >= m }

	// 2-3. Every pair of shares of one object within the window, loops
	// removed. Shares that are their object's own content can only form
	// loops, so they are left out of the sweep.
	var loops []uint64
	if !p.KeepLoops {
		loops = loopShares(d, shares)
	}
	offsets, ents := byObject(d, shares, func(i int) bool {
		return kept(i) && !hasBit(loops, uint32(i))
	})
	pairs := sweep(offsets, ents, int64(p.Window), !p.KeepLoops, !p.KeepLoops)

	// Where objects first appear in CooRTweet's regrouped input, for igraph's
	// order: the least (account, row) of each object's kept rows, loop rows
	// included.
	objFirst := make([]uint64, len(d.Objects))
	for o := range objFirst {
		objFirst[o] = noRow
		for _, e := range ents[offsets[o]:offsets[o+1]] {
			objFirst[o] = min(objFirst[o], rowKey(e.account, e.idx))
		}
	}
	forBits(loops, func(i uint32) {
		if kept(int(i)) {
			o := shares[i].Object
			objFirst[o] = min(objFirst[o], rowKey(shares[i].Account, i))
		}
	})
	return finishCoortweet(d, pairs, batchRows(d, shares, kept), objFirst, p)
}

// noRow sorts after every row key.
const noRow = 1<<64 - 1

// rowKey is a row's place in CooRTweet's input after its pre-filter, which
// regroups rows by account (numbered in order of first appearance) and keeps
// input order within an account.
func rowKey(account, idx uint32) uint64 { return uint64(account)<<32 | uint64(idx) }

// forBits calls fn with every index set in b.
func forBits(b []uint64, fn func(i uint32)) {
	for w, word := range b {
		for word != 0 {
			fn(uint32(w*64 + bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
}

// rowsOf reports the kept input rows that carry content c, as (account,
// number of rows) tallies. account is the account of a kept share with that
// content (from a pair), which is the only one when the content is unique;
// a nil rowsOf means every content is.
type rowsOf func(c, account uint32, yield func(account uint32, n int32))

// batchRows indexes the kept rows whose content id is repeated (rare: ids
// are meant to be unique); every other content has exactly the one row that
// the caller already holds.
func batchRows(d *Data, shares []Share, kept func(int) bool) rowsOf {
	seen, multi := newBits(len(d.Contents)), newBits(len(d.Contents))
	any := false
	for i := range shares {
		if !kept(i) {
			continue
		}
		c := shares[i].Content
		if hasBit(seen, c) {
			setBit(multi, c)
			any = true
		}
		setBit(seen, c)
	}
	if !any {
		return nil // every content has one row: the one in its pair
	}
	dup := map[uint32][]uint32{}
	for i := range shares {
		if c := shares[i].Content; hasBit(multi, c) && kept(i) {
			dup[c] = append(dup[c], uint32(i))
		}
	}
	return func(c, account uint32, yield func(account uint32, n int32)) {
		if rows, ok := dup[c]; ok {
			for _, i := range rows {
				yield(shares[i].Account, 1)
			}
			return
		}
		yield(account, 1)
	}
}

// finishCoortweet takes CooRTweet's raw pairs (window and loops applied,
// pre-filtered accounts only) to the network: the participation
// post-filter, the fast flag, edges, thresholds and igraph's edge order.
// rows tells which kept input rows carry a content; objFirst gives each
// object's first row key (noRow when it has none).
func finishCoortweet(d *Data, pairs []cpair, rows rowsOf, objFirst []uint64, p Params) network {
	m := p.MinParticipation
	// 4. Post-filter (CooRTweet's filter_min_participation).
	if m >= 1 {
		pairs = participationFilter(len(d.Contents), len(d.Accounts), rows, pairs, m)
	}
	// flag_speed_share: the same filter on the pairs within the fast window;
	// a pair is fast when its (older, newer) contents match a surviving one.
	if p.FastWindow > 0 {
		flagFast(len(d.Contents), len(d.Accounts), rows, pairs, int64(p.FastWindow), m)
	}
	net := network{}
	edges, cps, first := aggregate(d, pairs, p.FastWindow > 0, p.PostPairs, objFirst)
	net.edges = edges
	net.threshold = applyThreshold(net.edges, p.EdgeWeight, false)
	if p.FastWindow > 0 {
		net.fastThreshold = applyThreshold(net.edges, p.EdgeWeight, true)
	}
	igraphOrder(len(d.Accounts), net.edges, first)
	net.pairs = publicPairs(cps)
	return net
}

// igraphOrder sets BFirst where CooRTweet's output lists an edge's accounts
// in reverse name order. CooRTweet's pair table runs object by object
// (objects in order of first appearance in its account-regrouped input),
// and within an object by the later row then the earlier one; its edge table
// keeps the order in which each account pair first appears there; igraph
// numbers vertices by first appearance in the edge table's first column
// (the name-smaller account, A), then its second (B); and it prints each
// edge from its lower-numbered vertex. So B comes first exactly when B also
// appears in the first column, on an edge that comes before every edge
// with A there. first holds each edge's first row in the pair table (see
// aggregate); no sort is needed, only each account's earliest edge as A.
func igraphOrder(nAccounts int, edges []Edge, first []tableRow) {
	if len(edges) == 0 || first == nil {
		return
	}
	asA := make([]int32, nAccounts) // index+1 of the account's earliest edge as A
	for i := range edges {
		a := edges[i].A
		if j := asA[a] - 1; j < 0 || first[i].compare(first[j]) < 0 {
			asA[a] = int32(i + 1)
		}
	}
	for i := range edges {
		e := &edges[i]
		jb, ja := asA[e.B]-1, asA[e.A]-1
		e.BFirst = jb >= 0 && first[jb].compare(first[ja]) < 0
	}
}

// tableRow places a pair in CooRTweet's pair table: its object's first
// row, then the later and the earlier of its two rows.
type tableRow struct{ obj, later, earlier uint64 }

func (a tableRow) compare(b tableRow) int {
	if c := cmp.Compare(a.obj, b.obj); c != 0 {
		return c
	}
	if c := cmp.Compare(a.later, b.later); c != 0 {
		return c
	}
	return cmp.Compare(a.earlier, b.earlier)
}

func (c *cpair) tableRow(objFirst []uint64) tableRow {
	a, b := rowKey(c.aOlder, c.older), rowKey(c.aNewer, c.newer)
	if a > b {
		a, b = b, a
	}
	return tableRow{objFirst[c.object], b, a}
}

// participationFilter keeps a pair when its older or newer content belongs
// to the qualified contents: the contents, among those in any pair, of rows
// of accounts that have at least m rows whose content is in some pair.
// Counting rows, not distinct contents, and keeping a pair when either side
// qualifies are both CooRTweet's choices. The work follows the pairs, not
// the input: the rows that matter are the rows of contents found in pairs.
func participationFilter(nContents, nAccounts int, rows rowsOf, pairs []cpair, m int) []cpair {
	// Each distinct content in the pairs adds its rows to its accounts'
	// counts; a nil rows means every content has just the one row at hand.
	seen := newBits(nContents)
	count := make([]int32, nAccounts)
	add := func(c, a uint32) {
		if hasBit(seen, c) {
			return
		}
		setBit(seen, c)
		if rows == nil {
			count[a]++
			return
		}
		rows(c, a, func(a uint32, n int32) { count[a] += n })
	}
	for i := range pairs {
		add(pairs[i].cOlder, pairs[i].aOlder)
		add(pairs[i].cNewer, pairs[i].aNewer)
	}
	// A content qualifies when a row of a qualified account carries it.
	clear(seen)
	qualified := newBits(nContents)
	check := func(c, a uint32) {
		if hasBit(seen, c) {
			return
		}
		setBit(seen, c)
		if rows == nil {
			if int(count[a]) >= m {
				setBit(qualified, c)
			}
			return
		}
		rows(c, a, func(a uint32, _ int32) {
			if int(count[a]) >= m {
				setBit(qualified, c)
			}
		})
	}
	for i := range pairs {
		check(pairs[i].cOlder, pairs[i].aOlder)
		check(pairs[i].cNewer, pairs[i].aNewer)
	}
	out := pairs[:0]
	for i := range pairs {
		if hasBit(qualified, pairs[i].cOlder) || hasBit(qualified, pairs[i].cNewer) {
			out = append(out, pairs[i])
		}
	}
	return out
}

func flagFast(nContents, nAccounts int, rows rowsOf, pairs []cpair, fw int64, m int) {
	fast := make([]cpair, 0, len(pairs)/4)
	for _, pr := range pairs {
		if pr.delta <= fw {
			fast = append(fast, pr)
		}
	}
	if m >= 1 {
		fast = participationFilter(nContents, nAccounts, rows, fast, m)
	}
	key := func(pr *cpair) uint64 { return uint64(pr.cOlder)<<32 | uint64(pr.cNewer) }
	set := make(map[uint64]struct{}, len(fast))
	for i := range fast {
		set[key(&fast[i])] = struct{}{}
	}
	for i := range pairs {
		if _, ok := set[key(&pairs[i])]; ok {
			pairs[i].fast = true
		}
	}
}

// applyThreshold sets Above on every edge whose weight is strictly greater
// than the p-quantile (R type 7) of the weights, and returns that quantile.
// The fast network's quantile is taken over the edges that have fast pairs.
func applyThreshold(edges []Edge, p float64, fast bool) float64 {
	if p == NoThreshold {
		for i := range edges {
			edges[i].Side.Above = edges[i].Side.Weight > 0
			edges[i].Fast.Above = edges[i].Fast.Weight > 0
		}
		return 0
	}
	ws := make([]float64, 0, len(edges))
	for i := range edges {
		s := &edges[i].Side
		if fast {
			s = &edges[i].Fast
			if s.Weight == 0 {
				continue
			}
		}
		ws = append(ws, float64(s.Weight))
	}
	if len(ws) == 0 {
		return 0
	}
	q := Quantile(ws, p)
	for i := range edges {
		s := &edges[i].Side
		if fast {
			s = &edges[i].Fast
		}
		s.Above = s.Weight > 0 && float64(s.Weight) > q
	}
	return q
}

// accountRanks numbers the accounts that appear in pairs by their names in
// byte order, which orients edges as CooRTweet's pmin/pmax do.
func accountRanks(d *Data, pairs []cpair) (rank []uint32, byRank []uint32) {
	seen := newBits(len(d.Accounts))
	for i := range pairs {
		for _, a := range [2]uint32{pairs[i].aOlder, pairs[i].aNewer} {
			if !hasBit(seen, a) {
				setBit(seen, a)
				byRank = append(byRank, a)
			}
		}
	}
	slices.SortFunc(byRank, func(a, b uint32) int { return cmp.Compare(d.Accounts[a], d.Accounts[b]) })
	rank = make([]uint32, len(d.Accounts))
	for r, a := range byRank {
		rank[a] = uint32(r)
	}
	return rank, byRank
}

// aggregate groups pairs by unordered account pair and computes each edge's
// statistics. It returns the edges in name order and the pairs regrouped so
// that each edge's pairs are contiguous; with objFirst, also each edge's
// first row in CooRTweet's pair table, for igraphOrder.
func aggregate(d *Data, pairs []cpair, withFast, postPairs bool, objFirst []uint64) ([]Edge, []cpair, []tableRow) {
	if len(pairs) == 0 {
		return nil, pairs, nil
	}
	rank, byRank := accountRanks(d, pairs)
	keyed := make([]keyedPair, len(pairs))
	parallel(len(pairs), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			a, b := rank[pairs[i].aOlder], rank[pairs[i].aNewer]
			if a > b {
				a, b = b, a
			}
			keyed[i] = keyedPair{key: uint64(a)<<32 | uint64(b), idx: uint32(i)}
		}
	})
	sortKeyed(keyed, len(byRank))

	nEdges := 1
	for i := 1; i < len(keyed); i++ {
		if keyed[i].key != keyed[i-1].key {
			nEdges++
		}
	}
	edges := make([]Edge, 0, nEdges)
	for start := 0; start < len(keyed); {
		end := start + 1
		for end < len(keyed) && keyed[end].key == keyed[start].key {
			end++
		}
		edges = append(edges, Edge{
			A:         byRank[keyed[start].key>>32],
			B:         byRank[uint32(keyed[start].key)],
			PairStart: start,
			PairEnd:   end,
		})
		start = end
	}
	out := make([]cpair, len(keyed))
	var first []tableRow
	if objFirst != nil {
		first = make([]tableRow, len(edges))
	}
	parallel(len(edges), func(lo, hi int) {
		var sc sideScratch
		for i := lo; i < hi; i++ {
			e := &edges[i]
			run := out[e.PairStart:e.PairEnd]
			for k, kp := range keyed[e.PairStart:e.PairEnd] {
				run[k] = pairs[kp.idx]
			}
			e.Side = sideOf(run, false, postPairs, &sc)
			if withFast {
				e.Fast = sideOf(run, true, postPairs, &sc)
			}
			for k := range run {
				if len(d.ObjectKind) > 0 {
					if kind := d.ObjectKind[run[k].object]; kind < 64 {
						e.Kinds |= 1 << kind
					}
				}
				if first != nil {
					if row := run[k].tableRow(objFirst); k == 0 || row.compare(first[i]) < 0 {
						first[i] = row
					}
				}
			}
		}
	})
	return edges, out, first
}

func sideOf(run []cpair, fast, postPairs bool, sc *sideScratch) Side {
	var s Side
	sc.older, sc.newer, sc.posts = sc.older[:0], sc.newer[:0], sc.posts[:0]
	for i := range run {
		pr := &run[i]
		if fast && !pr.fast {
			continue
		}
		s.Weight++
		s.SumDelta += pr.delta
		sc.older = append(sc.older, pr.cOlder)
		sc.newer = append(sc.newer, pr.cNewer)
		if postPairs {
			sc.posts = append(sc.posts, postPair{uint64(pr.cOlder)<<32 | uint64(pr.cNewer), pr.delta})
		}
	}
	s.NContent = int32(countDistinct(sc.older))
	s.NContentY = int32(countDistinct(sc.newer))
	if postPairs && len(sc.posts) > 1 {
		// Two posts tied by several objects (a link, its domain, a hashtag)
		// are one coordinated pair of posts.
		slices.SortFunc(sc.posts, func(a, b postPair) int { return cmp.Compare(a.key, b.key) })
		s.Weight, s.SumDelta = 0, 0
		for i, pp := range sc.posts {
			if i == 0 || pp.key != sc.posts[i-1].key {
				s.Weight++
				s.SumDelta += pp.delta
			}
		}
	}
	return s
}

type postPair struct {
	key   uint64
	delta int64
}

// sideScratch is reused across the edges one goroutine aggregates.
type sideScratch struct {
	older, newer []uint32
	posts        []postPair
}

// countDistinct counts distinct values, reordering xs.
func countDistinct(xs []uint32) int {
	switch len(xs) {
	case 0, 1:
		return len(xs)
	case 2:
		if xs[0] == xs[1] {
			return 1
		}
		return 2
	}
	slices.Sort(xs)
	n := 1
	for i := 1; i < len(xs); i++ {
		if xs[i] != xs[i-1] {
			n++
		}
	}
	return n
}

// parallel runs fn over [0, n) cut into one range per core, or in one call
// when n is too small for that to pay.
func parallel(n int, fn func(lo, hi int)) { parallelFrom(n, 1<<14, fn) }

// parallelFrom is parallel for items of some weight: it shares the work
// once there are at least least items.
func parallelFrom(n, least int, fn func(lo, hi int)) {
	k := runtime.GOMAXPROCS(0)
	if k == 1 || n < least {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for part := 0; part < k; part++ {
		lo, hi := n*part/k, n*(part+1)/k
		wg.Go(func() { fn(lo, hi) })
	}
	wg.Wait()
}
