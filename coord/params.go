package coord

import (
	"errors"
	"fmt"
	"time"
)

// Semantics selects how shares become a network.
type Semantics uint8

const (
	// CooRTweet reproduces CooRTweet 2.1.3: min_participation as a row-count
	// pre-filter and a pair post-filter, loops removed, undirected weight =
	// number of coordinated share pairs, edge threshold at a type-7 quantile
	// with a strict ">".
	CooRTweet Semantics = iota
	// QUT reproduces the QUT coordination-network-toolkit: directed weight
	// w(a→b) = number of a's distinct messages that have a message of b on the
	// same object within the window, each direction kept when it reaches
	// MinEdgeWeight.
	QUT
)

func (s Semantics) String() string {
	switch s {
	case CooRTweet:
		return "coortweet"
	case QUT:
		return "qut"
	}
	return fmt.Sprintf("semantics(%d)", uint8(s))
}

// ParseSemantics reads "coortweet" or "qut".
func ParseSemantics(s string) (Semantics, error) {
	switch s {
	case "coortweet", "CooRTweet", "":
		return CooRTweet, nil
	case "qut", "QUT":
		return QUT, nil
	}
	return 0, fmt.Errorf("unknown semantics %q (want coortweet or qut)", s)
}

// Clustering selects the community algorithm.
type Clustering uint8

const (
	Leiden Clustering = iota
	Louvain
)

func (c Clustering) String() string {
	if c == Louvain {
		return "louvain"
	}
	return "leiden"
}

// ParseClustering reads "leiden" or "louvain".
func ParseClustering(s string) (Clustering, error) {
	switch s {
	case "leiden", "":
		return Leiden, nil
	case "louvain":
		return Louvain, nil
	}
	return 0, fmt.Errorf("unknown community algorithm %q (want leiden or louvain)", s)
}

// NullModel selects how the null model breaks the timing of shares.
type NullModel uint8

const (
	// NullJitter moves every share by its own random offset of at most
	// Params.NullJitter either way. Accounts keep their activity and rhythm
	// and objects their popularity and the hours they were hot, so the
	// co-sharing that comes from many accounts reacting to the same news at
	// the same time survives; synchrony at the scale of seconds does not.
	NullJitter NullModel = iota
	// NullShuffle permutes the times among each account's own shares. It
	// keeps each account's timeline exactly but also breaks the tie between
	// an object and the hours it was shared in, so it underestimates chance
	// co-sharing when objects have short lives (news): prefer NullJitter.
	NullShuffle
)

func (n NullModel) String() string {
	if n == NullShuffle {
		return "shuffle"
	}
	return "jitter"
}

// ParseNullModel reads "jitter" or "shuffle".
func ParseNullModel(s string) (NullModel, error) {
	switch s {
	case "jitter", "":
		return NullJitter, nil
	case "shuffle":
		return NullShuffle, nil
	}
	return 0, fmt.Errorf("unknown null model %q (want jitter or shuffle)", s)
}

