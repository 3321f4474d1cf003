package coord

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"unsafe"
)

// Interner maps strings to dense ids in order of first appearance. The order
// matters: CooRTweet breaks ties between shares made in the same second by
// the order in which their accounts first appear in the input, and ids handed
// out in that order let the engine do the same with integer comparisons.
//
// It is an open-addressing table rather than a Go map: interning millions
// of ids is the largest cost of reading a share table. Each 16-byte slot
// holds 32 bits of hash, the id, and the first bytes of the string; a string
// of up to seven bytes (a short id, a hashtag, a handle) is held whole, so
// finding it touches one slot and nothing else.
type Interner struct {
	seed  maphash.Seed
	slots []slot
	mask  uint64
	names []string
	// arena holds the bytes of added strings in large blocks, so that
	// interning millions of ids costs a few allocations, not one each.
	arena []byte
	// sink keeps the compiler from dropping the loads IDs makes early.
	sink uint64
}

// slot: tag is hash<<32 | id+1 (0: empty), with the hash's lowest bit set
// when the string is short; key is the string's first eight bytes, or for a
// short string its bytes and, in the top byte, its length.
type slot struct{ tag, key uint64 }

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
	in.slots = make([]slot, size)
	in.mask = uint64(size - 1)
	for _, s := range old {
		if s.tag == 0 {
			continue
		}
		i := (s.tag >> 33) & in.mask
		for in.slots[i].tag != 0 {
			i = (i + 1) & in.mask
		}
		in.slots[i] = s
	}
}

// keyOf packs the first bytes of s, and says whether that is all of s.
func keyOf(s string) (key uint64, short bool) {
	if len(s) < 8 {
		var b [8]byte
		copy(b[:], s)
		b[7] = byte(len(s))
		return binary.LittleEndian.Uint64(b[:]), true
	}
	return binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8)), false
}

// hashOf returns the 32-bit tag of s (hash bits, the short flag in bit 0)
// and its key.
func (in *Interner) hashOf(s string) (tag, key uint64) {
	h := maphash.String(in.seed, s) & 0xfffffffe
	key, short := keyOf(s)
	if short {
		h |= 1
	}
	return h, key
}

// find returns the slot of s (holding it, or empty), its tag and key.
func (in *Interner) find(s string) (uint64, uint64, uint64) {
	h, key := in.hashOf(s)
	return in.probe(s, h, key), h, key
}

func (in *Interner) probe(s string, h, key uint64) uint64 {
	i := (h >> 1) & in.mask
	for {
		sl := &in.slots[i]
		if sl.tag == 0 {
			return i
		}
		if sl.tag>>32 == h && sl.key == key && (h&1 == 1 || in.names[uint32(sl.tag)-1] == s) {
			return i
		}
		i = (i + 1) & in.mask
	}
}

func (in *Interner) insert(i, h, key uint64, s string) uint32 {
	id := uint32(len(in.names))
	in.names = append(in.names, s)
	in.slots[i] = slot{tag: h<<32 | uint64(id+1), key: key}
	// Linear probing stays short up to three quarters full.
	if uint64(len(in.names))*4 > (in.mask+1)*3 {
		in.resize(2 * len(in.slots))
	}
	return id
}

// ID returns the id of s, adding it if it is new. The string is copied when
// it is added, so callers may pass strings that alias a reusable buffer.
func (in *Interner) ID(s string) uint32 {
	i, h, key := in.find(s)
	if sl := in.slots[i]; sl.tag != 0 {
		return uint32(sl.tag) - 1
	}
	return in.insert(i, h, key, in.store(s))
}

// IDOwned is ID for strings that will never change (for example substrings
// of an input read whole into memory), which saves the copy.
func (in *Interner) IDOwned(s string) uint32 {
	i, h, key := in.find(s)
	if sl := in.slots[i]; sl.tag != 0 {
		return uint32(sl.tag) - 1
	}
	return in.insert(i, h, key, s)
}

// IDs interns keys in order into out (len(out) >= len(keys)). It gives the
// same ids as calling ID (or IDOwned, with owned) on each key in turn, but
// works through the keys in small batches, first loading every slot a batch
// will need, then resolving the batch: the loads of a batch are
// independent, so the processor overlaps their cache misses instead of
// waiting for each in turn.
func (in *Interner) IDs(keys []string, out []uint32, owned bool) {
	const batch = 32
	var hs, ks [batch]uint64
	var sink uint64
	for start := 0; start < len(keys); start += batch {
		part := keys[start:min(start+batch, len(keys))]
		for j, k := range part {
			hs[j], ks[j] = in.hashOf(k)
		}
		for j := range part {
			sink += in.slots[(hs[j]>>1)&in.mask].tag
		}
		for j, k := range part {
			i := in.probe(k, hs[j], ks[j])
			if sl := in.slots[i]; sl.tag != 0 {
				out[start+j] = uint32(sl.tag) - 1
				continue
			}
			if !owned {
				k = in.store(k)
			}
			out[start+j] = in.insert(i, hs[j], ks[j], k)
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
	i, _, _ := in.find(s)
	if sl := in.slots[i]; sl.tag != 0 {
		return uint32(sl.tag) - 1, true
	}
	return 0, false
}

// Name returns the string with the given id.
func (in *Interner) Name(id uint32) string { return in.names[id] }

// Names returns all strings, indexed by id. The slice is shared, not copied.
func (in *Interner) Names() []string { return in.names }

// Len is the number of distinct strings.
func (in *Interner) Len() int { return len(in.names) }
