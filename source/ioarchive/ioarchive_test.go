package ioarchive

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
	if len(columns) != nColumns || columns[cTweetID] != "tweetid" || columns[cAccountLang] != "account_language" || columns[cURLs] != "urls" {
		t.Fatalf("the column constants do not match the column names")
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		format source.Format
		file   string
		posts  int
		accs   int
	}{
		{FormatTweets, "tweets.csv", 5, 5},
		{FormatUsers, "users.csv", 0, 4},
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

func TestConventions(t *testing.T) {
	c := sourcetest.Read(t, FormatTweets, "tweets.csv", fixture(t, "tweets.csv"))
	posts := map[string]*scrutineer.Post{}
	for _, p := range c.Posts() {
		posts[p.ID] = p
	}
	accs := map[string]*scrutineer.Account{}
	for _, a := range c.Accounts() {
		accs[a.ID] = a
	}
	known := scrutineer.Known
	for _, tc := range []struct {
		name string
		got  any
		want any
	}{
		{"decimal tweet id", posts["1050118621198921728"] != nil, true},
		{"author", posts["1050118621198921728"].Account, "4224729994"},
		{"handle", posts["1050118621198921728"].Handle, "jenna_usa1776"},
		{"time is UTC without seconds", posts["1050118621198921728"].Time, time.Date(2018, 10, 10, 20, 19, 0, 0, time.UTC)},
		{"hashtags from the list", posts["1050118621198921728"].Hashtags, []string{"VoterFraud", "Midterms2018"}},
		{"expanded urls from the list", posts["1050118621198921728"].URLs, []string{"https://www.youtube.com/watch?v=a1B2c3D4e5F"}},
		{"mentions are handles from the text", posts["1050118621198921728"].Mentions, []string{"SenSmith"}},
		{"counts", []scrutineer.Count{posts["1050118621198921728"].Likes, posts["1050118621198921728"].Reposts, posts["1050118621198921728"].Replies, posts["1050118621198921728"].Quotes}, []scrutineer.Count{known(211), known(187), known(14), known(3)}},
		{"client", posts["1050118621198921728"].Source, "Twitter Web Client"},
		{"retweet", posts["877919995476496385"].RepostOf, "877918000000000001"},
		{"retweet text kept", strings.HasPrefix(posts["877919995476496385"].Text, "RT @novosti_dnya: "), true},
		{"retweet mentions its author", posts["877919995476496385"].Mentions, []string{"novosti_dnya"}},
		{"quoted python list", posts["877919995476496385"].Hashtags, []string{"выборы", "Россия"}},
		{"hashed author", posts["877919995476496385"].Account, "3f1c9a7e5b2d4c6e8a0b1d3f5e7c9a1b3d5f7e9c1a3b5d7f9e1c3a5b7d9f1e3a"},
		{"known zero", posts["877919995476496385"].Likes, known(0)},
		{"reply", posts["1101234567890123776"].ReplyTo, "1101230000000000000"},
		{"reply to a hashed account", posts["1101234567890123776"].ReplyToAccount, "9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9"},
		{"arabic hashtags", posts["1101234567890123776"].Hashtags, []string{"قطر", "الانتخابات"}},
		{"empty list", posts["1101234567890123776"].URLs, []string(nil)},
		{"quote", posts["1158347210946117632"].QuoteOf, "1158340000000000000"},
		{"float counts", posts["1158347210946117632"].Likes, known(4)},
		{"no hashtags", posts["1158347210946117632"].Hashtags, []string(nil)},
		{"unknown counts", posts["1323012345678901248"].Likes, scrutineer.Count{}},
		{"repeated urls kept", len(posts["1323012345678901248"].URLs), 2},
		{"text kept whole", strings.Count(posts["1323012345678901248"].Text, "\n"), 4},
		{"account", accs["4224729994"].Handle, "jenna_usa1776"},
		{"followers", accs["4224729994"].Followers, known(12042)},
		{"created", accs["4224729994"].Created, time.Date(2015, 11, 4, 0, 0, 0, 0, time.UTC)},
		{"website", accs["4224729994"].Website, "https://t.co/Xy12AbCdEf"},
		{"suspended", accs["4224729994"].Gone, true},
		{"no category", accs["4224729994"].Category, ""},
		{"account raw holds its columns only", strings.Contains(string(accs["4224729994"].Raw), "tweet_text"), false},
		{"unknown creation", accs["1289912345678901249"].Created.IsZero(), true},
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
	case []scrutineer.Count:
		return slices.Equal(x, b.([]scrutineer.Count))
	case time.Time:
		return x.Equal(b.(time.Time)) && x.Location() == time.UTC
	}
	return a == b
}

const header = "tweetid,userid,user_screen_name,tweet_text,tweet_time,like_count,is_retweet,in_reply_to_tweetid\n"

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
			"1,10,a,one,2018-01-01 10:00,1,false,\n" +
			"x2,10,a,two,2018-01-01 10:00,1,false,\n" +
			"3,10,a,three,2018-01-01 10:00,1,false,\n", []string{"1", "3"}, 3, "tweetid", false},
		{"a number where a flag is", header +
			"1,10,a,one,2018-01-01 10:00,1,maybe,\n3,10,a,three,2018-01-01 10:00,1,false,\n", []string{"3"}, 2, "is_retweet", false},
		{"text where a count is", header +
			"1,10,a,one,2018-01-01 10:00,many,false,\n3,10,a,three,2018-01-01 10:00,1,false,\n", []string{"3"}, 2, "like_count", false},
		{"float id", header +
			"1,10,a,one,2018-01-01 10:00,1,false,1.0501186211989217e+18\n3,10,a,three,2018-01-01 10:00,1,false,\n", []string{"3"}, 2, "in_reply_to_tweetid", false},
		{"bad time", header +
			"1,10,a,one,2018-02-30 10:00,1,false,\n3,10,a,three,2018-01-01 10:00,1,false,\n", []string{"3"}, 2, "tweet_time", false},
		{"empty user", header +
			"1,,a,one,2018-01-01 10:00,1,false,\n3,10,a,three,2018-01-01 10:00,1,false,\n", []string{"3"}, 2, "userid", false},
		{"short row", header +
			"1,10,a\n3,10,a,three,2018-01-01 10:00,1,false,\n", []string{"3"}, 2, "", false},
		{"cut in a quoted field", header +
			"1,10,a,one,2018-01-01 10:00,1,false,\n3,10,a,\"thr", []string{"1"}, 3, "", false},
		{"cut in a row", header +
			"1,10,a,\"one,\n\"\"x\"\"\",2018-01-01 10:00,1,false,\n3,10,a,thr", []string{"1"}, 4, "", false},
		{"missing columns", "tweetid,user_screen_name,tweet_text\n1,a,one\n", nil, 1, "userid, tweet_time", true},
		{"extra and reordered columns", "extra,tweet_time,userid,tweetid,campaign\nz,2018-01-01 10:00,10,1,ru\n", []string{"1"}, 0, "", false},
		{"empty", "", nil, 0, "", false},
		{"header only", header, nil, 0, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sourcetest.Read(t, FormatTweets, "in.csv", tc.in)
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

func TestUsersIgnoreTweetColumns(t *testing.T) {
	// A tweets file read as users gives its accounts, not its tweets.
	c := sourcetest.Read(t, FormatUsers, "tweets.csv", fixture(t, "tweets.csv"))
	if len(c.Posts()) != 0 || len(c.Accounts()) != 5 || len(c.Rejects) != 0 {
		t.Fatalf("%d posts, %d accounts, %d rejections", len(c.Posts()), len(c.Accounts()), len(c.Rejects))
	}
}

func TestSinkError(t *testing.T) {
	want := errors.New("full")
	err := FormatTweets.Read(strings.NewReader(fixture(t, "tweets.csv")), "tweets.csv", failing{want})
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want the sink's error", err)
	}
}

