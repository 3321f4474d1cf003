package x_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/sourcetest"
	"github.com/scrutineer/scrutineer/source/x"
)

func readFile(t testing.TB, f source.Format, name string) *sourcetest.Collector {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return sourcetest.Read(t, f, name, string(b))
}

var fixtures = []struct {
	name    string
	format  source.Format
	rejects int
}{
	{"v2_search.jsonl", x.FormatV2, 0},
	{"v2_lookup.json", x.FormatV2, 0},
	{"v2_stream.jsonl", x.FormatV2, 0},
	{"v2_twarc.jsonl", x.FormatV2, 0},
	{"v1_stream.jsonl", x.FormatV1, 0},
	{"v1_timeline.json", x.FormatV1, 0},
	{"v1_search.json", x.FormatV1, 0},
}

func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			c := readFile(t, fx.format, fx.name)
			if len(c.Rejects) != fx.rejects {
				t.Errorf("%d rejects, want %d: %v", len(c.Rejects), fx.rejects, c.Rejects)
			}
			base := fx.name[:strings.IndexByte(fx.name, '.')]
			sourcetest.Golden(t, "testdata/"+base+".golden.jsonl", c.Records)
		})
	}
}

func posts(c *sourcetest.Collector) map[string]*scrutineer.Post {
	m := map[string]*scrutineer.Post{}
	for _, p := range c.Posts() {
		if _, ok := m[p.ID]; !ok {
			m[p.ID] = p
		}
	}
	return m
}

func accounts(c *sourcetest.Collector) map[string]*scrutineer.Account {
	m := map[string]*scrutineer.Account{}
	for _, a := range c.Accounts() {
		if _, ok := m[a.ID]; !ok {
			m[a.ID] = a
		}
	}
	return m
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if gs, ws := toString(got), toString(want); gs != ws {
		t.Errorf("%s = %s, want %s", what, gs, ws)
	}
}

func toString(v any) string {
	switch v := v.(type) {
	case nil:
		return "[]"
	case []string:
		return "[" + strings.Join(v, "|") + "]"
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case scrutineer.Count:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	case string:
		return v
	}
	return "?"
}

