package reddit_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source/reddit"
	"github.com/scrutineer/scrutineer/source/sourcetest"
)

var fixtures = []string{"pushshift.ndjson", "listing.json", "postpage.json", "bad.ndjson"}

func readFile(t testing.TB, name string) *sourcetest.Collector {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return sourcetest.Read(t, reddit.Format, name, string(b))
}

func TestGolden(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			c := readFile(t, name)
			base := name[:strings.LastIndexByte(name, '.')]
			sourcetest.Golden(t, "testdata/"+base+".golden.jsonl", c.Records)
			if name != "bad.ndjson" && len(c.Rejects) > 0 {
				t.Errorf("rejects: %v", c.Rejects)
			}
		})
	}
}

func TestBad(t *testing.T) {
	c := readFile(t, "bad.ndjson")
	var ids []string
	for _, p := range c.Posts() {
		ids = append(ids, p.ID)
	}
	if got, want := strings.Join(ids, " "), "t1_b1 t1_b6 t3_x3"; got != want {
		t.Errorf("posts %s, want %s", got, want)
	}
	type rej struct {
		line  int
		field string
	}
	want := []rej{
		{2, ""}, {3, "author"}, {4, "created_utc"}, {5, "created_utc"}, {7, "score"}, {8, "id"},
		{9, ""}, {10, ""}, {11, "over_18"}, {13, ""},
	}
	var got []rej
	for _, e := range c.Rejects {
		got = append(got, rej{e.Line, e.Field})
		t.Log(e)
	}
	if len(got) != len(want) {
		t.Fatalf("rejects %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("reject %d: %v, want %v", i, got[i], want[i])
		}
	}
}

func TestCutOff(t *testing.T) {
	for _, name := range []string{"pushshift.ndjson", "postpage.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		full := sourcetest.Read(t, reddit.Format, name, string(b))
		for cut := 1; cut < len(b); cut += 61 {
			c := sourcetest.Read(t, reddit.Format, name, string(b[:cut]))
			got := c.Posts()
			if len(got) > len(full.Posts()) {
				t.Fatalf("%s cut at %d: more posts than the whole file", name, cut)
			}
			for i, p := range got {
				if p.ID != full.Posts()[i].ID {
					t.Fatalf("%s cut at %d: post %d is %s, want %s", name, cut, i, p.ID, full.Posts()[i].ID)
				}
			}
			if name == "pushshift.ndjson" {
				// Every line that ends before the cut is kept.
				lines := bytes.Count(b[:cut], []byte("\n"))
				if len(got) < lines {
					t.Errorf("%s cut at %d: %d posts, want at least %d", name, cut, len(got), lines)
				}
			}
			if cut > 10 && cut < len(b)-2 && len(c.Rejects) == 0 && bytes.LastIndexByte(b[:cut], '\n') != cut-1 {
				t.Errorf("%s cut at %d: the cut is not reported", name, cut)
			}
		}
	}
}

