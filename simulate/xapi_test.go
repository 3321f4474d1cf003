package simulate

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestWriteXGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteX(&b, nativeSmallWorld()); err != nil {
		t.Fatal(err)
	}
	nativeGolden(t, "native_x.jsonl", b.Bytes())
}

func TestWriteXSmall(t *testing.T) {
	wd := nativeSmallWorld()
	var b bytes.Buffer
	if err := WriteX(&b, wd); err != nil {
		t.Fatal(err)
	}
	tweets := checkXOutput(t, wd, b.Bytes())
	byID := map[string]map[string]any{}
	for _, tw := range tweets {
		byID[tw["id"].(string)] = tw
	}
	id := func(i int) string { return wd.Posts[i].ID }
	for _, tc := range []struct {
		post    int
		check   func(tw map[string]any) bool
		explain string
	}{
		{0, func(tw map[string]any) bool {
			return strings.HasPrefix(tw["text"].(string), "Débat ce soir! #Élection2025 #débat 🇨🇦 https://t.co/") &&
				!strings.Contains(tw["text"].(string), "utm_source")
		}, "links become t.co links"},
		{3, func(tw map[string]any) bool {
			return strings.HasPrefix(tw["text"].(string), "RT @marie_tremblay: Débat ce soir!")
		}, "a retweet's text is RT @handle: and the original"},
		{18, func(tw map[string]any) bool {
			refs := tw["referenced_tweets"].([]any)
			return len(refs) == 1 && refs[0].(map[string]any)["id"] == id(0)
		}, "a retweet of a retweet retweets the original"},
		{12, func(tw map[string]any) bool {
			return tw["conversation_id"] == id(0) && tw["in_reply_to_user_id"] == wd.Accounts[1].ID
		}, "a reply's conversation is its thread's first tweet"},
		{15, func(tw map[string]any) bool {
			return tw["referenced_tweets"] == nil && tw["in_reply_to_user_id"] == nil && tw["conversation_id"] == id(15)
		}, "a reply to a missing tweet has no reference"},
		{9, func(tw map[string]any) bool {
			refs := tw["referenced_tweets"].([]any)
			return len(refs) == 1 && refs[0].(map[string]any)["type"] == "quoted"
		}, "a quote references the quoted tweet"},
		{27, func(tw map[string]any) bool { return tw["entities"] == nil }, "entities absent from the text are not written"},
		{21, func(tw map[string]any) bool {
			return tw["text"] == "bad \x00 byte \uFFFD end #ok\u2028sep"
		}, "control bytes survive and invalid UTF-8 becomes U+FFFD"},
	} {
		tw, ok := byID[id(tc.post)]
		if !ok {
			t.Errorf("post %d was not written", tc.post)
			continue
		}
		if !tc.check(tw) {
			t.Errorf("post %d: %s: %v", tc.post, tc.explain, tw)
		}
	}
	if len(tweets) != 10 {
		t.Errorf("%d tweets written, want 10 (the X posts but the retweet of a missing tweet)", len(tweets))
	}
}

func TestWriteXRandom(t *testing.T) {
	wd := nativeRandomWorld(20000, 5)
	var b bytes.Buffer
	if err := WriteX(&b, wd); err != nil {
		t.Fatal(err)
	}
	checkXOutput(t, wd, b.Bytes())
}

// checkXOutput checks every page: the meta block, that every referenced
// tweet and every user the tweets name are in data or includes, that the
// entities' code-point offsets point at what they name, and that the
// tweets are the world's nativeWritable X posts in order. It returns the tweets.
func checkXOutput(t *testing.T, wd *World, out []byte) []map[string]any {
	t.Helper()
	pages := nativeLines(t, out)
	var all []map[string]any
	for n, page := range pages {
		where := func(what string) string { return fmt.Sprintf("page %d %s", n, what) }
		data := nativeArr(t, page["data"], where("data"))
		includes := nativeObj(t, page["includes"], where("includes"))
		meta := nativeObj(t, page["meta"], where("meta"))
		if len(data) == 0 || len(data) > 100 {
			t.Fatalf("page %d has %d tweets", n, len(data))
		}
		if nativeInt(t, meta["result_count"], "result_count") != len(data) {
			t.Errorf("page %d: result_count %v for %d tweets", n, meta["result_count"], len(data))
		}
		first, last := nativeObj(t, data[0], "tweet"), nativeObj(t, data[len(data)-1], "tweet")
		if meta["oldest_id"] != first["id"] || meta["newest_id"] != last["id"] {
			t.Errorf("page %d: oldest_id %v newest_id %v, tweets from %v to %v", n, meta["oldest_id"], meta["newest_id"], first["id"], last["id"])
		}
		if _, has := meta["next_token"]; has != (n < len(pages)-1) {
			t.Errorf("page %d of %d: next_token present %v", n, len(pages), has)
		}
		users := map[string]bool{}
		for _, u := range nativeArr(t, includes["users"], "users") {
			um := nativeObj(t, u, "user")
			users[nativeStr(t, um["id"], "user id")] = true
			checkNativeTime(t, um["created_at"], "user created_at")
			nativeStr(t, um["username"], "username")
			nativeStr(t, um["description"], "description")
			pm := nativeObj(t, um["public_metrics"], "user public_metrics")
			nativeInt(t, pm["followers_count"], "followers_count")
		}
		tweets := map[string]bool{}
		for _, tw := range data {
			tweets[nativeObj(t, tw, "tweet")["id"].(string)] = true
		}
		included := nativeArr(t, includes["tweets"], "includes.tweets")
		for _, tw := range included {
			id := nativeObj(t, tw, "tweet")["id"].(string)
			if tweets[id] {
				t.Errorf("page %d: tweet %s is in data and includes", n, id)
			}
			tweets[id] = true
		}
		media := map[string]bool{}
		for _, m := range nativeArr(t, includes["media"], "media") {
			mm := nativeObj(t, m, "media")
			media[nativeStr(t, mm["media_key"], "media_key")] = true
			if mm["type"] != "photo" || !strings.HasPrefix(nativeStr(t, mm["url"], "media url"), "https://pbs.twimg.com/media/") {
				t.Errorf("page %d: media %v", n, mm)
			}
		}
		for k, tw := range append(append([]any{}, data...), included...) {
			inData := k < len(data)
			checkXTweet(t, nativeObj(t, tw, "tweet"), inData, users, tweets, media)
		}
		for _, tw := range data {
			all = append(all, tw.(map[string]any))
		}
	}
	var want []string
	for _, i := range nativePosts(wd, X) {
		want = append(want, wd.Posts[i].ID)
	}
	if len(all) != len(want) {
		t.Fatalf("%d tweets written, want %d", len(all), len(want))
	}
	for k, tw := range all {
		if tw["id"] != want[k] {
			t.Fatalf("tweet %d is %v, want %s", k, tw["id"], want[k])
		}
	}
	return all
}

