package meta

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/sourcetest"
	"github.com/scrutineer/scrutineer/source/table"
)

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestColumns(t *testing.T) {
	if len(mclColumns) != nMCL || mclColumns[mID] != "id" || mclColumns[mOwnerType] != "post_owner.type" || mclColumns[mPermalink] != "permalink" {
		t.Fatalf("the Content Library column constants do not match the names")
	}
	if len(ctColumns) != nCT || ctColumns[tFollowers] != "Followers at Posting" || ctColumns[tURL] != "URL" || ctColumns[tViews] != "Views" {
		t.Fatalf("the CrowdTangle column constants do not match the names")
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		format      source.Format
		file        string
		posts, accs int
	}{
		{FormatContentLibrary, "content_library.csv", 6, 7},
		{FormatCrowdTangle, "crowdtangle_facebook.csv", 5, 5},
		{FormatCrowdTangle, "crowdtangle_instagram.csv", 3, 3},
	} {
		c := sourcetest.Read(t, tc.format, tc.file, fixture(t, tc.file))
		if len(c.Rejects) > 0 {
			t.Errorf("%s: rejects: %v", tc.file, c.Rejects[0])
		}
		if len(c.Posts()) != tc.posts || len(c.Accounts()) != tc.accs {
			t.Errorf("%s: %d posts and %d accounts, want %d and %d", tc.file, len(c.Posts()), len(c.Accounts()), tc.posts, tc.accs)
		}
		sourcetest.Golden(t, "testdata/"+strings.TrimSuffix(tc.file, ".csv")+".golden.jsonl", c.Records)
	}
}

type check struct {
	name string
	got  any
	want any
}