// TestV2Conventions checks the normalization conventions on the v2
// fixtures, field by field.
func TestV2Conventions(t *testing.T) {
	c := readFile(t, x.FormatV2, "v2_search.jsonl")
	ps, as := posts(c), accounts(c)

	p := ps["1850000000000000001"]
	eq(t, "text", p.Text, "Polls open at 7am tomorrow. Find your station: https://t.co/AbCdEf1234 #Vote2025 @ElectionsCA & bring ID")
	eq(t, "handle", p.Handle, "XDevelopers")
	eq(t, "url", p.URL, "https://x.com/XDevelopers/status/1850000000000000001")
	eq(t, "urls", p.URLs, []string{"https://www.elections.ca/content.aspx?section=vot&dir=vote&document=index&lang=e"})
	eq(t, "hashtags", p.Hashtags, []string{"Vote2025"})
	eq(t, "mentions", p.Mentions, []string{"ElectionsCA"})
	eq(t, "time", p.Time, time.Date(2025, 4, 27, 22, 15, 3, 0, time.UTC))
	eq(t, "likes", p.Likes, scrutineer.Known(530))
	eq(t, "views", p.Views, scrutineer.Known(48210))
	eq(t, "source", p.Source, "Twitter Web App")
	eq(t, "thread", p.Thread, "1850000000000000001")

	rt := ps["1850000000000000002"]
	eq(t, "repost_of", rt.RepostOf, "1849999999999999999")
	eq(t, "rt text", rt.Text, "RT @ElectionsCA: Polls open at 7am tomorrow.")
	eq(t, "rt views", rt.Views, scrutineer.Known(0))
	orig := ps["1849999999999999999"]
	if orig == nil || orig.Handle != "ElectionsCA" || orig.Views != (scrutineer.Count{}) {
		t.Errorf("retweeted original: %+v", orig)
	}

	r := ps["1850000000000000003"]
	eq(t, "reply_to", r.ReplyTo, "1849000000000000000")
	eq(t, "quote_of", r.QuoteOf, "1848000000000000000")
	eq(t, "reply_to_account", r.ReplyToAccount, "1300000000000000555")
	eq(t, "sensitive", r.Sensitive, true)
	eq(t, "urls (the photo link is not a link)", r.URLs, nil)
	if len(r.Media) != 2 || r.Media[0] != (scrutineer.Media{Type: "photo", URL: "https://pbs.twimg.com/media/GhIjKlMnOp.jpg", AltText: "Фото бюллетеней"}) ||
		r.Media[1] != (scrutineer.Media{Type: "video", URL: "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/xyz.jpg"}) {
		t.Errorf("media %+v", r.Media)
	}
	if _, ok := ps["1848000000000000000"]; ok {
		t.Error("a tweet known only from an error became a post")
	}

	w := ps["1850000000000000004"]
	eq(t, "withheld", w.WithheldIn, []string{"DE", "FR"})
	eq(t, "arabic hashtag", w.Hashtags, []string{"انتخابات"})
	eq(t, "time (ms)", w.Time, time.Date(2025, 4, 28, 1, 2, 3, 456e6, time.UTC))
	eq(t, "unknown views", w.Views, scrutineer.Count{})

	long := ps["1850000000000000005"]
	if !strings.HasSuffix(long.Text, "thanks to @cbcnews for the data") {
		t.Errorf("note_tweet text not read: %q", long.Text)
	}
	eq(t, "note urls", long.URLs, []string{"https://example.org/results/2025?riding=all"})
	eq(t, "note hashtags", long.Hashtags, []string{"Election2025", "结果"})
	eq(t, "note mentions", long.Mentions, []string{"cbcnews"})
	if len(long.Media) != 1 || long.Media[0].Type != "gif" {
		t.Errorf("gif: %+v", long.Media)
	}

	u := as["2244994945"]
	eq(t, "website", u.Website, "https://developer.x.com")
	eq(t, "profile url", u.URL, "https://x.com/XDevelopers")
	eq(t, "followers", u.Followers, scrutineer.Known(570842))
	eq(t, "following", u.Following, scrutineer.Known(2048))
	eq(t, "posts", u.Posts, scrutineer.Known(14052))
	eq(t, "verified", u.Verified, true)
	eq(t, "created", u.Created, time.Date(2013, 12, 14, 4, 35, 55, 0, time.UTC))
	eq(t, "protected", as["1300000000000000555"].Protected, true)
	eq(t, "unknown followers", as["1400000000000000777"].Followers, scrutineer.Count{})
	eq(t, "known zero", as["1500000000000000999"].Followers, scrutineer.Known(0))

	gone := as["1111111111"]
	if gone == nil || !gone.Gone {
		t.Errorf("the user of a not-found error is not gone: %+v", gone)
	}
	if _, ok := as["suspended_troll"]; ok {
		t.Error("a username became an account id")
	}

	c = readFile(t, x.FormatV2, "v2_lookup.json")
	ps, as = posts(c), accounts(c)
	one := ps["1860000000000000001"]
	if one == nil || one.Handle != "debate_watcher" || len(one.Media) != 1 || one.Media[0].AltText != "Four candidates at lecterns" {
		t.Errorf("single-tweet lookup: %+v", one)
	}
	eq(t, "handle without @", as["3000000002"].Handle, "quiet_voter")
	eq(t, "empty website", as["3000000001"].Website, "")
	if len(c.Records) != 3 {
		t.Errorf("%d records from the lookups, want 3", len(c.Records))
	}

	c = readFile(t, x.FormatV2, "v2_stream.jsonl")
	ps = posts(c)
	eq(t, "stream handle", ps["1870000000000000001"].Handle, "live_count")
	eq(t, "stream quote", ps["1870000000000000002"].QuoteOf, "1870000000000000001")
	eq(t, "no handle, no url", ps["1870000000000000002"].URL, "")
	c = readFile(t, x.FormatV2, "v2_twarc.jsonl")
	ps, as = posts(c), accounts(c)
	tw := ps["1880000000000000002"]
	if tw == nil || tw.Handle != "juriste_qc" || tw.ReplyTo != "1880000000000000001" || len(tw.Media) != 1 || tw.Media[0].URL != "https://pbs.twimg.com/media/LoiPage.jpg" {
		t.Errorf("twarc2 tweet: %+v", tw)
	}
	if p := ps["1880000000000000001"]; p == nil || p.Handle != "poll_watch" {
		t.Errorf("twarc2 referenced tweet: %+v", p)
	}
	eq(t, "twarc2 author followers", as["5000000002"].Followers, scrutineer.Known(800))
	c = readFile(t, x.FormatV2, "v2_stream.jsonl")
	ps = posts(c)
	eq(t, "stream ms", ps["1870000000000000001"].Time, time.Date(2025, 4, 29, 2, 0, 0, 123e6, time.UTC))
}

