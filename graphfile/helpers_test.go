package graphfile

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// xmlText is how a string reads back from the file. It is written apart
// from sanitize, from the XML 1.0 Char production, so the two check each
// other. strings.Map sees each invalid UTF-8 byte as one U+FFFD.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t', r == '\n', r == '\r',
			0x20 <= r && r <= 0xD7FF,
			0xE000 <= r && r <= 0xFFFD,
			0x10000 <= r && r <= 0x10FFFF:
			return r
		}
		return 0xFFFD
	}, s)
}

// model is a graph as read back from a file, or as it should read back.
// Values map attribute keys to the value's text (read) or to the original
// value with strings sanitised (expected).
type model struct {
	Directed             bool
	Creator, Description string
	NodeAttrs, EdgeAttrs []Attr
	Nodes                []modelNode
	Edges                []modelEdge
}

type modelNode struct {
	ID, Label string
	Values    map[string]any
}

type modelEdge struct {
	ID, Source, Target string
	Weight             string // text; "" when absent
	Values             map[string]any
}

// expected is what g should read back as. GraphML has no meta, so withMeta
// is false for it.
func expected(g *Graph, withMeta bool) model {
	m := model{Directed: g.Directed}
	if withMeta {
		m.Creator, m.Description = xmlText(g.Creator), xmlText(g.Description)
	}
	attrs := func(as []Attr) []Attr {
		out := []Attr{}
		for _, a := range as {
			t := a.Title
			if t == "" {
				t = a.Key
			}
			out = append(out, Attr{Key: a.Key, Title: xmlText(t), Type: a.Type})
		}
		return out
	}
	m.NodeAttrs, m.EdgeAttrs = attrs(g.NodeAttrs), attrs(g.EdgeAttrs)
	values := func(as []Attr, vs []Value) map[string]any {
		out := map[string]any{}
		for i, v := range vs {
			switch v := v.(type) {
			case nil:
				continue
			case string:
				out[as[i].Key] = xmlText(v)
			case float64:
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					out[as[i].Key] = v
				}
			case float32:
				if !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0) {
					out[as[i].Key] = v
				}
			case int:
				out[as[i].Key] = int64(v)
			case int8:
				out[as[i].Key] = int64(v)
			case int16:
				out[as[i].Key] = int64(v)
			case int32:
				out[as[i].Key] = int64(v)
			case uint8:
				out[as[i].Key] = int64(v)
			case uint16:
				out[as[i].Key] = int64(v)
			case uint32:
				out[as[i].Key] = int64(v)
			default:
				out[as[i].Key] = v
			}
		}
		return out
	}
	m.Nodes = []modelNode{}
	for _, n := range g.Nodes {
		m.Nodes = append(m.Nodes, modelNode{ID: xmlText(n.ID), Label: xmlText(n.Label), Values: values(g.NodeAttrs, n.Values)})
	}
	m.Edges = []modelEdge{}
	for i, e := range g.Edges {
		me := modelEdge{ID: strconv.Itoa(i), Source: xmlText(e.Source), Target: xmlText(e.Target), Values: values(g.EdgeAttrs, e.Values)}
		if !math.IsNaN(e.Weight) && !math.IsInf(e.Weight, 0) {
			me.Weight = "w" // compared by value in compareModels
		}
		m.Edges = append(m.Edges, me)
	}
	return m
}