func checkXTweet(t *testing.T, tw map[string]any, inData bool, users, tweets, media map[string]bool) {
	t.Helper()
	id := nativeStr(t, tw["id"], "tweet id")
	text := nativeStr(t, tw["text"], "text")
	if !users[nativeStr(t, tw["author_id"], "author_id")] {
		t.Errorf("tweet %s: author %v not in includes.users", id, tw["author_id"])
	}
	checkNativeTime(t, tw["created_at"], "created_at")
	nativeStr(t, tw["conversation_id"], "conversation_id")
	nativeStr(t, tw["lang"], "lang")
	if h := nativeArr(t, tw["edit_history_tweet_ids"], "edit_history_tweet_ids"); len(h) != 1 || h[0] != id {
		t.Errorf("tweet %s: edit_history_tweet_ids %v", id, h)
	}
	pm := nativeObj(t, tw["public_metrics"], "public_metrics")
	for _, k := range []string{"retweet_count", "reply_count", "like_count", "quote_count"} {
		nativeInt(t, pm[k], k)
	}
	if u, ok := tw["in_reply_to_user_id"]; ok && inData && !users[nativeStr(t, u, "in_reply_to_user_id")] {
		t.Errorf("tweet %s: replied-to user %v not in includes.users", id, u)
	}
	for _, r := range nativeArr(t, tw["referenced_tweets"], "referenced_tweets") {
		rm := nativeObj(t, r, "referenced tweet")
		switch rm["type"] {
		case "retweeted", "replied_to", "quoted":
		default:
			t.Errorf("tweet %s: reference type %v", id, rm["type"])
		}
		if inData && !tweets[nativeStr(t, rm["id"], "referenced id")] {
			t.Errorf("tweet %s: referenced tweet %v neither in data nor in includes", id, rm["id"])
		}
	}
	if a, ok := tw["attachments"]; ok {
		for _, k := range nativeArr(t, nativeObj(t, a, "attachments")["media_keys"], "media_keys") {
			if !media[nativeStr(t, k, "media key")] {
				t.Errorf("tweet %s: media %v not in includes.media", id, k)
			}
		}
	}
	runes := []rune(text)
	seg := func(e map[string]any) string {
		s, end := nativeInt(t, e["start"], "start"), nativeInt(t, e["end"], "end")
		if s < 0 || s >= end || end > len(runes) {
			t.Fatalf("tweet %s: entity [%d,%d) outside text of %d code points %q", id, s, end, len(runes), text)
		}
		return string(runes[s:end])
	}
	if tw["entities"] == nil {
		return
	}
	ents := nativeObj(t, tw["entities"], "entities")
	for _, e := range nativeArr(t, ents["urls"], "urls") {
		em := nativeObj(t, e, "url entity")
		u := nativeStr(t, em["url"], "url")
		if got := seg(em); got != u || !strings.HasPrefix(u, "https://t.co/") || len(u) != 23 {
			t.Errorf("tweet %s: url entity %v covers %q", id, em, got)
		}
		nativeStr(t, em["expanded_url"], "expanded_url")
		nativeStr(t, em["display_url"], "display_url")
	}
	for _, e := range nativeArr(t, ents["hashtags"], "hashtags") {
		em := nativeObj(t, e, "hashtag entity")
		if got := seg(em); got != "#"+nativeStr(t, em["tag"], "tag") {
			t.Errorf("tweet %s: hashtag entity %v covers %q", id, em, got)
		}
	}
	for _, e := range nativeArr(t, ents["mentions"], "mentions") {
		em := nativeObj(t, e, "mention entity")
		if got := seg(em); !strings.EqualFold(got, "@"+nativeStr(t, em["username"], "username")) {
			t.Errorf("tweet %s: mention entity %v covers %q", id, em, got)
		}
		if inData && !users[nativeStr(t, em["id"], "mention id")] {
			t.Errorf("tweet %s: mentioned user %v not in includes.users", id, em["id"])
		}
	}
}

func BenchmarkWriteX(b *testing.B) { benchNativeWriter(b, WriteX) }
