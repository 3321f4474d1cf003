package simulate

import (
	"math"
	"math/rand/v2"
)

// rng wraps a seeded PCG with the draws the generator needs. Every part of
// the world gets its own stream (seed, stream), so that parts generated in
// parallel are the same whatever the scheduling.
type rng struct{ *rand.Rand }

func newRNG(seed, stream uint64) rng {
	return rng{rand.New(rand.NewPCG(seed, stream*0x9e3779b97f4a7c15+1))}
}

// logNormal draws exp(N(mu, sigma)).
func (r rng) logNormal(mu, sigma float64) float64 { return math.Exp(mu + sigma*r.NormFloat64()) }

// pareto draws a Pareto variate with minimum xm and shape alpha: the heavy
// tail of follower counts and activity.
func (r rng) pareto(xm, alpha float64) float64 {
	return xm / math.Pow(1-r.Float64(), 1/alpha)
}

// chance reports true with probability p.
func (r rng) chance(p float64) bool { return r.Float64() < p }

// pick returns a random element.
func pick[T any](r rng, xs []T) T { return xs[r.IntN(len(xs))] }

// poisson draws a Poisson variate (inversion for small means, a normal
// approximation for large ones).
func (r rng) poisson(mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 50 {
		return max(0, int(math.Round(mean+math.Sqrt(mean)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// weighted draws indexes with probability proportional to fixed weights,
// in constant time (Vose's alias method): the generator draws from tables
// of hundreds of thousands of accounts tens of millions of times.
type weighted struct {
	prob  []float64 // chance of keeping column i rather than its alias
	alias []int32
}

func newWeighted(w []float64) weighted {
	n := len(w)
	if n == 0 {
		return weighted{}
	}
	total := 0.0
	for _, x := range w {
		total += max(0, x)
	}
	prob := make([]float64, n)
	alias := make([]int32, n)
	if total == 0 {
		for i := range prob {
			prob[i] = 1
		}
		return weighted{prob, alias}
	}
	// Columns scaled to mean 1; small ones are topped up from large ones.
	small := make([]int32, 0, n)
	large := make([]int32, 0, n)
	for i, x := range w {
		prob[i] = max(0, x) * float64(n) / total
		if prob[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		alias[s] = l
		prob[l] -= 1 - prob[s]
		if prob[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// What is left is 1 up to rounding.
	for _, i := range large {
		prob[i] = 1
	}
	for _, i := range small {
		prob[i] = 1
	}
	return weighted{prob, alias}
}

func (w weighted) draw(r rng) int {
	n := len(w.prob)
	if n == 0 {
		return -1
	}
	i := r.IntN(n)
	if r.Float64() < w.prob[i] {
		return i
	}
	return int(w.alias[i])
}

// zipf returns weights 1/(i+1)^s for n items: popularity of hashtags,
// domains and the like.
func zipf(n int, s float64) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), s)
	}
	return w
}
