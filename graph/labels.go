package graph

import (
	"cmp"
	"slices"
)

// renumber rewrites labels, each in [0, len(labels)), to 0..k-1 in order of
// first appearance and returns k. seen is scratch of at least len(labels).
func renumber(labels, seen []int32) int {
	seen = seen[:len(labels)]
	for i := range seen {
		seen[i] = -1
	}
	var k int32
	for i, c := range labels {
		if seen[c] < 0 {
			seen[c] = k
			k++
		}
		labels[i] = seen[c]
	}
	return int(k)
}

// orderBySize relabels labels, each in [0, k), so that label 0 is the
// largest group and ties go to the group holding the smallest node id.
// Callers get stable, comparable output whatever order the groups were
// found in.
func orderBySize(labels []int32, k int) {
	size := make([]int32, k)
	first := make([]int32, k)
	for i := range first {
		first[i] = -1
	}
	for i, c := range labels {
		size[c]++
		if first[c] < 0 {
			first[c] = int32(i)
		}
	}
	byRank := make([]int32, k)
	for i := range byRank {
		byRank[i] = int32(i)
	}
	slices.SortFunc(byRank, func(a, b int32) int {
		if c := cmp.Compare(size[b], size[a]); c != 0 {
			return c
		}
		return cmp.Compare(first[a], first[b])
	})
	rank := size // reuse: size is no longer needed
	for r, c := range byRank {
		rank[c] = int32(r)
	}
	for i, c := range labels {
		labels[i] = rank[c]
	}
}
