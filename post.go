package scrutineer

import (
	"encoding/json"
	"time"
)

// Post is a post, repost, reply, comment, video or message on a platform.
type Post struct {
	Platform Platform `json:"platform"`
	// ID is the platform's own id for the post, unique on the platform (a
	// Bluesky at:// URI, a Mastodon status URI, "chat/message" on
	// Telegram, "t3_..." and "t1_..." on Reddit).
	ID  string `json:"id"`
	URL string `json:"url,omitempty"`
	// Account is the author's Account.ID; Handle the author's handle as the
	// record gives it.
	Account string    `json:"account"`
	Handle  string    `json:"handle,omitempty"`
	Time    time.Time `json:"time"`
	Text    string    `json:"text,omitempty"`
	Title   string    `json:"title,omitempty"` // of a video, a submission, a link card
	Lang    string    `json:"lang,omitempty"`
	// RepostOf, ReplyTo and QuoteOf are the IDs of the posts this one
	// reposts (retweets, reblogs, forwards), answers and quotes.
	RepostOf string `json:"repost_of,omitempty"`
	ReplyTo  string `json:"reply_to,omitempty"`
	QuoteOf  string `json:"quote_of,omitempty"`
	// ReplyToAccount is the Account.ID of the author replied to, when known.
	ReplyToAccount string `json:"reply_to_account,omitempty"`
	// Thread is the ID of the conversation's first post.
	Thread string `json:"thread,omitempty"`
	// Channel is where the post was made when that is not its author's own
	// feed: a subreddit, a Telegram chat, a Facebook group or page.
	Channel string `json:"channel,omitempty"`
	// URLs are the links in the post, expanded when the format says what a
	// shortened link stands for. Hashtags are without '#', as written.
	// Mentions are handles without '@' (user@server on Mastodon).
	URLs     []string `json:"urls,omitempty"`
	Hashtags []string `json:"hashtags,omitempty"`
	Mentions []string `json:"mentions,omitempty"`
	Media    []Media  `json:"media,omitempty"`
	Likes    Count    `json:"likes,omitzero"`
	Reposts  Count    `json:"reposts,omitzero"`
	Replies  Count    `json:"replies,omitzero"`
	Quotes   Count    `json:"quotes,omitzero"`
	Views    Count    `json:"views,omitzero"`
	Source   string   `json:"source,omitempty"` // the client or tool that posted
	// WithheldIn lists the countries where the platform withholds the
	// post; Removed says the post itself was deleted or removed.
	WithheldIn []string `json:"withheld_in,omitempty"`
	Removed    bool     `json:"removed,omitempty"`
	Sensitive  bool     `json:"sensitive,omitempty"`
	// Raw is the record the post was read from, as the format gives it.
	Raw json.RawMessage `json:"raw,omitempty"`
}

// Media is an image, video or file attached to a post.
type Media struct {
	Type string `json:"type"`          // photo, video, gif, audio, document
	URL  string `json:"url,omitempty"` // where the platform serves it
	// Hash identifies the content when the format gives one (a CID, a
	// digest, a blurhash), so that the same image posted twice matches.
	Hash    string `json:"hash,omitempty"`
	AltText string `json:"alt_text,omitempty"`
}
