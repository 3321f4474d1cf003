package coord

import (
	"hash/maphash"
	"slices"
	"unsafe"
)

// Interner maps strings to dense ids in order of first appearance. The order
// matters: CooRTweet breaks ties between shares made in the same second by
// the order in which their accounts first appear in the input, and ids handed
// out in that order let the engine do the same with integer comparisons.
//
// It is an open-addressing table of 8-byte slots (32 bits of hash, 32 bits
// of id) rather than a Go map: interning millions of ids is the largest cost
// of reading a share table, and the compact table takes a third of the
// memory and about half the time.
type Interner struct {
	seed  maphash.Seed
	slots []uint64 // hash<<32 | id+1; 0 is empty
	mask  uint64
	names []string
	// arena holds the bytes of added strings in large blocks, so that
	// interning millions of ids costs a few allocations, not one each.
	arena []byte
	// sink keeps the compiler from dropping the loads IDs makes early.
	sink uint64
}

const arenaBlock = 1 << 20

// NewInterner returns an interner sized for about n distinct strings.
func NewInterner(n int) *Interner {
	in := &Interner{seed: maphash.MakeSeed(), names: make([]string, 0, n)}
	in.resize(max(16, nextPow2(n*4/3+1)))
	return in
}

func nextPow2(n int) int {
	p := 1
	for p < n {
		p <<= 1
	}
	return p
}

func (in *Interner) resize(size int) {
	old := in.slots
	in.slots = make([]uint64, size)
	in.mask = uint64(size - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := (s >> 32) & in.mask
		for in.slots[i] != 0 {
			i = (i + 1) & in.mask
		}
		in.slots[i] = s
	}
}

// find returns the slot of s (holding it, or empty) and s's 32-bit hash.
func (in *Interner) find(s string) (uint64, uint64) {
	return in.probe(s, maphash.String(in.seed, s)&0xffffffff)
}

func (in *Interner) probe(s string, h uint64) (uint64, uint64) {
	i := h & in.mask
	for {
		slot := in.slots[i]
		if slot == 0 || (slot>>32 == h && in.names[uint32(slot)-1] == s) {
			return i, h
		}
		i = (i + 1) & in.mask
	}
}

func (in *Interner) insert(i, h uint64, s string) uint32 {
	id := uint32(len(in.names))
	in.names = append(in.names, s)
	in.slots[i] = h<<32 | uint64(id+1)
	// Linear probing stays short up to three quarters full.
	if uint64(len(in.names))*4 > (in.mask+1)*3 {
		in.resize(2 * len(in.slots))
	}
	return id
}

// ID returns the id of s, adding it if it is new. The string is copied when
// it is added, so callers may pass strings that alias a reusable buffer.
func (in *Interner) ID(s string) uint32 {
	i, h := in.find(s)
	if slot := in.slots[i]; slot != 0 {
		return uint32(slot) - 1
	}
	return in.insert(i, h, in.store(s))
}

// IDOwned is ID for strings that will never change (for example substrings
// of an input read whole into memory), which saves the copy.
func (in *Interner) IDOwned(s string) uint32 {
	i, h := in.find(s)
	if slot := in.slots[i]; slot != 0 {
		return uint32(slot) - 1
	}
	return in.insert(i, h, s)
}

// IDs interns keys in order into out (len(out) >= len(keys)). It gives the
// same ids as calling ID (or IDOwned, with owned) on each key in turn, but
// works through the keys in small batches, first loading every slot, name
// and string a batch will need, then resolving the batch: the loads of a
// batch are independent, so the processor overlaps their cache misses
// instead of waiting for each in turn. On tables larger than the cache this
// about halves the time.
func (in *Interner) IDs(keys []string, out []uint32, owned bool) {
	const batch = 32
	var hs [batch]uint64
	var sink uint64
	for start := 0; start < len(keys); start += batch {
		ks := keys[start:min(start+batch, len(keys))]
		for j, k := range ks {
			hs[j] = maphash.String(in.seed, k) & 0xffffffff
		}
		// Touch the slots, then the names they point at, then the names'
		// first bytes.
		var ids [batch]uint32
		for j := range ks {
			slot := in.slots[hs[j]&in.mask]
			ids[j] = uint32(slot)
			sink += slot
		}
		for j := range ks {
			if ids[j] != 0 {
				if name := in.names[ids[j]-1]; len(name) > 0 {
					sink += uint64(name[0])
				}
			}
		}
		for j, k := range ks {
			i, h := in.probe(k, hs[j])
			if slot := in.slots[i]; slot != 0 {
				out[start+j] = uint32(slot) - 1
				continue
			}
			if !owned {
				k = in.store(k)
			}
			out[start+j] = in.insert(i, h, k)
		}
	}
	in.sink += sink
}

func (in *Interner) store(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(s) > arenaBlock/8 {
		return string([]byte(s)) // big strings get their own allocation
	}
	if cap(in.arena)-len(in.arena) < len(s) {
		in.arena = make([]byte, 0, arenaBlock)
	}
	start := len(in.arena)
	in.arena = append(in.arena, s...)
	return unsafe.String(&in.arena[start], len(s))
}

// Grow makes room for about n more strings.
func (in *Interner) Grow(n int) {
	in.names = slices.Grow(in.names, n)
	if want := nextPow2((len(in.names)+n)*4/3 + 1); want > len(in.slots) {
		in.resize(want)
	}
}

// Lookup returns the id of s and whether it is known, without adding it.
func (in *Interner) Lookup(s string) (uint32, bool) {
	i, _ := in.find(s)
	if slot := in.slots[i]; slot != 0 {
		return uint32(slot) - 1, true
	}
	return 0, false
}

// Name returns the string with the given id.
func (in *Interner) Name(id uint32) string { return in.names[id] }

// Names returns all strings, indexed by id. The slice is shared, not copied.
func (in *Interner) Names() []string { return in.names }

// Len is the number of distinct strings.
func (in *Interner) Len() int { return len(in.names) }