func run(t *testing.T, checks []check) {
	t.Helper()
	for _, tc := range checks {
		if !equal(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func equal(a, b any) bool {
	switch x := a.(type) {
	case []string:
		return slices.Equal(x, b.([]string))
	case []scrutineer.Media:
		return slices.Equal(x, b.([]scrutineer.Media))
	case time.Time:
		return x.Equal(b.(time.Time)) && x.Location() == time.UTC
	}
	return a == b
}

func index(c *sourcetest.Collector) (map[string]*scrutineer.Post, map[string]*scrutineer.Account) {
	posts := map[string]*scrutineer.Post{}
	for _, p := range c.Posts() {
		posts[p.ID] = p
	}
	accs := map[string]*scrutineer.Account{}
	for _, a := range c.Accounts() {
		accs[a.ID] = a
	}
	return posts, accs
}

func TestContentLibrary(t *testing.T) {
	c := sourcetest.Read(t, FormatContentLibrary, "f.csv", fixture(t, "content_library.csv"))
	posts, accs := index(c)
	known := scrutineer.Known
	page, group, hidden, ig, brand, long := posts["1029384756102938"], posts["2038475610293847"], posts["3047561029384756"], posts["18012345678901234"], posts["18098765432109876"], posts["4056102938475610"]
	if page == nil || group == nil || hidden == nil || ig == nil || brand == nil || long == nil {
		t.Fatal("a post is missing")
	}
	run(t, []check{
		{"platform from the owner type", page.Platform, scrutineer.PlatformFacebook},
		{"author", page.Account, "100064512345678"},
		{"handle", page.Handle, "countyelections"},
		{"time with offset", page.Time, time.Date(2024, 10, 28, 14, 3, 22, 0, time.UTC)},
		{"link", page.URLs, []string{"https://vote.example.gov/find-your-polling-place"}},
		{"link title", page.Title, "Find your polling place"},
		{"media from JSON", page.Media, []scrutineer.Media{{Type: "photo", URL: "https://scontent.example.fbcdn.net/v/t39/1.jpg"}}},
		{"likes are reactions", page.Likes, known(1520)},
		{"comments", page.Replies, known(230)},
		{"shares", page.Reposts, known(410)},
		{"views unknown", page.Views, scrutineer.Count{}},
		{"hashtags from the text", page.Hashtags, []string{"Vote2024", "ElectionDay"}},
		{"no mentions on facebook", page.Mentions, []string(nil)},
		{"no channel on one's own page", page.Channel, ""},
		{"group post channel", group.Channel, "410987654321098"},
		{"reshare", group.RepostOf, "1029384756102938"},
		{"media from a python list", group.Media, []scrutineer.Media{{Type: "video", URL: "https://video.example.fbcdn.net/v/2.mp4"}}},
		{"time without zone is UTC", group.Time, time.Date(2024, 10, 29, 8, 15, 0, 0, time.UTC)},
		{"hidden owner: the group", hidden.Account, "510987654321987"},
		{"unix time", hidden.Time, time.Unix(1730190000, 0).UTC()},
		{"known zeros", hidden.Likes, known(0)},
		{"instagram from the owner type", ig.Platform, scrutineer.PlatformInstagram},
		{"instagram likes", ig.Likes, known(880)},
		{"instagram hashtags column", ig.Hashtags, []string{"选举", "vote2024"}},
		{"instagram mentions with dots", ig.Mentions, []string{"some.user"}},
		{"two media", len(ig.Media), 2},
		{"branded, empty text", brand.Text, ""},
		{"empty hashtag list", brand.Hashtags, []string(nil)},
		{"thousands separators", long.Likes, known(2345)},
		{"long text kept", strings.Count(long.Text, "\n"), 2},
		{"owner account", accs["100064512345678"].Name, "County Elections Office"},
		{"surface account", accs["410987654321098"].Name, "Вибори без фальсифікацій"},
		{"instagram account", accs["17841400000000001"].Platform, scrutineer.PlatformInstagram},
		{"owner raw holds its columns", string(accs["100064512345678"].Raw), `{"post_owner.id":"100064512345678","post_owner.name":"County Elections Office","post_owner.username":"countyelections","post_owner.type":"page"}`},
	})
}

func TestCrowdTangle(t *testing.T) {
	c := sourcetest.Read(t, FormatCrowdTangle, "f.csv", fixture(t, "crowdtangle_facebook.csv"))
	posts, accs := index(c)
	known := scrutineer.Known
	link := posts["https://www.facebook.com/PatriotsUnitedUS/posts/1834567890123456"]
	photo := posts["https://www.facebook.com/novosti.segodnya/photos/a.123/2345678901234567/?type=3"]
	video := posts["https://www.facebook.com/alhadath.tv/videos/3456789012345678/"]
	status := posts["https://www.facebook.com/groups/villagevoice/permalink/4567890123456789/"]
	yt := posts["https://www.facebook.com/dailytruthvids/posts/5678901234567890"]
	if link == nil || photo == nil || video == nil || status == nil || yt == nil {
		t.Fatal("a post is missing")
	}
	run(t, []check{
		{"platform", link.Platform, scrutineer.PlatformFacebook},
		{"account is the Facebook Id", link.Account, "512345678901234"},
		{"handle", link.Handle, "PatriotsUnitedUS"},
		{"EST", link.Time, time.Date(2020, 11, 3, 23, 45, 12, 0, time.UTC)},
		{"final link", link.URLs, []string{"https://www.newsmax.example/politics/philly-count/2020/11/04/id/1234/"}},
		{"link text is the title", link.Title, "Philly officials keep counting behind closed doors"},
		{"likes are all reactions", link.Likes, known(1100)},
		{"comments", link.Replies, known(310)},
		{"shares", link.Reposts, known(412)},
		{"hashtags", link.Hashtags, []string{"StopTheCount"}},
		{"MSK", photo.Time, time.Date(2021, 9, 19, 7, 30, 0, 0, time.UTC)},
		{"photo link is not a shared link", photo.URLs, []string(nil)},
		{"photo", photo.Media, []scrutineer.Media{{Type: "photo"}}},
		{"cyrillic hashtag", photo.Hashtags, []string{"выборы2021"}},
		{"post views", video.Views, known(250000)},
		{"video", video.Media, []scrutineer.Media{{Type: "video"}}},
		{"no id, no user name: the name", status.Account, "Village Voice Group"},
		{"PST", status.Time, time.Date(2022, 11, 8, 15, 0, 0, 0, time.UTC)},
		{"status is not media", status.Media, []scrutineer.Media(nil)},
		{"views unknown", status.Views, scrutineer.Count{}},
		{"numeric offset", yt.Time, time.Date(2020, 10, 20, 10, 0, 0, 0, time.UTC)},
		{"youtube", yt.Media, []scrutineer.Media{{Type: "video", URL: "https://www.youtube.com/watch?v=Zx9Yw8Vu7Ts"}}},
		{"youtube link", yt.URLs, []string{"https://www.youtube.com/watch?v=Zx9Yw8Vu7Ts"}},
		{"likes without reactions", yt.Likes, known(80)},
		{"category", accs["512345678901234"].Category, "POLITICAL_ORGANIZATION"},
		{"country", accs["512345678901234"].Location, "US"},
		{"followers", accs["512345678901234"].Followers, known(312004)},
		{"page created", accs["512345678901234"].Created, time.Date(2016, 3, 2, 17, 20, 11, 0, time.UTC)},
		{"description", accs["512345678901234"].Description, "We stand for freedom, faith and fair elections."},
	})

	c = sourcetest.Read(t, FormatCrowdTangle, "f.csv", fixture(t, "crowdtangle_instagram.csv"))
	posts, accs = index(c)
	photoIG := posts["https://www.instagram.com/p/CG1aBcDeFgH/"]
	tv := posts["https://www.instagram.com/tv/CT9xYzAbCdE/"]
	album := posts["https://www.instagram.com/p/CsAbCdEfGhI/"]
	if photoIG == nil || tv == nil || album == nil {
		t.Fatal("an instagram post is missing")
	}
	run(t, []check{
		{"instagram", photoIG.Platform, scrutineer.PlatformInstagram},
		{"account is the user name", photoIG.Account, "votesmart.youth"},
		{"EDT", photoIG.Time, time.Date(2020, 10, 31, 20, 20, 5, 0, time.UTC)},
		{"caption", strings.HasPrefix(photoIG.Text, "Your vote is your voice"), true},
		{"mentions with dots", photoIG.Mentions, []string{"rock.the.vote", "headcount"}},
		{"photo url", photoIG.Media, []scrutineer.Media{{Type: "photo", URL: "https://scontent.cdninstagram.example/v/t51/photo1.jpg"}}},
		{"known zero views", photoIG.Views, known(0)},
		{"own link is not shared", photoIG.URLs, []string(nil)},
		{"igtv title", tv.Title, "Прямой эфир: подсчёт голосов"},
		{"igtv is video", tv.Media[0].Type, "video"},
		{"views", tv.Views, known(9800)},
		{"album", album.Media, []scrutineer.Media{{Type: "photo"}}},
		{"arabic hashtag", album.Hashtags, []string{"الانتخابات"}},
		{"unknown followers", accs["sawt.alshabab"].Followers, scrutineer.Count{}},
		{"name", accs["sawt.alshabab"].Name, "صوت الشباب"},
	})
}

func TestBadInput(t *testing.T) {
	const mcl = "id,creation_time,post_owner.id,statistics.reaction_count,multimedia\n"
	const ct = "User Name,Facebook Id,Post Created,URL,Likes\n"
	for _, tc := range []struct {
		name    string
		format  source.Format
		in      string
		ids     []string // posts kept
		line    int      // of the rejection; 0 for none
		field   string
		missing bool
	}{
		{"mcl: malformed row in the middle", FormatContentLibrary, mcl +
			"1,2024-01-01T00:00:00Z,9,5,\n" +
			"2,yesterday,9,5,\n" +
			"3,2024-01-01T00:00:00Z,9,5,\n", []string{"1", "3"}, 3, "creation_time", false},
		{"mcl: text where a count is", FormatContentLibrary, mcl + "1,2024-01-01T00:00:00Z,9,many,\n3,2024-01-01T00:00:00Z,9,5,\n", []string{"3"}, 2, "statistics.reaction_count", false},
		{"mcl: broken media list", FormatContentLibrary, mcl + "1,2024-01-01T00:00:00Z,9,5,\"[{\"\"type\"\":}]\"\n3,2024-01-01T00:00:00Z,9,5,\n", []string{"3"}, 2, "multimedia", false},
		{"mcl: a number where media are", FormatContentLibrary, mcl + "1,2024-01-01T00:00:00Z,9,5,[1]\n3,2024-01-01T00:00:00Z,9,5,\n", []string{"3"}, 2, "multimedia", false},
		{"mcl: no owner", FormatContentLibrary, mcl + "1,2024-01-01T00:00:00Z,,5,\n3,2024-01-01T00:00:00Z,9,5,\n", []string{"3"}, 2, "post_owner.id", false},
		{"mcl: cut in a row", FormatContentLibrary, mcl + "1,2024-01-01T00:00:00Z,9,5,\n3,\"2024-01-01T00:", []string{"1"}, 3, "", false},
		{"mcl: missing columns", FormatContentLibrary, "id,text\n1,a\n", nil, 1, "creation_time", true},
		{"mcl: no owner column", FormatContentLibrary, "id,creation_time\n1,2024-01-01T00:00:00Z\n", nil, 1, "post_owner.id", true},
		{"ct: malformed row in the middle", FormatCrowdTangle, ct +
			"a,1,2020-01-01 00:00:00 EST,https://www.facebook.com/a/posts/1,3\n" +
			"a,1,2020-01-01 00:00:00 XYZ,https://www.facebook.com/a/posts/2,3\n" +
			"a,1,2020-01-01 00:00:00 EST,https://www.facebook.com/a/posts/3,3\n",
			[]string{"https://www.facebook.com/a/posts/1", "https://www.facebook.com/a/posts/3"}, 3, "Post Created", false},
		{"ct: float id", FormatCrowdTangle, ct + "a,1.23E+14,2020-01-01 00:00:00,https://www.facebook.com/a/posts/1,3\na,1,2020-01-01 00:00:00,https://www.facebook.com/a/posts/3,3\n",
			[]string{"https://www.facebook.com/a/posts/3"}, 2, "Facebook Id", false},
		{"ct: no URL", FormatCrowdTangle, ct + "a,1,2020-01-01 00:00:00,,3\na,1,2020-01-01 00:00:00,https://www.facebook.com/a/posts/3,3\n",
			[]string{"https://www.facebook.com/a/posts/3"}, 2, "URL", false},
		{"ct: text where a count is", FormatCrowdTangle, ct + "a,1,2020-01-01 00:00:00,https://www.facebook.com/a/posts/1,lots\na,1,2020-01-01 00:00:00,https://www.facebook.com/a/posts/3,3\n",
			[]string{"https://www.facebook.com/a/posts/3"}, 2, "Likes", false},
		{"ct: cut in a quoted field", FormatCrowdTangle, ct + "a,1,2020-01-01 00:00:00,https://www.facebook.com/a/posts/1,3\na,1,\"2020-", []string{"https://www.facebook.com/a/posts/1"}, 3, "", false},
		{"ct: missing columns", FormatCrowdTangle, "Page Name,Message\na,b\n", nil, 1, "URL, Post Created", true},
		{"ct: extra and reordered columns", FormatCrowdTangle, "Extra,URL,Post Created,User Name\nz,https://www.instagram.com/p/x/,2020-01-01 00:00:00,a\n", []string{"https://www.instagram.com/p/x/"}, 0, "", false},
		{"ct: older instagram export", FormatCrowdTangle, "Account,User Name,Created,URL\na,b,2019-05-01 10:00:00 EDT,https://www.instagram.com/p/y/\n", []string{"https://www.instagram.com/p/y/"}, 0, "", false},
		{"ct: empty", FormatCrowdTangle, "", nil, 0, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sourcetest.Read(t, tc.format, "in.csv", tc.in)
			var ids []string
			for _, p := range c.Posts() {
				ids = append(ids, p.ID)
			}
			if !slices.Equal(ids, tc.ids) {
				t.Errorf("posts %v, want %v", ids, tc.ids)
			}
			if tc.line == 0 {
				if len(c.Rejects) > 0 {
					t.Errorf("rejected: %v", c.Rejects[0])
				}
				return
			}
			if len(c.Rejects) != 1 {
				t.Fatalf("%d rejections, want 1: %v", len(c.Rejects), c.Rejects)
			}
			e := c.Rejects[0]
			if e.Line != tc.line || e.Field != tc.field {
				t.Errorf("rejected at line %d, field %q, want %d, %q: %v", e.Line, e.Field, tc.line, tc.field, e)
			}
			if tc.missing && !errors.Is(e, table.ErrMissingColumn) {
				t.Errorf("not a missing column: %v", e)
			}
		})
	}
}

func TestPlatformFromURL(t *testing.T) {
	in := "URL,Post Created,User Name\nhttps://www.instagram.com/p/x/,2020-01-01 00:00:00,a\nhttps://m.facebook.com/a/posts/1,2020-01-01 00:00:00,a\n"
	c := sourcetest.Read(t, FormatCrowdTangle, "f.csv", in)
	p := c.Posts()
	if len(p) != 2 || p[0].Platform != scrutineer.PlatformInstagram || p[1].Platform != scrutineer.PlatformFacebook {
		t.Fatalf("platforms from URLs: %v", p)
	}
	in = "id,creation_time,post_owner.id,url\n1,2024-01-01T00:00:00Z,9,https://www.instagram.com/p/x/\n2,2024-01-01T00:00:00Z,9,\n"
	c = sourcetest.Read(t, FormatContentLibrary, "f.csv", in)
	p = c.Posts()
	if len(p) != 2 || p[0].Platform != scrutineer.PlatformInstagram || p[0].URL != "https://www.instagram.com/p/x/" || p[1].Platform != scrutineer.PlatformFacebook {
		t.Fatalf("platforms from URLs: %v", p)
	}
}

func TestSniff(t *testing.T) {
	mcl, ctfb, ctig := fixture(t, "content_library.csv"), fixture(t, "crowdtangle_facebook.csv"), fixture(t, "crowdtangle_instagram.csv")
	for _, tc := range []struct {
		format   source.Format
		name     string
		head     string
		min, max int
	}{
		{FormatContentLibrary, "posts.csv", mcl, 90, 100},
		{FormatContentLibrary, "posts.csv", ctfb, 0, 0},
		{FormatCrowdTangle, "2020-11-04-crowdtangle.csv", ctfb, 90, 100},
		{FormatCrowdTangle, "export.csv", ctig, 90, 100},
		{FormatCrowdTangle, "crowdtangle.csv", ctfb[:40], 50, 100},
		{FormatCrowdTangle, "posts.csv", mcl, 0, 0},
	} {
		if got := tc.format.Sniff(tc.name, []byte(tc.head)); got < tc.min || got > tc.max {
			t.Errorf("%s on %s: %d, want %d..%d", tc.format.Name, tc.name, got, tc.min, tc.max)
		}
	}
	for name, head := range map[string]string{
		"ioarchive": "tweetid,userid,user_display_name,user_screen_name,tweet_time\n",
		"ira538":    "external_author_id,author,content,region,language,publish_date\n",
		"coortweet": "object_id,account_id,content_id,timestamp_share\n",
		"x v2":      `{"data":[{"id":"1","text":"hi","author_id":"2","created_at":"2020-01-01T00:00:00Z"}]}`,
		"garbage":   "\x00\xff\xfe,,\"\n\"",
		"empty":     "",
	} {
		for _, f := range []source.Format{FormatContentLibrary, FormatCrowdTangle} {
			if got := f.Sniff("file.csv", []byte(head)); got > 10 {
				t.Errorf("%s on a %s head: %d", f.Name, name, got)
			}
		}
	}
	for _, in := range []string{mcl, ctfb} {
		for i := range len(in) {
			FormatContentLibrary.Sniff("f", []byte(in[:i]))
			FormatCrowdTangle.Sniff("f", []byte(in[:i]))
		}
	}
}

func TestSinkError(t *testing.T) {
	want := errors.New("full")
	for _, tc := range []struct {
		f    source.Format
		file string
	}{{FormatContentLibrary, "content_library.csv"}, {FormatCrowdTangle, "crowdtangle_facebook.csv"}} {
		if err := tc.f.Read(strings.NewReader(fixture(t, tc.file)), "f", failing{want}); !errors.Is(err, want) {
			t.Errorf("%s: got %v, want the sink's error", tc.f.Name, err)
		}
	}
}

type failing struct{ err error }

func (f failing) Record(scrutineer.Record) error { return f.err }
func (f failing) Reject(*source.RowError)        {}

func FuzzContentLibrary(f *testing.F) {
	sourcetest.Fuzz(f, FormatContentLibrary, fixture(f, "content_library.csv"),
		"id,creation_time,post_owner.id,multimedia,multimedia.type,multimedia.url\n1,1,2,\"[{'type':'video'}]\",\"[photo, video]\",[a]\n")
}

func FuzzCrowdTangle(f *testing.F) {
	sourcetest.Fuzz(f, FormatCrowdTangle, fixture(f, "crowdtangle_facebook.csv"), fixture(f, "crowdtangle_instagram.csv"))
}

// discard is a sink that keeps nothing, so that the benchmarks measure
// the reader.
type discard struct{ n int }

func (d *discard) Record(scrutineer.Record) error { d.n++; return nil }
func (d *discard) Reject(*source.RowError)        {}

func bench(b *testing.B, f source.Format, name string) {
	head, rows, _ := strings.Cut(fixture(b, name), "\n")
	var sb strings.Builder
	sb.WriteString(head + "\n")
	for sb.Len() < 8<<20 {
		sb.WriteString(rows)
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		var d discard
		if err := f.Read(strings.NewReader(in), name, &d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadContentLibrary(b *testing.B) { bench(b, FormatContentLibrary, "content_library.csv") }
func BenchmarkReadCrowdTangle(b *testing.B)    { bench(b, FormatCrowdTangle, "crowdtangle_facebook.csv") }

func TestTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"2020-11-03 18:45:12 EST", time.Date(2020, 11, 3, 23, 45, 12, 0, time.UTC), false},
		{"2020-11-03 18:45:12 ist", time.Date(2020, 11, 3, 13, 15, 12, 0, time.UTC), false},
		{"2020-11-03 18:45:12", time.Date(2020, 11, 3, 18, 45, 12, 0, time.UTC), false},
		{"2024-10-28T14:03:22+0000", time.Date(2024, 10, 28, 14, 3, 22, 0, time.UTC), false},
		{"2024-10-28T14:03:22.5-05:30", time.Date(2024, 10, 28, 19, 33, 22, 500000000, time.UTC), false},
		{"2024-10-28T14:03:22.123456789123Z", time.Date(2024, 10, 28, 14, 3, 22, 123456789, time.UTC), false},
		{"2024-10-28 14:03:22 +02", time.Date(2024, 10, 28, 12, 3, 22, 0, time.UTC), false},
		{"1730190000", time.Unix(1730190000, 0).UTC(), false},
		{"2024-02-30 00:00:00", time.Time{}, true},
		{"2024-10-28 14:03:22 XYZ", time.Time{}, true},
		{"2024-10-28 14:03:22.", time.Time{}, true},
		{"2024-10-28 25:03:22", time.Time{}, true},
		{"2024-10-28 14:03:22 +2500", time.Time{}, true},
		{"", time.Time{}, true},
	} {
		got, err := parseTime(tc.in)
		if !got.Equal(tc.want) || (err != nil) != tc.err {
			t.Errorf("parseTime(%q) = %v, %v", tc.in, got, err)
		}
	}
}
