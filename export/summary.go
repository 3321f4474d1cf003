package export

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/scrutineer/scrutineer/coord"
)

// Summary is the machine-readable account of a detection run.
type Summary struct {
	Params      SummaryParams   `json:"params"`
	Input       SummaryInput    `json:"input"`
	Network     SummaryNetwork  `json:"network"`
	Fast        *SummaryNetwork `json:"fast,omitempty"`
	Window      *WindowReport   `json:"window_estimate,omitempty"`
	Null        *NullReport     `json:"null_model,omitempty"`
	Clusters    []ClusterReport `json:"clusters"`
	Communities int             `json:"communities"`
}

type SummaryParams struct {
	Semantics        string  `json:"semantics"`
	WindowSeconds    float64 `json:"window_seconds"`
	FastWindow       float64 `json:"fast_window_seconds,omitempty"`
	MinParticipation int     `json:"min_participation"`
	EdgeWeight       float64 `json:"edge_weight"`
	MinEdgeWeight    int     `json:"min_edge_weight,omitempty"`
	KeepLoops        bool    `json:"keep_loops,omitempty"`
	Communities      string  `json:"community_algorithm"`
	Resolution       float64 `json:"resolution"`
	Seed             uint64  `json:"seed"`
	NullRuns         int     `json:"null_runs"`
	NullModel        string  `json:"null_model,omitempty"`
	NullJitter       float64 `json:"null_jitter_seconds,omitempty"`
	MaxFDR           float64 `json:"max_fdr,omitempty"`
}

type SummaryInput struct {
	Shares   int      `json:"shares"`
	Accounts int      `json:"accounts"`
	Objects  int      `json:"objects"`
	Contents int      `json:"contents"`
	Kinds    []string `json:"kinds,omitempty"`
	First    string   `json:"first_share,omitempty"`
	Last     string   `json:"last_share,omitempty"`
}

type SummaryNetwork struct {
	Pairs     int     `json:"pairs"`
	Edges     int     `json:"edges"`
	Accounts  int     `json:"accounts"`
	Threshold float64 `json:"weight_threshold"`
	Above     int     `json:"edges_above_threshold"`
	AboveAcc  int     `json:"accounts_above_threshold"`
	// Dropped counts the clusters above the max FDR, left out of the
	// cluster tables.
	Dropped int `json:"clusters_dropped,omitempty"`
}

// WindowReport says how an automatic window was chosen.
type WindowReport struct {
	Seconds     float64 `json:"seconds"`
	Objects     int     `json:"objects_used"`
	Candidates  int     `json:"objects_shared_more_than_once"`
	Quantile    float64 `json:"q"`
	Percent     float64 `json:"p"`
	DelayCutoff float64 `json:"second_share_delay_cutoff_seconds"`
	Reason      string  `json:"reason"`
}

type NullReport struct {
	Runs          int     `json:"runs"`
	ExpectedEdges float64 `json:"expected_edges"`
	ExpectedPairs float64 `json:"expected_pairs"`
	ExpectedAbove float64 `json:"expected_edges_above_threshold"`
	FDR           float64 `json:"fdr"`
}

type ClusterReport struct {
	ID          int      `json:"cluster"`
	Accounts    int      `json:"accounts"`
	Edges       int      `json:"edges"`
	Weight      int      `json:"weight"`
	Density     float64  `json:"density"`
	Communities int      `json:"communities"`
	First       string   `json:"first_share"`
	Last        string   `json:"last_share"`
	Kinds       string   `json:"kinds,omitempty"`
	TopObjects  []string `json:"top_objects"`
	Expected    *float64 `json:"expected_edges,omitempty"`
	FDR         *float64 `json:"fdr,omitempty"`
}

func stamp(ns int64) string { return time.Unix(0, ns).UTC().Format(time.RFC3339Nano) }

