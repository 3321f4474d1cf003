package simulate

import (
	"fmt"
	"math"
	"time"
)

// Scenario describes the election to generate. Presets fill one in; a YAML
// file can describe any other (see ParseScenario). Counts are targets: the
// generator draws around them.
type Scenario struct {
	Name string `yaml:"name"`
	// Poll is polling day; the writ is issued WritDays before it. The
	// simulation runs from DaysBefore days before the writ to DaysAfter days
	// after the poll.
	Poll       Date `yaml:"poll"`
	WritDays   int  `yaml:"writ_days"`
	DaysBefore int  `yaml:"days_before"`
	DaysAfter  int  `yaml:"days_after"`

	Population Population `yaml:"population"`
	// Parties stand in the election; each leader is a candidate with official
	// accounts.
	Parties []PartySpec `yaml:"parties"`
	News    NewsSpec    `yaml:"news"`

	LookAlikes LookAlikeSpec `yaml:"look_alikes"`
	// Operations are the planted operations.
	Operations []OperationSpec `yaml:"operations"`
	// Ads is the number of regulated ads run by parties and third parties;
	// operations add their own.
	Ads int `yaml:"ads"`

	// source says where a parsed scenario's fields were written, so that
	// Validate can point at the line.
	source *fileSource
}

// Date is a calendar day, written 2025-04-28.
type Date struct{ time.Time }

// Population is the organic population.
type Population struct {
	// Accounts is the number of organic accounts over all platforms.
	Accounts int `yaml:"accounts"`
	// Posts is the target number of organic posts, reposts and replies.
	Posts int `yaml:"posts"`
	// Platforms gives each platform's share of accounts (need not sum to 1).
	Platforms map[Platform]float64 `yaml:"platforms"`
	// French is the share of accounts writing in French.
	French float64 `yaml:"french"`
	// Communities is the number of communities in the follower graph.
	Communities int `yaml:"communities"`
	// MeanFollowing is the mean number of accounts an account follows in the
	// generated graph (heavy-tailed around it).
	MeanFollowing int `yaml:"mean_following"`
}

// PartySpec is a party and its leader.
type PartySpec struct {
	Name   string `yaml:"name"`
	Short  string `yaml:"short"`
	Leader string `yaml:"leader"`
	Handle string `yaml:"handle"` // the leader's handle, without @
}

// NewsSpec is the news outlets and their syndication accounts.
type NewsSpec struct {
	Outlets     int `yaml:"outlets"`
	Syndication int `yaml:"syndication_per_outlet"`
	// ArticlesPerDay is how many links an outlet posts a day.
	ArticlesPerDay int `yaml:"articles_per_day"`
}

// LookAlikeSpec sizes the organic look-alikes.
type LookAlikeSpec struct {
	// Fans is the size of each leader's fan community.
	Fans int `yaml:"fans"`
	// Schedulers is the number of accounts posting through a scheduling tool.
	Schedulers int `yaml:"schedulers"`
	// Debate is the number of accounts live-posting the leaders' debate.
	Debate int `yaml:"debate"`
	// DebateDay is the debate's day, in days before the poll.
	DebateDay int `yaml:"debate_days_before_poll"`
}

// Operation kinds.
const (
	OpLinkNetwork   = "link_network"
	OpRetweetBotnet = "retweet_botnet"
	OpCopypasta     = "copypasta"
	OpHashtagHijack = "hashtag_hijack"
	OpFakeCohort    = "fake_cohort"
	OpSleepers      = "sleepers"
	OpImpersonation = "impersonation"
	OpLaundering    = "laundering"
	OpAds           = "ads"
)

// OperationKinds lists the kinds an OperationSpec may name.
var OperationKinds = []string{OpLinkNetwork, OpRetweetBotnet, OpCopypasta, OpHashtagHijack, OpFakeCohort,
	OpSleepers, OpImpersonation, OpLaundering, OpAds}

// OperationSpec plants one operation.
type OperationSpec struct {
	Kind string `yaml:"kind"`
	// ID names the operation in the ground truth (default: kind and number).
	ID string `yaml:"id"`
	// Size is the number of accounts (for ads: the number of ads).
	Size int `yaml:"size"`
	// Items is how many things the operation pushes: links, posts to
	// amplify, hashtag bursts, messages.
	Items int `yaml:"items"`
	// Jitter bounds how far apart the accounts act on one item.
	Jitter Duration `yaml:"jitter"`
	// Camouflage is the share of the accounts' posts that look organic.
	Camouflage float64 `yaml:"camouflage"`
	// Start is when the operation begins, in days after the writ (negative:
	// before it); Days is how long it runs.
	Start int `yaml:"start_day"`
	Days  int `yaml:"days"`
	// Platforms the operation runs on (default: x).
	Platforms []Platform `yaml:"platforms"`
	// Target names the party whose leader the operation targets or
	// impersonates (default: the first party).
	Target string `yaml:"target"`
	// Techniques adds DISARM technique ids to the kind's own.
	Techniques []string `yaml:"techniques"`
}

