// Package disarm holds the DISARM Red framework (v1.6): its tactics and
// techniques, by id, for tagging operations and incidents. The data is
// embedded; see ATTRIBUTION.md for its source and licence (CC BY-SA 4.0).
package disarm

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed techniques.csv
var techniquesCSV string

//go:embed tactics.csv
var tacticsCSV string

// Technique is a DISARM technique or sub-technique.
type Technique struct {
	ID, Name, Tactic, Summary string
}

// Tactic is a DISARM tactic.
type Tactic struct {
	ID, Name, Phase, Summary string
}

// Framework is the parsed framework.
type Framework struct {
	Techniques map[string]Technique
	Tactics    map[string]Tactic
}

var (
	once sync.Once
	red  *Framework
	err  error
)

// Red returns the embedded Red framework, parsed once.
func Red() (*Framework, error) {
	once.Do(func() { red, err = parse(techniquesCSV, tacticsCSV) })
	return red, err
}

func parse(techniques, tactics string) (*Framework, error) {
	f := &Framework{Techniques: map[string]Technique{}, Tactics: map[string]Tactic{}}
	rows, err := csv.NewReader(strings.NewReader(techniques)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("disarm techniques: %w", err)
	}
	for _, r := range rows[1:] {
		if len(r) < 4 {
			return nil, fmt.Errorf("disarm techniques: short row %q", r)
		}
		f.Techniques[r[0]] = Technique{ID: r[0], Name: r[1], Tactic: r[2], Summary: r[3]}
	}
	rows, err = csv.NewReader(strings.NewReader(tactics)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("disarm tactics: %w", err)
	}
	for _, r := range rows[1:] {
		if len(r) < 5 {
			return nil, fmt.Errorf("disarm tactics: short row %q", r)
		}
		f.Tactics[r[0]] = Tactic{ID: r[0], Name: r[1], Phase: r[2], Summary: r[4]}
	}
	return f, nil
}

// Technique returns a technique by id ("T0049.003").
func (f *Framework) Technique(id string) (Technique, bool) {
	t, ok := f.Techniques[id]
	return t, ok
}

// Search returns the techniques whose id or name contains q (case-folded),
// in id order.
func (f *Framework) Search(q string) []Technique {
	q = strings.ToLower(strings.TrimSpace(q))
	var out []Technique
	for _, t := range f.Techniques {
		if strings.Contains(strings.ToLower(t.ID), q) || strings.Contains(strings.ToLower(t.Name), q) {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
