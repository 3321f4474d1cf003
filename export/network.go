package export

import (
	"fmt"
	"io"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/graphfile"
)

// Network turns a result into an attributed graph for Gephi and igraph:
// accounts with their cluster, community and activity, edges with their
// weight and what ties them. With aboveOnly, only the edges above the
// threshold (and their accounts) are kept, which is what an analyst opens
// first and what stays small on large inputs.
func Network(r *coord.Result, aboveOnly bool) *graphfile.Graph {
	d := r.Data
	g := &graphfile.Graph{
		Creator:     "Scrutineer",
		Description: fmt.Sprintf("coordination network (%s semantics, window %v)", r.Params.Semantics, r.Params.Window),
		NodeAttrs: []graphfile.Attr{
			{Key: "cluster", Title: "cluster", Type: graphfile.Int},
			{Key: "community", Title: "community", Type: graphfile.Int},
			{Key: "degree", Title: "degree above threshold", Type: graphfile.Int},
			{Key: "strength", Title: "strength above threshold", Type: graphfile.Int},
		},
		EdgeAttrs: []graphfile.Attr{
			{Key: "avg_time_delta", Title: "mean seconds between shares", Type: graphfile.Float},
			{Key: "edge_symmetry_score", Title: "edge symmetry score", Type: graphfile.Float},
			{Key: "weight_threshold", Title: "above threshold", Type: graphfile.Bool},
			{Key: "kinds", Title: "object kinds", Type: graphfile.String},
			{Key: "n_objects", Title: "objects shared", Type: graphfile.Int},
		},
	}
	members := memberSlice(r)
	index := map[uint32]bool{}
	addNode := func(a uint32) {
		if index[a] {
			return
		}
		index[a] = true
		n := graphfile.Node{ID: d.Accounts[a], Label: d.Accounts[a], Values: make([]graphfile.Value, 4)}
		if m := members[a]; m != nil {
			n.Values = []graphfile.Value{m.Cluster, m.Community, m.Degree, m.Strength}
		}
		g.Nodes = append(g.Nodes, n)
	}
	var objs []uint32
	for i := range r.Edges {
		e := &r.Edges[i]
		if aboveOnly && !e.Above {
			continue
		}
		addNode(e.A)
		addNode(e.B)
		objs = edgeObjects(r, e, objs)
		g.Edges = append(g.Edges, graphfile.Edge{
			Source: d.Accounts[e.A], Target: d.Accounts[e.B], Weight: float64(e.Weight),
			Values: []graphfile.Value{e.AvgDelta(), e.Symmetry(), e.Above, Kinds(d, e.Kinds), len(objs)},
		})
	}
	return g
}

// WriteGEXF writes g as GEXF 1.3.
func WriteGEXF(w io.Writer, g *graphfile.Graph) error {
	if err := graphfile.WriteGEXF(w, g); err != nil {
		return fmt.Errorf("write gexf: %w", err)
	}
	return nil
}

// WriteGraphML writes g as GraphML.
func WriteGraphML(w io.Writer, g *graphfile.Graph) error {
	if err := graphfile.WriteGraphML(w, g); err != nil {
		return fmt.Errorf("write graphml: %w", err)
	}
	return nil
}
