package tiktok_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/sourcetest"
	"github.com/scrutineer/scrutineer/source/tiktok"
)

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rejects int
	}{
		{"videos.jsonl", 1}, // the rate_limit_exceeded answer
		{"videos_page.json", 0},
		{"comments.json", 0},
		{"users.jsonl", 2}, // a user info without its username, a banned user
		{"follow.jsonl", 0},
		{"bare.json", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sourcetest.Read(t, tiktok.Format, tc.name, fixture(t, tc.name))
			if len(c.Rejects) != tc.rejects {
				t.Errorf("%d rejects, want %d: %v", len(c.Rejects), tc.rejects, c.Rejects)
			}
			if len(c.Records) == 0 {
				t.Fatal("no records")
			}
			sourcetest.Golden(t, filepath.Join("testdata", strings.TrimSuffix(tc.name, filepath.Ext(tc.name))+".golden.jsonl"), c.Records)
		})
	}
}

func one(t *testing.T, in string) *sourcetest.Collector {
	t.Helper()
	c := sourcetest.Read(t, tiktok.Format, "in.json", in)
	if len(c.Rejects) != 0 {
		t.Fatalf("rejects: %v", c.Rejects)
	}
	return c
}

func TestConventions(t *testing.T) {
	video := `{"data":{"videos":[{"id":7301122334455667788,"username":"@civic.watch","create_time":1717236000,"region_code":"DE","video_description":"Wahltag #Europa2024 @wahlamt https://example.org/a.","like_count":0,"share_count":5,"hashtag_names":["#Europa2024"]}],"cursor":1,"has_more":false,"search_id":"1"},"error":{"code":"ok","message":"","log_id":"x"}}`
	c := one(t, video)
	if len(c.Records) != 2 {
		t.Fatalf("%d records, want a post and its author", len(c.Records))
	}
	p := c.Posts()[0]
	want := &scrutineer.Post{
		Platform: scrutineer.PlatformTikTok,
		ID:       "7301122334455667788",
		URL:      "https://www.tiktok.com/@civic.watch/video/7301122334455667788",
		Account:  "civic.watch",
		Handle:   "civic.watch",
		Time:     time.Unix(1717236000, 0).UTC(),
		Text:     "Wahltag #Europa2024 @wahlamt https://example.org/a.",
		Hashtags: []string{"Europa2024"},
		Mentions: []string{"wahlamt"},
		URLs:     []string{"https://example.org/a"},
		Likes:    scrutineer.Known(0),
		Reposts:  scrutineer.Known(5),
	}
	p.Raw = nil
	if !equalPost(p, want) {
		t.Errorf("post\n got %+v\nwant %+v", p, want)
	}
	if p.Time.Location() != time.UTC {
		t.Error("time not in UTC")
	}
	if a := c.Accounts()[0]; a.ID != "civic.watch" || a.Handle != "civic.watch" || a.Location != "DE" {
		t.Errorf("account %+v", a)
	}

	// Comments: a reply to a comment answers it; a top-level comment
	// (parent = the video) answers the video; both are in the video's thread.
	c = one(t, `{"data":{"comments":[
{"id":2,"video_id":1,"parent_comment_id":1,"text":"top","like_count":3,"reply_count":1,"create_time":1717236001,"username":"a"},
{"id":3,"video_id":1,"parent_comment_id":2,"text":"reply","like_count":0,"reply_count":0,"create_time":1717236002},
{"id":4,"video_id":1,"text":"no parent","create_time":1717236003}],"cursor":3,"has_more":false},"error":{"code":"ok"}}`)
	ps := c.Posts()
	if len(ps) != 3 {
		t.Fatalf("%d posts", len(ps))
	}
	for i, w := range []struct{ id, reply, account string }{{"2", "1", "a"}, {"3", "2", tiktok.UnknownAuthor + "3"}, {"4", "1", tiktok.UnknownAuthor + "4"}} {
		if p := ps[i]; p.ID != w.id || p.ReplyTo != w.reply || p.Thread != "1" || p.Account != w.account {
			t.Errorf("comment %d: id %q reply_to %q thread %q account %q", i, p.ID, p.ReplyTo, p.Thread, p.Account)
		}
	}
	if len(c.Accounts()) != 1 {
		t.Errorf("%d accounts, want the one named author", len(c.Accounts()))
	}
	if n, ok := ps[0].Replies.Get(); !ok || n != 1 {
		t.Errorf("replies %v", ps[0].Replies)
	}

	// User info names its user beside data, or in data, or in a saved request.
	for _, in := range []string{
		`{"username":"u1","data":{"display_name":"U","follower_count":0,"is_verified":true},"error":{"code":"ok"}}`,
		`{"data":{"username":"u1","display_name":"U","follower_count":0,"is_verified":true},"error":{"code":"ok"}}`,
		`{"request":{"username":"u1"},"data":{"display_name":"U","follower_count":0,"is_verified":true},"error":{"code":"ok"}}`,
	} {
		c := one(t, in)
		as := c.Accounts()
		if len(as) != 1 || as[0].ID != "u1" || as[0].Name != "U" || !as[0].Verified || as[0].Followers != scrutineer.Known(0) || !as[0].Following.IsZero() {
			t.Errorf("%s: %+v", in, as)
		}
	}
}

