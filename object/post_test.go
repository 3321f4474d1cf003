package object_test

import (
	"fmt"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/object"
)

func TestOfPost(t *testing.T) {
	all := object.Kinds()
	post := &scrutineer.Post{Platform: scrutineer.PlatformX, ID: "2", Account: "9",
		Text: "Polls close at NINE tonight, not seven #Vote https://t.co/x", ReplyTo: "1", QuoteOf: "0",
		URLs: []string{"https://www.Example.org/a?utm_source=x", "not a url"}, Hashtags: []string{"Vote"},
		Mentions: []string{"@Elections_CA"}, Media: []scrutineer.Media{{Type: "photo", Hash: "bafkreiabc"}, {Type: "photo", URL: "https://pbs.example/m.jpg"}}}
	for _, tc := range []struct {
		name  string
		post  *scrutineer.Post
		kinds []object.Kind
		want  string
	}{
		{"every kind", post, all,
			"[{reply x:1} {repost x:0} {url https://www.example.org/a} {domain example.org} {hashtag vote} {mention elections_ca} {text polls close at nine tonight, not seven vote} {media bafkreiabc} {media https://pbs.example/m.jpg}]"},
		{"only urls", post, []object.Kind{object.KindURL}, "[{url https://www.example.org/a}]"},
		{"a repost shares only its original", &scrutineer.Post{Platform: scrutineer.PlatformBluesky, ID: "r",
			RepostOf: "at://did:plc:a/app.bsky.feed.post/1", URLs: []string{"https://example.org/"}}, all,
			"[{repost bluesky:at://did:plc:a/app.bsky.feed.post/1}]"},
		{"a repost without the repost kind", &scrutineer.Post{Platform: scrutineer.PlatformX, ID: "r", RepostOf: "1",
			Hashtags: []string{"x"}}, []object.Kind{object.KindHashtag}, "[]"},
		{"short text is no object", &scrutineer.Post{Text: "vote today"}, all, "[]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range object.OfPost(nil, tc.post, tc.kinds) {
				got = append(got, "{"+s.Kind.String()+" "+s.Object+"}")
			}
			if g := fmt.Sprint(got); g != tc.want {
				t.Errorf("got  %s\nwant %s", g, tc.want)
			}
		})
	}
}
