package coord

import "unsafe"

// Interner maps strings to dense ids in order of first appearance. The order
// matters: CooRTweet breaks ties between shares made in the same second by
// the order in which their accounts first appear in the input, and ids handed
// out in that order let the engine do the same with integer comparisons.
type Interner struct {
	index map[string]uint32
	names []string
	// arena holds the bytes of added strings in large blocks, so that
	// interning millions of ids costs a few allocations, not one each.
	arena []byte
}

const arenaBlock = 1 << 20

// NewInterner returns an interner sized for about n distinct strings.
func NewInterner(n int) *Interner {
	return &Interner{index: make(map[string]uint32, n), names: make([]string, 0, n)}
}

// ID returns the id of s, adding it if it is new. The string is cloned when it
// is added, so callers may pass strings that alias a reusable buffer.
func (in *Interner) ID(s string) uint32 {
	if id, ok := in.index[s]; ok {
		return id
	}
	s = in.store(s)
	id := uint32(len(in.names))
	in.index[s] = id
	in.names = append(in.names, s)
	return id
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

// IDOwned is ID for strings that the caller will never modify, which saves
// the copy (for example substrings of a file read whole into memory).
func (in *Interner) IDOwned(s string) uint32 {
	if id, ok := in.index[s]; ok {
		return id
	}
	id := uint32(len(in.names))
	in.index[s] = id
	in.names = append(in.names, s)
	return id
}

// Lookup returns the id of s and whether it is known, without adding it.
func (in *Interner) Lookup(s string) (uint32, bool) {
	id, ok := in.index[s]
	return id, ok
}

// Name returns the string with the given id.
func (in *Interner) Name(id uint32) string { return in.names[id] }

// Names returns all strings, indexed by id. The slice is shared, not copied.
func (in *Interner) Names() []string { return in.names }

// Len is the number of distinct strings.
func (in *Interner) Len() int { return len(in.names) }
