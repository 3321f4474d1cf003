package graphfile

import "io"

// WriteGEXF writes g as a static GEXF 1.3 document. It validates g first
// and writes nothing if g is invalid. Each node and edge takes one line, so
// large files stay easy to grep and split.
func WriteGEXF(w io.Writer, g *Graph) error {
	if err := g.Validate(); err != nil {
		return err
	}
	x := newXMLWriter(w)
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">` + "\n")
	if g.Creator != "" || g.Description != "" {
		x.raw("  <meta>\n")
		if g.Creator != "" {
			x.raw("    <creator>")
			x.esc(g.Creator)
			x.raw("</creator>\n")
		}
		if g.Description != "" {
			x.raw("    <description>")
			x.esc(g.Description)
			x.raw("</description>\n")
		}
		x.raw("  </meta>\n")
	}
	if g.Directed {
		x.raw(`  <graph defaultedgetype="directed" mode="static">` + "\n")
	} else {
		x.raw(`  <graph defaultedgetype="undirected" mode="static">` + "\n")
	}
	gexfAttributes(x, "node", g.NodeAttrs)
	gexfAttributes(x, "edge", g.EdgeAttrs)
	nodeTags, edgeTags := attvalueTags(g.NodeAttrs), attvalueTags(g.EdgeAttrs)

	x.raw(`    <nodes count="`)
	x.int(int64(len(g.Nodes)))
	x.raw("\">\n")
	for i := range g.Nodes {
		if x.err != nil {
			return x.finish("GEXF")
		}
		n := &g.Nodes[i]
		x.raw("      <node")
		x.attr("id", n.ID)
		if n.Label != "" {
			x.attr("label", n.Label)
		}
		if gexfAttvalues(x, nodeTags, n.Values) {
			x.raw("</node>\n")
		} else {
			x.raw("/>\n")
		}
	}
	x.raw("    </nodes>\n")

	x.raw(`    <edges count="`)
	x.int(int64(len(g.Edges)))
	x.raw("\">\n")
	for i := range g.Edges {
		if x.err != nil {
			return x.finish("GEXF")
		}
		e := &g.Edges[i]
		x.raw(`      <edge id="`)
		x.int(int64(i))
		x.raw(`"`)
		x.attr("source", e.Source)
		x.attr("target", e.Target)
		if finite(e.Weight) {
			x.raw(` weight="`)
			x.float(e.Weight, 64)
			x.raw(`"`)
		}
		if gexfAttvalues(x, edgeTags, e.Values) {
			x.raw("</edge>\n")
		} else {
			x.raw("/>\n")
		}
	}
	x.raw("    </edges>\n  </graph>\n</gexf>\n")
	return x.finish("GEXF")
}

func gexfAttributes(x *xmlWriter, class string, attrs []Attr) {
	if len(attrs) == 0 {
		return
	}
	x.raw(`    <attributes class="` + class + "\">\n")
	for _, a := range attrs {
		x.raw(`      <attribute id="` + a.Key + `"`) // keys are NMTOKENs
		x.attr("title", a.name())
		x.raw(` type="` + a.Type.String() + "\"/>\n")
	}
	x.raw("    </attributes>\n")
}

// attvalueTags builds each attribute's attvalue opening once, so the hot
// loop writes it without concatenating.
func attvalueTags(attrs []Attr) []string {
	tags := make([]string, len(attrs))
	for i, a := range attrs {
		tags[i] = `<attvalue for="` + a.Key + `" value="` // keys are NMTOKENs
	}
	return tags
}

// gexfAttvalues closes the open start tag with the element's attvalues and
// reports true, or writes nothing and reports false if no value is present
// (the caller then closes the tag as empty).
func gexfAttvalues(x *xmlWriter, tags []string, vals []Value) bool {
	open := false
	for i, v := range vals {
		if !present(v) {
			continue
		}
		if !open {
			x.raw("><attvalues>")
			open = true
		}
		x.raw(tags[i])
		x.value(v)
		x.raw(`"/>`)
	}
	if open {
		x.raw("</attvalues>")
	}
	return open
}
