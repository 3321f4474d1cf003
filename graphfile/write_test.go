package graphfile

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type writeFunc func(io.Writer, *Graph) error

var formats = []struct {
	name  string
	write writeFunc
	read  func([]byte) (model, error)
	meta  bool
}{
	{"gexf", WriteGEXF, readGEXF, true},
	{"graphml", WriteGraphML, readGraphML, false},
}

func TestGolden(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.write(&buf, smallGraph()); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "small."+f.name)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("output differs from %s (run go test -update if the change is intended):\n%s", path, buf.String())
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	noAttrs := &Graph{
		Nodes: []Node{{ID: "a"}, {ID: "b", Label: "B"}},
		Edges: []Edge{{Source: "a", Target: "b", Weight: 1}, {Source: "b", Target: "b", Weight: -2.5}},
	}
	numbers := &Graph{
		NodeAttrs: []Attr{{Key: "i", Type: Int}, {Key: "f", Type: Float}, {Key: "g", Type: Float}, {Key: "b", Type: Bool}, {Key: "s", Type: String}},
		EdgeAttrs: []Attr{{Key: "i8", Type: Int}},
	}
	ints := []Value{0, -1, int8(-128), int16(32767), int32(math.MinInt32), int64(math.MaxInt64), int64(math.MinInt64), uint8(255), uint16(65535), uint32(math.MaxUint32)}
	floats := []Value{0.0, math.Copysign(0, -1), 0.1, 1e21, 1e-320, math.MaxFloat64, math.SmallestNonzeroFloat64, -123456789.125, float32(0.1), float32(math.MaxFloat32), float32(math.NaN())}
	for i := range max(len(ints), len(floats)) {
		n := Node{ID: string(rune('a' + i)), Values: []Value{ints[i%len(ints)], floats[i%len(floats)], floats[(i+3)%len(floats)], i%2 == 0, ""}}
		numbers.Nodes = append(numbers.Nodes, n)
	}
	numbers.Edges = []Edge{
		{Source: "a", Target: "b", Weight: math.NaN(), Values: []Value{nil}},
		{Source: "a", Target: "b", Weight: math.Inf(-1), Values: []Value{int8(1)}},
		{Source: "c", Target: "a", Weight: 0, Values: []Value{nil}},
		{Source: "c", Target: "d", Weight: 5e-324, Values: []Value{int8(-1)}},
	}
	cases := []struct {
		name string
		g    *Graph
	}{
		{"empty", &Graph{}},
		{"small", smallGraph()},
		{"no attributes", noAttrs},
		{"numbers", numbers},
		{"hostile", hostileGraph()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { roundTrip(t, c.g) })
	}
}

