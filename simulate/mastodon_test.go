package simulate

import (
	"bytes"
	"strings"
	"testing"
)

func TestWriteMastodonGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMastodon(&b, nativeSmallWorld()); err != nil {
		t.Fatal(err)
	}
	nativeGolden(t, "native_mastodon.jsonl", b.Bytes())
}

func TestWriteMastodonSmall(t *testing.T) {
	wd := nativeSmallWorld()
	var b bytes.Buffer
	if err := WriteMastodon(&b, wd); err != nil {
		t.Fatal(err)
	}
	statuses := checkMastodonOutput(t, wd, b.Bytes())
	st := func(i int) map[string]any {
		s, ok := statuses[wd.Posts[i].ID]
		if !ok {
			t.Fatalf("post %d was not written", i)
		}
		return s
	}
	for _, tc := range []struct {
		post    int
		check   func(s map[string]any) bool
		explain string
	}{
		{2, func(s map[string]any) bool {
			c := s["content"].(string)
			return strings.HasPrefix(c, "<p>Élections &amp; &lt;démocratie&gt; : <a href=\"https://www.example.ca/article?id=7&amp;utm_source=mastodon\"") &&
				strings.Contains(c, `<a href="https://mstdn.example/tags/%C3%89lection2025" class="mention hashtag" rel="tag">#<span>Élection2025</span></a>`) &&
				strings.Contains(c, `<a href="https://toot.example/@nadia" class="u-url mention">@<span>nadia</span></a>`) &&
				strings.HasSuffix(c, "</p><p>Deuxième paragraphe<br />avec retour</p>")
		}, "content is Mastodon's HTML"},
		{2, func(s map[string]any) bool {
			return s["application"] == nil && len(s["media_attachments"].([]any)) == 1 &&
				s["card"].(map[string]any)["url"] == wd.Posts[2].URLs[0]
		}, "no application, a photo, a card for the link"},
		{5, func(s map[string]any) bool {
			r := s["reblog"].(map[string]any)
			return s["content"] == "" && r["id"] == wd.Posts[2].ID && strings.HasSuffix(s["uri"].(string), "/activity")
		}, "a boost wraps the boosted status"},
		{20, func(s map[string]any) bool { return s["reblog"].(map[string]any)["id"] == wd.Posts[2].ID },
			"a boost of a boost boosts the original"},
		{8, func(s map[string]any) bool {
			return s["in_reply_to_id"] == wd.Posts[2].ID && s["in_reply_to_account_id"] == wd.Accounts[6].ID &&
				strings.HasPrefix(s["content"].(string), `<p><span class="h-card" translate="no"><a href="https://mstdn.example/@jean"`)
		}, "a reply names its parent and mentions its author"},
		{17, func(s map[string]any) bool { return s["in_reply_to_id"] == nil }, "a reply to a later post has no reference"},
		{11, func(s map[string]any) bool {
			q := s["quote"].(map[string]any)
			qs := q["quoted_status"].(map[string]any)
			return q["state"] == "accepted" && qs["id"] == wd.Posts[8].ID && qs["quote"] == nil
		}, "a quote carries the quoted status"},
		{23, func(s map[string]any) bool {
			return s["quote"] == nil && s["card"].(map[string]any)["url"] == "https://bsky.app/profile/marie.bsky.social/post/"+wd.Posts[1].ID
		}, "a quote of a Bluesky post is a card"},
		{26, func(s map[string]any) bool {
			c := s["content"].(string)
			return strings.Contains(c, `<span class="ellipsis">lapresse.example/actualites/po</span>`) &&
				strings.Count(c, "mention hashtag") == 2 && len(s["tags"].([]any)) == 1
		}, "long links are cut, tags differing only in case are one tag"},
	} {
		if !tc.check(st(tc.post)) {
			t.Errorf("post %d: %s: %v", tc.post, tc.explain, st(tc.post))
		}
	}
	acct := st(14)["account"].(map[string]any)
	if acct["created_at"] != "2022-11-05T00:00:00.000Z" || acct["acct"] != "jean@mstdn.example" || acct["username"] != "jean" ||
		acct["note"] != "<p>Élections &amp; &lt;démocratie&gt;</p><p>Second paragraphe</p>" {
		t.Errorf("account %v", acct)
	}
	if acct := st(17)["account"].(map[string]any); acct["note"] != "" || acct["bot"] != false {
		t.Errorf("account with an empty description: %v", acct)
	}
	if acct := st(23)["account"].(map[string]any); acct["bot"] != true {
		t.Errorf("a syndication account is not a bot: %v", acct)
	}
}

func TestWriteMastodonRandom(t *testing.T) {
	wd := nativeRandomWorld(20000, 7)
	var b bytes.Buffer
	if err := WriteMastodon(&b, wd); err != nil {
		t.Fatal(err)
	}
	checkMastodonOutput(t, wd, b.Bytes())
}

// checkMastodonOutput checks each status, and the statuses boosted,
// quoted or replied to: their shape, that their tags and mentions are in
// the content, that replies and boosts point at statuses written before.
// It returns the statuses by id.
func checkMastodonOutput(t *testing.T, wd *World, out []byte) map[string]map[string]any {
	t.Helper()
	lines := nativeLines(t, out)
	seen := map[string]map[string]any{}
	var ids []string
	for n, s := range lines {
		checkMastodonStatus(t, s, seen, 0)
		id := s["id"].(string)
		if _, dup := seen[id]; dup {
			t.Errorf("line %d: status %s written twice", n, id)
		}
		seen[id] = s
		ids = append(ids, id)
	}
	var want []string
	for _, i := range nativePosts(wd, Mastodon) {
		want = append(want, wd.Posts[i].ID)
	}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("statuses written: %v\nwant %v", ids, want)
	}
	return seen
}

