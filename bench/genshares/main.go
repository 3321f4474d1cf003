// Command genshares writes a seeded synthetic share log in CooRTweet's
// columns for the speed benchmarks: Zipf-skewed object and account
// popularity over 30 days, plus planted groups that share the same objects
// within seconds. It follows the construction of the gen_shares.py tool the
// speed goal was set with, using Go's random numbers.
//
//	go run ./bench/genshares ROWS SEED > shares.csv
package main

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: genshares ROWS SEED")
		os.Exit(2)
	}
	rows, err1 := strconv.Atoi(os.Args[1])
	seed, err2 := strconv.ParseUint(os.Args[2], 10, 64)
	if err1 != nil || err2 != nil || rows < 0 {
		fmt.Fprintln(os.Stderr, "genshares: ROWS and SEED must be non-negative integers")
		os.Exit(2)
	}
	if err := generate(bufio.NewWriterSize(os.Stdout, 1<<20), rows, seed); err != nil {
		fmt.Fprintln(os.Stderr, "genshares:", err)
		os.Exit(1)
	}
}

// sampler draws indexes with weights 1/(i+1)^s by inverting the cumulative
// weights.
type sampler struct{ cum []float64 }

func newSampler(n int, s float64) sampler {
	cum := make([]float64, n)
	total := 0.0
	for i := range cum {
		total += 1 / math.Pow(float64(i+1), s)
		cum[i] = total
	}
	return sampler{cum}
}

func (z sampler) draw(r *rand.Rand) int {
	x := r.Float64() * z.cum[len(z.cum)-1]
	return sort.SearchFloat64s(z.cum, x)
}

func generate(w *bufio.Writer, rows int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	nAcc, nObj := max(100, rows/20), max(100, rows/5)
	const t0, span = 1_600_000_000, 30 * 86400
	acc, obj := newSampler(nAcc, 0.5), newSampler(nObj, 0.6)
	type planted struct {
		obj    int
		member string
		t      int64
	}
	var plants []planted
	groups := max(3, rows/50000)
	for g := 0; g < groups; g++ {
		size := 5 + r.IntN(26)
		for k := 0; k < 30; k++ {
			o := r.IntN(nObj)
			base := int64(t0 + r.IntN(span))
			for m := 0; m < size; m++ {
				plants = append(plants, planted{o, fmt.Sprintf("g%d_%d", g, m), base + int64(r.IntN(31))})
			}
		}
	}
	fmt.Fprintln(w, "object_id,account_id,content_id,timestamp_share")
	cid := 0
	var line []byte
	for i := 0; i < rows-len(plants); i++ {
		o := obj.draw(r)
		// Organic shares: an exponential delay (mean 4 hours) after the
		// object's birth.
		birth := int64(t0 + (o*7919)%span)
		line = fmt.Appendf(line[:0], "o%d,a%d,c%d,%d\n", o, acc.draw(r), cid, birth+int64(r.ExpFloat64()*14400))
		cid++
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	for _, p := range plants {
		line = fmt.Appendf(line[:0], "o%d,%s,c%d,%d\n", p.obj, p.member, cid, p.t)
		cid++
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return w.Flush()
}