// NewSummary describes r. maxClusters bounds the clusters listed.
func NewSummary(r *coord.Result, maxClusters int) *Summary {
	d, p := r.Data, r.Params
	s := &Summary{
		Params: SummaryParams{
			Semantics:        p.Semantics.String(),
			WindowSeconds:    p.Window.Seconds(),
			FastWindow:       p.FastWindow.Seconds(),
			MinParticipation: p.MinParticipation,
			EdgeWeight:       p.EdgeWeight,
			KeepLoops:        p.KeepLoops,
			Communities:      p.Clustering.String(),
			Resolution:       p.Resolution,
			Seed:             p.Seed,
			NullRuns:         p.NullRuns,
			MaxFDR:           p.MaxFDR,
		},
		Input: SummaryInput{
			Shares: len(d.Shares), Accounts: len(d.Accounts), Objects: len(d.Objects), Contents: len(d.Contents),
		},
		Communities: len(r.Communities),
		Clusters:    []ClusterReport{},
	}
	if p.NullRuns > 0 {
		s.Params.NullModel = p.NullModel.String()
		if p.NullModel == coord.NullJitter {
			s.Params.NullJitter = p.Jitter().Seconds()
		}
	}
	if p.Semantics == coord.QUT {
		s.Params.MinEdgeWeight = p.MinEdgeWeight
		s.Params.MinParticipation = 0
		s.Params.EdgeWeight = 0
	}
	for _, k := range d.Kinds {
		if k != "" {
			s.Input.Kinds = append(s.Input.Kinds, k)
		}
	}
	if len(d.Shares) > 0 {
		lo, hi := d.Shares[0].Time, d.Shares[0].Time
		for _, sh := range d.Shares {
			lo, hi = min(lo, sh.Time), max(hi, sh.Time)
		}
		s.Input.First, s.Input.Last = stamp(lo), stamp(hi)
	}
	s.Network = network(r, false)
	if p.FastWindow > 0 {
		f := network(r, true)
		s.Fast = &f
	}
	if r.Null.Runs > 0 {
		s.Null = &NullReport{Runs: r.Null.Runs, ExpectedEdges: r.Null.ExpectedEdges, ExpectedPairs: r.Null.ExpectedPairs,
			ExpectedAbove: r.Null.ExpectedAbove, FDR: r.Null.FDR}
	}
	for i := range r.Clusters[:min(maxClusters, len(r.Clusters))] {
		c := &r.Clusters[i]
		cr := ClusterReport{ID: c.ID, Accounts: len(c.Accounts), Edges: c.Edges, Weight: c.Weight, Density: c.Density,
			Communities: c.Communities, First: stamp(c.First), Last: stamp(c.Last), Kinds: Kinds(d, c.Kinds), TopObjects: []string{}}
		for _, o := range c.Objects[:min(10, len(c.Objects))] {
			cr.TopObjects = append(cr.TopObjects, d.Objects[o.Object])
		}
		if r.Null.Runs > 0 {
			e, f := c.Null.ExpectedEdges, c.Null.FDR
			cr.Expected, cr.FDR = &e, &f
		}
		s.Clusters = append(s.Clusters, cr)
	}
	return s
}

func network(r *coord.Result, fast bool) SummaryNetwork {
	var n SummaryNetwork
	accounts := map[uint32]struct{}{}
	above := map[uint32]struct{}{}
	for i := range r.Edges {
		e := &r.Edges[i]
		sd := e.Side
		if fast {
			sd = e.Fast
		}
		if sd.Weight == 0 {
			continue
		}
		n.Edges++
		n.Pairs += int(sd.Weight)
		accounts[e.A], accounts[e.B] = struct{}{}, struct{}{}
		if sd.Above {
			n.Above++
			above[e.A], above[e.B] = struct{}{}, struct{}{}
		}
	}
	if r.Params.Semantics == coord.QUT && !fast {
		n.Pairs = len(r.Pairs)
	}
	n.Accounts, n.AboveAcc = len(accounts), len(above)
	n.Threshold = r.Threshold
	if fast {
		n.Threshold = r.FastThreshold
	} else {
		n.Dropped = r.Dropped
	}
	return n
}

// WriteSummary writes s as indented JSON.
func WriteSummary(w io.Writer, s *Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}