func checkMastodonStatus(t *testing.T, s map[string]any, seen map[string]map[string]any, depth int) {
	t.Helper()
	id := nativeStr(t, s["id"], "id")
	checkNativeTime(t, s["created_at"], "created_at")
	if s["visibility"] != "public" || s["sensitive"] != false || s["spoiler_text"] != "" {
		t.Errorf("status %s: visibility, sensitive, spoiler_text: %v %v %v", id, s["visibility"], s["sensitive"], s["spoiler_text"])
	}
	uri, url := nativeStr(t, s["uri"], "uri"), nativeStr(t, s["url"], "url")
	if !strings.HasPrefix(uri, "https://") || !strings.Contains(uri, "/statuses/"+id) || !strings.HasPrefix(url, "https://") {
		t.Errorf("status %s: uri %s url %s", id, uri, url)
	}
	for _, k := range []string{"replies_count", "reblogs_count", "favourites_count"} {
		nativeInt(t, s[k], k)
	}
	acct := nativeObj(t, s["account"], "account")
	checkNativeTime(t, acct["created_at"], "account created_at")
	if !strings.Contains(nativeStr(t, acct["acct"], "acct"), "@") || nativeStr(t, acct["username"], "username") == "" {
		t.Errorf("status %s: account %v", id, acct)
	}
	for _, k := range []string{"followers_count", "following_count", "statuses_count"} {
		nativeInt(t, acct[k], k)
	}
	content := nativeStr(t, s["content"], "content")
	if r := s["reblog"]; r != nil {
		if content != "" || depth > 0 {
			t.Errorf("status %s: a boost with content %q at depth %d", id, content, depth)
		}
		rm := nativeObj(t, r, "reblog")
		if _, ok := seen[nativeStr(t, rm["id"], "reblog id")]; !ok {
			t.Errorf("status %s boosts %v, not written before", id, rm["id"])
		}
		checkMastodonStatus(t, rm, seen, depth+1)
		return
	}
	if content != "" && (!strings.HasPrefix(content, "<p>") || !strings.HasSuffix(content, "</p>") ||
		strings.Count(content, "<p>") != strings.Count(content, "</p>") || strings.Count(content, "<a ") != strings.Count(content, "</a>")) {
		t.Errorf("status %s: content is not well formed: %q", id, content)
	}
	if r := s["in_reply_to_id"]; r != nil {
		if _, ok := seen[nativeStr(t, r, "in_reply_to_id")]; !ok {
			t.Errorf("status %s replies to %v, not written before", id, r)
		}
		nativeStr(t, s["in_reply_to_account_id"], "in_reply_to_account_id")
	}
	for _, tag := range nativeArr(t, s["tags"], "tags") {
		tm := nativeObj(t, tag, "tag")
		name := nativeStr(t, tm["name"], "tag name")
		if !strings.Contains(strings.ToLower(content), strings.ToLower("#<span>"+name+"</span>")) ||
			!strings.Contains(nativeStr(t, tm["url"], "tag url"), "/tags/") {
			t.Errorf("status %s: tag %v not in content %q", id, tm, content)
		}
	}
	for _, m := range nativeArr(t, s["mentions"], "mentions") {
		mm := nativeObj(t, m, "mention")
		if !strings.Contains(content, "@<span>"+nativeStr(t, mm["username"], "mention username")+"</span>") ||
			!strings.Contains(nativeStr(t, mm["acct"], "mention acct"), "@") {
			t.Errorf("status %s: mention %v not in content %q", id, mm, content)
		}
	}
	for _, a := range nativeArr(t, s["media_attachments"], "media_attachments") {
		am := nativeObj(t, a, "attachment")
		if am["type"] != "image" || !strings.HasPrefix(nativeStr(t, am["url"], "attachment url"), "https://") {
			t.Errorf("status %s: attachment %v", id, am)
		}
	}
	if q := s["quote"]; q != nil {
		qm := nativeObj(t, q, "quote")
		if qs, ok := qm["quoted_status"]; ok {
			qsm := nativeObj(t, qs, "quoted_status")
			if _, ok := seen[nativeStr(t, qsm["id"], "quoted id")]; !ok {
				t.Errorf("status %s quotes %v, not written before", id, qsm["id"])
			}
			checkMastodonStatus(t, qsm, seen, depth+1)
		} else {
			nativeStr(t, qm["quoted_status_id"], "quoted_status_id")
		}
	}
}

func TestAppendMastodonText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"one", "one"},
		{"a\nb", "a<br />b"},
		{"a\r\nb", "a<br />b"},
		{"a\n\nb", "a</p><p>b"},
		{"a\n\n\nb", "a</p><p>b"},
		{`<script>"x" & 'y'</script>`, `&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;`},
	} {
		got := string(appendMastodonText(nil, tc.in))
		want := string(appendJSONBody(nil, tc.want))
		if got != want {
			t.Errorf("appendMastodonText(%q) = %s, want %s", tc.in, got, want)
		}
	}
}

func BenchmarkWriteMastodon(b *testing.B) { benchNativeWriter(b, WriteMastodon) }
