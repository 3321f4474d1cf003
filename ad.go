package scrutineer

import (
	"encoding/json"
	"time"
)

// Ad is a political or issue advertisement as an ad library or a
// transparency report lists it.
type Ad struct {
	Platform Platform `json:"platform"`
	ID       string   `json:"id"`
	URL      string   `json:"url,omitempty"`     // the ad library's page for it
	Account  string   `json:"account,omitempty"` // the page or account that ran it
	// Advertiser is who the platform says ran the ad; Payer who paid for
	// it ("paid for by"), and PayerCountry where the payer is.
	Advertiser   string `json:"advertiser,omitempty"`
	Payer        string `json:"payer,omitempty"`
	PayerCountry string `json:"payer_country,omitempty"`
	// Authorization is the authorization statement the ad carries, as
	// Canadian law requires of regulated ads ("Authorized by the official
	// agent for …"); empty when it carries none.
	Authorization string    `json:"authorization,omitempty"`
	Regulated     bool      `json:"regulated,omitempty"`
	Text          string    `json:"text,omitempty"`
	LinkURL       string    `json:"link_url,omitempty"`
	Start         time.Time `json:"start,omitzero"`
	End           time.Time `json:"end,omitzero"`
	Currency      string    `json:"currency,omitempty"`
	// Spend and impressions come as ranges in every ad library.
	SpendMin       Count           `json:"spend_min,omitzero"`
	SpendMax       Count           `json:"spend_max,omitzero"`
	ImpressionsMin Count           `json:"impressions_min,omitzero"`
	ImpressionsMax Count           `json:"impressions_max,omitzero"`
	Regions        []string        `json:"regions,omitempty"`
	Raw            json.RawMessage `json:"raw,omitempty"`
}
