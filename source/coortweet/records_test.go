package coortweet_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source/coortweet"
	"github.com/scrutineer/scrutineer/source/sourcetest"
)

func TestRecordsFormat(t *testing.T) {
	in := "object_id,account_id,content_id,timestamp_share,object_kind\n" +
		"https://a.example/x,x:10,x:100,1700000000,url\n" +
		"a.example,x:10,x:100,1700000000,domain\n" +
		"élection,x:10,x:100,1700000000,hashtag\n" +
		"bluesky:b.bsky.social,bluesky:did:plc:z,bluesky:at://did:plc:z/app.bsky.feed.post/1,1700000001.5,mention\n" +
		"x:99,x:11,x:101,2023-11-14T22:13:22Z,repost\n" +
		"x:98,x:11,x:102,1700000003,reply\n" +
		"some words that were copied and pasted,x:12,x:103,1700000004,text\n" +
		"d41d8cd98f00b204e9800998ecf8427e,x:12,x:104,1700000005,media\n" +
		"x:97,x:13,x:105,not a time,repost\n" +
		"x:97,x:13,x:106,1700000006,colour\n" +
		",,x:107,1700000007,url\n"
	c := sourcetest.Read(t, coortweet.RecordsFormat, "s.csv", in)
	posts := c.Posts()
	if len(posts) != 6 {
		t.Fatalf("%d posts, want 6: %+v", len(posts), posts)
	}
	p := posts[0]
	if p.Platform != scrutineer.PlatformX || p.ID != "100" || p.Account != "10" || len(p.URLs) != 1 || p.Hashtags[0] != "élection" ||
		p.Time.Unix() != 1700000000 {
		t.Errorf("post 100: %+v", p)
	}
	if p := posts[1]; p.Platform != scrutineer.PlatformBluesky || p.ID != "at://did:plc:z/app.bsky.feed.post/1" ||
		p.Account != "did:plc:z" || p.Mentions[0] != "b.bsky.social" || p.Time.UnixMilli() != 1700000001500 {
		t.Errorf("bluesky post: %+v", p)
	}
	if posts[2].RepostOf != "99" || posts[3].ReplyTo != "98" || posts[4].Text == "" || posts[5].Media[0].Hash == "" {
		t.Errorf("objects: %+v %+v %+v %+v", posts[2], posts[3], posts[4], posts[5])
	}
	want := []string{"s.csv:10: timestamp_share", "s.csv:11: object_kind", "s.csv:12: content_id"}
	if len(c.Rejects) != len(want) {
		t.Fatalf("rejections %v, want %v", c.Rejects, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(c.Rejects[i].Error(), w) {
			t.Errorf("rejection %q, want %q", c.Rejects[i], w)
		}
	}

	// CooRTweet's own tables have no kind: the objects are retweeted posts.
	c = sourcetest.Read(t, coortweet.RecordsFormat, "r.csv", "object_id,account_id,content_id,timestamp_share\n5,6,7,1700000000\n")
	if p := c.Posts(); len(p) != 1 || p[0].RepostOf != "5" || p[0].Platform != scrutineer.PlatformX {
		t.Errorf("kindless table: %+v", p)
	}
	c = sourcetest.Read(t, coortweet.RecordsFormat, "m.csv", "object_id,account_id\n5,6\n")
	if len(c.Records) != 0 || len(c.Rejects) != 1 || !strings.Contains(c.Rejects[0].Error(), "content_id, timestamp_share") {
		t.Errorf("missing columns: %v", c.Rejects)
	}
}

func TestRecordsFormatRussian(t *testing.T) {
	f, err := openRussian()
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	c := &sourcetest.Collector{}
	if err := coortweet.RecordsFormat.Read(f, "russian.csv", c); err != nil {
		t.Fatal(err)
	}
	if len(c.Rejects) > 0 || len(c.Records) < 30000 {
		t.Errorf("%d records, %d rejections", len(c.Records), len(c.Rejects))
		if len(c.Rejects) > 0 {
			t.Errorf("first: %v", c.Rejects[0])
		}
	}
	// The ids are copies, not views of a buffer the reader has reused.
	f.Seek(0, 0)
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ids, accounts := map[string]bool{}, map[string]bool{}
	for _, r := range rows[1:] {
		ids[r[2]], accounts[r[1]] = true, true
	}
	for _, p := range c.Posts() {
		if !ids[p.ID] || !accounts[p.Account] {
			t.Fatalf("post %q by %q is not in the file", p.ID, p.Account)
		}
	}
	if got := coortweet.RecordsFormat.Sniff("russian.csv", []byte("object_id,account_id,content_id,timestamp_share\n1,2")); got < 80 {
		t.Errorf("sniff %d", got)
	}
}

func FuzzRecordsFormat(f *testing.F) {
	sourcetest.Fuzz(f, coortweet.RecordsFormat, "object_id,account_id,content_id,timestamp_share,object_kind\nx:1,x:2,x:3,1,repost\n",
		"object_id,account_id,content_id,timestamp_share\n\"a,1,2,3\n")
}

func openRussian() (*os.File, error) {
	return os.Open("../../data/coortweet/russian_coord_tweets.csv")
}

// BenchmarkReadRecords reads share tables of three shapes: CooRTweet's
// own (X retweets: 19-digit post ids, numeric account ids, unquoted), the
// Russian dataset's (quoted 32-character hashes), and the detection
// benchmark's short synthetic ids, where the cost per row dominates.
func BenchmarkReadRecords(b *testing.B) {
	russian, err := os.ReadFile("../../data/coortweet/russian_coord_tweets.csv")
	if err != nil {
		b.Fatal(err)
	}
	header, rows, _ := bytes.Cut(russian, []byte("\n"))
	for _, in := range []struct {
		name string
		data []byte
	}{
		{"x-ids", xShares(125_000)},
		{"russian", append(append(header, '\n'), sourcetest.Repeat(rows, 8<<20)...)},
		{"short-ids", synthetic(200_000)},
	} {
		b.Run(in.name, func(b *testing.B) { sourcetest.Bench(b, coortweet.RecordsFormat, in.data) })
	}
}

// xShares is a retweet table as CooRTweet reads it from X: each row a
// retweet (content_id) of a post (object_id) by an account, ids as X
// writes them.
func xShares(rows int) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	var sb strings.Builder
	sb.WriteString("object_id,account_id,content_id,timestamp_share\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&sb, "%d,%d,%d,%d\n", 1700000000000000000+r.Int64N(1e17), r.Int64N(1e18)>>r.IntN(34),
			1800000000000000000+int64(i)*997, 1690000000+r.IntN(2592000))
	}
	return []byte(sb.String())
}

func TestRecordsFormatCopies(t *testing.T) {
	sourcetest.Copies(t, coortweet.RecordsFormat, "shares.csv", "object_id,account_id,content_id,timestamp_share,object_kind\n",
		"https://a.example/x,x:1,x:10,1700000000,url\n#vote,x:2,x:11,1700000001,hashtag\nx:10,x:3,x:12,1700000002,repost\n")
}