func equalPost(a, b *scrutineer.Post) bool {
	return a.Platform == b.Platform && a.ID == b.ID && a.URL == b.URL && a.Account == b.Account &&
		a.Handle == b.Handle && a.Time.Equal(b.Time) && a.Text == b.Text &&
		slices.Equal(a.Hashtags, b.Hashtags) && slices.Equal(a.Mentions, b.Mentions) && slices.Equal(a.URLs, b.URLs) &&
		a.Likes == b.Likes && a.Reposts == b.Reposts && a.Replies == b.Replies && a.Views == b.Views &&
		a.ReplyTo == b.ReplyTo && a.Thread == b.Thread
}

func TestBadInput(t *testing.T) {
	good := func(id string) string {
		return `{"data":{"videos":[{"id":` + id + `,"username":"u","create_time":1717236000,"video_description":"x"}]},"error":{"code":"ok"}}`
	}
	for _, tc := range []struct {
		name  string
		in    string
		posts []string
		line  int
		field string
		msg   string
	}{
		{"malformed line", good("1") + "\n{\"data\":{\"videos\":[{\"id\":2,,}]}}\n" + good("3") + "\n", []string{"1", "3"}, 2, "", "invalid JSON"},
		{"string id ok, text where a number is expected", good("1") + "\n" + good(`"abc"`) + "\n" + good("3") + "\n", []string{"1", "3"}, 2, "data.videos[0].id", "numeric id"},
		{"number for text", good("1") + "\n" + `{"data":{"videos":[{"id":2,"username":"u","create_time":1717236000,"video_description":5},{"id":4,"username":"u","create_time":1717236000}]}}` + "\n", []string{"1", "4"}, 2, "data.videos[0].video_description", "want a string"},
		{"missing time", `{"data":{"videos":[{"id":2,"username":"u"}]}}`, nil, 1, "data.videos[0].create_time", "missing"},
		{"missing username", `{"data":{"videos":[{"id":2,"create_time":1717236000}]}}`, nil, 1, "data.videos[0].username", "missing"},
		{"negative count", `{"data":{"videos":[{"id":2,"username":"u","create_time":1717236000,"like_count":-1}]}}`, nil, 1, "data.videos[0].like_count", "count"},
		{"videos not an array", `{"data":{"videos":{"id":2}}}`, nil, 1, "data.videos", "want an array"},
		{"api error", good("1") + "\n" + `{"error":{"code":"invalid_params","message":"Invalid count","log_id":"202406"}}` + "\n", []string{"1"}, 2, "error.code", "invalid_params: Invalid count"},
		{"cut off line keeps whole videos", good("1") + "\n" + `{"data":{"videos":[{"id":2,"username":"u","create_time":1717236000},{"id":3,"username":"u","create_ti`, []string{"1", "2"}, 2, "", "invalid JSON"},
		{"cut off array keeps whole elements", "[\n" + `{"id":1,"username":"u","create_time":1717236000},` + "\n" + `{"id":2,"username":"u","create_time":1717236000},` + "\n" + `{"id":3,"username":"u","crea`, []string{"1", "2"}, 4, "", "cut off"},
		{"not an object", good("1") + "\n42\n" + good("3") + "\n", []string{"1", "3"}, 2, "", "object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sourcetest.Read(t, tiktok.Format, "in.json", tc.in)
			var ids []string
			for _, p := range c.Posts() {
				ids = append(ids, p.ID)
			}
			if !slices.Equal(ids, tc.posts) {
				t.Errorf("posts %v, want %v", ids, tc.posts)
			}
			// A broken line may cost more than one rejection: the line, and
			// a video in it that is broken too.
			if len(c.Rejects) == 0 {
				t.Fatalf("no rejects")
			}
			e := c.Rejects[0]
			if e.Line != tc.line || e.Field != tc.field || !strings.Contains(e.Err.Error(), tc.msg) {
				t.Errorf("reject %v (line %d field %q), want line %d field %q %q", e, e.Line, e.Field, tc.line, tc.field, tc.msg)
			}
		})
	}
}

