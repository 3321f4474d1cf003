package suggest_test

import (
	"testing"

	"github.com/scrutineer/scrutineer/suggest"
)

func TestClosest(t *testing.T) {
	known := []string{"x-v2", "x-v1", "bluesky-jetstream", "mastodon-statuses", "reddit-ndjson"}
	for _, tt := range []struct{ got, want string }{
		{"x-v3", "x-v2"},
		{"bluesky", "bluesky-jetstream"},
		{"mastodn-statuses", "mastodon-statuses"},
		{"REDDIT-NDJSON", "reddit-ndjson"},
		{"reddit-ndjson", ""},
		{"telegram", ""},
		{"", ""},
	} {
		if got := suggest.Closest(tt.got, known); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.got, got, tt.want)
		}
	}
}
