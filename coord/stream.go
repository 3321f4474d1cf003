package coord

import (
	"container/heap"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Stream is the incremental form of the CooRTweet engine, for a live feed.
// It takes shares in time order, give or take Lateness, and keeps in memory
// only the shares still inside the window of their object, the shares that
// formed a pair, the pairs, and two small counters per account and per
// content (the participation filters need them). Snapshot gives the same
// pairs, edges, thresholds and clusters as Detect on the same shares in the
// same order; a property test holds it to that.
//
// Two things differ from Detect by design: Snapshot skips the null model
// (it needs every share), and BFirst, which only mirrors CooRTweet's
// printing order, is derived from the shares the stream kept.
type Stream struct {
	p       Params
	names   *Builder
	rows    []int32 // rows per account
	windows [][]winEntry
	active  []uint32 // objects that may hold window entries, each once
	listed  []bool   // whether an object is in active
	// Per content: its first account and that account's rows; rows by other
	// accounts (rare: ids are meant to be unique) go to more.
	cAccount []uint32
	cRows    []int32
	more     map[uint32]map[uint32]int32
	kept     []Share  // shares that formed a pair
	keptSeq  []uint32 // their arrival numbers
	pairs    []Pair   // indexes into kept
	// Reordering for late arrivals.
	pending  shareHeap
	maxTime  int64
	released int64 // time of the last share released to the window sweep
	seq      uint32
	sweeps   int
}

// streamEntry is a share waiting in the reordering heap, with its arrival
// number.
type streamEntry struct {
	s   Share
	seq uint32
}

type winEntry struct {
	t       int64
	account uint32
	content uint32
	seq     uint32
	kept    int32 // index in Stream.kept, or -1
}

// ErrLate reports a share older than shares already processed.
var ErrLate = errors.New("share arrived too late")

// NewStream returns a stream with the given parameters. lateness is how far
// behind the newest share a share may arrive and still be placed in order;
// later than that, Add returns ErrLate. Shares are held back that long
// before they are paired.
func NewStream(p Params, lateness time.Duration) (*Stream, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.Semantics != CooRTweet {
		return nil, fmt.Errorf("%w: the stream implements CooRTweet semantics only", ErrInvalidParams)
	}
	if lateness < 0 {
		return nil, fmt.Errorf("%w: lateness %v is negative", ErrInvalidParams, lateness)
	}
	return &Stream{p: p, names: NewBuilder(1 << 10), more: map[uint32]map[uint32]int32{},
		pending: shareHeap{lateness: int64(lateness)}, maxTime: -1 << 63, released: -1 << 63}, nil
}

// Add takes one share. ns is its time in Unix nanoseconds.
func (st *Stream) Add(kind, object, account, content string, ns int64) error {
	if ns < st.released {
		return fmt.Errorf("%w: %v is before %v, already processed", ErrLate,
			time.Unix(0, ns).UTC().Format(time.RFC3339Nano), time.Unix(0, st.released).UTC().Format(time.RFC3339Nano))
	}
	s := st.names.share(kind, object, account, content, ns)
	for int(s.Account) >= len(st.rows) {
		st.rows = append(st.rows, 0)
	}
	st.rows[s.Account]++
	st.tally(s.Content, s.Account)
	heap.Push(&st.pending, streamEntry{s: s, seq: st.seq})
	st.seq++
	st.maxTime = max(st.maxTime, ns)
	for st.pending.Len() > 0 && st.pending.items[0].s.Time <= st.maxTime-st.pending.lateness {
		st.process(heap.Pop(&st.pending).(streamEntry))
	}
	return nil
}

// Flush processes every share still held back for late arrivals. Call it at
// the end of the input, before the final Snapshot.
func (st *Stream) Flush() {
	for st.pending.Len() > 0 {
		st.process(heap.Pop(&st.pending).(streamEntry))
	}
}

func (st *Stream) tally(c, a uint32) {
	for int(c) >= len(st.cAccount) {
		st.cAccount = append(st.cAccount, a)
		st.cRows = append(st.cRows, 0)
	}
	if st.cAccount[c] == a {
		st.cRows[c]++
		return
	}
	m := st.more[c]
	if m == nil {
		m = map[uint32]int32{}
		st.more[c] = m
	}
	m[a]++
}

func (st *Stream) process(e streamEntry) {
	s := e.s
	st.released = s.Time
	d := st.names
	if !st.p.KeepLoops && d.names[s.Object] == d.contents.Name(s.Content) {
		return // an object shared as its own content only forms loops
	}
	for int(s.Object) >= len(st.windows) {
		st.windows = append(st.windows, nil)
		st.listed = append(st.listed, false)
	}
	w := int64(st.p.Window)
	win := st.windows[s.Object]
	drop := 0
	for drop < len(win) && s.Time-win[drop].t > w {
		drop++
	}
	win = win[drop:]
	me := winEntry{t: s.Time, account: s.Account, content: s.Content, seq: e.seq, kept: -1}
	for i := range win {
		o := &win[i]
		if !st.p.KeepLoops && (o.account == me.account || o.content == me.content) {
			continue
		}
		// Older is the smaller (time, account, arrival), as in Detect.
		older, newer := o, &me
		if o.t == me.t && (me.account < o.account || (me.account == o.account && me.seq < o.seq)) {
			older, newer = &me, o
		}
		st.pairs = append(st.pairs, Pair{Older: st.keep(s.Object, older), Newer: st.keep(s.Object, newer)})
	}
	if !st.listed[s.Object] {
		st.listed[s.Object] = true
		st.active = append(st.active, s.Object)
	}
	st.windows[s.Object] = append(win, me)
	st.sweeps++
	if st.sweeps >= 1<<16 {
		st.evict()
	}
}

// keep stores the share of a window entry once it forms a pair.
func (st *Stream) keep(object uint32, e *winEntry) uint32 {
	if e.kept < 0 {
		e.kept = int32(len(st.kept))
		st.kept = append(st.kept, Share{Object: object, Account: e.account, Content: e.content, Time: e.t})
		st.keptSeq = append(st.keptSeq, e.seq)
	}
	return uint32(e.kept)
}

// evict drops window entries that no future share can pair with, so that
// memory follows the window, not the history.
func (st *Stream) evict() {
	st.sweeps = 0
	w := int64(st.p.Window)
	active := st.active[:0]
	for _, o := range st.active {
		win := st.windows[o]
		drop := 0
		for drop < len(win) && st.released-win[drop].t > w {
			drop++
		}
		if drop == len(win) {
			st.windows[o] = nil
			st.listed[o] = false
			continue
		}
		if drop > 0 {
			st.windows[o] = slices.Clone(win[drop:])
		}
		active = append(active, o)
	}
	st.active = active
}

// Held is the number of shares the stream holds in memory: in windows,
// waiting for late arrivals, or kept because they formed a pair.
func (st *Stream) Held() (window, pending, kept int) {
	for _, o := range st.active {
		window += len(st.windows[o])
	}
	return window, st.pending.Len(), len(st.kept)
}

// Snapshot returns the network of the shares processed so far (Flush first
// to include those held back for late arrivals), with clusters.
func (st *Stream) Snapshot() (*Result, error) {
	p := st.p
	p.NullRuns = 0
	d := st.names.tables()
	// Present the kept shares in arrival order, which is the input order of
	// the equivalent batch run.
	order := make([]uint32, len(st.kept))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return int(st.keptSeq[a]) - int(st.keptSeq[b]) })
	pos := make([]uint32, len(st.kept))
	d.Shares = make([]Share, len(st.kept))
	for i, k := range order {
		d.Shares[i] = st.kept[k]
		pos[k] = uint32(i)
	}
	m := p.MinParticipation
	keptAccount := func(a uint32) bool { return int(st.rows[a]) >= m }
	var pairs []cpair
	for _, pr := range st.pairs {
		o, n := pos[pr.Older], pos[pr.Newer]
		if keptAccount(d.Shares[o].Account) && keptAccount(d.Shares[n].Account) {
			pairs = append(pairs, makePair(d.Shares, o, n))
		}
	}
	rows := func(c, _ uint32, yield func(account uint32, n int32)) {
		if a := st.cAccount[c]; st.cRows[c] > 0 && keptAccount(a) {
			yield(a, st.cRows[c])
		}
		for a, n := range st.more[c] {
			if keptAccount(a) {
				yield(a, n)
			}
		}
	}
	// igraph's order needs where each object first appears among all kept
	// rows; the stream knows only the rows that formed pairs.
	objFirst := make([]uint64, len(d.Objects))
	for o := range objFirst {
		objFirst[o] = noRow
	}
	for i, sh := range d.Shares {
		if keptAccount(sh.Account) {
			objFirst[sh.Object] = min(objFirst[sh.Object], rowKey(sh.Account, uint32(i)))
		}
	}
	net := finishCoortweet(d, pairs, rows, objFirst, p)
	r := &Result{Data: d, Params: p, Pairs: net.pairs, Edges: net.edges, Threshold: net.threshold, FastThreshold: net.fastThreshold}
	if err := r.cluster(); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return r, nil
}

// shareHeap orders held-back shares by time, then arrival.
type shareHeap struct {
	items    []streamEntry
	lateness int64
}

func (h *shareHeap) Len() int { return len(h.items) }
func (h *shareHeap) Less(i, j int) bool {
	a, b := &h.items[i], &h.items[j]
	if a.s.Time != b.s.Time {
		return a.s.Time < b.s.Time
	}
	return a.seq < b.seq
}
func (h *shareHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *shareHeap) Push(x any)    { h.items = append(h.items, x.(streamEntry)) }
func (h *shareHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}