// Duration is a time.Duration written as in Go ("8s", "2m").
type Duration struct{ time.Duration }

// Presets are the named scenarios, from seconds to minutes of generation.
var Presets = map[string]func() Scenario{
	"small":  func() Scenario { return scaled("small", 2_500, 10_000) },
	"medium": func() Scenario { return scaled("medium", 25_000, 100_000) },
	"large":  func() Scenario { return scaled("large", 500_000, 10_000_000) },
}

// PresetNames lists the presets in increasing size.
var PresetNames = []string{"small", "medium", "large"}

// Preset returns a named preset.
func Preset(name string) (Scenario, error) {
	f, ok := Presets[name]
	if !ok {
		return Scenario{}, fmt.Errorf("unknown preset %q (want one of %v)", name, PresetNames)
	}
	return f(), nil
}

// canadianParties are the parties of the default scenarios. The leaders
// are invented.
var canadianParties = []PartySpec{
	{Name: "Liberal Party", Short: "LPC", Leader: "Marie Tremblay", Handle: "MTremblayLPC"},
	{Name: "Conservative Party", Short: "CPC", Leader: "James Whitfield", Handle: "JWhitfieldCPC"},
	{Name: "New Democratic Party", Short: "NDP", Leader: "Priya Sandhu", Handle: "PSandhuNDP"},
	{Name: "Bloc Québécois", Short: "BQ", Leader: "Luc Bergeron", Handle: "LucBergeronBQ"},
	{Name: "Green Party", Short: "GPC", Leader: "Aiyana Redsky", Handle: "ARedskyGPC"},
}

// scaled builds a default scenario with about the given accounts and posts.
// Look-alikes and operations grow with the population, but slower, so that
// a large world is mostly organic.
func scaled(name string, accounts, posts int) Scenario {
	f := float64(accounts) / 2500
	at := func(base float64, growth float64) int {
		v := base
		if f > 1 {
			v = base * math.Pow(f, growth)
		}
		return max(1, int(v))
	}
	s := Scenario{
		Name:       name,
		Poll:       Date{time.Date(2025, 10, 20, 0, 0, 0, 0, time.UTC)},
		WritDays:   36,
		DaysBefore: 7,
		DaysAfter:  5,
		Population: Population{
			Accounts:      accounts,
			Posts:         posts,
			Platforms:     map[Platform]float64{X: 0.6, Bluesky: 0.25, Mastodon: 0.15},
			French:        0.25,
			Communities:   at(8, 0.3),
			MeanFollowing: 40,
		},
		Parties:    canadianParties,
		News:       NewsSpec{Outlets: at(6, 0.3), Syndication: 2, ArticlesPerDay: 2},
		LookAlikes: LookAlikeSpec{Fans: at(40, 0.6), Schedulers: at(40, 0.6), Debate: at(450, 0.7), DebateDay: 10},
		Ads:        at(40, 0.5),
	}
	op := func(kind string, size, items int, jitter time.Duration, start, days int, platforms ...Platform) OperationSpec {
		if len(platforms) == 0 {
			platforms = []Platform{X}
		}
		return OperationSpec{Kind: kind, Size: at(float64(size), 0.3), Items: items, Jitter: Duration{jitter},
			Camouflage: 0.3, Start: start, Days: days, Platforms: platforms}
	}
	s.Operations = []OperationSpec{
		op(OpLinkNetwork, 16, 14, 8*time.Second, 5, 25),
		op(OpRetweetBotnet, 20, 14, 6*time.Second, 8, 20),
		op(OpCopypasta, 12, 4, 40*time.Minute, 10, 12),
		op(OpHashtagHijack, 12, 14, 7*time.Second, 15, 12),
		op(OpFakeCohort, 20, 0, 0, -20, 50),
		op(OpSleepers, 10, 14, 8*time.Second, 26, 8),
		op(OpImpersonation, 3, 0, 0, 2, 30),
		op(OpLaundering, 9, 14, 9*time.Second, 12, 15, X, Bluesky, Mastodon),
		{Kind: OpAds, Size: at(6, 0.3), Start: 3, Days: 30, Platforms: []Platform{X}},
	}
	return s
}
