package graphfile

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// readerScript loads both files with networkx and prints what it saw.
const readerScript = `
import json, sys
import networkx as nx
out = {}
for kind, path in (("graphml", sys.argv[1]), ("gexf", sys.argv[2])):
    g = nx.read_graphml(path) if kind == "graphml" else nx.read_gexf(path)
    out[kind] = {
        "directed": g.is_directed(),
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "ids": sorted(str(n) for n in g.nodes),
        "labels": {str(n): d["label"] for n, d in g.nodes(data=True) if d.get("label")},
        "weight": sum(float(d.get("weight", 0)) for _, _, d in g.edges(data=True)),
    }
print(json.dumps(out))
`

type pySeen struct {
	Directed bool
	Nodes    int
	Edges    int
	IDs      []string
	Labels   map[string]string
	Weight   float64
}

// TestNetworkx reads the output with networkx when it is installed.
func TestNetworkx(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	if err := exec.Command(py, "-c", "import networkx").Run(); err != nil {
		t.Skip("networkx not importable")
	}
	for name, g := range map[string]*Graph{"small": smallGraph(), "hostile": hostileGraph(), "bench": benchGraph(500, 3000)} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			paths := []string{filepath.Join(dir, "g.graphml"), filepath.Join(dir, "g.gexf")}
			for i, write := range []writeFunc{WriteGraphML, WriteGEXF} {
				f, err := os.Create(paths[i])
				if err != nil {
					t.Fatal(err)
				}
				if err := write(f, g); err != nil {
					t.Fatal(err)
				}
				if err := f.Close(); err != nil {
					t.Fatal(err)
				}
			}
			out, err := exec.Command(py, "-c", readerScript, paths[0], paths[1]).Output()
			if err != nil {
				if ee, ok := err.(*exec.ExitError); ok {
					t.Fatalf("networkx: %v\n%s", err, ee.Stderr)
				}
				t.Fatal(err)
			}
			var seen map[string]pySeen
			if err := json.Unmarshal(out, &seen); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			var ids []string
			labels := map[string]string{}
			weight := 0.0
			for _, n := range g.Nodes {
				ids = append(ids, xmlText(n.ID))
				if n.Label != "" {
					labels[xmlText(n.ID)] = xmlText(n.Label)
				}
			}
			for _, e := range g.Edges {
				if finite(e.Weight) {
					weight += e.Weight
				}
			}
			slices.Sort(ids)
			for _, kind := range []string{"graphml", "gexf"} {
				s, ok := seen[kind]
				if !ok {
					t.Fatalf("%s: no result", kind)
				}
				if s.Directed != g.Directed || s.Nodes != len(g.Nodes) || s.Edges != len(g.Edges) {
					t.Errorf("%s: directed=%v nodes=%d edges=%d, want %v %d %d", kind, s.Directed, s.Nodes, s.Edges, g.Directed, len(g.Nodes), len(g.Edges))
				}
				// Python sorts by code point, Go by UTF-8 bytes: the same
				// order for valid text.
				if !slices.Equal(s.IDs, ids) {
					t.Errorf("%s: node ids differ:\n got %q\nwant %q", kind, s.IDs, ids)
				}
				for id, want := range labels {
					if s.Labels[id] != want {
						t.Errorf("%s: node %q: label %q, want %q", kind, trim(id), trim(s.Labels[id]), trim(want))
					}
				}
				if d := s.Weight - weight; d > 1e-9*weight || d < -1e-9*weight {
					t.Errorf("%s: total weight %v, want %v", kind, s.Weight, weight)
				}
			}
		})
	}
}
