// Package simulate generates the information environment of an election
// campaign: an organic population with its follower graph and daily
// rhythms, organic look-alikes that honest detection must not flag, and
// planted influence operations tagged with DISARM techniques. What it plants
// is written down as ground truth, so that detection can be scored against
// it and exercises have a believable election to play in.
//
// Generation is pure and deterministic: the same scenario and seed give the
// same world, byte for byte.
package simulate

import "time"

// Platform names a social platform.
type Platform string

const (
	X        Platform = "x"
	Bluesky  Platform = "bluesky"
	Mastodon Platform = "mastodon"
)

// Platforms lists the platforms the simulator writes, in a fixed order.
var Platforms = []Platform{X, Bluesky, Mastodon}

// Role says what an account is in the world.
type Role string

const (
	RoleOrganic      Role = "organic"       // an ordinary person
	RoleCandidate    Role = "candidate"     // a candidate's official account
	RoleParty        Role = "party"         // a party's official account
	RoleElectionBody Role = "election_body" // the election management body
	RoleNews         Role = "news"          // a news outlet
	RoleSyndication  Role = "syndication"   // an outlet's automated syndication account
	RoleFan          Role = "fan"           // a supporter who reacts fast to a candidate
	RoleScheduler    Role = "scheduler"     // posts through a scheduling tool
	RoleOperation    Role = "operation"     // an account run by a planted operation
)

// Account is one account on one platform.
type Account struct {
	// Index is the account's position in World.Accounts.
	Index int
	// ID is the platform's own id: numeric for X and Mastodon, a DID for
	// Bluesky.
	ID          string
	Platform    Platform
	Handle      string // without the leading @; Mastodon handles are user@instance
	DisplayName string
	Description string
	Lang        string // "en" or "fr"
	Location    string
	Created     time.Time
	Followers   int
	Following   int
	Statuses    int // posts at the end of the period, the simulated ones included
	Verified    bool
	// ProfileImage is the URL of the avatar; ImageHash a hash of its pixels,
	// equal when two accounts use the same picture.
	ProfileImage string
	ImageHash    string
	Role         Role
	// Community is the account's community in the follower graph (-1: none).
	Community int
	// Operation is the id of the planted operation running the account, or "".
	Operation string
	// LookAlike is the id of the organic look-alike group the account belongs
	// to, or "".
	LookAlike string
}

// Key is the account's id across platforms, as the share tables write it.
func (a *Account) Key() string { return string(a.Platform) + ":" + a.ID }

// Post is one post, repost or reply.
type Post struct {
	Index    int
	ID       string // the platform's own id (a Bluesky at:// URI's record key is ID)
	Platform Platform
	Account  int // index in World.Accounts
	Time     time.Time
	Text     string
	Lang     string
	URLs     []string // as posted (may carry tracking parameters)
	Hashtags []string // without '#', as written
	Mentions []int    // accounts mentioned (indexes)
	Media    []string // hashes of attached images
	// RepostOf and ReplyTo and QuoteOf are post indexes, or -1.
	RepostOf, ReplyTo, QuoteOf int
	// Source is the client that posted, e.g. "Web", "Buffer".
	Source    string
	Operation string // the planted operation that made the post, or ""
	LookAlike string
	Likes     int
	Reposts   int
	Replies   int
}

// Ad is a political advertisement.
type Ad struct {
	ID           string
	Platform     Platform
	Account      int // the page or account that ran it (-1: none)
	Advertiser   string
	Payer        string
	PayerCountry string
	// Authorized says whether the ad carries the authorization statement of
	// the party, candidate or third party that is required for regulated ads.
	Authorized  bool
	Regulated   bool
	Text        string
	URL         string
	Start, End  time.Time
	SpendMin    int // CAD
	SpendMax    int
	Impressions int
	Regions     []string
	Operation   string
}

// Follow is an edge of the follower graph: From follows To.
type Follow struct{ From, To int32 }

// Operation is a planted influence operation.
type Operation struct {
	ID         string
	Kind       string // "link_network", "retweet_botnet", ...
	Name       string
	Techniques []string // DISARM technique ids
	Platforms  []Platform
	// Coordination is set when coordination detection is meant to find the
	// operation (its accounts share the same objects within seconds, again
	// and again); other operations are for other detectors.
	Coordination bool
	// Detectors names the detectors expected to find the operation.
	Detectors []string
	Accounts  []int
	Posts     []int
	Ads       []int
	Start     time.Time
	End       time.Time
	Timeline  []Event
	// Targets are the accounts the operation targets (a candidate it
	// impersonates, a party it attacks).
	Targets []int
	Params  OperationParams
}

// OperationParams are an operation's knobs as generated.
type OperationParams struct {
	Size       int           `json:"size"`
	Jitter     time.Duration `json:"jitter_ns"`
	Camouflage float64       `json:"camouflage"`
}

// Event is a dated step of an operation's timeline.
type Event struct {
	Time time.Time
	What string
}

// LookAlike is an organic group whose behaviour resembles coordination.
type LookAlike struct {
	ID       string
	Kind     string // "news_syndication", "fan_community", "scheduler", "live_event"
	Name     string
	Accounts []int
	Note     string
}

// Candidate is a candidate standing in the election.
type Candidate struct {
	Name     string
	Party    string
	Riding   string
	Accounts []int // official accounts, one per platform
}

// World is a generated election environment.
type World struct {
	Name string
	Seed uint64
	// Start is the first simulated day, Writ the day the election is called,
	// Poll polling day, End the last simulated day.
	Start, Writ, Poll, End time.Time
	Accounts               []Account
	Posts                  []Post // in time order
	Follows                []Follow
	Ads                    []Ad
	Operations             []Operation
	LookAlikes             []LookAlike
	Candidates             []Candidate
	Parties                []string
}
