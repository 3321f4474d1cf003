package simulate

import (
	"math"
	"testing"
)

// TestWeighted draws from alias tables and compares the frequencies with
// the weights, zero weights included.
func TestWeighted(t *testing.T) {
	for _, w := range [][]float64{
		{1},
		{1, 1, 1, 1},
		{0, 3, 0, 1},
		{5, 0.001, 0, 2, 10, 1e-9},
		zipf(50, 1.1),
	} {
		tab := newWeighted(w)
		r := newRNG(1, 1)
		const n = 400_000
		got := make([]int, len(w))
		for range n {
			got[tab.draw(r)]++
		}
		total := 0.0
		for _, x := range w {
			total += x
		}
		for i, x := range w {
			want := x / total * n
			if x == 0 && got[i] != 0 {
				t.Errorf("%v: index %d has weight 0 but was drawn %d times", w, i, got[i])
			}
			// Five standard deviations of a binomial count.
			if tol := 5*math.Sqrt(want) + 1; math.Abs(float64(got[i])-want) > tol {
				t.Errorf("%v: index %d drawn %d times, want %.0f ± %.0f", w, i, got[i], want, tol)
			}
		}
	}
	if (weighted{}).draw(newRNG(1, 1)) != -1 {
		t.Error("an empty table should draw -1")
	}
}

func TestSmallSet(t *testing.T) {
	var s smallSet
	for round := range 3 {
		s.reset(10 * (round + 1))
		for x := int32(-5); x < 40; x++ {
			if !s.add(x * 7919) {
				t.Fatalf("round %d: %d reported present before it was added", round, x)
			}
			if s.add(x * 7919) {
				t.Fatalf("round %d: %d added twice", round, x)
			}
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Marie Tremblay's secret deal on housing": "marie-tremblays-secret-deal-on-housing",
		"l'accès aux soins":                       "lacces-aux-soins",
		"  double  spaces ":                       "double-spaces",
		"":                                        "",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