type failSink struct{ n int }

var errStop = errors.New("stop")

func (s *failSink) Record(scrutineer.Record) error {
	s.n++
	return errStop
}
func (s *failSink) Reject(*source.RowError) {}

func TestSinkError(t *testing.T) {
	s := &failSink{}
	if err := tiktok.Format.Read(strings.NewReader(fixture(t, "videos.jsonl")), "f", s); !errors.Is(err, errStop) || s.n != 1 {
		t.Errorf("err %v after %d records", err, s.n)
	}
}

func TestSniff(t *testing.T) {
	for _, name := range []string{"videos.jsonl", "videos_page.json", "comments.json", "users.jsonl", "follow.jsonl", "bare.json"} {
		head := fixture(t, name)
		if got := tiktok.Format.Sniff("data.json", []byte(head)); got < 50 {
			t.Errorf("%s: sniff %d, want 50 or more", name, got)
		}
		// Cut anywhere: no panic.
		for i := range len(head) {
			tiktok.Format.Sniff(name, []byte(head[:i]))
		}
	}
	for _, tc := range []struct{ name, head string }{
		{"tweets.jsonl", `{"data":[{"id":"1790000000000000000","text":"hi","author_id":"12","created_at":"2024-05-13T10:00:00.000Z","public_metrics":{"retweet_count":1,"reply_count":0,"like_count":2,"quote_count":0}}],"includes":{"users":[{"id":"12","username":"a"}]}}`},
		{"tweet.json", `{"created_at":"Mon May 13 10:00:00 +0000 2024","id":1790000000000000000,"id_str":"1790000000000000000","text":"hi","user":{"id":12,"screen_name":"a"},"retweet_count":1,"favorite_count":2}`},
		{"statuses.json", `[{"id":"112","created_at":"2024-05-13T10:00:00.000Z","uri":"https://m.example/users/a/statuses/112","content":"<p>hi</p>","account":{"acct":"a"},"replies_count":0,"reblogs_count":0,"favourites_count":0}]`},
		{"videos.json", `{"kind":"youtube#videoListResponse","etag":"x","items":[{"kind":"youtube#video","id":"abc","snippet":{"publishedAt":"2024-05-13T10:00:00Z","channelId":"UC1"},"statistics":{"viewCount":"1","likeCount":"0","commentCount":"0"}}]}`},
		{"result.json", `{"name":"Chat","type":"public_channel","id":1234,"messages":[{"id":1,"type":"message","date":"2024-05-13T10:00:00","text":"hi"}]}`},
		{"records.jsonl", `{"record":"post","platform":"x","id":"1","raw":{"kind":"youtube#video","video_description":"x","region_code":"US","hashtag_names":[],"create_time":1,"log_id":"1"}}`},
		{"garbage.bin", "\x00\x01\x02 not json at all"},
		{"empty.json", ""},
		{"table.csv", "id,username,create_time\n1,u,1717236000\n"},
	} {
		if got := tiktok.Format.Sniff(tc.name, []byte(tc.head)); got > 20 {
			t.Errorf("%s: sniff %d, want 20 or less", tc.name, got)
		}
	}
}

func FuzzRead(f *testing.F) {
	var seeds []string
	for _, name := range []string{"videos.jsonl", "videos_page.json", "comments.json", "users.jsonl", "follow.jsonl", "bare.json"} {
		seeds = append(seeds, fixture(f, name))
	}
	seeds = append(seeds, `[{"id":1,"username":"u","create_time":1}]`, `{"error":{"code":1}}`, `{"data":{"videos":[{"id":"1"`)
	sourcetest.Fuzz(f, tiktok.Format, seeds...)
}

// BenchmarkRead reads several MB of video and comment pages, one per line,
// as a collector saves them.
func BenchmarkRead(b *testing.B) {
	unit := sourcetest.CompactLines(b, fixture(b, "videos.jsonl"), fixture(b, "videos_page.json"), fixture(b, "comments.json"))
	sourcetest.Bench(b, tiktok.Format, sourcetest.Repeat(unit, 8<<20))
}
