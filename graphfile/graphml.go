package graphfile

import "io"

// WriteGraphML writes g as a GraphML document. It validates g first and
// writes nothing if g is invalid.
//
// GraphML has no built-in node label or edge weight, so they travel as the
// data keys "label" (string, nodes) and "weight" (double, edges): the names
// Gephi maps to its label and weight columns and networkx and igraph expose
// as ordinary attributes. Each node and edge takes one line.
func WriteGraphML(w io.Writer, g *Graph) error {
	if err := g.Validate(); err != nil {
		return err
	}
	x := newXMLWriter(w)
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	x.raw(`  <key id="` + labelKey + `" for="node" attr.name="label" attr.type="string"/>` + "\n")
	graphmlKeys(x, "node", g.NodeAttrs)
	x.raw(`  <key id="` + weightKey + `" for="edge" attr.name="weight" attr.type="double"/>` + "\n")
	graphmlKeys(x, "edge", g.EdgeAttrs)
	if g.Directed {
		x.raw(`  <graph edgedefault="directed">` + "\n")
	} else {
		x.raw(`  <graph edgedefault="undirected">` + "\n")
	}

	nodeTags, edgeTags := dataTags(g.NodeAttrs), dataTags(g.EdgeAttrs)
	for i := range g.Nodes {
		if x.err != nil {
			return x.finish("GraphML")
		}
		n := &g.Nodes[i]
		x.raw("    <node")
		x.attr("id", n.ID)
		if n.Label == "" && !anyPresent(n.Values) {
			x.raw("/>\n")
			continue
		}
		x.raw(">")
		if n.Label != "" {
			x.raw(`<data key="` + labelKey + `">`)
			x.esc(n.Label)
			x.raw("</data>")
		}
		graphmlData(x, nodeTags, n.Values)
		x.raw("</node>\n")
	}

	for i := range g.Edges {
		if x.err != nil {
			return x.finish("GraphML")
		}
		e := &g.Edges[i]
		x.raw(`    <edge id="`)
		x.int(int64(i))
		x.raw(`"`)
		x.attr("source", e.Source)
		x.attr("target", e.Target)
		if !finite(e.Weight) && !anyPresent(e.Values) {
			x.raw("/>\n")
			continue
		}
		x.raw(">")
		if finite(e.Weight) {
			x.raw(`<data key="` + weightKey + `">`)
			x.float(e.Weight, 64)
			x.raw("</data>")
		}
		graphmlData(x, edgeTags, e.Values)
		x.raw("</edge>\n")
	}
	x.raw("  </graph>\n</graphml>\n")
	return x.finish("GraphML")
}

func graphmlKeys(x *xmlWriter, class string, attrs []Attr) {
	for _, a := range attrs {
		x.raw(`  <key id="` + a.Key + `" for="` + class + `"`) // keys are NMTOKENs
		x.attr("attr.name", a.name())
		x.raw(` attr.type="` + a.Type.String() + "\"/>\n")
	}
}

// dataTags builds each attribute's data opening once, so the hot loop
// writes it without concatenating.
func dataTags(attrs []Attr) []string {
	tags := make([]string, len(attrs))
	for i, a := range attrs {
		tags[i] = `<data key="` + a.Key + `">`
	}
	return tags
}

func graphmlData(x *xmlWriter, tags []string, vals []Value) {
	for i, v := range vals {
		if present(v) {
			x.raw(tags[i])
			x.value(v)
			x.raw("</data>")
		}
	}
}

func anyPresent(vals []Value) bool {
	for _, v := range vals {
		if present(v) {
			return true
		}
	}
	return false
}
