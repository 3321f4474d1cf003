// Package graphfile writes attributed graphs as GEXF 1.3 and GraphML, the
// two formats that Gephi, Cytoscape, networkx and igraph all read.
//
// The model is deliberately neutral: string node ids, weighted edges and
// typed attribute columns for nodes and for edges. The writers stream to an
// io.Writer element by element, so a graph of millions of edges never exists
// as a document in memory.
//
// Any string may go into ids, labels, titles and values. Characters that
// XML 1.0 cannot carry at all (control characters other than tab, newline
// and carriage return, U+FFFE, U+FFFF, and bytes that are not valid UTF-8,
// such as lone surrogates) are written as U+FFFD so that the file always
// parses; everything else survives exactly.
//
// The package is pure: no file I/O, no package state.
package graphfile

import (
	"errors"
	"fmt"
	"math"
)

// AttrType is the declared type of an attribute column.
type AttrType uint8

// The attribute types. Int is written as a 64-bit "long" in both formats so
// that any int64 survives.
const (
	String AttrType = iota
	Int
	Float
	Bool
)

func (t AttrType) String() string {
	switch t {
	case String:
		return "string"
	case Int:
		return "long"
	case Float:
		return "double"
	case Bool:
		return "boolean"
	}
	return fmt.Sprintf("AttrType(%d)", uint8(t))
}

// Attr declares an attribute column.
//
// Key is the attribute's id in the file (GEXF attribute id, GraphML key id).
// It must be non-empty and made of ASCII letters, digits, '.', '-', '_' and
// ':' (a GraphML NMTOKEN), and unique across node and edge attributes
// because GraphML keeps a single key namespace. "label" and "weight" are
// taken by the node label and edge weight keys of the GraphML writer.
//
// Title is the name people and tools see: the GEXF title and the GraphML
// attr.name, which networkx and igraph use as the attribute's name. It
// defaults to Key. Names must be unique within nodes and within edges, and a
// node attribute may not be named "label" nor an edge attribute "weight",
// or readers would silently merge them.
type Attr struct {
	Key, Title string
	Type       AttrType
}

// name is the attribute's name as tools see it.
func (a Attr) name() string {
	if a.Title == "" {
		return a.Key
	}
	return a.Title
}

// Value is one attribute value. By declared type it must be:
//
//	String: string
//	Int:    int, int8, int16, int32, int64, uint8, uint16 or uint32
//	Float:  float64 or float32
//	Bool:   bool
//
// A nil value, and a NaN or infinite float, is left out for that element.
type Value = any

// Node is a vertex. Values lines up with Graph.NodeAttrs. An empty Label is
// not written, and tools then show the id.
type Node struct {
	ID, Label string
	Values    []Value
}

// Edge joins the nodes whose ids are Source and Target. Values lines up with
// Graph.EdgeAttrs. Weight is always written (a zero weight too) unless it
// is NaN or infinite. Edges are numbered by their index in Graph.Edges, and
// that number is their id in both formats.
type Edge struct {
	Source, Target string
	Weight         float64
	Values         []Value
}

// Graph is an attributed graph ready to be written.
type Graph struct {
	Directed bool
	// Creator and Description go into the GEXF <meta> element; GraphML has
	// no standard place for them.
	Creator, Description string
	NodeAttrs, EdgeAttrs []Attr
	Nodes                []Node
	Edges                []Edge
}

// Reserved GraphML key ids and names, written by the GraphML writer itself.
const (
	labelKey  = "label"
	weightKey = "weight"
)

// Validate reports the first problem that would make the graph unwritable
// or misread: a bad attribute schema, an empty or duplicate node id, an edge
// endpoint that is not a node id, or values that do not match the schema.
// Both writers call it before writing anything.
func (g *Graph) Validate() error {
	if g == nil {
		return errors.New("graphfile: nil graph")
	}
	if err := g.validateSchema(); err != nil {
		return err
	}
	ids, err := g.nodeIndex()
	if err != nil {
		return err
	}
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if err := checkValues(g.NodeAttrs, n.Values); err != nil {
			return fmt.Errorf("graphfile: node %d (id %q): %w", i, n.ID, err)
		}
	}
	for i := range g.Edges {
		e := &g.Edges[i]
		if _, ok := ids[e.Source]; !ok {
			return fmt.Errorf("graphfile: edge %d: source %q is not a node id", i, e.Source)
		}
		if _, ok := ids[e.Target]; !ok {
			return fmt.Errorf("graphfile: edge %d: target %q is not a node id", i, e.Target)
		}
		if err := checkValues(g.EdgeAttrs, e.Values); err != nil {
			return fmt.Errorf("graphfile: edge %d (%q to %q): %w", i, e.Source, e.Target, err)
		}
	}
	return nil
}

