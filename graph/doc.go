// Package graph holds a compact weighted undirected graph in compressed
// sparse row (CSR) form and the clustering used by coordination detection:
// connected components, modularity, Louvain and Leiden community detection.
//
// Nodes are the integers 0..n-1; methods taking a node panic if it is out
// of range, like a slice index. Edge weights must be positive and finite.
// Parallel edges are merged by summing their weights. A self-loop of
// weight w adds 2w to its node's strength, the usual convention for
// modularity, so that the strengths always sum to twice the total edge
// weight.
//
// A Graph is immutable once built and safe for concurrent use; the
// functions here only read it. Everything is pure computation: no I/O, no
// package state, and community detection is deterministic for a given
// [Options.Seed].
package graph
