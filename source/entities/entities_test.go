package entities_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/source/entities"
)

func TestHashtags(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Vote! #Election2025 #vote_now", "[Election2025 vote_now]"},
		{"#выборы и #الانتخابات و #选举", "[выборы الانتخابات 选举]"},
		{"full width ＃投票する", "[投票する]"},
		{"not a tag: a#b, &#39;, https://x.example/#anchor, #1 ##", "[]"},
		{"#tag.", "[tag]"},
		{"Persian #انتخابات\u200c", "[انتخابات]"},
		{"#हिन्दी", "[हिन्दी]"},
		{"", "[]"},
	} {
		if got := fmt.Sprint(entities.Hashtags(nil, tc.in)); got != tc.want {
			t.Errorf("Hashtags(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestMentions(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"thanks @elections_ca and @Маша.", "[elections_ca Маша]"},
		{"mail me: a@b.example, see tiktok.com/@user", "[]"},
		{"@user.name- @ ＠wide", "[user.name wide]"},
	} {
		if got := fmt.Sprint(entities.Mentions(nil, tc.in)); got != tc.want {
			t.Errorf("Mentions(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestLinks(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"see https://example.org/a?b=1&c=2.", "[https://example.org/a?b=1&c=2]"},
		{"(http://example.org/wiki/Foo_(bar)) and [https://x.example/a]", "[http://example.org/wiki/Foo_(bar) https://x.example/a]"},
		{"HTTPS://EXAMPLE.ORG/Caps, ftp://no, xhttps://no", "[HTTPS://EXAMPLE.ORG/Caps]"},
		{"«https://пример.рф/путь» https://example.cn/投票。", "[https://пример.рф/путь https://example.cn/投票]"},
		{"<a href=\"https://example.org/q\">", "[https://example.org/q]"},
		{"https://", "[]"},
	} {
		if got := fmt.Sprint(entities.Links(nil, tc.in)); got != tc.want {
			t.Errorf("Links(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func FuzzEntities(f *testing.F) {
	f.Add("#a @b https://c.example/d.")
	f.Add("＃投票 ＠wide (https://x.example/(y))")
	f.Fuzz(func(t *testing.T, s string) {
		found := [][]string{entities.Hashtags(nil, s), entities.Mentions(nil, s), entities.Links(nil, s),
			entities.XHashtags(s), entities.Handles(s, 15, false), entities.Handles(s, 30, true)}
		for _, es := range found {
			for _, e := range es {
				if e == "" || !strings.Contains(s, e) {
					t.Fatalf("%q is not a part of %q", e, s)
				}
			}
		}
	})
}
