package graph

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
)

// ErrOptions is wrapped by the errors Louvain and Leiden return for invalid
// Options.
var ErrOptions = errors.New("invalid options")

// Options tunes Louvain and Leiden. The zero value is usable.
type Options struct {
	// Resolution is gamma in the modularity; higher values give smaller
	// communities. 0 means 1.
	Resolution float64
	// Seed seeds the random node orders and, for Leiden, the randomised
	// refinement. The same seed and graph give the same labels.
	Seed uint64
	// MaxIterations bounds the outer loop: the number of aggregation
	// levels for Louvain, the number of full iterations for Leiden (each
	// starting from the previous result). 0 means no bound: Louvain stops
	// at the level where no node moves, Leiden after the first iteration
	// that improves modularity by less than 1e-4.
	MaxIterations int
	// Randomness is Leiden's theta: refinement merges a node into a
	// neighbouring piece with probability proportional to exp(gain/theta),
	// the gain measured in units of the graph's mean edge weight, so that
	// rescaling all weights changes nothing. Smaller is greedier. 0 means
	// 0.01, as in the Leiden paper. Louvain ignores it.
	Randomness float64
}

const (
	defaultResolution = 1.0
	defaultRandomness = 0.01
)

// withDefaults validates o and fills in the defaults.
func (o Options) withDefaults() (Options, error) {
	switch {
	case math.IsNaN(o.Resolution) || math.IsInf(o.Resolution, 0) || o.Resolution < 0:
		return o, fmt.Errorf("graph: resolution %v: %w", o.Resolution, ErrOptions)
	case math.IsNaN(o.Randomness) || math.IsInf(o.Randomness, 0) || o.Randomness < 0:
		return o, fmt.Errorf("graph: randomness %v: %w", o.Randomness, ErrOptions)
	case o.MaxIterations < 0:
		return o, fmt.Errorf("graph: max iterations %d: %w", o.MaxIterations, ErrOptions)
	}
	if o.Resolution == 0 {
		o.Resolution = defaultResolution
	}
	if o.Randomness == 0 {
		o.Randomness = defaultRandomness
	}
	return o, nil
}

// random is the generator for one run. Only PCG's raw output is taken
// from math/rand/v2; shuffling and floats are done here because Go does not
// promise that rand.Rand maps that output the same way in every release,
// and an audit must be able to rerun a clustering years later and get the
// same labels.
type random struct{ src *rand.PCG }

// random returns the generator for a run with these options. The stream
// constant is arbitrary and fixed.
func (o Options) random() *random {
	return &random{rand.NewPCG(o.Seed, 0x5c7a_7e1e_90d5_3a11)}
}

// float64 returns a uniform value in [0, 1).
func (r *random) float64() float64 {
	return float64(r.src.Uint64()>>11) / (1 << 53)
}

// intN returns a uniform value in [0, n), n > 0, by Lemire's
// multiply-and-reject method.
func (r *random) intN(n int) int {
	bound := uint64(n)
	hi, lo := bits.Mul64(r.src.Uint64(), bound)
	if lo < bound {
		threshold := -bound % bound
		for lo < threshold {
			hi, lo = bits.Mul64(r.src.Uint64(), bound)
		}
	}
	return int(hi)
}

// shuffle fills order with a uniformly random permutation of its indices
// (Fisher-Yates).
func (r *random) shuffle(order []int32) {
	identity(order)
	for i := len(order) - 1; i > 0; i-- {
		j := r.intN(i + 1)
		order[i], order[j] = order[j], order[i]
	}
}
