package scrutineer

import (
	"encoding/json"
	"time"
)

// Account is a user, page, channel or community account on a platform, as
// a record describes it at the time the record was made.
type Account struct {
	Platform Platform `json:"platform"`
	// ID is the platform's own stable id: an X user id, a Bluesky DID, a
	// Mastodon account URI, a Telegram peer id, a YouTube channel id. When
	// a format gives only a handle, the handle.
	ID          string    `json:"id"`
	Handle      string    `json:"handle,omitempty"` // without '@'; user@server on Mastodon
	Name        string    `json:"name,omitempty"`   // display name
	Description string    `json:"description,omitempty"`
	Location    string    `json:"location,omitempty"`
	URL         string    `json:"url,omitempty"`       // the profile page
	Website     string    `json:"website,omitempty"`   // the link the profile gives
	ImageURL    string    `json:"image_url,omitempty"` // the profile picture
	Lang        string    `json:"lang,omitempty"`
	Created     time.Time `json:"created,omitzero"`
	Followers   Count     `json:"followers,omitzero"`
	Following   Count     `json:"following,omitzero"`
	Posts       Count     `json:"posts,omitzero"` // what the profile says it has posted
	Verified    bool      `json:"verified,omitempty"`
	Bot         bool      `json:"bot,omitempty"`       // declared automated
	Protected   bool      `json:"protected,omitempty"` // posts visible to followers only
	// Gone says the account was deleted or suspended when the record was
	// made; records of its posts may remain.
	Gone bool `json:"gone,omitempty"`
	// Category is an archive's label for the account (FiveThirtyEight's
	// account_category, say), kept as given.
	Category string `json:"category,omitempty"`
	// Raw is the record the account was read from, as the format gives it
	// (JSON, or a JSON object of a CSV row's columns).
	Raw json.RawMessage `json:"raw,omitempty"`
}
