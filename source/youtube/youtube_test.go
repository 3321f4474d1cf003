package youtube_test

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
	"github.com/scrutineer/scrutineer/source/youtube"
)

var fixtures = []string{"videos.json", "search.jsonl", "comment_threads.json", "comments.jsonl", "channels.json", "items.json"}

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGolden(t *testing.T) {
	rejects := map[string]int{
		"search.jsonl":   1, // quotaExceeded
		"comments.jsonl": 1, // commentsDisabled
	}
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			c := sourcetest.Read(t, youtube.Format, name, fixture(t, name))
			if len(c.Rejects) != rejects[name] {
				t.Errorf("%d rejects, want %d: %v", len(c.Rejects), rejects[name], c.Rejects)
			}
			if len(c.Records) == 0 {
				t.Fatal("no records")
			}
			sourcetest.Golden(t, filepath.Join("testdata", strings.TrimSuffix(name, filepath.Ext(name))+".golden.jsonl"), c.Records)
		})
	}
}

func read(t *testing.T, in string) *sourcetest.Collector {
	t.Helper()
	c := sourcetest.Read(t, youtube.Format, "in.json", in)
	if len(c.Rejects) != 0 {
		t.Fatalf("rejects: %v", c.Rejects)
	}
	return c
}

func TestVideo(t *testing.T) {
	c := read(t, `{"kind":"youtube#videoListResponse","items":[{"kind":"youtube#video","id":"abc_DEF-123",
"snippet":{"publishedAt":"2024-05-20T21:45:00+03:00","channelId":"UC1","channelTitle":"Chan","title":"T","description":"see https://a.example/x, #Vote and #tag1","tags":["tag1","two words"],"defaultAudioLanguage":"de"},
"statistics":{"viewCount":"12345678901234","likeCount":"0"}}]}`)
	if len(c.Records) != 2 {
		t.Fatalf("%d records, want the video and its channel", len(c.Records))
	}
	p := c.Posts()[0]
	if p.ID != "abc_DEF-123" || p.URL != "https://www.youtube.com/watch?v=abc_DEF-123" || p.Account != "UC1" || p.Title != "T" || p.Lang != "de" {
		t.Errorf("post %+v", p)
	}
	if !p.Time.Equal(time.Date(2024, 5, 20, 18, 45, 0, 0, time.UTC)) || p.Time.Location() != time.UTC {
		t.Errorf("time %v", p.Time)
	}
	if want := []string{"tag1", "two words", "Vote"}; !slices.Equal(p.Hashtags, want) {
		t.Errorf("hashtags %q, want %q", p.Hashtags, want)
	}
	if want := []string{"https://a.example/x"}; !slices.Equal(p.URLs, want) {
		t.Errorf("urls %q", p.URLs)
	}
	if p.Views != scrutineer.Known(12345678901234) || p.Likes != scrutineer.Known(0) || !p.Replies.IsZero() {
		t.Errorf("counts views %v likes %v replies %v", p.Views, p.Likes, p.Replies)
	}
	if a := c.Accounts()[0]; a.ID != "UC1" || a.Name != "Chan" || a.URL != "https://www.youtube.com/channel/UC1" {
		t.Errorf("account %+v", a)
	}
}

func TestComments(t *testing.T) {
	c := read(t, fixture(t, "comment_threads.json"))
	ps := c.Posts()
	for i, w := range []struct{ id, reply, account, handle string }{
		{"UgxKREWx1e2Rv0Q9vbJ4AaABAg", "dQx3ElEc24a", "UCmariaVotes000000000000", "MariaVotes"},
		{"UgxKREWx1e2Rv0Q9vbJ4AaABAg.9zYtX1aB2cD9zYtX3eF4gH", "UgxKREWx1e2Rv0Q9vbJ4AaABAg", "UCcivicWatchEu0000000000", "civic.watch_eu"},
		{"UgxKREWx1e2Rv0Q9vbJ4AaABAg.9zYtX1aB2cD9zYtX5iJ6kL", "UgxKREWx1e2Rv0Q9vbJ4AaABAg", "UColdChannelNoHandle0000", ""},
		{"UgzDeletedAuthor000AaABAg", "dQx3ElEc24a", youtube.UnknownAuthor + "UgzDeletedAuthor000AaABAg", ""},
	} {
		p := ps[i]
		if p.ID != w.id || p.ReplyTo != w.reply || p.Thread != "dQx3ElEc24a" || p.Account != w.account || p.Handle != w.handle {
			t.Errorf("comment %d: id %q reply_to %q thread %q account %q handle %q", i, p.ID, p.ReplyTo, p.Thread, p.Account, p.Handle)
		}
	}
	if ps[0].Replies != scrutineer.Known(3) || ps[0].Likes != scrutineer.Known(120) || !ps[1].Replies.IsZero() {
		t.Errorf("counts: %v %v %v", ps[0].Replies, ps[0].Likes, ps[1].Replies)
	}
	// Only textDisplay: HTML made text.
	if want := "هذا الفيديو مضلل & غير دقيق\nراجعوا المصادر الرسمية <هنا> \u200f#انتخابات"; ps[3].Text != want {
		t.Errorf("text %q, want %q", ps[3].Text, want)
	}
	if !slices.Equal(ps[1].Mentions, []string{"MariaVotes"}) {
		t.Errorf("mentions %q", ps[1].Mentions)
	}
}

