package table

import (
	"testing"
)

func TestField(t *testing.T) {
	rec := []string{"a", "b"}
	for c, want := range map[int]string{-1: "", 0: "a", 1: "b", 2: ""} {
		if got := field(rec, c); got != want {
			t.Errorf("field(%d) = %q, want %q", c, got, want)
		}
	}
}
