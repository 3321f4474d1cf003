package graphfile

import (
	"io"
	"strconv"
	"testing"
)

// benchGraph is shaped like a detect result: account nodes with cluster
// and strength columns, weighted edges with a pair count and a p-value.
func benchGraph(nodes, edges int) *Graph {
	g := &Graph{
		Creator:   "scrutineer",
		NodeAttrs: []Attr{{Key: "cluster", Type: Int}, {Key: "strength", Type: Float}, {Key: "kind", Type: String}},
		EdgeAttrs: []Attr{{Key: "pairs", Type: Int}, {Key: "p", Title: "p-value", Type: Float}},
		Nodes:     make([]Node, nodes),
		Edges:     make([]Edge, edges),
	}
	for i := range g.Nodes {
		id := "account_" + strconv.Itoa(i)
		g.Nodes[i] = Node{ID: id, Label: "@" + id, Values: []Value{i % 97, float64(i) * 1.25, "url"}}
	}
	for i := range g.Edges {
		s, t := i%nodes, (i*7919+1)%nodes
		g.Edges[i] = Edge{
			Source: g.Nodes[s].ID, Target: g.Nodes[t].ID,
			Weight: float64(i%13 + 1),
			Values: []Value{i%5 + 2, 1 / float64(i+3)},
		}
	}
	return g
}

// The benchmarks write a 1M-edge, 100k-node graph, validation included.
func benchmarkWrite(b *testing.B, write writeFunc) {
	g := benchGraph(100_000, 1_000_000)
	var n countWriter
	if err := write(&n, g); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n.n))
	b.ReportAllocs()
	for b.Loop() {
		if err := write(io.Discard, g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteGEXF(b *testing.B)    { benchmarkWrite(b, WriteGEXF) }
func BenchmarkWriteGraphML(b *testing.B) { benchmarkWrite(b, WriteGraphML) }

func BenchmarkValidate(b *testing.B) {
	g := benchGraph(100_000, 1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := g.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