func TestSearch(t *testing.T) {
	c := sourcetest.Read(t, youtube.Format, "search.jsonl", fixture(t, "search.jsonl"))
	var ids []string
	for _, p := range c.Posts() {
		ids = append(ids, p.ID)
		if !p.Views.IsZero() || !p.Likes.IsZero() {
			t.Errorf("%s: search results have no statistics", p.ID)
		}
	}
	// The playlist is left out; the channel is an account.
	if want := []string{"Tw9Xuan3Ju4", "Liv3Str3am0"}; !slices.Equal(ids, want) {
		t.Errorf("posts %v, want %v", ids, want)
	}
	if p := c.Posts()[1]; p.Title != "LIVE: Results night & analysis 🔴" {
		t.Errorf("title %q: search escapes HTML", p.Title)
	}
	if len(c.Accounts()) != 3 || c.Accounts()[1].Name != "Election Desk" {
		t.Errorf("accounts %+v", c.Accounts())
	}
	if len(c.Rejects) != 1 || c.Rejects[0].Line != 3 || c.Rejects[0].Field != "error" ||
		!strings.Contains(c.Rejects[0].Err.Error(), "API error 403") || !strings.Contains(c.Rejects[0].Err.Error(), "quotaExceeded") {
		t.Errorf("rejects %v", c.Rejects)
	}
}

func TestChannels(t *testing.T) {
	as := read(t, fixture(t, "channels.json")).Accounts()
	if len(as) != 4 {
		t.Fatalf("%d accounts", len(as))
	}
	a := as[0]
	if a.ID != "UCx1Electn0Desk_2024aaaa" || a.Handle != "electiondesk" || a.Name != "Election Desk" || a.Location != "US" ||
		a.Followers != scrutineer.Known(412000) || a.Posts != scrutineer.Known(1311) || !strings.Contains(a.ImageURL, "s800") {
		t.Errorf("account %+v", a)
	}
	// Hidden subscriber counts are unknown, not 0; a legacy custom URL is
	// no handle.
	if b := as[1]; !b.Followers.IsZero() || b.Posts != scrutineer.Known(0) || b.Handle != "" {
		t.Errorf("account %+v", b)
	}
}