func TestV1Conventions(t *testing.T) {
	c := readFile(t, x.FormatV1, "v1_stream.jsonl")
	ps, as := posts(c), accounts(c)
	if len(ps) != 6 {
		t.Errorf("%d posts, want 6 (deletion and limit notices skipped)", len(ps))
	}
	p := ps["1850000000000000001"]
	eq(t, "text", p.Text, "Polls open at 7am tomorrow & bring ID. Find your station: https://t.co/AbCdEf1234 #Vote2025 @ElectionsCA")
	eq(t, "source", p.Source, "Twitter Web App")
	eq(t, "urls", p.URLs, []string{"https://www.elections.ca/content.aspx?section=vot&dir=vote"})
	eq(t, "hashtags", p.Hashtags, []string{"Vote2025"})
	eq(t, "mentions", p.Mentions, []string{"ElectionsCA"})
	eq(t, "quotes", p.Quotes, scrutineer.Known(7))
	eq(t, "replies", p.Replies, scrutineer.Known(14))
	eq(t, "time", p.Time, time.Date(2025, 4, 27, 22, 15, 3, 0, time.UTC))
	eq(t, "url", p.URL, "https://x.com/XDevelopers/status/1850000000000000001")
	eq(t, "website", as["2244994945"].Website, "https://developer.x.com")
	eq(t, "created", as["2244994945"].Created, time.Date(2013, 12, 14, 4, 35, 55, 0, time.UTC))

	rt := ps["1850000000000000002"]
	eq(t, "repost_of", rt.RepostOf, "1849999999999999999")
	eq(t, "rt text kept", rt.Text, "RT @ElectionsCA: Ballots are counted by hand in every polling station, in front of the candidates' representatives. Thread 🧵…")
	orig := ps["1849999999999999999"]
	if !strings.Contains(orig.Text, "#Elxn45") {
		t.Errorf("extended_tweet.full_text not read: %q", orig.Text)
	}
	eq(t, "orig source", orig.Source, "TweetDeck")
	eq(t, "orig hashtags", orig.Hashtags, []string{"Elxn45"})
	if len(orig.Media) != 2 || orig.Media[0].AltText != "A poll worker counting ballots" || orig.Media[1].Type != "video" {
		t.Errorf("orig media %+v", orig.Media)
	}
	if as["18989380"] == nil || as["18989380"].Handle != "ElectionsCA" {
		t.Error("the retweeted author is not an account")
	}

	q := ps["1850000000000000003"]
	eq(t, "quote_of", q.QuoteOf, "1848000000000000000")
	eq(t, "reply_to", q.ReplyTo, "1849000000000000000")
	eq(t, "reply_to_account", q.ReplyToAccount, "1300000000000000555")
	eq(t, "withheld", q.WithheldIn, []string{"DE", "FR"})
	eq(t, "sensitive", q.Sensitive, true)
	if ps["1848000000000000000"] == nil || !as["1300000000000000555"].Protected {
		t.Error("quoted status or its protected author missing")
	}

	ar := ps["1850000000000000004"]
	eq(t, "full_text over text", ar.Text, "‏المفوضية تعلن النتائج الأولية غداً #انتخابات")
	eq(t, "source without anchor", ar.Source, "Twitter Web Client")
	if len(ar.Media) != 1 || ar.Media[0].URL != "https://pbs.twimg.com/media/OnlyInEntities.jpg" {
		t.Errorf("media from entities: %+v", ar.Media)
	}
	eq(t, "unknown replies", ar.Replies, scrutineer.Count{})

	c = readFile(t, x.FormatV1, "v1_timeline.json")
	ps = posts(c)
	z := ps["1850000000000000005"]
	eq(t, "source &amp;", z.Source, "Buffer & Co")
	if len(z.Media) != 1 || z.Media[0].Type != "gif" {
		t.Errorf("gif %+v", z.Media)
	}
	eq(t, "reply", ps["1850000000000000010"].ReplyToAccount, "1111111111")

	c = readFile(t, x.FormatV1, "v1_search.json")
	ps, as = posts(c), accounts(c)
	s := ps["1850000000000000020"]
	eq(t, "search text", s.Text, "Results night 📊 <live> #Elxn45 #Élection2025")
	eq(t, "search hashtags", s.Hashtags, []string{"Elxn45", "Élection2025"})
	eq(t, "search website", as["6433472"].Website, "https://www.cbc.ca/news")
	eq(t, "user lookup", as["1111111112"].Handle, "withheld_acct")
	eq(t, "http image", as["1111111112"].ImageURL, "http://pbs.twimg.com/profile_images/9/w_normal.jpg")
}

