// Package coord detects coordinated sharing: accounts that share the same
// objects (a link, a reposted post, a hashtag, the same text) within a short
// time window of each other, again and again.
//
// The default semantics are those of the R package CooRTweet 2.1.3, so that
// results can be checked against it row for row; the QUT
// coordination-network-toolkit's directed semantics are an option. On top of
// the network the package finds clusters (connected components and Leiden or
// Louvain communities), per-cluster and per-account statistics, and the
// significance of every edge and cluster against a null model that keeps each
// account's activity and each object's popularity but breaks their timing.
//
// The package is pure: slices in, results out, no I/O, no globals and no
// clock. Every result can be replayed from its inputs and parameters.
package coord
