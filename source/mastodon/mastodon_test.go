package mastodon

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/sourcetest"
)

func readFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		f    source.Format
		file string
	}{
		{FormatStatuses, "timeline.json"},
		{FormatStatuses, "statuses.jsonl"},
		{FormatStatuses, "status.json"},
		{FormatStreaming, "streaming.jsonl"},
		{FormatStreaming, "streaming.sse"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			c := sourcetest.Read(t, tc.f, tc.file, readFile(t, tc.file))
			if len(c.Rejects) > 0 {
				t.Fatalf("rejects: %v", c.Rejects[0])
			}
			sourcetest.Golden(t, "testdata/"+tc.file+".golden", c.Records)
		})
	}
}

func postOf(t *testing.T, c *sourcetest.Collector, id string) *scrutineer.Post {
	t.Helper()
	for _, p := range c.Posts() {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no post %s", id)
	return nil
}

func accountOf(t *testing.T, c *sourcetest.Collector, id string) *scrutineer.Account {
	t.Helper()
	for _, a := range c.Accounts() {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no account %s", id)
	return nil
}

const (
	uri1 = "https://mastodon.social/users/alice/statuses/114411000000000001"
	uri2 = "https://mastodon.ru.example/users/ivan/statuses/114411000000000002"
	uri5 = "https://mastodon.example.ae/users/amal/statuses/114411000000000005"
)

func TestConventions(t *testing.T) {
	c := sourcetest.Read(t, FormatStatuses, "s", readFile(t, "statuses.jsonl"))
	eq := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	p := postOf(t, c, uri1)
	eq("account", p.Account, "alice@mastodon.social")
	eq("handle", p.Handle, "alice@mastodon.social")
	eq("url", p.URL, "https://mastodon.social/@alice/114411000000000001")
	eq("text", p.Text, "Advance polls are open today 🗳️ & tomorrow. Details: https://www.elections.example.ca/en/vote/advance-polling-days-2025\n\nBring ID. #Elxn45 #cdnpoli\ncc @bob @ivan")
	eq("urls", strings.Join(p.URLs, " "), "https://www.elections.example.ca/en/vote/advance-polling-days-2025")
	eq("tags", strings.Join(p.Hashtags, " "), "Elxn45 cdnpoli")
	eq("mentions", strings.Join(p.Mentions, " "), "bob@mastodon.social ivan@mastodon.ru.example")
	eq("title", p.Title, "Advance polling days")
	eq("source", p.Source, "Tusky")
	eq("lang", p.Lang, "en")
	if len(p.Media) != 1 || p.Media[0].Type != "photo" || p.Media[0].Hash != "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH" || p.Media[0].AltText == "" {
		t.Errorf("media = %+v", p.Media)
	}
	if p.Likes != scrutineer.Known(40) || p.Reposts != scrutineer.Known(12) || p.Replies != scrutineer.Known(3) || p.Quotes != scrutineer.Known(1) {
		t.Errorf("counts = %v %v %v %v", p.Likes, p.Reposts, p.Replies, p.Quotes)
	}

	r := postOf(t, c, uri2)
	eq("reply resolved", r.ReplyTo, uri1)
	eq("reply account", r.ReplyToAccount, "alice@mastodon.social")
	eq("spoiler first", r.Text, "Толпа / crowds\n\nОчередь огромная, но все голосуют 💪\nФото ниже.")
	if !r.Sensitive {
		t.Error("not sensitive")
	}
	var types []string
	for _, m := range r.Media {
		types = append(types, m.Type)
	}
	eq("media types", strings.Join(types, " "), "gif video audio document")
	eq("remote url", r.Media[1].URL, "https://mastodon.ru.example/m/2.mp4")

	u := postOf(t, c, "https://mastodon.ru.example/users/ivan/statuses/114411000000000003")
	eq("unresolved reply", u.ReplyTo, LocalStatusPrefix+"114400000000000999")
	eq("unresolved reply account", u.ReplyToAccount, "")

	b := postOf(t, c, "https://botsin.space/users/newsbot/statuses/114411000000000004/activity")
	eq("reblog", b.RepostOf, uri1)
	eq("reblog text", b.Text, "")
	if b.Quotes.IsZero() == false || b.Likes != scrutineer.Known(0) {
		t.Errorf("reblog counts: quotes %v likes %v", b.Quotes, b.Likes)
	}

	q := postOf(t, c, uri5)
	eq("quote", q.QuoteOf, uri2)
	eq("quote-inline left out", q.Text, "الطوابير طويلة في كل مكان. #انتخابات")
	eq("arabic tag", strings.Join(q.Hashtags, ""), "انتخابات")

	q2 := postOf(t, c, "https://mastodon.social/users/alice/statuses/114411000000000006")
	eq("quote by id", q2.QuoteOf, uri5)
	if !strings.HasSuffix(q2.Text, "\n\n<script> is not markup here") {
		t.Errorf("escaped text: %q", q2.Text[len(q2.Text)-40:])
	}
	eq("deleted quote", postOf(t, c, "https://mastodon.example.ae/users/amal/statuses/114411000000000007").QuoteOf, "")

	a := accountOf(t, c, "alice@mastodon.social")
	eq("name", a.Name, "Alice 🗳️ Tremblay")
	eq("note", a.Description, "Élections & démocratie.\nMontréal · she/her")
	eq("website", a.Website, "https://alice.example.ca/blog")
	eq("profile", a.URL, "https://mastodon.social/@alice")
	if a.Followers != scrutineer.Known(1520) || a.Posts != scrutineer.Known(4821) || a.Created.IsZero() {
		t.Errorf("alice = %+v", a)
	}
	iv := accountOf(t, c, "ivan@mastodon.ru.example")
	eq("default avatar", iv.ImageURL, "")
	if iv.Followers != scrutineer.Known(0) {
		t.Errorf("known zero followers: %v", iv.Followers)
	}
	bot := accountOf(t, c, "newsbot@botsin.space")
	if !bot.Bot || !bot.Protected {
		t.Errorf("bot = %+v", bot)
	}
}

func TestTimelineNewestFirst(t *testing.T) {
	// A timeline comes newest first: a reply or a quote by id comes before
	// the status it names, and waits for it.
	c := sourcetest.Read(t, FormatStatuses, "t", readFile(t, "timeline.json"))
	for _, p := range c.Posts() {
		if p.ID == uri2 && (p.ReplyTo != uri1 || p.ReplyToAccount != "alice@mastodon.social") {
			t.Errorf("reply = %q to %q", p.ReplyTo, p.ReplyToAccount)
		}
	}
	if got := postOf(t, c, "https://mastodon.social/users/alice/statuses/114411000000000006").QuoteOf; got != uri5 {
		t.Errorf("quote by id before its status = %q", got)
	}
	// A reply to a status that never comes goes out at the end, unresolved.
	last := c.Records[len(c.Records)-1].Post
	if last == nil || last.ReplyTo != LocalStatusPrefix+"114400000000000999" {
		t.Errorf("last record = %+v", c.Records[len(c.Records)-1])
	}
}

func TestHeldBounded(t *testing.T) {
	// Many replies to statuses that never come: memory stays bounded, and
	// every post goes out once.
	var b strings.Builder
	const n = maxHeld + 100
	for i := range n {
		id := strconv.Itoa(i)
		b.WriteString(`{"id":"` + id + `","uri":"https://m.example/s/` + id + `","created_at":"2025-04-27T18:00:00Z","account":{"acct":"a@m.example"},"in_reply_to_id":"x` + id + `"}` + "\n")
	}
	c := &sourcetest.Collector{}
	if err := FormatStatuses.Read(strings.NewReader(b.String()), "in", c); err != nil {
		t.Fatal(err)
	}
	if len(c.Posts()) != n {
		t.Errorf("%d posts, want %d", len(c.Posts()), n)
	}
	// The first replies went out when the bound was reached, in order.
	if p := c.Posts()[0]; p.ID != "https://m.example/s/0" {
		t.Errorf("first post out: %s", p.ID)
	}
}

func TestStreaming(t *testing.T) {
	for _, name := range []string{"streaming.jsonl", "streaming.sse"} {
		c := sourcetest.Read(t, FormatStreaming, name, readFile(t, name))
		if len(c.Rejects) > 0 {
			t.Errorf("%s: %v", name, c.Rejects)
		}
		for _, p := range c.Posts() {
			if !bytes.HasPrefix(p.Raw, []byte(`{"id"`)) {
				t.Errorf("%s: raw of %s is not the status: %.40s", name, p.ID, p.Raw)
			}
		}
	}
	c := sourcetest.Read(t, FormatStreaming, "s", readFile(t, "streaming.jsonl"))
	if n := len(c.Posts()); n != 6 { // 1, 2, 5 with its quote 2, the boost of 1 with 1
		t.Errorf("%d posts", n)
	}
	c = sourcetest.Read(t, FormatStreaming, "s", readFile(t, "streaming.sse"))
	if n := len(c.Posts()); n != 4 {
		t.Errorf("%d posts", n)
	}
}

func TestSniff(t *testing.T) {
	heads := map[string]string{
		"timeline":   readFile(t, "timeline.json"),
		"jsonl":      readFile(t, "statuses.jsonl"),
		"status":     readFile(t, "status.json"),
		"ws":         readFile(t, "streaming.jsonl"),
		"sse":        readFile(t, "streaming.sse"),
		"x-v2":       `{"data":[{"id":"1445078208190291968","text":"hi","author_id":"2244994945","created_at":"2021-10-04T17:41:57.000Z"}],"includes":{"users":[{"id":"2244994945","username":"TwitterDev"}]}}`,
		"x-v1":       `{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id":1050118621198921728,"id_str":"1050118621198921728","text":"hi","user":{"id":6253282,"screen_name":"TwitterAPI"},"entities":{"hashtags":[]}}`,
		"jetstream":  `{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","time_us":1730000000000000,"kind":"commit","commit":{"rev":"3l3","operation":"create","collection":"app.bsky.feed.post","rkey":"3l3","record":{"text":"hi","createdAt":"2024-10-27T03:33:21Z"}}}`,
		"reddit":     `{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"id":"abc","author":"u","created_utc":1700000000,"url":"https://x","title":"t"}}]}}`,
		"garbage":    "\x00\xff event data payload uri account content",
		"empty":      "",
		"normalized": readFile(t, "statuses.jsonl.golden"),
	}
	pos := map[string][]string{
		FormatStatuses.Name:  {"timeline", "jsonl", "status"},
		FormatStreaming.Name: {"ws", "sse"},
	}
	for _, f := range []source.Format{FormatStatuses, FormatStreaming} {
		for name, head := range heads {
			got := f.Sniff(name, []byte(head))
			want := false
			for _, p := range pos[f.Name] {
				want = want || p == name
			}
			if want && got < 70 || !want && got > 0 {
				t.Errorf("%s sniffs %s at %d", f.Name, name, got)
			}
			for i := 0; i < len(head); i += 5 {
				f.Sniff(name, []byte(head[:i]))
			}
		}
	}
}

func TestHTMLText(t *testing.T) {
	for _, tc := range []struct{ in, text, urls string }{
		{"plain &amp; simple", "plain & simple", ""},
		{"<p>a</p><p>b<br>c</p>", "a\n\nb\nc", ""},
		{"<p>a</p>\n<p>b</p>\n", "a\n\nb", ""},
		{`<p><a href="https://e.example/x?a=1&amp;b=2" rel="nofollow">e.example/x?a=1&amp;…</a> after</p>`, "https://e.example/x?a=1&b=2 after", "https://e.example/x?a=1&b=2"},
		{`<a href='https://q.example/'>q</a><a href=https://u.example/ >u</a>`, "https://q.example/https://u.example/", "https://q.example/ https://u.example/"},
		{"<ul><li>one</li><li>two</li></ul><p>end", "one\ntwo\n\nend", ""},
		{"a < b", "a < b", ""},
		{"<a href=\"x", "<a href=\"x", ""},
		{"<script>alert(1)</script>ok", "ok", ""},
	} {
		text, urls := htmlText(tc.in, nil)
		if text != tc.text || strings.Join(urls, " ") != tc.urls {
			t.Errorf("htmlText(%q) = %q, %q; want %q, %q", tc.in, text, urls, tc.text, tc.urls)
		}
	}
}

func TestBadInput(t *testing.T) {
	lines := strings.SplitAfter(strings.TrimSuffix(readFile(t, "statuses.jsonl"), "\n"), "\n")
	good := sourcetest.Read(t, FormatStatuses, "in", readFile(t, "statuses.jsonl"))
	for _, tc := range []struct{ name, bad, field string }{
		{"not json", "{\"id\": nope}\n", ""},
		{"number for content", `{"id":"1","uri":"https://m.example/users/a/statuses/1","created_at":"2025-04-27T18:00:00Z","account":{"acct":"a@m.example"},"content":42}` + "\n", "content"},
		{"number for acct", `{"id":"1","uri":"https://m.example/users/a/statuses/1","created_at":"2025-04-27T18:00:00Z","account":{"acct":7}}` + "\n", "account.acct"},
		{"no uri", `{"id":"1","created_at":"2025-04-27T18:00:00Z","account":{"acct":"a@m.example"}}` + "\n", "uri"},
		{"bad time", `{"id":"1","uri":"https://m.example/s/1","created_at":"soon","account":{"acct":"a@m.example"}}` + "\n", "created_at"},
		{"acct without server", `{"id":"1","uri":"https://m.example/s/1","created_at":"2025-04-27T18:00:00Z","account":{"acct":"a"}}` + "\n", "account.acct"},
		{"bad nested reblog", `{"id":"1","uri":"https://m.example/s/1","created_at":"2025-04-27T18:00:00Z","account":{"acct":"a@m.example"},"reblog":{"uri":"https://m.example/s/2","created_at":"2025-04-27T18:00:00Z","account":{"acct":"b@m.example"},"tags":[1]}}` + "\n", "reblog.tags[0]"},
		{"count as string", `{"id":"1","uri":"https://m.example/s/1","created_at":"2025-04-27T18:00:00Z","account":{"acct":"a@m.example"},"favourites_count":"3"}` + "\n", "favourites_count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Join(lines[:3], "") + tc.bad + strings.Join(lines[3:], "")
			c := sourcetest.Read(t, FormatStatuses, "in", in)
			if len(c.Rejects) != 1 {
				t.Fatalf("%d rejects, want 1: %v", len(c.Rejects), c.Rejects)
			}
			if e := c.Rejects[0]; e.Line != 4 || e.Field != tc.field {
				t.Errorf("rejected at line %d field %q, want line 4 field %q (%v)", e.Line, e.Field, tc.field, e)
			}
			if len(c.Records) != len(good.Records) {
				t.Errorf("%d records, want %d", len(c.Records), len(good.Records))
			}
		})
	}

	// A timeline array cut off in the middle keeps its complete statuses.
	tl := readFile(t, "timeline.json")
	cut := strings.Index(tl, `"id": "114411000000000003"`)
	c := sourcetest.Read(t, FormatStatuses, "in", tl[:cut+10])
	if len(c.Rejects) != 1 || len(c.Posts()) != 6 { // 7, 6, 5 and its quote, 4 and its reblog
		t.Errorf("cut timeline: %d rejects, %d posts", len(c.Rejects), len(c.Posts()))
	}
	// A bad element of a timeline is rejected alone.
	c = sourcetest.Read(t, FormatStatuses, "in", strings.Replace(tl, `"in_reply_to_account_id": "555"`, `"in_reply_to_account_id": 555`, 1))
	if len(c.Rejects) != 1 || c.Rejects[0].Field != "in_reply_to_account_id" || len(c.Posts()) != len(good.Posts())-1 {
		t.Errorf("bad element: %v, %d posts", c.Rejects, len(c.Posts()))
	}

	// Streaming: a bad payload is rejected with its line; SSE cut off.
	ws := strings.SplitAfter(readFile(t, "streaming.jsonl"), "\n")
	in := ws[0] + `{"stream":["public"],"event":"update","payload":"{\"uri\":3}"}` + "\n" + ws[2]
	c = sourcetest.Read(t, FormatStreaming, "in", in)
	if len(c.Rejects) != 1 || c.Rejects[0].Line != 2 || c.Rejects[0].Field != "uri" || len(c.Posts()) != 2 {
		t.Errorf("ws: %v, %d posts", c.Rejects, len(c.Posts()))
	}
	c = sourcetest.Read(t, FormatStreaming, "in", ws[0]+`{"stream":["public"],"event":"update","payload":12}`+"\n")
	if len(c.Rejects) != 1 || c.Rejects[0].Field != "payload" {
		t.Errorf("ws payload number: %v", c.Rejects)
	}
	sse := readFile(t, "streaming.sse")
	cut = strings.Index(sse, "114411000000000006") // inside the status.update event's data
	c = sourcetest.Read(t, FormatStreaming, "in", sse[:cut])
	if len(c.Rejects) != 1 || len(c.Posts()) != 2 {
		t.Errorf("cut sse: %v, %d posts", c.Rejects, len(c.Posts()))
	}
	if c.Rejects[0].Line != 13 || c.Rejects[0].Field != "data" {
		t.Errorf("cut sse rejected at %d %q", c.Rejects[0].Line, c.Rejects[0].Field)
	}
}

func FuzzStatuses(f *testing.F) {
	var seeds []string
	for _, n := range []string{"timeline.json", "statuses.jsonl", "status.json"} {
		b, _ := os.ReadFile("testdata/" + n)
		seeds = append(seeds, string(b))
	}
	b, _ := os.ReadFile("testdata/statuses.jsonl")
	seeds = append(seeds, strings.SplitAfter(string(b), "\n")...)
	sourcetest.Fuzz(f, FormatStatuses, seeds...)
}

func FuzzStreaming(f *testing.F) {
	a, _ := os.ReadFile("testdata/streaming.jsonl")
	b, _ := os.ReadFile("testdata/streaming.sse")
	sourcetest.Fuzz(f, FormatStreaming, string(a), string(b), "event: update\ndata: {}\n\n", "data: {\"event\":\"update\",\"payload\":\"{}\"}\n\n")
}

func BenchmarkReadStatuses(b *testing.B) {
	in, _ := os.ReadFile("testdata/statuses.jsonl")
	sourcetest.Bench(b, FormatStatuses, sourcetest.Repeat([]byte(string(in)), 8<<20))
}

func BenchmarkReadTimeline(b *testing.B) {
	// One array of statuses of several MB, read element by element.
	in, _ := os.ReadFile("testdata/statuses.jsonl")
	one := "[" + strings.ReplaceAll(strings.TrimSpace(string(in)), "\n", ",")
	body := sourcetest.Repeat([]byte(one[1:]+","), 8<<20)
	sourcetest.Bench(b, FormatStatuses, append(append([]byte("["), body[:len(body)-1]...), ']'))
}

func BenchmarkReadStreaming(b *testing.B) {
	in, _ := os.ReadFile("testdata/streaming.sse")
	sourcetest.Bench(b, FormatStreaming, sourcetest.Repeat([]byte(string(in)+"\n"), 8<<20))
}