type failing struct{ err error }

func (f failing) Record(scrutineer.Record) error { return f.err }
func (f failing) Reject(*source.RowError)        {}

func TestIOError(t *testing.T) {
	want := errors.New("disk")
	in := strings.NewReader(fixture(t, "tweets.csv")[:600])
	err := FormatTweets.Read(&brokenReader{in, want}, "tweets.csv", &sourcetest.Collector{})
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want the reader's error", err)
	}
}

type brokenReader struct {
	r   *strings.Reader
	err error
}

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.r.Len() == 0 {
		return 0, b.err
	}
	return b.r.Read(p[:min(len(p), 100)])
}

func TestSniff(t *testing.T) {
	tweets, users := fixture(t, "tweets.csv"), fixture(t, "users.csv")
	heads := map[string]string{
		"ira538":      "external_author_id,author,content,region,language,publish_date,harvested_date,following,followers,updates,post_type,account_type,retweet,account_category\n",
		"crowdtangle": "Page Name,User Name,Facebook Id,Page Category,Page Admin Top Country,Page Description,Page Created,Likes at Posting,Followers at Posting,Post Created\n",
		"mcl":         "id,creation_time,text,post_owner.id,post_owner.name,post_owner.type,statistics.reaction_count\n",
		"coortweet":   "object_id,account_id,content_id,timestamp_share\n",
		"x v2":        `{"data":[{"id":"1","text":"hi","author_id":"2"}],"includes":{"users":[]}}`,
		"x v1.1":      `{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id":1050118621198921728,"id_str":"1050118621198921728","text":"hi","user":{"id":1}}`,
		"mastodon":    `{"id":"1","uri":"https://m.example/users/a/statuses/1","account":{"acct":"a"}}`,
		"garbage":     "\x00\xff\xfe,,\"\n\"",
		"empty":       "",
	}
	for _, tc := range []struct {
		format source.Format
		name   string
		head   string
		min    int
		max    int
	}{
		{FormatTweets, "ru_052020_tweets_csv_hashed.csv", tweets, 95, 100},
		{FormatTweets, "data.csv", tweets, 90, 100},
		{FormatTweets, "ru_052020_tweets_csv_hashed.csv", tweets[:60], 50, 100}, // cut header
		{FormatTweets, "ru_052020_users_csv_hashed.csv", users, 0, 0},
		{FormatUsers, "ru_052020_users_csv_hashed.csv", users, 90, 100},
		{FormatUsers, "x.csv", users, 85, 100},
		{FormatUsers, "x.csv", tweets, 0, 0},
	} {
		if got := tc.format.Sniff(tc.name, []byte(tc.head)); got < tc.min || got > tc.max {
			t.Errorf("%s on %s: %d, want %d..%d", tc.format.Name, tc.name, got, tc.min, tc.max)
		}
	}
	for name, head := range heads {
		for _, f := range []source.Format{FormatTweets, FormatUsers} {
			if got := f.Sniff("file", []byte(head)); got > 10 {
				t.Errorf("%s on a %s head: %d", f.Name, name, got)
			}
		}
	}
	// Cut anywhere, a head must not make Sniff panic.
	for i := range len(tweets) {
		FormatTweets.Sniff("f", []byte(tweets[:i]))
		FormatUsers.Sniff("f", []byte(tweets[:i]))
	}
}

func FuzzTweets(f *testing.F) {
	sourcetest.Fuzz(f, FormatTweets, fixture(f, "tweets.csv"), header+"1,10,a,\"x\"\"y\",2018-01-01 10:00,1,true,2\n", "tweetid,userid,tweet_time\n1,2,3\n")
}

func FuzzUsers(f *testing.F) {
	sourcetest.Fuzz(f, FormatUsers, fixture(f, "users.csv"), "userid\n1\n\n2\n")
}

func TestFloatUserID(t *testing.T) {
	// pandas writes an integer column with gaps as floats: "10.0".
	c := sourcetest.Read(t, FormatTweets, "in.csv", header+"1,10.0,a,one,2018-01-01 10:00,1,false,\n")
	if len(c.Posts()) != 1 || c.Posts()[0].Account != "10" || c.Accounts()[0].ID != "10" {
		t.Fatalf("records %+v, rejects %v", c.Records, c.Rejects)
	}
}
