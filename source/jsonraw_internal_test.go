package source

import (
	"math/rand/v2"
	"testing"
)

func TestHasControl(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(0x20 + r.IntN(0xe0))
			if r.IntN(60) == 0 {
				b[i] = byte(r.IntN(0x20))
			}
		}
		want := false
		for _, c := range b {
			want = want || c < 0x20
		}
		if got := hasControl(b); got != want {
			t.Fatalf("hasControl(%q) = %v, want %v", b, got, want)
		}
	}
}
