package ira538

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

const fixtureName = "IRAhandle_tweets_1.csv"

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestColumns(t *testing.T) {
	if len(columns) != nColumns || columns[cCategory] != "account_category" || columns[cTweetID] != "tweet_id" || columns[cLink3] != "tco3_step1" {
		t.Fatalf("the column constants do not match the column names")
	}
}

func TestGolden(t *testing.T) {
	c := sourcetest.Read(t, Format, fixtureName, fixture(t, fixtureName))
	if len(c.Rejects) > 0 {
		t.Errorf("rejects: %v", c.Rejects[0])
	}
	if len(c.Posts()) != 7 || len(c.Accounts()) != 7 {
		t.Errorf("%d posts and %d accounts, want 7 and 7", len(c.Posts()), len(c.Accounts()))
	}
	sourcetest.Golden(t, "testdata/IRAhandle_tweets_1.golden.jsonl", c.Records)
}

func TestConventions(t *testing.T) {
	c := sourcetest.Read(t, Format, fixtureName, fixture(t, fixtureName))
	posts := map[string]*scrutineer.Post{}
	for _, p := range c.Posts() {
		posts[p.ID] = p
	}
	accs := map[string]*scrutineer.Account{}
	for _, a := range c.Accounts() {
		accs[a.Handle] = a
	}
	known := scrutineer.Known
	first := posts["914580356430536707"]
	if first == nil {
		t.Fatal("no post 914580356430536707")
	}
	for _, tc := range []struct {
		name string
		got  any
		want any
	}{
		{"account id is alt_external_id", first.Account, "4224729994"},
		{"handle", first.Handle, "TEN_GOP"},
		{"time month first, UTC", first.Time, time.Date(2017, 10, 1, 19, 58, 0, 0, time.UTC)},
		{"url is article_url", first.URL, "http://twitter.com/4224729994/statuses/914580356430536707"},
		{"expanded links", first.URLs, []string{"https://www.breitbart.example/politics/2017/10/01/ballots/"}},
		{"hashtags from the text", first.Hashtags, []string{"VoterFraud", "MAGA"}},
		{"mentions from the text", first.Mentions, []string{"FoxNews"}},
		{"language code", first.Lang, "en"},
		{"russian", posts["906799111222333444"].Lang, "ru"},
		{"cyrillic hashtags", posts["906799111222333444"].Hashtags, []string{"выборы", "СПб"}},
		{"retweet text kept", strings.HasPrefix(posts["749993478281388032"].Text, "RT @blacktivists: "), true},
		{"retweet: original id unknown", posts["749993478281388032"].RepostOf, ""},
		{"retweet: original author first mention", posts["749993478281388032"].Mentions, []string{"blacktivists"}},
		{"quote from the linked tweet", posts["812804567890123456"].QuoteOf, "812800000000000001"},
		{"two links", len(posts["812804567890123456"].URLs), 2},
		{"float author id passed over", posts["669049234567890123"].Account, "3300000001"},
		{"id from article_url", posts["796183727383617536"] != nil, true},
		{"arabic", posts["796183727383617536"].Hashtags, []string{"الانتخابات"}},
		{"no ids: handle", posts["796001234567890123"].Account, "WorldNewsPoli"},
		{"undefined language", posts["796001234567890123"].Lang, ""},
		{"multi-line text", strings.Count(posts["796001234567890123"].Text, "\n"), 2},
		{"no counts on posts", posts["796001234567890123"].Likes, scrutineer.Count{}},
		{"category", accs["TEN_GOP"].Category, "RightTroll"},
		{"followers", accs["TEN_GOP"].Followers, known(136542)},
		{"following", accs["TEN_GOP"].Following, known(1052)},
		{"known zero", accs["WorldNewsPoli"].Followers, known(0)},
		{"unknown followers", accs["akhbar_alaan"].Followers, scrutineer.Count{}},
		{"suspended", accs["TEN_GOP"].Gone, true},
		{"account raw holds its columns only", strings.Contains(string(accs["TEN_GOP"].Raw), "content"), false},
		{"account raw holds account_type", strings.Contains(string(accs["TEN_GOP"].Raw), `"account_type":"Right"`), true},
	} {
		if !equal(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func equal(a, b any) bool {
	switch x := a.(type) {
	case []string:
		return slices.Equal(x, b.([]string))
	case time.Time:
		return x.Equal(b.(time.Time)) && x.Location() == time.UTC
	}
	return a == b
}

const header = "author,content,publish_date,followers,retweet,tweet_id\n"

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		ids     []string // posts kept
		line    int      // of the rejection; 0 for none
		field   string
		missing bool
	}{
		{"malformed row in the middle", header +
			"a,one,1/2/2017 10:00,5,0,1\n" +
			"a,two,1/2/2017 10:00,5,0,x2\n" +
			"a,three,1/2/2017 10:00,5,0,3\n", []string{"1", "3"}, 3, "tweet_id", false},
		{"day first", header + "a,one,13/2/2017 10:00,5,0,1\na,three,1/2/2017 10:00,5,0,3\n", []string{"3"}, 2, "publish_date", false},
		{"text where a count is", header + "a,one,1/2/2017 10:00,many,0,1\na,three,1/2/2017 10:00,5,0,3\n", []string{"3"}, 2, "followers", false},
		{"text where a flag is", header + "a,one,1/2/2017 10:00,5,RT,1\na,three,1/2/2017 10:00,5,0,3\n", []string{"3"}, 2, "retweet", false},
		{"float tweet id", header + "a,one,1/2/2017 10:00,5,0,9.14580356430537E+17\na,three,1/2/2017 10:00,5,0,3\n", []string{"3"}, 2, "tweet_id", false},
		{"no author", header + ",one,1/2/2017 10:00,5,0,1\na,three,1/2/2017 10:00,5,0,3\n", []string{"3"}, 2, "author", false},
		{"cut in a quoted field", header + "a,one,1/2/2017 10:00,5,0,1\na,\"thr", []string{"1"}, 3, "", false},
		{"cut in a row", header + "a,one,1/2/2017 10:00,5,0,1\na,three,1/2/20", []string{"1"}, 3, "", false},
		{"missing columns", "author,text\na,one\n", nil, 1, "content, publish_date", true},
		{"no id column", "author,content,publish_date\na,one,1/2/2017 10:00\n", nil, 1, "tweet_id", true},
		{"extra and reordered columns", "x,tweet_id,publish_date,content,author\nz,7,1/2/2017 10:00,hi,a\n", []string{"7"}, 0, "", false},
		{"empty", "", nil, 0, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sourcetest.Read(t, Format, "in.csv", tc.in)
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

func TestSniff(t *testing.T) {
	in := fixture(t, fixtureName)
	if got := Format.Sniff("IRAhandle_tweets_1.csv", []byte(in)); got != 100 {
		t.Errorf("on the fixture: %d", got)
	}
	if got := Format.Sniff("x.csv", []byte(in[:50])); got < 50 {
		t.Errorf("on a cut head: %d", got)
	}
	for name, head := range map[string]string{
		"ioarchive":   "tweetid,userid,user_display_name,user_screen_name,user_reported_location\n",
		"crowdtangle": "Page Name,User Name,Facebook Id,Page Category\n",
		"coortweet":   "object_id,account_id,content_id,timestamp_share\n",
		"x v1.1":      `{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id":1,"text":"hi","user":{"id":1}}`,
		"garbage":     "\x00\xff\xfe,,\"\n\"",
		"empty":       "",
	} {
		if got := Format.Sniff("file.csv", []byte(head)); got > 10 {
			t.Errorf("on a %s head: %d", name, got)
		}
	}
	for i := range len(in) {
		Format.Sniff("f", []byte(in[:i]))
	}
}

func TestTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"10/1/2017 19:58", time.Date(2017, 10, 1, 19, 58, 0, 0, time.UTC), false},
		{"1/02/2015 0:05:09", time.Date(2015, 1, 2, 0, 5, 9, 0, time.UTC), false},
		{"2/29/2016 1:00", time.Date(2016, 2, 29, 1, 0, 0, 0, time.UTC), false},
		{"2017-10-01 19:58:00", time.Date(2017, 10, 1, 19, 58, 0, 0, time.UTC), false},
		{"2/29/2017 1:00", time.Time{}, true},
		{"10/1/17 19:58", time.Time{}, true},
		{"10/1/2017 24:00", time.Time{}, true},
		{"10/1/2017 19", time.Time{}, true},
		{"", time.Time{}, true},
	} {
		got, err := parseTime(tc.in)
		if !got.Equal(tc.want) || (err != nil) != tc.err {
			t.Errorf("parseTime(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestSinkError(t *testing.T) {
	want := errors.New("full")
	if err := Format.Read(strings.NewReader(fixture(t, fixtureName)), "f", failing{want}); !errors.Is(err, want) {
		t.Fatalf("got %v, want the sink's error", err)
	}
}

type failing struct{ err error }

func (f failing) Record(scrutineer.Record) error { return f.err }
func (f failing) Reject(*source.RowError)        {}

func FuzzRead(f *testing.F) {
	sourcetest.Fuzz(f, Format, fixture(f, fixtureName), header+"a,\"x\"\"y\",1/2/2017 10:00,5,1,2\n",
		"author,content,publish_date,article_url,post_type,tco1_step1\na,b,1/1/2017 1:1,https://twitter.com/a/status/1,QUOTE_TWEET,http://x.com/b/status/2?s=1\n")
}

// discard is a sink that keeps nothing, so that the benchmark measures
// the reader.
type discard struct{ n int }

func (d *discard) Record(scrutineer.Record) error { d.n++; return nil }
func (d *discard) Reject(*source.RowError)        {}

func BenchmarkRead(b *testing.B) {
	head, rows, _ := strings.Cut(fixture(b, fixtureName), "\n")
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
		if err := Format.Read(strings.NewReader(in), fixtureName, &d); err != nil {
			b.Fatal(err)
		}
	}
}
