package coord

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Share is one act of sharing: an account shared an object in a piece of
// content (a post) at a time. Ids index the names in Data.
type Share struct {
	Object  uint32
	Account uint32
	Content uint32
	// Time is in nanoseconds since the Unix epoch, so sub-second input keeps
	// its precision while whole seconds stay exact integers.
	Time int64
}

// Data is a set of shares with the names behind their ids. Account ids must
// be handed out in order of first appearance in the input (Interner does
// this): the engine uses them to break ties the way CooRTweet does.
type Data struct {
	Shares   []Share
	Objects  []string
	Accounts []string
	Contents []string
	// Kinds names the object kinds present ("url", "hashtag", ...); ObjectKind
	// gives each object's index into Kinds. Both may be empty, meaning a
	// single unnamed kind.
	Kinds      []string
	ObjectKind []uint8
}

// Builder assembles Data from named shares, interning ids as they come.
type Builder struct {
	// Each kind interns its objects apart, so the same text under two kinds
	// is two objects; global ids are handed out in order of first appearance.
	kinds      *Interner
	objects    []*Interner
	global     [][]uint32
	names      []string
	objectKind []uint8
	accounts   *Interner
	contents   *Interner
	shares     []Share
}

// NewBuilder returns a Builder sized for about n shares.
func NewBuilder(n int) *Builder {
	return &Builder{
		kinds:    NewInterner(4),
		accounts: NewInterner(n / 16),
		contents: NewInterner(n),
		shares:   make([]Share, 0, n),
	}
}

// Add appends a share. kind may be empty for a single-kind network.
func (b *Builder) Add(kind, object, account, content string, t time.Time) {
	b.AddNano(kind, object, account, content, t.UnixNano())
}

// AddNano is Add with the time in Unix nanoseconds.
func (b *Builder) AddNano(kind, object, account, content string, ns int64) {
	b.shares = append(b.shares, b.share(kind, object, account, content, ns))
}

// share interns the names of one share.
func (b *Builder) share(kind, object, account, content string, ns int64) Share {
	return Share{
		Object:  b.object(kind, object),
		Account: b.accounts.ID(account),
		Content: b.contents.ID(content),
		Time:    ns,
	}
}

func (b *Builder) object(kind, object string) uint32 { return b.objectOwned(kind, object, false) }

// kind returns the id of a kind, setting up its object table if it is new.
func (b *Builder) kind(name string) uint32 {
	k := b.kinds.ID(name)
	if int(k) == len(b.objects) {
		b.objects = append(b.objects, NewInterner(cap(b.shares)/4))
		b.global = append(b.global, nil)
	}
	return k
}

func (b *Builder) objectOwned(kind, object string, owned bool) uint32 {
	k := b.kind(kind)
	var local uint32
	if owned {
		local = b.objects[k].IDOwned(object)
	} else {
		local = b.objects[k].ID(object)
	}
	if int(local) == len(b.global[k]) {
		b.global[k] = append(b.global[k], uint32(len(b.names)))
		b.names = append(b.names, b.objects[k].Name(local))
		b.objectKind = append(b.objectKind, uint8(k))
	}
	return b.global[k][local]
}

// Batch is a block of shares by name, in input order, for AddBatch. Kinds
// may be nil, meaning Kind for every share.
type Batch struct {
	Kind                        string
	Kinds                       []string
	Objects, Accounts, Contents []string
	Times                       []int64
	ids                         []uint32 // the interned columns, reused with the batch
}

// Grow makes room for about n more shares, so that a reader that knows
// the size of its input avoids growing the tables step by step.
func (b *Builder) Grow(n int) {
	b.shares = slices.Grow(b.shares, n)
	b.accounts.Grow(n / 8)
	b.contents.Grow(n)
}

// Len is the number of shares in the batch.
func (bt *Batch) Len() int { return len(bt.Objects) }

// AddBatch appends a batch of shares, interning its three id columns in
// parallel. With owned, the strings must never change (they alias an input
// held in memory) and are not copied.
func (b *Builder) AddBatch(bt *Batch, owned bool) {
	f := b.Feed(owned)
	f.Add(bt, nil)
	f.Wait()
}

// Feed interns batches in the background for a reader that produces them
// faster than one goroutine could intern them. Every id column has its own
// goroutine working through the batches in order, so a slow column (a large
// table of accounts, say) does not hold the others back, and a last
// goroutine appends the finished shares in order.
type Feed struct {
	b       *Builder
	owned   bool
	columns [3]chan *feedItem
	done    chan *feedItem
	wg      sync.WaitGroup
}

type feedItem struct {
	bt      *Batch
	ids     [3][]uint32 // objects, accounts, contents
	left    atomic.Int32
	ready   chan struct{}
	release func()
}