func post(t *testing.T, c *sourcetest.Collector, id string) *scrutineer.Post {
	t.Helper()
	for _, p := range c.Posts() {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no post %s", id)
	return nil
}

func TestConventions(t *testing.T) {
	ps := readFile(t, "pushshift.ndjson")
	page := readFile(t, "postpage.json")
	list := readFile(t, "listing.json")
	sub := post(t, ps, "t3_1b3xyz")
	top := post(t, ps, "t1_kt0001")
	reply := post(t, ps, "t1_kt0002")
	xpost := post(t, ps, "t3_1bb003")
	orig := post(t, ps, "t3_1aa999")
	gallery := post(t, ps, "t3_1bb005")
	long := post(t, ps, "t1_kt0100")
	nested := post(t, page, "t1_lc0002")
	checks := []struct {
		name      string
		got, want any
	}{
		{"submission URL", sub.URL, "https://www.reddit.com/r/elections/comments/1b3xyz/where_to_find_precinct_results/"},
		{"submission Channel", sub.Channel, "r/elections"},
		{"submission Thread", sub.Thread, "t3_1b3xyz"},
		{"submission Title unescaped", sub.Title, "Where to find precinct results & turnout?"},
		{"self post URLs", strings.Join(sub.URLs, " "), "https://sos.example.gov/results?county=12&precinct=all https://www.reddit.com/r/elections/wiki/faq https://openelections.example.org"},
		{"Likes", sub.Likes, scrutineer.Known(57)},
		{"Replies", sub.Replies, scrutineer.Known(12)},
		{"Time", sub.Time, time.Unix(1709283600, 0).UTC()},
		{"Account", sub.Account, "civic_data_nerd"},
		{"Handle", sub.Handle, "civic_data_nerd"},
		{"top-level ReplyTo", top.ReplyTo, "t3_1b3xyz"},
		{"top-level Thread", top.Thread, "t3_1b3xyz"},
		{"deleted author", top.Account, "[deleted]"},
		{"deleted text", top.Text, ""},
		{"deleted Removed", top.Removed, true},
		{"reply ReplyTo", reply.ReplyTo, "t1_kt0001"},
		{"string time", reply.Time, time.Unix(1709287200, 0).UTC()},
		{"bare URL punctuation", strings.Join(reply.URLs, " "), "https://results.example.gov/2024/precincts.csv"},
		{"comment Replies unknown", reply.Replies, scrutineer.Count{}},
		{"negative score", post(t, ps, "t1_kt0003").Likes, scrutineer.Known(0)},
		{"removed body", post(t, ps, "t1_kt0003").Removed, true},
		{"RepostOf", xpost.RepostOf, "t3_1aa999"},
		{"crosspost url", strings.Join(xpost.URLs, " "), "https://www.reddit.com/r/PublicFreakout/comments/1aa999/ballot_box/"},
		{"original Sensitive", orig.Sensitive, true},
		{"original Media", len(orig.Media) == 1 && orig.Media[0].Type == "video", true},
		{"gallery Media", len(gallery.Media), 2},
		{"gallery Removed", gallery.Removed, true},
		{"gallery URL unescaped", gallery.Media[0].URL, "https://preview.redd.it/img1.jpg?width=1920&format=pjpg&auto=webp&s=aaa"},
		{"gif", gallery.Media[1].Type, "gif"},
		{"profile Channel", post(t, ps, "t3_1bb004").Channel, "u/选举观察员"},
		{"image link Media", post(t, ps, "t3_1bb001").Media[0].Type, "photo"},
		{"link post URL", post(t, ps, "t3_1bb006").URLs[0], "https://news.example.com/2024/03/turnout?utm_source=reddit&utm_medium=social"},
		{"preview", post(t, ps, "t3_1bb006").Media[0].URL, "https://external-preview.redd.it/xyz.jpg?auto=webp&s=ccc"},
		{"markdown URLs", strings.Join(long.URLs, " "), "https://data.example.org/early-voting_2024.csv https://data.example.org/counties https://waits.example.org/report_(final) https://en.wikipedia.org/wiki/Voter_turnout"},
		{"name as ID", post(t, ps, "t1_kt0200").Likes, scrutineer.Count{}},
		{"nested reply", nested.ReplyTo, "t1_lc0001"},
		{"nested Thread", nested.Thread, "t3_1dd001"},
		{"listing escaped text", post(t, list, "t3_1cc001").Text, "Official results: https://results.example.eu/2024 — discuss below.\n\n> quoted rule: be civil <3"},
		{"listing video", post(t, list, "t3_1cc002").Media[0].URL, "https://v.redd.it/lyon01/DASH_1080.mp4?source=fallback"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	api := sourcetest.Read(t, reddit.Format, "api", `{"data":[{"author":"a_b","body":"hi","created_utc":1700000000,"id":"c1","link_id":"t3_s1","parent_id":"t3_s1","subreddit":"x"},{"author":"c_d","title":"t","created_utc":1700000001,"id":"s2","subreddit":"x"},7],"metadata":{}}`)
	if got := len(api.Posts()); got != 2 || len(api.Rejects) != 1 || api.Posts()[1].ID != "t3_s2" {
		t.Errorf("API answer: %d posts, %d rejects", got, len(api.Rejects))
	}
	if n := len(page.Posts()); n != 3 {
		t.Errorf("post page: %d posts, want 3 (the submission and two comments, not the \"more\")", n)
	}
	accounts := map[string]bool{}
	for _, a := range ps.Accounts() {
		if a.Platform != scrutineer.PlatformReddit {
			t.Errorf("account %s platform %s", a.ID, a.Platform)
		}
		accounts[a.ID] = true
	}
	for _, p := range ps.Posts() {
		if !accounts[p.Account] {
			t.Errorf("no account for %s", p.Account)
		}
	}
}

func TestSniff(t *testing.T) {
	for _, name := range fixtures {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if s := reddit.Format.Sniff(name, b); s < 70 {
			t.Errorf("%s: sniff %d, want >= 70", name, s)
		}
		for i := range len(b) {
			reddit.Format.Sniff(name, b[:i])
		}
	}
	others := map[string]string{
		"x-v2":     `{"data":[{"id":"1","text":"hi","author_id":"2","created_at":"2024-01-01T00:00:00.000Z"}],"includes":{"users":[{"id":"2","username":"a"}]},"meta":{"result_count":1}}`,
		"x-v1":     `{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id":1050118621198921728,"id_str":"1050118621198921728","text":"hi","in_reply_to_status_id":null,"user":{"id":2,"screen_name":"a"}}`,
		"mastodon": `[{"id":"1","created_at":"2024-01-01T00:00:00.000Z","in_reply_to_id":null,"uri":"https://m.example/users/a/statuses/1","content":"<p>hi</p>","account":{"acct":"a"},"sensitive":false}]`,
		"telegram": `{"name":"Chan","type":"public_channel","id":1,"messages":[{"id":1,"type":"message","date_unixtime":"1","from_id":"channel1","text":"hi"}]}`,
		"bluesky":  `{"did":"did:plc:x","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","record":{"text":"hi"}}}`,
		"tiktok":   `{"data":{"videos":[{"id":1,"video_description":"x","create_time":1,"username":"a"}],"cursor":1,"has_more":false},"error":{"code":"ok","log_id":"x"}}`,
		"garbage":  "\x00\x01\x02 subreddit",
		"empty":    "",
		"csv":      "id,subreddit,title\n1,x,y\n",
		"not-kind": `{"kind":"Listing"`,
	}
	for name, head := range others {
		s := reddit.Format.Sniff(name+".json", []byte(head))
		if name == "not-kind" {
			if s > 60 {
				t.Errorf("%s: sniff %d, want <= 60", name, s)
			}
			continue
		}
		if s != 0 {
			t.Errorf("%s: sniff %d, want 0", name, s)
		}
	}
}

func FuzzRead(f *testing.F) {
	var seeds []string
	for _, name := range fixtures {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, string(b))
	}
	seeds = append(seeds, `{"kind":"t1","data":{"id":"a","author":"b","created_utc":1,"body":"see [x](http://a.b/(c) and http://d.e\\_f)","replies":{"kind":"Listing","data":{"children":[{"kind":"t1","data":{}}]}}}}`)
	sourcetest.Fuzz(f, reddit.Format, seeds...)
}

func bench(b *testing.B, name string) {
	raw, err := os.ReadFile("testdata/" + name)
	if err != nil {
		b.Fatal(err)
	}
	var in bytes.Buffer
	if name == "postpage.json" {
		// One huge array of listings, as JSONElements streams it, compact
		// as the API sends it.
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			b.Fatal(err)
		}
		in.WriteByte('[')
		body := compact.Bytes()
		body = body[1 : len(body)-1]
		for i := 0; in.Len() < 8<<20; i++ {
			if i > 0 {
				in.WriteByte(',')
			}
			in.Write(body)
		}
		in.WriteByte(']')
	} else {
		in.Write(sourcetest.Repeat(raw, 8<<20))
	}
	sourcetest.Bench(b, reddit.Format, in.Bytes())
}

func BenchmarkReadNDJSON(b *testing.B)   { bench(b, "pushshift.ndjson") }
func BenchmarkReadPostPage(b *testing.B) { bench(b, "postpage.json") }