func (g *Graph) validateSchema() error {
	keys := make(map[string]string, len(g.NodeAttrs)+len(g.EdgeAttrs)+2)
	keys[labelKey] = "the node label"
	keys[weightKey] = "the edge weight"
	check := func(class string, attrs []Attr, reserved string) error {
		names := make(map[string]bool, len(attrs))
		for i, a := range attrs {
			if !isNMToken(a.Key) {
				return fmt.Errorf("graphfile: %s attribute %d: key %q must be non-empty ASCII letters, digits, '.', '-', '_' or ':'", class, i, a.Key)
			}
			if a.Type > Bool {
				return fmt.Errorf("graphfile: %s attribute %q: unknown type %v", class, a.Key, a.Type)
			}
			if prev, ok := keys[a.Key]; ok {
				return fmt.Errorf("graphfile: %s attribute key %q is already used by %s", class, a.Key, prev)
			}
			keys[a.Key] = fmt.Sprintf("%s attribute %d", class, i)
			// Names are compared as written, after sanitising.
			n := sanitize(a.name())
			if n == reserved {
				return fmt.Errorf("graphfile: %s attribute %q: the name %q is reserved", class, a.Key, n)
			}
			if names[n] {
				return fmt.Errorf("graphfile: %s attribute %q: name %q is used twice", class, a.Key, n)
			}
			names[n] = true
		}
		return nil
	}
	if err := check("node", g.NodeAttrs, labelKey); err != nil {
		return err
	}
	return check("edge", g.EdgeAttrs, weightKey)
}

// nodeIndex maps node ids to indices, rejecting empty and duplicate ids.
// Two different ids that sanitise to the same text would be one node in the
// file, so they count as duplicates too.
func (g *Graph) nodeIndex() (map[string]int, error) {
	ids := make(map[string]int, len(g.Nodes))
	var cleaned map[string]int // sanitised forms of ids that needed it
	for i := range g.Nodes {
		id := g.Nodes[i].ID
		if id == "" {
			return nil, fmt.Errorf("graphfile: node %d has an empty id", i)
		}
		if j, dup := ids[id]; dup {
			return nil, fmt.Errorf("graphfile: nodes %d and %d have the same id %q", j, i, id)
		}
		ids[id] = i
	}
	for i := range g.Nodes {
		id := g.Nodes[i].ID
		if isClean(id) {
			continue
		}
		s := sanitize(id)
		j, dup := ids[s]
		if !dup {
			j, dup = cleaned[s]
		}
		if dup {
			return nil, fmt.Errorf("graphfile: nodes %d and %d have ids %q and %q, which are the same once characters XML cannot hold are replaced", j, i, g.Nodes[j].ID, id)
		}
		if cleaned == nil {
			cleaned = make(map[string]int)
		}
		cleaned[s] = i
	}
	return ids, nil
}

func checkValues(attrs []Attr, vals []Value) error {
	if len(vals) != len(attrs) {
		return fmt.Errorf("has %d values for %d attributes", len(vals), len(attrs))
	}
	for i, v := range vals {
		if v == nil {
			continue
		}
		if !typeMatches(attrs[i].Type, v) {
			return fmt.Errorf("attribute %q is declared %v but holds %T", attrs[i].Key, attrs[i].Type, v)
		}
	}
	return nil
}

func typeMatches(t AttrType, v Value) bool {
	switch v.(type) {
	case string:
		return t == String
	case int, int8, int16, int32, int64, uint8, uint16, uint32:
		return t == Int
	case float64, float32:
		return t == Float
	case bool:
		return t == Bool
	}
	return false
}

// present reports whether a validated value is written at all.
func present(v Value) bool {
	switch f := v.(type) {
	case nil:
		return false
	case float64:
		return finite(f)
	case float32:
		return finite(float64(f))
	}
	return true
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// isNMToken reports whether s is a non-empty ASCII subset of XML NMTOKEN,
// so that it is a valid GraphML key id.
func isNMToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '.', c == '-', c == '_', c == ':':
		default:
			return false
		}
	}
	return true
}