// Params are the detection parameters. The zero value is not useful; start
// from DefaultParams.
type Params struct {
	Semantics Semantics
	// Window is the coordination interval; two shares of one object are
	// coordinated when their times differ by at most Window (inclusive).
	Window time.Duration
	// MinParticipation is CooRTweet's min_participation.
	MinParticipation int
	// EdgeWeight is the quantile p of the edge-weight distribution above
	// which (strictly) an edge counts as coordinated (CooRTweet's edge_weight).
	// NoThreshold, a negative value, counts every edge: CooRTweet has no way
	// to say that, since even p = 0 keeps only edges above the lightest.
	EdgeWeight float64
	// FastWindow, when positive, marks the pairs and edges that are also
	// coordinated within this shorter interval (CooRTweet's flag_speed_share).
	FastWindow time.Duration
	// KeepLoops keeps pairs that CooRTweet's remove_loops drops (same
	// account, same content, or an object shared as its own content).
	KeepLoops bool
	// PostPairs makes an edge's weight the number of coordinated pairs of
	// posts rather than of shares. CooRTweet counts shares, which is the same
	// thing when each post shares one object; in a network of several object
	// kinds, two posts that share a link, its domain and a hashtag would
	// otherwise tie their accounts three times over in one coincidence.
	PostPairs bool
	// MinEdgeWeight is the QUT toolkit's per-direction threshold.
	MinEdgeWeight int
	// Clustering and Resolution choose the community detection on the
	// thresholded network; Seed makes it and the null model reproducible.
	Clustering Clustering
	Resolution float64
	Seed       uint64
	// NullRuns is the number of null-model runs for significance; 0 skips
	// it. NullModel and NullJitter choose how timing is broken; a NullJitter
	// of 0 means the larger of 10 minutes and 20 windows.
	NullRuns   int
	NullModel  NullModel
	NullJitter time.Duration
	// MaxFDR, when above 0, drops the clusters whose false-discovery rate
	// (ClusterNull.FDR) is above it: groups the null model makes as readily
	// as the data does. It needs NullRuns.
	MaxFDR float64
	// Progress, when set, is told of long steps as they advance ("null
	// model", runs done, runs in all). It is called from several goroutines.
	Progress func(step string, done, total int)
}

// DefaultParams are CooRTweet's defaults (time_window 10 s,
// min_participation 2, edge_weight 0.5) with Leiden communities and a small
// null model.
func DefaultParams() Params {
	return Params{
		Semantics:        CooRTweet,
		Window:           10 * time.Second,
		MinParticipation: 2,
		EdgeWeight:       0.5,
		MinEdgeWeight:    2,
		Clustering:       Leiden,
		Resolution:       1,
		Seed:             1,
		NullRuns:         0,
		NullModel:        NullJitter,
	}
}

// NoThreshold is the EdgeWeight that counts every edge as coordinated.
const NoThreshold = -1

// ErrInvalidParams wraps every parameter error.
var ErrInvalidParams = errors.New("invalid parameters")

// Jitter is the null model's jitter with its default applied.
func (p Params) Jitter() time.Duration {
	if p.NullJitter > 0 {
		return p.NullJitter
	}
	return max(10*time.Minute, 20*p.Window)
}

// Validate reports the first parameter that is out of range, by name.
func (p Params) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalidParams}, a...)...)
	}
	switch {
	case p.Semantics > QUT:
		return bad("semantics %d", p.Semantics)
	case p.Window < 0:
		return bad("window %v is negative", p.Window)
	case p.FastWindow < 0:
		return bad("fast window %v is negative", p.FastWindow)
	case p.FastWindow > p.Window:
		return bad("fast window %v is longer than the window %v", p.FastWindow, p.Window)
	case p.MinParticipation < 0:
		return bad("min participation %d is negative", p.MinParticipation)
	case !(p.EdgeWeight >= 0 && p.EdgeWeight <= 1) && p.EdgeWeight != NoThreshold:
		return bad("edge weight quantile %v is outside [0, 1]", p.EdgeWeight)
	case p.MinEdgeWeight < 0:
		return bad("min edge weight %d is negative", p.MinEdgeWeight)
	case p.Clustering > Louvain:
		return bad("clustering %d", p.Clustering)
	case !(p.Resolution > 0):
		return bad("resolution %v must be positive", p.Resolution)
	case p.NullRuns < 0:
		return bad("null runs %d is negative", p.NullRuns)
	case !(p.MaxFDR >= 0 && p.MaxFDR <= 1):
		return bad("max FDR %v is outside [0, 1]", p.MaxFDR)
	case p.MaxFDR > 0 && p.NullRuns == 0:
		return bad("max FDR %v needs null-model runs", p.MaxFDR)
	case p.NullModel > NullShuffle:
		return bad("null model %d", p.NullModel)
	case p.NullJitter < 0:
		return bad("null jitter %v is negative", p.NullJitter)
	case p.NullModel == NullJitter && p.NullJitter != 0 && p.NullJitter <= p.Window:
		return bad("null jitter %v must be longer than the window %v, or it cannot break coordination", p.NullJitter, p.Window)
	}
	return nil
}
