package simulate

import (
	"math"
	"math/rand/v2"
	"sort"
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

// weighted draws indexes with probability proportional to fixed weights.
type weighted struct{ cum []float64 }

func newWeighted(w []float64) weighted {
	cum := make([]float64, len(w))
	total := 0.0
	for i, x := range w {
		total += max(0, x)
		cum[i] = total
	}
	return weighted{cum}
}

func (w weighted) draw(r rng) int {
	if len(w.cum) == 0 {
		return -1
	}
	x := r.Float64() * w.cum[len(w.cum)-1]
	return min(sort.SearchFloat64s(w.cum, x), len(w.cum)-1)
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