// Feed starts a feed into b. Until Wait returns, b must only be used through
// the feed. owned is as for AddBatch.
func (b *Builder) Feed(owned bool) *Feed {
	f := &Feed{b: b, owned: owned, done: make(chan *feedItem, 8)}
	work := [3]func(it *feedItem){
		func(it *feedItem) { b.internObjects(it.bt, it.ids[0]) },
		// Accounts and objects repeat: most lookups find them, and comparing
		// against a compact copy of the distinct names stays in cache, where
		// comparing against their first spelling in a large input would not.
		func(it *feedItem) { b.accounts.IDs(it.bt.Accounts, it.ids[1], false) },
		// Content ids are mostly new and rarely compared, so they may alias.
		func(it *feedItem) { b.contents.IDs(it.bt.Contents, it.ids[2], owned) },
	}
	for k := range f.columns {
		f.columns[k] = make(chan *feedItem, 8)
		f.wg.Go(func() {
			for it := range f.columns[k] {
				work[k](it)
				if it.left.Add(-1) == 0 {
					close(it.ready)
				}
			}
		})
	}
	f.wg.Go(func() {
		for it := range f.done {
			<-it.ready
			ids, bt := it.ids, it.bt
			for i := range bt.Times {
				b.shares = append(b.shares, Share{Object: ids[0][i], Account: ids[1][i], Content: ids[2][i], Time: bt.Times[i]})
			}
			if it.release != nil {
				it.release()
			}
		}
	})
	return f
}

// Add queues a batch. release, if not nil, is called once the feed no longer
// needs the batch, so that its memory can be reused.
func (f *Feed) Add(bt *Batch, release func()) {
	n := bt.Len()
	bt.ids = slices.Grow(bt.ids[:0], 3*n)[:3*n]
	ids := bt.ids
	it := &feedItem{bt: bt, ids: [3][]uint32{ids[:n], ids[n : 2*n], ids[2*n:]}, ready: make(chan struct{}), release: release}
	it.left.Store(3)
	for k := range f.columns {
		f.columns[k] <- it
	}
	f.done <- it
}

// Wait finishes every queued batch; the builder is then free again.
func (f *Feed) Wait() {
	for k := range f.columns {
		close(f.columns[k])
	}
	close(f.done)
	f.wg.Wait()
}

// internObjects interns a batch's objects into out as global object ids.
func (b *Builder) internObjects(bt *Batch, out []uint32) {
	if bt.Kinds != nil {
		for i, o := range bt.Objects {
			out[i] = b.objectOwned(bt.Kinds[i], o, false)
		}
		return
	}
	// One kind: intern the column in a batch, then map to global ids.
	k := b.kind(bt.Kind)
	b.objects[k].IDs(bt.Objects, out, false)
	for i, local := range out {
		for int(local) >= len(b.global[k]) {
			next := uint32(len(b.global[k]))
			b.global[k] = append(b.global[k], uint32(len(b.names)))
			b.names = append(b.names, b.objects[k].Name(next))
			b.objectKind = append(b.objectKind, uint8(k))
		}
		out[i] = b.global[k][local]
	}
}

// Len is the number of shares added so far.
func (b *Builder) Len() int { return len(b.shares) }

// Data returns the assembled data. The builder must not be used afterwards.
func (b *Builder) Data() *Data {
	d := b.tables()
	d.Shares = b.shares
	return d
}

// tables returns the name tables as they stand, without shares.
func (b *Builder) tables() *Data {
	return &Data{
		Objects:    b.names,
		Accounts:   b.accounts.Names(),
		Contents:   b.contents.Names(),
		Kinds:      b.kinds.Names(),
		ObjectKind: b.objectKind,
	}
}

// Validate checks that every id in the shares has a name. It guards callers
// that build Data by hand rather than with a Builder.
func (d *Data) Validate() error {
	no, na, nc := uint32(len(d.Objects)), uint32(len(d.Accounts)), uint32(len(d.Contents))
	for i, s := range d.Shares {
		if s.Object >= no || s.Account >= na || s.Content >= nc {
			return fmt.Errorf("share %d: id out of range (object %d of %d, account %d of %d, content %d of %d)",
				i, s.Object, no, s.Account, na, s.Content, nc)
		}
	}
	if len(d.ObjectKind) != 0 && len(d.ObjectKind) != len(d.Objects) {
		return fmt.Errorf("object kinds: %d entries for %d objects", len(d.ObjectKind), len(d.Objects))
	}
	for i, k := range d.ObjectKind {
		if int(k) >= len(d.Kinds) {
			return fmt.Errorf("object %d: kind %d of %d", i, k, len(d.Kinds))
		}
	}
	return nil
}

// KindOf returns the kind name of object o, or "" for single-kind data.
func (d *Data) KindOf(o uint32) string {
	if len(d.ObjectKind) == 0 || len(d.Kinds) == 0 {
		return ""
	}
	return d.Kinds[d.ObjectKind[o]]
}
