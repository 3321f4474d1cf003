package simulate

import (
	"runtime"
	"sync"
)

// Streams of random numbers for the parts generated in parallel. Work is
// cut into chunks of a fixed size, each with its own stream, so that the
// world does not depend on the number of cores or the scheduling.
const (
	streamFollows  = 1 << 32
	streamOrganic  = 2 << 32
	streamCascades = 3 << 32
	chunkSize      = 1 << 13
)

// inChunks calls f on the chunks [lo, hi) of [0, n), in parallel, and
// returns the chunk count. f(c, ...) must write only to slot c of whatever
// it fills.
func inChunks(n int, f func(c, lo, hi int)) int {
	chunks := (n + chunkSize - 1) / chunkSize
	next := make(chan int, chunks)
	for c := range chunks {
		next <- c
	}
	close(next)
	var wg sync.WaitGroup
	for range min(chunks, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for c := range next {
				f(c, c*chunkSize, min(n, (c+1)*chunkSize))
			}
		})
	}
	wg.Wait()
	return chunks
}

// concat joins per-chunk slices in chunk order.
func concat[T any](parts [][]T) []T {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]T, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// smallSet is a set of int32 for the few dozen follows or reposters of one
// account or post, emptied in constant time by starting a new generation.
type smallSet struct {
	keys []int32
	gen  []uint32
	cur  uint32
	n    int
}

// reset empties the set, making room for about n members.
func (s *smallSet) reset(n int) {
	s.cur++
	s.n = 0
	if 2*n+2 > len(s.keys) {
		s.resize(2*n + 2)
	}
}

// resize makes a table of at least size slots, keeping the members.
func (s *smallSet) resize(size int) {
	old, oldGen, cur := s.keys, s.gen, s.cur
	slots := 16
	for slots < size {
		slots *= 2
	}
	s.keys, s.gen, s.cur, s.n = make([]int32, slots), make([]uint32, slots), 1, 0
	for i, g := range oldGen {
		if g == cur {
			s.add(old[i])
		}
	}
}

// add inserts x and reports whether it was new.
func (s *smallSet) add(x int32) bool {
	if 2*(s.n+1) > len(s.keys) {
		s.resize(4 * (s.n + 1))
	}
	mask := len(s.keys) - 1
	for h := int(uint32(x)*0x9e3779b1) & mask; ; h = (h + 1) & mask {
		if s.gen[h] != s.cur {
			s.gen[h], s.keys[h] = s.cur, x
			s.n++
			return true
		}
		if s.keys[h] == x {
			return false
		}
	}
}