type reject struct {
	line  int
	field string
}

func rejects(c *sourcetest.Collector) []reject {
	var out []reject
	for _, e := range c.Rejects {
		out = append(out, reject{e.Line, e.Field})
	}
	return out
}

func ids(c *sourcetest.Collector) string {
	var out []string
	for _, p := range c.Posts() {
		out = append(out, p.ID)
	}
	return strings.Join(out, " ")
}

func TestBadInput(t *testing.T) {
	v2tweet := func(id string) string {
		return `{"data":[{"id":"` + id + `","text":"t","author_id":"1","created_at":"2025-01-01T00:00:00.000Z"}]}`
	}
	v1tweet := func(id string) string {
		return `{"id_str":"` + id + `","text":"t","created_at":"Wed Jan 01 00:00:00 +0000 2025","user":{"id_str":"1","screen_name":"a"}}`
	}
	for _, tc := range []struct {
		name    string
		format  source.Format
		input   string
		posts   string
		rejects []reject
	}{
		{"v2 malformed line", x.FormatV2, v2tweet("1") + "\n{\"data\":[{\"id\":\"2\",,}]}\n" + v2tweet("3") + "\n",
			"1 3", []reject{{2, ""}}},
		{"v2 number for a string", x.FormatV2, v2tweet("1") + "\n" +
			`{"data":[{"id":"2","text":5,"author_id":"1","created_at":"2025-01-01T00:00:00Z"},{"id":"4","text":"ok","author_id":"1","created_at":"2025-01-01T00:00:00Z"}]}` + "\n" + v2tweet("3"),
			"1 4 3", []reject{{2, "data[0].text"}}},
		{"v2 numeric id", x.FormatV2, `{"data":{"id":2,"text":"t","author_id":"1","created_at":"2025-01-01T00:00:00Z"}}`, "", []reject{{1, "data.id"}}},
		{"v2 bad time", x.FormatV2, `{"data":{"id":"2","text":"t","author_id":"1","created_at":"yesterday"}}`, "", []reject{{1, "data.created_at"}}},
		{"v2 missing author", x.FormatV2, `{"data":{"id":"2","text":"t","created_at":"2025-01-01T00:00:00Z"}}`, "", []reject{{1, "data.author_id"}}},
		{"v2 bad metrics", x.FormatV2, `{"data":{"id":"2","text":"t","author_id":"1","created_at":"2025-01-01T00:00:00Z","public_metrics":{"like_count":"many"}}}`, "", []reject{{1, "data.public_metrics.like_count"}}},
		{"v2 bad user", x.FormatV2, `{"data":[],"includes":{"users":[{"id":"1","username":["a"]}]}}` + "\n" + v2tweet("3"), "3", []reject{{1, "includes.users[0].username"}}},
		{"v2 entities wrong type", x.FormatV2, `{"data":{"id":"2","text":"t","author_id":"1","created_at":"2025-01-01T00:00:00Z","entities":{"hashtags":[{"tag":7}]}}}`, "", []reject{{1, "data.entities.hashtags[0].tag"}}},
		{"v2 data a string", x.FormatV2, `{"data":"x"}` + "\n" + v2tweet("3"), "3", []reject{{1, "data"}}},
		{"v2 cut off", x.FormatV2, v2tweet("1") + "\n" + v2tweet("2") + "\n" + v2tweet("3")[:40], "1 2", []reject{{3, ""}}},
		{"v2 not a response", x.FormatV2, `{"hello":"world"}` + "\n" + `42` + "\n" + v2tweet("3"), "3", []reject{{1, ""}, {2, ""}}},
		{"v1 malformed line", x.FormatV1, v1tweet("1") + "\n" + `{"id_str":"2",` + "\n" + v1tweet("3") + "\n",
			"1 3", []reject{{2, ""}}},
		{"v1 numeric id only", x.FormatV1, `{"id":1850000000000000001,"text":"t","created_at":"Wed Jan 01 00:00:00 +0000 2025","user":{"id_str":"1"}}` + "\n" + v1tweet("3"),
			"3", []reject{{1, "id_str"}}},
		{"v1 number for a string", x.FormatV1, `{"id_str":"2","text":["t"],"created_at":"Wed Jan 01 00:00:00 +0000 2025","user":{"id_str":"1"}}`, "", []reject{{1, "text"}}},
		{"v1 no user", x.FormatV1, `{"id_str":"2","text":"t","created_at":"Wed Jan 01 00:00:00 +0000 2025"}`, "", []reject{{1, "user"}}},
		{"v1 bad user", x.FormatV1, `{"id_str":"2","text":"t","created_at":"Wed Jan 01 00:00:00 +0000 2025","user":{"id_str":"1","followers_count":"x"}}`, "", []reject{{1, "user.followers_count"}}},
		{"v1 bad retweet", x.FormatV1, `{"id_str":"2","text":"t","created_at":"Wed Jan 01 00:00:00 +0000 2025","user":{"id_str":"1"},"retweeted_status":{"id_str":"9","user":{"id_str":"5"}}}`, "", []reject{{1, "retweeted_status.created_at"}}},
		{"v1 array with a bad element", x.FormatV1, "[\n" + v1tweet("1") + ",\n" + `{"id_str":"2","text":"t","created_at":"never","user":{"id_str":"1"}}` + ",\n" + v1tweet("3") + "\n]\n",
			"1 3", []reject{{3, "created_at"}}},
		{"v1 array cut off", x.FormatV1, "[\n" + v1tweet("1") + ",\n" + v1tweet("2") + ",\n" + v1tweet("3")[:30], "1 2", []reject{{4, ""}}},
		{"v1 notices", x.FormatV1, `{"delete":{"status":{"id":1,"id_str":"1","user_id":2,"user_id_str":"2"}}}` + "\n" + `{"limit":{"track":3}}` + "\n" + v1tweet("3"), "3", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sourcetest.Read(t, tc.format, "in", tc.input)
			if got := ids(c); got != tc.posts {
				t.Errorf("posts %q, want %q", got, tc.posts)
			}
			got := rejects(c)
			if len(got) != len(tc.rejects) {
				t.Fatalf("rejects %v, want %v (%v)", got, tc.rejects, c.Rejects)
			}
			for i := range got {
				if got[i] != tc.rejects[i] {
					t.Errorf("reject %d: %v, want %v (%v)", i, got[i], tc.rejects[i], c.Rejects[i])
				}
			}
		})
	}
}

