package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/scrutineer/scrutineer/disarm"
)

// Truth is what the simulator planted, as truth.json holds it. Accounts
// and posts are named by their keys in the share tables ("x:1234").
type Truth struct {
	Name       string           `json:"name"`
	Seed       uint64           `json:"seed"`
	Start      time.Time        `json:"start"`
	Writ       time.Time        `json:"writ"`
	Poll       time.Time        `json:"poll"`
	End        time.Time        `json:"end"`
	Counts     TruthCounts      `json:"counts"`
	Operations []TruthOperation `json:"operations"`
	LookAlikes []TruthLookAlike `json:"look_alikes"`
	Officials  []TruthOfficial  `json:"official_accounts"`
}

// TruthCounts sizes the world.
type TruthCounts struct {
	Accounts        int `json:"accounts"`
	OrganicAccounts int `json:"organic_accounts"`
	Posts           int `json:"posts"`
	Ads             int `json:"ads"`
	Follows         int `json:"follows"`
}

// TruthOperation is a planted operation.
type TruthOperation struct {
	ID         string           `json:"id"`
	Kind       string           `json:"kind"`
	Name       string           `json:"name"`
	Techniques []TruthTechnique `json:"techniques"`
	// Coordination marks the operations coordination detection is meant to
	// find; scrutineer eval scores over these.
	Coordination bool            `json:"coordination"`
	Detectors    []string        `json:"detectors"`
	Platforms    []Platform      `json:"platforms"`
	Start        time.Time       `json:"start"`
	End          time.Time       `json:"end"`
	Params       OperationParams `json:"params"`
	Accounts     []string        `json:"accounts"`
	Posts        []string        `json:"posts"`
	Ads          []string        `json:"ads,omitempty"`
	Targets      []string        `json:"targets,omitempty"`
	Timeline     []TruthEvent    `json:"timeline"`
}

// TruthTechnique is a DISARM technique with its name.
type TruthTechnique struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// TruthEvent is a step of an operation.
type TruthEvent struct {
	Time time.Time `json:"time"`
	What string    `json:"what"`
}

// TruthLookAlike is an organic group that looks coordinated.
type TruthLookAlike struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Name     string   `json:"name"`
	Note     string   `json:"note"`
	Accounts []string `json:"accounts"`
}

// TruthOfficial is an official account: a candidate, party, outlet or the
// election body.
type TruthOfficial struct {
	Account string `json:"account"`
	Role    Role   `json:"role"`
	Name    string `json:"name"`
}

// Truth returns the world's ground truth.
func (w *World) Truth() (*Truth, error) {
	red, err := disarm.Red()
	if err != nil {
		return nil, err
	}
	t := &Truth{Name: w.Name, Seed: w.Seed, Start: w.Start, Writ: w.Writ, Poll: w.Poll, End: w.End,
		Counts:     TruthCounts{Accounts: len(w.Accounts), Posts: len(w.Posts), Ads: len(w.Ads), Follows: len(w.Follows)},
		Operations: []TruthOperation{}, LookAlikes: []TruthLookAlike{}, Officials: []TruthOfficial{}}
	keys := func(idx []int) []string {
		out := make([]string, len(idx))
		for i, a := range idx {
			out[i] = w.Accounts[a].Key()
		}
		return out
	}
	for i := range w.Accounts {
		a := &w.Accounts[i]
		switch a.Role {
		case RoleCandidate, RoleParty, RoleElectionBody, RoleNews, RoleSyndication:
			t.Officials = append(t.Officials, TruthOfficial{Account: a.Key(), Role: a.Role, Name: a.DisplayName})
		}
		if a.Operation == "" {
			t.Counts.OrganicAccounts++
		}
	}
	for _, op := range w.Operations {
		to := TruthOperation{ID: op.ID, Kind: op.Kind, Name: op.Name, Coordination: op.Coordination,
			Detectors: op.Detectors, Platforms: op.Platforms, Start: op.Start, End: op.End, Params: op.Params,
			Accounts: keys(op.Accounts), Targets: keys(op.Targets), Posts: make([]string, len(op.Posts)),
			Timeline: []TruthEvent{}}
		for _, id := range op.Techniques {
			tech, ok := red.Technique(id)
			if !ok {
				return nil, fmt.Errorf("operation %s: unknown DISARM technique %s", op.ID, id)
			}
			to.Techniques = append(to.Techniques, TruthTechnique{ID: id, Name: tech.Name})
		}
		for k, p := range op.Posts {
			to.Posts[k] = w.PostKey(p)
		}
		for _, a := range op.Ads {
			to.Ads = append(to.Ads, w.Ads[a].ID)
		}
		for _, e := range op.Timeline {
			to.Timeline = append(to.Timeline, TruthEvent(e))
		}
		t.Operations = append(t.Operations, to)
	}
	for _, la := range w.LookAlikes {
		t.LookAlikes = append(t.LookAlikes, TruthLookAlike{ID: la.ID, Kind: la.Kind, Name: la.Name, Note: la.Note, Accounts: keys(la.Accounts)})
	}
	return t, nil
}

// WriteTruth writes truth.json.
func WriteTruth(w io.Writer, wd *World) error {
	t, err := wd.Truth()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(t); err != nil {
		return fmt.Errorf("write truth: %w", err)
	}
	return nil
}

// ReadTruth reads a truth.json.
func ReadTruth(r io.Reader) (*Truth, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read truth: %w", err)
	}
	var t Truth
	if err := json.Unmarshal(data, &t); err != nil {
		// Say where: encoding/json gives a byte offset, people want a line.
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			line, col := lineCol(data, syn.Offset-1) // the offset is past the bad byte
			return nil, fmt.Errorf("read truth: line %d, column %d: %w", line, col, err)
		case errors.As(err, &typ):
			line, col := lineCol(data, typ.Offset-1) // the last byte of the value
			return nil, fmt.Errorf("read truth: line %d, column %d: field %s: want %s, got %s", line, col, typ.Field, typ.Type, typ.Value)
		}
		return nil, fmt.Errorf("read truth: %w", err)
	}
	if len(t.Operations) == 0 && t.Counts.Accounts == 0 {
		return nil, fmt.Errorf("read truth: no operations and no counts: not a truth.json?")
	}
	return &t, nil
}

// lineCol gives the 1-based line and column of the byte at off.
func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	return line, int(off) - bytes.LastIndexByte(before, '\n')
}
