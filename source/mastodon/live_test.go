package mastodon

import (
	"fmt"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/source/sourcetest"
)

func TestLive(t *testing.T) {
	status := func(id, reply string) string {
		r := "null"
		if reply != "" {
			r = `"` + reply + `"`
		}
		return fmt.Sprintf(`{"id":%q,"created_at":"2025-04-27T18:00:00Z","in_reply_to_id":%s,"uri":"https://mastodon.social/users/alice/statuses/%s","content":"<p>Выборы 🗳️</p>","account":{"id":"1","username":"alice","acct":"alice","url":"https://mastodon.social/@alice"}}`, id, r, id)
	}
	tests := []struct {
		name    string
		values  []string
		replies []string // ReplyTo of the posts, in order
		rejects int
	}{
		{
			name:    "reply to a status read before",
			values:  []string{status("1", ""), status("2", "1")},
			replies: []string{"", "https://mastodon.social/users/alice/statuses/1"},
		},
		{
			// A live reader does not wait for a status that may never come.
			name:    "reply to a status not read",
			values:  []string{status("2", "1")},
			replies: []string{LocalStatusPrefix + "1"},
		},
		{
			// A page comes newest first: the reply waits within it.
			name:    "page",
			values:  []string{"[" + status("3", "2") + "," + status("2", "") + "]"},
			replies: []string{"", "https://mastodon.social/users/alice/statuses/2"},
		},
		{
			name:    "malformed among good",
			values:  []string{status("1", ""), `{"id":`, `[1]`, status("2", "1")},
			replies: []string{"", "https://mastodon.social/users/alice/statuses/1"},
			rejects: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &sourcetest.Collector{}
			l := NewLive("live", c)
			for i, v := range tt.values {
				if err := l.Statuses([]byte(v), i+1); err != nil {
					t.Fatal(err)
				}
				// Nothing waits once a value is read.
				if l.r.queued != 0 {
					t.Fatalf("%d posts wait after value %d", l.r.queued, i+1)
				}
			}
			var replies []string
			for _, p := range c.Posts() {
				replies = append(replies, p.ReplyTo)
			}
			if strings.Join(replies, " ") != strings.Join(tt.replies, " ") {
				t.Errorf("replies %q, want %q", replies, tt.replies)
			}
			if len(c.Rejects) != tt.rejects {
				t.Errorf("%d rejects, want %d: %v", len(c.Rejects), tt.rejects, c.Rejects)
			}
			for _, r := range c.Records {
				if err := sourcetest.Check(r); err != nil {
					t.Error(err)
				}
			}
		})
	}
}