func TestSniff(t *testing.T) {
	head := func(name string) []byte {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	heads := map[string][]byte{
		"v2 page":    head("v2_search.jsonl"),
		"v2 lookup":  head("v2_lookup.json"),
		"v2 stream":  head("v2_stream.jsonl"),
		"v2 errors":  []byte(`{"errors":[{"title":"Not Found Error","type":"https://api.twitter.com/2/problems/resource-not-found"}]}`),
		"v1 stream":  head("v1_stream.jsonl"),
		"v1 array":   head("v1_timeline.json"),
		"v1 search":  head("v1_search.json"),
		"v2 users":   []byte(`{"data":[{"id":"1","username":"a","name":"A","public_metrics":{"followers_count":1,"following_count":2,"tweet_count":3}}]}`),
		"v1 deletes": []byte(`{"delete":{"status":{"id":1,"id_str":"1","user_id":2,"user_id_str":"2"}}}` + "\n"),
		"mastodon":   []byte(`[{"id":"113","created_at":"2025-01-01T00:00:00.000Z","in_reply_to_id":null,"uri":"https://mastodon.social/users/a/statuses/113","content":"<p>hi</p>","account":{"id":"1","username":"a","acct":"a","display_name":"A","followers_count":1,"following_count":2,"statuses_count":3},"reblogs_count":0,"favourites_count":0,"replies_count":0}]`),
		"bluesky":    []byte(`{"did":"did:plc:abc","time_us":1725911162329308,"kind":"commit","commit":{"collection":"app.bsky.feed.post"}}`),
		"tiktok":     []byte(`{"data":{"username":"a","display_name":"A","follower_count":1,"following_count":2,"video_count":3}}`),
		"records":    []byte(`{"record":"post","platform":"web","id":"m1","account":"u1","raw":{"author_id":"u1","text":"x"}}`),
		"iso tweets": []byte(`{"id_str":"1","created_at":"2025-10-21T09:15:00Z","full_text":"x","user":{"id_str":"42","screen_name":"a"},"favorite_count":1}`),
		"csv":        []byte("tweet_id,user_id,created_at,text\n1,2,2025-01-01,hi\n"),
		"garbage":    []byte("\x00\x01\xff{{{[[\"id_str"),
		"empty":      nil,
	}
	for _, tc := range []struct {
		head   string
		v2, v1 bool
	}{
		{"v2 page", true, false}, {"v2 lookup", true, false}, {"v2 stream", true, false}, {"v2 errors", true, false},
		{"v1 stream", false, true}, {"v1 array", false, true}, {"v1 search", false, true}, {"v2 users", true, false}, {"v1 deletes", false, true},
		{"mastodon", false, false}, {"tiktok", false, false}, {"records", false, false}, {"iso tweets", false, false}, {"bluesky", false, false}, {"csv", false, false}, {"garbage", false, false}, {"empty", false, false},
	} {
		h := heads[tc.head]
		s2, s1 := x.FormatV2.Sniff("data.jsonl", h), x.FormatV1.Sniff("data.jsonl", h)
		if (s2 >= 50) != tc.v2 || (s1 >= 50) != tc.v1 {
			t.Errorf("%s: v2 %d, v1 %d", tc.head, s2, s1)
		}
		// Tweets shaped as v1.1 but with ISO dates (a tool's own export)
		// may be v1.1, but not surely.
		if tc.head != "iso tweets" && (!tc.v2 && s2 > 10 || !tc.v1 && s1 > 10) {
			t.Errorf("%s: v2 %d, v1 %d: want 0 or low for the other", tc.head, s2, s1)
		}
		// Any cut of the head must not panic.
		for i := 0; i <= len(h); i += 7 {
			x.FormatV2.Sniff("f", h[:i])
			x.FormatV1.Sniff("f", h[:i])
		}
	}
}

// fuzzSeeds gives the fixtures' lines as seeds: small seeds keep the
// minimization of new inputs short.
func fuzzSeeds(names ...string) []string {
	var seeds []string
	for _, n := range names {
		b, _ := os.ReadFile("testdata/" + n)
		if strings.HasSuffix(n, ".json") {
			seeds = append(seeds, string(b))
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			if len(l) > 2000 {
				l = l[:2000]
			}
			seeds = append(seeds, l)
		}
	}
	return seeds
}

func FuzzV2(f *testing.F) {
	sourcetest.Fuzz(f, x.FormatV2, fuzzSeeds("v2_search.jsonl", "v2_stream.jsonl", "v2_twarc.jsonl")...)
}

func FuzzV1(f *testing.F) {
	sourcetest.Fuzz(f, x.FormatV1, fuzzSeeds("v1_stream.jsonl", "v1_timeline.json", "v1_search.json")...)
}

func bench(b *testing.B, f source.Format, names ...string) {
	var unit bytes.Buffer
	for _, n := range names {
		raw, err := os.ReadFile("testdata/" + n)
		if err != nil {
			b.Fatal(err)
		}
		unit.Write(raw)
		unit.WriteByte('\n')
	}
	sourcetest.Bench(b, f, sourcetest.Repeat(unit.Bytes(), 8<<20))
}

func BenchmarkReadV2(b *testing.B) { bench(b, x.FormatV2, "v2_search.jsonl", "v2_stream.jsonl") }
func BenchmarkReadV1(b *testing.B) { bench(b, x.FormatV1, "v1_stream.jsonl") }