func TestValidateErrors(t *testing.T) {
	base := func() *Graph {
		return &Graph{
			NodeAttrs: []Attr{{Key: "n", Type: Int}},
			EdgeAttrs: []Attr{{Key: "e", Type: String}},
			Nodes:     []Node{{ID: "a", Values: []Value{1}}, {ID: "b", Values: []Value{2}}},
			Edges:     []Edge{{Source: "a", Target: "b", Weight: 1, Values: []Value{"x"}}},
		}
	}
	cases := []struct {
		name   string
		change func(g *Graph)
		want   []string // substrings of the error
	}{
		{"missing source", func(g *Graph) { g.Edges = append(g.Edges, Edge{Source: "zed", Target: "a", Values: []Value{nil}}) },
			[]string{"edge 1", `source "zed"`, "not a node id"}},
		{"missing target", func(g *Graph) { g.Edges[0].Target = "b " }, []string{"edge 0", `target "b "`}},
		{"duplicate node", func(g *Graph) { g.Nodes = append(g.Nodes, Node{ID: "a", Values: []Value{3}}) },
			[]string{"nodes 0 and 2", `"a"`}},
		{"ids equal once sanitised", func(g *Graph) {
			g.Nodes = append(g.Nodes, Node{ID: "x\x00", Values: []Value{nil}}, Node{ID: "x\x01", Values: []Value{nil}})
		}, []string{"nodes 2 and 3", "same once"}},
		{"id equal to a sanitised id", func(g *Graph) {
			g.Nodes = append(g.Nodes, Node{ID: "x\uFFFD", Values: []Value{nil}}, Node{ID: "x\xff", Values: []Value{nil}})
		}, []string{"nodes 2 and 3"}},
		{"empty id", func(g *Graph) { g.Nodes[1].ID = "" }, []string{"node 1", "empty id"}},
		{"too few node values", func(g *Graph) { g.Nodes[1].Values = nil }, []string{"node 1", `"b"`, "0 values for 1 attributes"}},
		{"too many edge values", func(g *Graph) { g.Edges[0].Values = []Value{"x", "y"} }, []string{"edge 0", "2 values for 1"}},
		{"wrong node type", func(g *Graph) { g.Nodes[0].Values[0] = "1" }, []string{"node 0", `attribute "n"`, "long", "string"}},
		{"uint64 is not an Int", func(g *Graph) { g.Nodes[0].Values[0] = uint64(1) }, []string{"node 0", "uint64"}},
		{"float for int", func(g *Graph) { g.Nodes[0].Values[0] = 1.0 }, []string{"float64"}},
		{"wrong edge type", func(g *Graph) { g.Edges[0].Values[0] = true }, []string{"edge 0", `attribute "e"`, "bool"}},
		{"empty key", func(g *Graph) { g.NodeAttrs[0].Key = "" }, []string{"node attribute 0", "key"}},
		{"key with space", func(g *Graph) { g.EdgeAttrs[0].Key = "a b" }, []string{"edge attribute 0", `"a b"`}},
		{"key shared by node and edge", func(g *Graph) { g.EdgeAttrs[0].Key = "n" }, []string{`"n"`, "node attribute 0"}},
		{"reserved key", func(g *Graph) { g.NodeAttrs[0].Key = "weight" }, []string{`"weight"`, "edge weight"}},
		{"reserved node name", func(g *Graph) { g.NodeAttrs[0].Title = "label" }, []string{"reserved"}},
		{"reserved edge name", func(g *Graph) { g.EdgeAttrs[0].Title = "weight" }, []string{"reserved"}},
		{"duplicate name", func(g *Graph) {
			g.NodeAttrs = append(g.NodeAttrs, Attr{Key: "m", Title: "n"})
			g.Nodes[0].Values = append(g.Nodes[0].Values, nil)
			g.Nodes[1].Values = append(g.Nodes[1].Values, nil)
		}, []string{"used twice"}},
		{"unknown type", func(g *Graph) { g.NodeAttrs[0].Type = 9 }, []string{"unknown type"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := base()
			if err := g.Validate(); err != nil {
				t.Fatalf("base graph: %v", err)
			}
			c.change(g)
			for _, f := range formats {
				var buf bytes.Buffer
				err := f.write(&buf, g)
				if err == nil {
					t.Fatalf("%s: no error", f.name)
				}
				for _, w := range c.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: error %q does not mention %q", f.name, err, w)
					}
				}
				if buf.Len() != 0 {
					t.Errorf("%s: wrote %d bytes for an invalid graph", f.name, buf.Len())
				}
			}
		})
	}
	if err := (*Graph)(nil).Validate(); err == nil {
		t.Error("nil graph: no error")
	}
}

// failWriter accepts limit bytes, then fails every write.
type failWriter struct {
	limit, written int
	failed         bool
	callsAfter     int // write calls after the first failure
}

var errDiskFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if w.failed {
		w.callsAfter++
		return 0, errDiskFull
	}
	if w.written+len(p) > w.limit {
		w.failed = true
		n := w.limit - w.written
		w.written = w.limit
		return n, errDiskFull
	}
	w.written += len(p)
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	g := benchGraph(2000, 20000)
	for _, f := range formats {
		for _, limit := range []int{0, 100, 70000, 1 << 20} {
			w := &failWriter{limit: limit}
			err := f.write(w, g)
			if !errors.Is(err, errDiskFull) {
				t.Fatalf("%s, limit %d: got %v, want an error wrapping %v", f.name, limit, err, errDiskFull)
			}
			if !strings.Contains(err.Error(), "writing") {
				t.Errorf("%s: error %q lacks context", f.name, err)
			}
			// The first failure must be final, not retried per element.
			if w.callsAfter != 0 {
				t.Errorf("%s, limit %d: %d writes after the failure", f.name, limit, w.callsAfter)
			}
		}
	}
}
