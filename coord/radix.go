package coord

import (
	"math"
	"math/bits"
	"slices"
)

type keyedPair struct {
	key uint64
	idx uint32
}

// sortKeyed orders pairs by key, stably. Keys are two account ranks below
// n packed as hi<<32|lo, so only 2·log2(n) bits vary and an LSD radix sort
// over those bits beats a comparison sort by a wide margin on millions of
// pairs.
func sortKeyed(xs []keyedPair, n int) {
	if len(xs) < 256 {
		slices.SortStableFunc(xs, func(a, b keyedPair) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			}
			return 0
		})
		return
	}
	rb := bits.Len(uint(n))
	// Compact each key to 2·rb bits so the passes cover only varying bits.
	compact := func(k uint64) uint64 { return (k>>32)<<rb | k&0xffffffff }
	total := 2 * rb
	const digit = 11
	buf := make([]keyedPair, len(xs))
	src, dst := xs, buf
	var count [1 << digit]int
	for shift := 0; shift < total; shift += digit {
		clear(count[:])
		for i := range src {
			count[(compact(src[i].key)>>shift)&(1<<digit-1)]++
		}
		sum := 0
		for i := range count {
			c := count[i]
			count[i] = sum
			sum += c
		}
		for i := range src {
			d := (compact(src[i].key) >> shift) & (1<<digit - 1)
			dst[count[d]] = src[i]
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &xs[0] {
		copy(xs, src)
	}
}

// Quantile is R's quantile(x, p) with its default type 7: linear
// interpolation between the order statistics around 1 + (n-1)p. It follows
// R's own arithmetic step by step, so that a threshold compares with a
// weight exactly as it does in CooRTweet. xs is reordered.
func Quantile(xs []float64, p float64) float64 {
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	index := 1 + float64(n-1)*p
	lo := math.Floor(index)
	hi := math.Ceil(index)
	q := xs[int(lo)-1]
	if index > lo && xs[int(hi)-1] != q {
		h := index - lo
		q = (1-h)*q + h*xs[int(hi)-1]
	}
	return q
}