// GEXF as read back by encoding/xml.
type gexfDoc struct {
	XMLName xml.Name `xml:"http://gexf.net/1.3 gexf"`
	Version string   `xml:"version,attr"`
	Meta    struct {
		Creator     string `xml:"creator"`
		Description string `xml:"description"`
	} `xml:"meta"`
	Graph struct {
		DefaultEdgeType string `xml:"defaultedgetype,attr"`
		Mode            string `xml:"mode,attr"`
		Attributes      []struct {
			Class     string `xml:"class,attr"`
			Attribute []struct {
				ID    string `xml:"id,attr"`
				Title string `xml:"title,attr"`
				Type  string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes struct {
			Count int `xml:"count,attr"`
			Node  []struct {
				ID        string         `xml:"id,attr"`
				Label     string         `xml:"label,attr"`
				AttValues []gexfAttValue `xml:"attvalues>attvalue"`
			} `xml:"node"`
		} `xml:"nodes"`
		Edges struct {
			Count int `xml:"count,attr"`
			Edge  []struct {
				ID        string         `xml:"id,attr"`
				Source    string         `xml:"source,attr"`
				Target    string         `xml:"target,attr"`
				Weight    string         `xml:"weight,attr"`
				AttValues []gexfAttValue `xml:"attvalues>attvalue"`
			} `xml:"edge"`
		} `xml:"edges"`
	} `xml:"graph"`
}

type gexfAttValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

func typeFromName(s string) (AttrType, error) {
	for t := String; t <= Bool; t++ {
		if t.String() == s {
			return t, nil
		}
	}
	return 0, fmt.Errorf("unknown attribute type %q", s)
}

func readGEXF(data []byte) (model, error) {
	var d gexfDoc
	if err := xml.Unmarshal(data, &d); err != nil {
		return model{}, err
	}
	if d.Version != "1.3" || d.Graph.Mode != "static" {
		return model{}, fmt.Errorf("version %q mode %q", d.Version, d.Graph.Mode)
	}
	m := model{
		Directed: d.Graph.DefaultEdgeType == "directed",
		Creator:  d.Meta.Creator, Description: d.Meta.Description,
		NodeAttrs: []Attr{}, EdgeAttrs: []Attr{}, Nodes: []modelNode{}, Edges: []modelEdge{},
	}
	for _, as := range d.Graph.Attributes {
		for _, a := range as.Attribute {
			t, err := typeFromName(a.Type)
			if err != nil {
				return m, err
			}
			attr := Attr{Key: a.ID, Title: a.Title, Type: t}
			switch as.Class {
			case "node":
				m.NodeAttrs = append(m.NodeAttrs, attr)
			case "edge":
				m.EdgeAttrs = append(m.EdgeAttrs, attr)
			default:
				return m, fmt.Errorf("attributes class %q", as.Class)
			}
		}
	}
	vals := func(avs []gexfAttValue) map[string]any {
		out := map[string]any{}
		for _, av := range avs {
			out[av.For] = av.Value
		}
		return out
	}
	if d.Graph.Nodes.Count != len(d.Graph.Nodes.Node) || d.Graph.Edges.Count != len(d.Graph.Edges.Edge) {
		return m, fmt.Errorf("counts %d/%d for %d nodes and %d edges", d.Graph.Nodes.Count, d.Graph.Edges.Count, len(d.Graph.Nodes.Node), len(d.Graph.Edges.Edge))
	}
	for _, n := range d.Graph.Nodes.Node {
		m.Nodes = append(m.Nodes, modelNode{ID: n.ID, Label: n.Label, Values: vals(n.AttValues)})
	}
	for _, e := range d.Graph.Edges.Edge {
		m.Edges = append(m.Edges, modelEdge{ID: e.ID, Source: e.Source, Target: e.Target, Weight: e.Weight, Values: vals(e.AttValues)})
	}
	return m, nil
}

// GraphML as read back by encoding/xml.
type graphmlDoc struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string   `xml:"id,attr"`
			Data []mlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string   `xml:"id,attr"`
			Source string   `xml:"source,attr"`
			Target string   `xml:"target,attr"`
			Data   []mlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type mlData struct {
	Key  string `xml:"key,attr"`
	Text string `xml:",chardata"`
}

func readGraphML(data []byte) (model, error) {
	var d graphmlDoc
	if err := xml.Unmarshal(data, &d); err != nil {
		return model{}, err
	}
	m := model{
		Directed:  d.Graph.EdgeDefault == "directed",
		NodeAttrs: []Attr{}, EdgeAttrs: []Attr{}, Nodes: []modelNode{}, Edges: []modelEdge{},
	}
	var sawLabel, sawWeight bool
	for _, k := range d.Keys {
		t, err := typeFromName(k.Type)
		if err != nil {
			return m, err
		}
		switch {
		case k.ID == "label" && k.For == "node" && k.Name == "label" && t == String:
			sawLabel = true
		case k.ID == "weight" && k.For == "edge" && k.Name == "weight" && t == Float:
			sawWeight = true
		case k.For == "node":
			m.NodeAttrs = append(m.NodeAttrs, Attr{Key: k.ID, Title: k.Name, Type: t})
		case k.For == "edge":
			m.EdgeAttrs = append(m.EdgeAttrs, Attr{Key: k.ID, Title: k.Name, Type: t})
		default:
			return m, fmt.Errorf("key %q for %q", k.ID, k.For)
		}
	}
	if !sawLabel || !sawWeight {
		return m, fmt.Errorf("label or weight key missing")
	}
	for _, n := range d.Graph.Nodes {
		mn := modelNode{ID: n.ID, Values: map[string]any{}}
		for _, dt := range n.Data {
			if dt.Key == "label" {
				mn.Label = dt.Text
			} else {
				mn.Values[dt.Key] = dt.Text
			}
		}
		m.Nodes = append(m.Nodes, mn)
	}
	for _, e := range d.Graph.Edges {
		me := modelEdge{ID: e.ID, Source: e.Source, Target: e.Target, Values: map[string]any{}}
		for _, dt := range e.Data {
			if dt.Key == "weight" {
				me.Weight = dt.Text
			} else {
				me.Values[dt.Key] = dt.Text
			}
		}
		m.Edges = append(m.Edges, me)
	}
	return m, nil
}

// sameValue reports whether text read back from a file is the value want.
func sameValue(want any, text string) bool {
	switch w := want.(type) {
	case string:
		return w == text
	case int64:
		v, err := strconv.ParseInt(text, 10, 64)
		return err == nil && v == w
	case float64:
		v, err := strconv.ParseFloat(text, 64)
		return err == nil && math.Float64bits(v) == math.Float64bits(w)
	case float32:
		v, err := strconv.ParseFloat(text, 32)
		return err == nil && math.Float32bits(float32(v)) == math.Float32bits(w)
	case bool:
		return text == strconv.FormatBool(w)
	}
	return false
}

// compareModels reports every difference between the graph g should read
// back as and what was read.
func compareModels(t testing.TB, g *Graph, want, got model) {
	t.Helper()
	if want.Directed != got.Directed || want.Creator != got.Creator || want.Description != got.Description {
		t.Errorf("header: got directed=%v creator=%q description=%q, want %v %q %q",
			got.Directed, got.Creator, got.Description, want.Directed, want.Creator, want.Description)
	}
	if fmt.Sprint(want.NodeAttrs) != fmt.Sprint(got.NodeAttrs) || fmt.Sprint(want.EdgeAttrs) != fmt.Sprint(got.EdgeAttrs) {
		t.Errorf("schema: got %q / %q, want %q / %q", got.NodeAttrs, got.EdgeAttrs, want.NodeAttrs, want.EdgeAttrs)
	}
	if len(want.Nodes) != len(got.Nodes) || len(want.Edges) != len(got.Edges) {
		t.Fatalf("got %d nodes and %d edges, want %d and %d", len(got.Nodes), len(got.Edges), len(want.Nodes), len(want.Edges))
	}
	sameValues := func(what string, want, got map[string]any) {
		if len(want) != len(got) {
			t.Errorf("%s: got values %q, want %q", what, got, want)
			return
		}
		for k, w := range want {
			text, ok := got[k].(string)
			if !ok || !sameValue(w, text) {
				t.Errorf("%s: attribute %q: got %q, want %#v", what, k, got[k], w)
			}
		}
	}
	for i, w := range want.Nodes {
		gn := got.Nodes[i]
		what := fmt.Sprintf("node %d", i)
		if w.ID != gn.ID || w.Label != gn.Label {
			t.Errorf("%s: got id %q label %q, want %q %q", what, trim(gn.ID), trim(gn.Label), trim(w.ID), trim(w.Label))
		}
		sameValues(what, w.Values, gn.Values)
	}
	for i, w := range want.Edges {
		ge := got.Edges[i]
		what := fmt.Sprintf("edge %d", i)
		if w.ID != ge.ID || w.Source != ge.Source || w.Target != ge.Target {
			t.Errorf("%s: got %q %q->%q, want %q %q->%q", what, ge.ID, ge.Source, ge.Target, w.ID, w.Source, w.Target)
		}
		if w.Weight == "" {
			if ge.Weight != "" {
				t.Errorf("%s: got weight %q, want none", what, ge.Weight)
			}
		} else if !sameValue(g.Edges[i].Weight, ge.Weight) {
			t.Errorf("%s: got weight %q, want %v", what, ge.Weight, g.Edges[i].Weight)
		}
		sameValues(what, w.Values, ge.Values)
	}
}

func trim(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

// roundTrip writes g in both formats, reads each back and compares.
func roundTrip(t testing.TB, g *Graph) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteGEXF(&buf, g); err != nil {
		t.Fatalf("WriteGEXF: %v", err)
	}
	got, err := readGEXF(buf.Bytes())
	if err != nil {
		t.Fatalf("reading GEXF back: %v\n%s", err, trim(buf.String()))
	}
	compareModels(t, g, expected(g, true), got)

	buf.Reset()
	if err := WriteGraphML(&buf, g); err != nil {
		t.Fatalf("WriteGraphML: %v", err)
	}
	got, err = readGraphML(buf.Bytes())
	if err != nil {
		t.Fatalf("reading GraphML back: %v\n%s", err, trim(buf.String()))
	}
	compareModels(t, g, expected(g, false), got)
}

// smallGraph is the golden-file graph: every value type, a missing value,
// a NaN, escaping, and an edge with no weight.
func smallGraph() *Graph {
	return &Graph{
		Creator:     "scrutineer",
		Description: "Coordinated sharing <test> & \"quotes\"",
		NodeAttrs: []Attr{
			{Key: "cluster", Title: "Cluster", Type: Int},
			{Key: "strength", Type: Float},
			{Key: "platform", Title: "Platform", Type: String},
			{Key: "bot", Title: "Suspected bot", Type: Bool},
		},
		EdgeAttrs: []Attr{
			{Key: "pairs", Title: "Coordinated pairs", Type: Int},
			{Key: "p", Title: "p-value", Type: Float},
		},
		Nodes: []Node{
			{ID: "alice", Label: "@alice", Values: []Value{1, 2.5, "x.com", false}},
			{ID: "bob & co", Label: "Bob <bot>", Values: []Value{int64(1), 0.1, nil, true}},
			{ID: "ﻛﺮﻳﻢ", Label: "كريم 🇵🇸", Values: []Value{uint32(2), math.NaN(), "telegram", nil}},
			{ID: "d", Values: []Value{nil, nil, nil, nil}},
		},
		Edges: []Edge{
			{Source: "alice", Target: "bob & co", Weight: 3, Values: []Value{7, 1e-9}},
			{Source: "bob & co", Target: "ﻛﺮﻳﻢ", Weight: 0.5, Values: []Value{int32(1), nil}},
			{Source: "ﻛﺮﻳﻢ", Target: "alice", Weight: math.Inf(1), Values: []Value{nil, math.NaN()}},
		},
	}
}

// hostileStrings are ids, labels and values meant to break escaping.
func hostileStrings() []string {
	return []string{
		`<script>alert("x")</script>`,
		`&amp; &lt; &#0; &#x1F; ]]> <!-- --> <![CDATA[ x ]]>`,
		"'single' \"double\"",
		"nul\x00 bell\x07 esc\x1b del\x7f",
		"tab\there\nnewline\r\ncrlf\rcr",
		"  leading and trailing spaces  ",
		"emoji 👩‍👩‍👧‍👦 🏳️‍🌈 🇺🇦",
		"مرحبا بالعالم ‏right-to-left‏ ‮override‬",
		"bad utf8 \xff\xfe\xc3",
		"lone surrogate \xed\xa0\x80 and \xed\xbf\xbf",
		"non-characters \uFFFE \uFFFF and the real \uFFFD",
		"C1 \u0085 \u009f line sep \u2028 para sep \u2029 bom \uFEFF",
		"astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \U0010FFFD",
		strings.Repeat("long label with & and < ", 5000),
		"x",
	}
}

// hostileGraph puts every hostile string in every slot.
func hostileGraph() *Graph {
	hs := hostileStrings()
	g := &Graph{
		Directed:    true,
		Creator:     hs[0],
		Description: hs[4] + hs[9],
		NodeAttrs:   []Attr{{Key: "name", Title: hs[1], Type: String}, {Key: "n", Title: hs[7], Type: Int}},
		EdgeAttrs:   []Attr{{Key: "text", Title: hs[6], Type: String}},
	}
	for i, s := range hs {
		g.Nodes = append(g.Nodes, Node{ID: s, Label: hs[len(hs)-1-i], Values: []Value{s, -i}})
	}
	for i := range hs {
		j := (i*7 + 3) % len(hs)
		g.Edges = append(g.Edges, Edge{Source: hs[i], Target: hs[j], Weight: float64(i) / 3, Values: []Value{hs[j]}})
	}
	return g
}