func TestBadInput(t *testing.T) {
	vid := func(id string) string {
		return `{"kind":"youtube#videoListResponse","items":[{"kind":"youtube#video","id":` + id + `,"snippet":{"publishedAt":"2024-06-01T00:00:00Z","channelId":"UC1"}}]}`
	}
	for _, tc := range []struct {
		name  string
		in    string
		posts []string
		line  int
		field string
		msg   string
	}{
		{"malformed line", vid(`"a"`) + "\n{\"kind\":\"youtube#videoListResponse\",\"items\":[{,}]}\n" + vid(`"c"`) + "\n", []string{"a", "c"}, 2, "", "invalid JSON"},
		{"number for id", vid(`"a"`) + "\n" + vid("5") + "\n" + vid(`"c"`) + "\n", []string{"a", "c"}, 2, "items[0].id", "want a string"},
		{"bad count", `{"kind":"youtube#videoListResponse","items":[{"kind":"youtube#video","id":"a","snippet":{"publishedAt":"2024-06-01T00:00:00Z","channelId":"UC1"},"statistics":{"viewCount":"12k"}},{"kind":"youtube#video","id":"b","snippet":{"publishedAt":"2024-06-01T00:00:00Z","channelId":"UC1"}}]}`, []string{"b"}, 1, "items[0].statistics.viewCount", "count"},
		{"bad time", `{"kind":"youtube#videoListResponse","items":[{"id":"a","snippet":{"publishedAt":"yesterday","channelId":"UC1"}}]}`, nil, 1, "items[0].snippet.publishedAt", "RFC 3339"},
		{"no snippet", `{"kind":"youtube#videoListResponse","items":[{"id":"a"}]}`, nil, 1, "items[0].snippet", "missing"},
		{"reply not an object", `{"kind":"youtube#commentThreadListResponse","items":[{"id":"t","snippet":{"videoId":"v","topLevelComment":{"id":"t","snippet":{"publishedAt":"2024-06-01T00:00:00Z"}}},"replies":{"comments":[1]}}]}`, nil, 1, "items[0].replies.comments[0]", "object"},
		{"api error", vid(`"a"`) + "\n" + `{"error":{"code":400,"message":"Bad request","errors":[{"reason":"invalidPageToken"}]}}` + "\n", []string{"a"}, 2, "error", "API error 400: Bad request (invalidPageToken)"},
		{"cut off document", vid(`"a"`) + "\n" + `{"kind":"youtube#videoListResponse","items":[{"kind":"youtube#video","id":"b"`, []string{"a"}, 2, "", "invalid JSON"},
		{"cut off array", "[\n" + `{"kind":"youtube#video","id":"a","snippet":{"publishedAt":"2024-06-01T00:00:00Z","channelId":"UC1"}},` + "\n" + `{"kind":"youtube#video","id":"b","snip`, []string{"a"}, 3, "", "cut off"},
		{"unknown object", vid(`"a"`) + "\n" + `{"hello":"world"}` + "\n" + vid(`"c"`) + "\n", []string{"a", "c"}, 2, "kind", "missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sourcetest.Read(t, youtube.Format, "in.json", tc.in)
			var ids []string
			for _, p := range c.Posts() {
				ids = append(ids, p.ID)
			}
			if !slices.Equal(ids, tc.posts) {
				t.Errorf("posts %v, want %v", ids, tc.posts)
			}
			if len(c.Rejects) != 1 {
				t.Fatalf("rejects %v, want one", c.Rejects)
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

func (s *failSink) Record(scrutineer.Record) error { s.n++; return errStop }
func (s *failSink) Reject(*source.RowError)        {}

func TestSinkError(t *testing.T) {
	s := &failSink{}
	if err := youtube.Format.Read(strings.NewReader(fixture(t, "videos.json")), "f", s); !errors.Is(err, errStop) || s.n != 1 {
		t.Errorf("err %v after %d records", err, s.n)
	}
}

func TestSniff(t *testing.T) {
	for _, name := range fixtures {
		head := fixture(t, name)
		if got := youtube.Format.Sniff("data.json", []byte(head)); got < 80 {
			t.Errorf("%s: sniff %d, want 80 or more", name, got)
		}
		for i := range len(head) {
			youtube.Format.Sniff(name, []byte(head[:i]))
		}
	}
	if got := youtube.Format.Sniff("x.json", []byte(`{"error":{"code":403,"message":"quota","errors":[{"domain":"youtube.quota","reason":"quotaExceeded"}]}}`)); got < 50 {
		t.Errorf("error response: sniff %d", got)
	}
	for _, tc := range []struct{ name, head string }{
		{"tweets.jsonl", `{"data":[{"id":"1790000000000000000","text":"hi #vote","author_id":"12","created_at":"2024-05-13T10:00:00.000Z"}],"includes":{"users":[{"id":"12","username":"a"}]}}`},
		{"tweet.json", `{"created_at":"Mon May 13 10:00:00 +0000 2024","id":1790000000000000000,"id_str":"1790000000000000000","text":"https://youtube.com/watch?v=abc","user":{"id":12,"screen_name":"a"}}`},
		{"statuses.json", `[{"id":"112","created_at":"2024-05-13T10:00:00.000Z","uri":"https://m.example/users/a/statuses/112","content":"<p>hi</p>","account":{"acct":"a"}}]`},
		{"tiktok.jsonl", `{"data":{"videos":[{"id":7301122334455667788,"username":"u","create_time":1717236000,"video_description":"x"}]},"error":{"code":"ok","message":"","log_id":"1"}}`},
		{"reddit.json", `{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"id":"abc","url":"https://www.youtube.com/watch?v=x"}}]}}`},
		{"records.jsonl", `{"record":"post","platform":"x","id":"1","raw":{"kind":"youtube#video","video_description":"x","region_code":"US","hashtag_names":[],"create_time":1,"log_id":"1"}}`},
		{"garbage.bin", "\x00\x01\x02 not json"},
		{"empty.json", ""},
	} {
		if got := youtube.Format.Sniff(tc.name, []byte(tc.head)); got > 20 {
			t.Errorf("%s: sniff %d, want 20 or less", tc.name, got)
		}
	}
}

func FuzzRead(f *testing.F) {
	var seeds []string
	for _, name := range fixtures {
		seeds = append(seeds, fixture(f, name))
	}
	seeds = append(seeds, `{"kind":"youtube#video","id":"a","snippet":{"publishedAt":"2024-06-01T00:00:00Z","channelId":"U"}}`, `{"error":5}`)
	sourcetest.Fuzz(f, youtube.Format, seeds...)
}

// BenchmarkRead reads several MB of list responses, one per line, as a
// collector saves them.
func BenchmarkRead(b *testing.B) {
	var docs []string
	for _, name := range []string{"videos.json", "search.jsonl", "comment_threads.json", "comments.jsonl", "channels.json"} {
		docs = append(docs, fixture(b, name))
	}
	sourcetest.Bench(b, youtube.Format, sourcetest.Repeat(sourcetest.CompactLines(b, docs...), 8<<20))
}
