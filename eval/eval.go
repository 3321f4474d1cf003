// Package eval scores detection against the simulator's ground truth:
// precision, recall and F1 at account level, per operation, the share of
// organic accounts flagged and which organic look-alikes were, and for
// streaming runs how long each operation ran before it was first caught.
package eval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/simulate"
)

// Report is a detection run scored against the truth.
type Report struct {
	// Precision, Recall and F1 are at account level over the operations
	// coordination detection is meant to find. Accounts of other operations
	// (impersonators, a fake cohort) count neither way: flagging them is not
	// wrong, and missing them is another detector's business.
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// OrganicFlaggedRate is the share of accounts outside every operation
	// that were flagged.
	OrganicFlaggedRate float64 `json:"organic_flagged_rate"`

	Flagged         int `json:"flagged"`
	TruePositives   int `json:"true_positives"`
	FalsePositives  int `json:"false_positives"`
	FalseNegatives  int `json:"false_negatives"`
	Positives       int `json:"positives"`
	Organic         int `json:"organic_accounts"`
	OrganicFlagged  int `json:"organic_flagged"`
	OtherOpsFlagged int `json:"other_operations_flagged"`
	// Unknown counts flagged accounts the truth does not know.
	Unknown int `json:"unknown_flagged"`

	Operations []OperationScore `json:"operations"`
	LookAlikes []LookAlikeScore `json:"look_alikes"`
}

// OperationScore is one operation's share of the flagged accounts.
type OperationScore struct {
	ID           string  `json:"id"`
	Kind         string  `json:"kind"`
	Coordination bool    `json:"coordination"`
	Accounts     int     `json:"accounts"`
	Flagged      int     `json:"flagged"`
	Recall       float64 `json:"recall"`
	// Detected is how long after the operation's start its first account was
	// flagged, in a streaming run; nil when not known or never.
	Detected *Duration `json:"time_to_detection,omitempty"`
}

// LookAlikeScore is how many accounts of an organic look-alike group were
// flagged.
type LookAlikeScore struct {
	ID       string  `json:"id"`
	Kind     string  `json:"kind"`
	Accounts int     `json:"accounts"`
	Flagged  int     `json:"flagged"`
	Rate     float64 `json:"rate"`
}

// Duration marshals as seconds and prints as a Go duration.
type Duration struct{ time.Duration }

func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf("%.0f", d.Seconds())), nil
}

// Score scores the flagged accounts (share-table keys, "x:1234") against
// the truth. detected, when not nil, gives the time each account was first
// flagged in a streaming run.
func Score(t *simulate.Truth, flagged []string, detected map[string]time.Time) *Report {
	isFlagged := make(map[string]bool, len(flagged))
	for _, a := range flagged {
		isFlagged[a] = true
	}
	positive, other := map[string]bool{}, map[string]bool{}
	r := &Report{Flagged: len(isFlagged), Organic: t.Counts.OrganicAccounts}
	for _, op := range t.Operations {
		s := OperationScore{ID: op.ID, Kind: op.Kind, Coordination: op.Coordination, Accounts: len(op.Accounts)}
		var first time.Time
		for _, a := range op.Accounts {
			if op.Coordination {
				positive[a] = true
			} else {
				other[a] = true
			}
			if isFlagged[a] {
				s.Flagged++
			}
			if at, ok := detected[a]; ok && (first.IsZero() || at.Before(first)) {
				first = at
			}
		}
		if s.Accounts > 0 {
			s.Recall = float64(s.Flagged) / float64(s.Accounts)
		}
		if !first.IsZero() {
			s.Detected = &Duration{max(0, first.Sub(op.Start))}
		}
		r.Operations = append(r.Operations, s)
	}
	for a := range other {
		if positive[a] {
			delete(other, a)
		}
	}
	known := map[string]bool{}
	for _, la := range t.LookAlikes {
		s := LookAlikeScore{ID: la.ID, Kind: la.Kind, Accounts: len(la.Accounts)}
		for _, a := range la.Accounts {
			known[a] = true
			if isFlagged[a] && !positive[a] && !other[a] {
				s.Flagged++
			}
		}
		if s.Accounts > 0 {
			s.Rate = float64(s.Flagged) / float64(s.Accounts)
		}
		r.LookAlikes = append(r.LookAlikes, s)
	}
	r.Positives = len(positive)
	for a := range isFlagged {
		switch {
		case positive[a]:
			r.TruePositives++
		case other[a]:
			r.OtherOpsFlagged++
		default:
			r.FalsePositives++
			r.OrganicFlagged++
		}
	}
	r.FalseNegatives = r.Positives - r.TruePositives
	if d := r.TruePositives + r.FalsePositives; d > 0 {
		r.Precision = float64(r.TruePositives) / float64(d)
	}
	if r.Positives > 0 {
		r.Recall = float64(r.TruePositives) / float64(r.Positives)
	}
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
	if r.Organic > 0 {
		r.OrganicFlaggedRate = float64(r.OrganicFlagged) / float64(r.Organic)
	}
	return r
}

// ReadFlagged reads the accounts a detection run flagged from a CSV with an
// account_id column (scrutineer detect's clusters.csv, or any table of
// accounts); a detected_at column, when present, gives when each was first
// flagged (RFC 3339).
func ReadFlagged(r io.Reader, file string) ([]string, map[string]time.Time, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%s: empty file (want a header with account_id)", file)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	acc, at := slices.Index(header, "account_id"), slices.Index(header, "detected_at")
	if acc < 0 {
		return nil, nil, fmt.Errorf("%s:1: missing column \"account_id\" (the header has %s)", file, strings.Join(header, ", "))
	}
	var out []string
	var detected map[string]time.Time
	if at >= 0 {
		detected = map[string]time.Time{}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, detected, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, nil, fmt.Errorf("%s:%d: %w", file, pe.Line, pe.Err)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
		if acc >= len(rec) || rec[acc] == "" {
			return nil, nil, fmt.Errorf("%s:%d: account_id: empty", file, line)
		}
		out = append(out, rec[acc])
		if at >= 0 && at < len(rec) && rec[at] != "" {
			t, err := time.Parse(time.RFC3339Nano, rec[at])
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d: detected_at: %w", file, line, err)
			}
			detected[rec[acc]] = t
		}
	}
}
