package coord_test

import (
	"fmt"
	"testing"

	"github.com/scrutineer/scrutineer/coord"
)

func TestInterner(t *testing.T) {
	in := coord.NewInterner(0)
	var words []string
	for i := 0; i < 100000; i++ {
		words = append(words, fmt.Sprintf("w%d", i%30000))
	}
	for i, w := range words {
		id := in.ID(w)
		if in.Name(id) != w {
			t.Fatalf("%d: id %d names %q, want %q", i, id, in.Name(id), w)
		}
		if i < 30000 && int(id) != i {
			t.Fatalf("%q: id %d, want %d (order of first appearance)", w, id, i)
		}
	}
	if in.Len() != 30000 {
		t.Fatalf("%d names", in.Len())
	}
	if _, ok := in.Lookup("nope"); ok {
		t.Fatal("found a string never added")
	}
	if id, ok := in.Lookup("w7"); !ok || id != 7 {
		t.Fatalf("Lookup(w7) = %d, %v", id, ok)
	}
	if in.ID("") != in.ID("") {
		t.Fatal("empty string")
	}
	// Short strings are held in the slot with their length; a longer string
	// whose bytes look like that encoding must stay apart.
	tricky := []string{"abcdefg", "abcdefg\x07", "abcdefg\x00", "abcdefgh", "abcdefghi", "a", "a\x00", "\x00", "", "\x01\x00\x00\x00\x00\x00\x00\x01"}
	in = coord.NewInterner(0)
	for i, s := range tricky {
		if id := in.ID(s); int(id) != i {
			t.Fatalf("%q: id %d, want %d", s, id, i)
		}
	}
	for i, s := range tricky {
		if id, ok := in.Lookup(s); !ok || int(id) != i {
			t.Fatalf("Lookup(%q) = %d, %v; want %d", s, id, ok, i)
		}
	}
}

func BenchmarkInterner(b *testing.B) {
	const n = 1000000
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("c%d", i)
	}
	b.Run("insert", func(b *testing.B) {
		for b.Loop() {
			in := coord.NewInterner(n)
			for _, k := range keys {
				in.IDOwned(k)
			}
		}
	})
	in := coord.NewInterner(n)
	for _, k := range keys[:n/20] {
		in.IDOwned(k)
	}
	b.Run("hit", func(b *testing.B) {
		for b.Loop() {
			for i := range keys {
				in.IDOwned(keys[i%(n/20)])
			}
		}
	})
}

func BenchmarkInternerHits(b *testing.B) {
	// Like an account column: 1M rows over 50k names, each row its own copy.
	const n = 1000000
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("a%d", (i*7919)%50000)
	}
	out := make([]uint32, n)
	b.Run("IDs", func(b *testing.B) {
		for b.Loop() {
			in := coord.NewInterner(0)
			in.IDs(keys, out, false)
		}
	})
	b.Run("ID", func(b *testing.B) {
		for b.Loop() {
			in := coord.NewInterner(0)
			for i, k := range keys {
				out[i] = in.ID(k)
			}
		}
	})
}
