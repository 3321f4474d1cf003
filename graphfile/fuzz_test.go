package graphfile

import (
	"math"
	"regexp"
	"testing"
)

// FuzzRoundTrip puts arbitrary strings in every slot of a two-node graph
// and checks that both outputs parse as XML and read back as the sanitised
// strings, or that Validate rejects exactly the graphs it should.
func FuzzRoundTrip(f *testing.F) {
	hs := hostileStrings()
	for i, h := range hs {
		// Long seeds make the fuzzer's minimising crawl; TestRoundTrip
		// covers the long label.
		hs[i] = h[:min(len(h), 200)]
	}
	for i := range hs {
		f.Add(hs[i], hs[(i+1)%len(hs)], hs[(i+2)%len(hs)], hs[(i+3)%len(hs)], "k", float64(i), int64(i))
	}
	f.Add("a", "a", "", "", "label", math.NaN(), int64(-1))
	f.Add("\x00", "\x01", "t", "v", "weight", math.Inf(1), int64(math.MinInt64))
	f.Add("a", "b", "label", "label", "x y", math.Copysign(0, -1), int64(0))
	token := regexp.MustCompile(`^[A-Za-z0-9._:-]+$`)

	f.Fuzz(func(t *testing.T, id1, id2, label, text, key string, w float64, n int64) {
		// The strings as given: Validate must accept exactly the graphs
		// whose keys, ids and names are usable.
		g := fuzzGraph(id1, id2, label, text, key, [3]string{label, text, id1}, w, n)
		name := func(title, key string) string { // as tools see it
			if title == "" {
				return key
			}
			return xmlText(title)
		}
		n1, n2 := name(label, key), name(text, "num")
		e1, e2 := name(id1, "e"), "f"
		valid := token.MatchString(key) &&
			key != "label" && key != "weight" && key != "num" && key != "e" && key != "f" &&
			id1 != "" && id2 != "" && xmlText(id1) != xmlText(id2) &&
			n1 != n2 && n1 != "label" && n2 != "label" &&
			e1 != e2 && e1 != "weight"
		err := g.Validate()
		if valid != (err == nil) {
			t.Fatalf("Validate() = %v, want valid=%v", err, valid)
		}
		if err == nil {
			roundTrip(t, g)
		}
		// The same strings made usable by prefixes, so that every input
		// also exercises the round trip.
		roundTrip(t, fuzzGraph("a"+id1, "b"+id2, label, text, "k", [3]string{"1" + label, "2" + text, "3" + id1}, w, n))
	})
}

func fuzzGraph(id1, id2, label, text, key string, titles [3]string, w float64, n int64) *Graph {
	return &Graph{
		Directed:    n%2 == 0,
		Creator:     label,
		Description: text,
		NodeAttrs:   []Attr{{Key: key, Title: titles[0], Type: String}, {Key: "num", Title: titles[1], Type: Int}},
		EdgeAttrs:   []Attr{{Key: "e", Title: titles[2], Type: String}, {Key: "f", Type: Float}},
		Nodes: []Node{
			{ID: id1, Label: label, Values: []Value{text, n}},
			{ID: id2, Label: text, Values: []Value{label, nil}},
		},
		Edges: []Edge{
			{Source: id1, Target: id2, Weight: w, Values: []Value{text, w}},
			{Source: id2, Target: id2, Weight: -w, Values: []Value{nil, float32(w)}},
		},
	}
}
