// Package suggest finds the word a user probably meant: a field of a
// scenario file, a format name, a preset.
package suggest

import (
	"math"
	"strings"
)

// Closest returns the known word closest to a misspelt one, or "" when
// none is close enough to be a slip (or got is itself known).
func Closest(got string, known []string) string {
	g := strings.ToLower(got)
	best, bestDist := "", math.MaxInt
	for _, k := range known {
		k0 := strings.ToLower(k)
		prefix := len(g) >= 4 && strings.HasPrefix(k0, g)
		limit := max(1, len(k0)/3)
		if !prefix && (len(g) > len(k0)+limit || len(g) < len(k0)-limit) {
			continue // too far apart to be a slip
		}
		dist := editDistance(g, k0)
		if (prefix || dist <= limit) && dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == got {
		return ""
	}
	return best
}

// editDistance counts the insertions, deletions, substitutions and swaps
// of neighbours that turn a into b, by byte: keys are ASCII.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			sub := d[i-1][j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			d[i][j] = min(sub, d[i-1][j]+1, d[i][j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
