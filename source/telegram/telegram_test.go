package telegram_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/sourcetest"
	"github.com/scrutineer/scrutineer/source/telegram"
)

func readFile(t testing.TB, name string) *sourcetest.Collector {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return sourcetest.Read(t, telegram.Format, name, string(b))
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"channel.json", "account.json", "bad.json"} {
		t.Run(name, func(t *testing.T) {
			c := readFile(t, name)
			sourcetest.Golden(t, "testdata/"+strings.TrimSuffix(name, ".json")+".golden.jsonl", c.Records)
			if name != "bad.json" && len(c.Rejects) > 0 {
				t.Errorf("rejects: %v", c.Rejects)
			}
		})
	}
}

func TestBad(t *testing.T) {
	c := readFile(t, "bad.json")
	var ids []string
	for _, p := range c.Posts() {
		ids = append(ids, p.ID)
	}
	if got, want := strings.Join(ids, " "), "4242/1 4242/6 4242/12"; got != want {
		t.Errorf("posts %s, want %s", got, want)
	}
	type rej struct {
		line  int
		field string
	}
	var got []rej
	for _, e := range c.Rejects {
		got = append(got, rej{e.Line, e.Field})
		t.Log(e)
	}
	want := []rej{
		{14, "from"}, {22, ""}, {29, ""}, {36, ""}, {55, "date_unixtime"}, {62, "from_id"},
		{68, "text"}, {75, "reactions"}, {89, ""}, {90, "id"},
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
	b, err := os.ReadFile("testdata/channel.json")
	if err != nil {
		t.Fatal(err)
	}
	full := sourcetest.Read(t, telegram.Format, "full", string(b))
	n := len(full.Posts())
	// Cut inside every message in turn: every message that ends before
	// the cut is kept.
	for cut := 1; cut < len(b); cut += 23 {
		c := sourcetest.Read(t, telegram.Format, "cut", string(b[:cut]))
		// Every message that ends before the cut is kept.
		want := 0
		for _, p := range full.Posts() {
			if end := bytes.Index(b, p.Raw) + len(p.Raw); end <= cut {
				want++
			}
		}
		if len(c.Posts()) < want {
			t.Errorf("cut at %d: %d posts, want at least %d", cut, len(c.Posts()), want)
		}
		for i, p := range full.Posts() {
			if i >= len(c.Posts()) {
				break
			}
			if c.Posts()[i].ID != p.ID {
				t.Fatalf("cut at %d: post %d is %s, want %s", cut, i, c.Posts()[i].ID, p.ID)
			}
		}
		if len(c.Posts()) > n {
			t.Fatalf("cut at %d: %d posts, more than the whole file", cut, len(c.Posts()))
		}
		if cut < len(b)-3 && len(c.Rejects) == 0 {
			t.Errorf("cut at %d: the cut is not reported", cut)
		}
	}
}

func TestConventions(t *testing.T) {
	in := `{"name":"Канал","type":"public_channel","id":1987654321,"messages":[
 {"id":7,"type":"message","date":"2024-03-01T09:05:12","date_unixtime":"1709283912","from":"Канал","from_id":"channel1987654321",
  "text":["see ",{"type":"text_link","text":"here","href":"https://example.org/a"}," ",{"type":"link","text":"https://t.me/x/1"}," ",{"type":"hashtag","text":"#Выборы"}," ",{"type":"mention","text":"@observer"}],
  "reply_to_message_id":5,"via_bot":"@helperbot","reactions":[{"type":"emoji","count":3,"emoji":"👍"},{"type":"emoji","count":2,"emoji":"🔥"}]},
 {"id":8,"type":"message","date":"2024-03-01T09:05:12","from":"Канал","from_id":"channel1987654321","text":"local time","forwarded_from":"Someone","forwarded_from_id":"user99","reply_to_message_id":44,"reply_to_peer_id":"channel777"},
 {"id":9,"type":"service","date_unixtime":"1709283913","actor":"X","action":"pin_message","text":""}
]}`
	c := sourcetest.Read(t, telegram.Format, "in", in)
	if len(c.Rejects) > 0 {
		t.Fatal(c.Rejects)
	}
	ps := c.Posts()
	if len(ps) != 2 {
		t.Fatalf("%d posts, want 2", len(ps))
	}
	p := ps[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"ID", p.ID, "1987654321/7"},
		{"Channel", p.Channel, "1987654321"},
		{"Account", p.Account, "channel1987654321"},
		{"Time", p.Time, time.Date(2024, 3, 1, 9, 5, 12, 0, time.UTC)},
		{"Text", p.Text, "see here https://t.me/x/1 #Выборы @observer"},
		{"URLs", strings.Join(p.URLs, " "), "https://example.org/a https://t.me/x/1"},
		{"Hashtags", strings.Join(p.Hashtags, " "), "Выборы"},
		{"Mentions", strings.Join(p.Mentions, " "), "observer"},
		{"ReplyTo", p.ReplyTo, "1987654321/5"},
		{"Likes", p.Likes, scrutineer.Known(5)},
		{"Source", p.Source, "helperbot"},
		{"Platform", p.Platform, scrutineer.PlatformTelegram},
		{"local Time", ps[1].Time, time.Date(2024, 3, 1, 9, 5, 12, 0, time.UTC)},
		{"forward RepostOf", ps[1].RepostOf, ""},
		{"reply to another chat", ps[1].ReplyTo, "777/44"},
		{"unknown Likes", ps[1].Likes, scrutineer.Count{}},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	accounts := map[string]string{}
	for _, a := range c.Accounts() {
		accounts[a.ID] = a.Name
	}
	for id, name := range map[string]string{"channel1987654321": "Канал", "user99": "Someone"} {
		if got, ok := accounts[id]; !ok || got != name {
			t.Errorf("account %s = %q, %v; want %q", id, got, ok, name)
		}
	}
}

func TestSniff(t *testing.T) {
	for _, name := range []string{"channel.json", "account.json", "bad.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for _, cut := range []int{len(b), 300, 120} {
			if s := telegram.Format.Sniff(name, b[:min(cut, len(b))]); s < 50 && !(name == "account.json" && cut <= 300) {
				t.Errorf("%s cut at %d: sniff %d, want >= 50", name, cut, s)
			}
		}
		if s := telegram.Format.Sniff("result.json", b[:min(len(b), source.SniffSize)]); s < 90 && name != "bad.json" {
			t.Errorf("%s: sniff %d, want >= 90", name, s)
		}
	}
	others := map[string]string{
		"x-v2":      `{"data":[{"id":"1","text":"hi","author_id":"2","created_at":"2024-01-01T00:00:00.000Z"}],"includes":{"users":[{"id":"2","username":"a"}]},"meta":{"result_count":1}}`,
		"x-v1":      `{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id":1050118621198921728,"id_str":"1050118621198921728","text":"hi","user":{"id":2,"screen_name":"a"}}`,
		"mastodon":  `[{"id":"1","created_at":"2024-01-01T00:00:00.000Z","uri":"https://m.example/users/a/statuses/1","content":"<p>hi</p>","account":{"acct":"a"},"type":"public"}]`,
		"reddit":    `{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"id":"abc","title":"t","subreddit":"x","type":"link"}}],"after":null}}`,
		"pushshift": `{"id":"abc","author":"a","body":"x","link_id":"t3_x","created_utc":1700000000,"subreddit":"x"}` + "\n",
		"garbage":   "\x00\x01{\"messages\"",
		"empty":     "",
		"csv":       "id,text,date\n1,hi,2024\n",
		"object":    `{"messages":"no","type":"x"}`,
	}
	for name, head := range others {
		if s := telegram.Format.Sniff(name+".json", []byte(head)); s != 0 {
			t.Errorf("%s: sniff %d, want 0", name, s)
		}
		for i := range len(head) {
			telegram.Format.Sniff("result.json", []byte(head[:i]))
		}
	}
}

func FuzzRead(f *testing.F) {
	var seeds []string
	for _, name := range []string{"channel.json", "account.json", "bad.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, string(b))
	}
	seeds = append(seeds, `{"id":1,"type":"public_channel","messages":[{"id":1,"date":"2020","from_id":"user1","text":[{"type":"link"}]}]}`)
	sourcetest.Fuzz(f, telegram.Format, seeds...)
}

func BenchmarkRead(b *testing.B) {
	raw, err := os.ReadFile("testdata/channel.json")
	if err != nil {
		b.Fatal(err)
	}
	// The messages of the fixture, repeated to several MB in one chat.
	open := bytes.Index(raw, []byte(`"messages": [`)) + len(`"messages": [`)
	end := bytes.LastIndex(raw, []byte("]"))
	msgs := bytes.TrimSpace(raw[open:end])
	var in bytes.Buffer
	in.Write(raw[:open])
	for i := 0; in.Len() < 8<<20; i++ {
		if i > 0 {
			in.WriteByte(',')
		}
		in.Write(msgs)
	}
	in.WriteString("]}\n")
	sourcetest.Bench(b, telegram.Format, in.Bytes())
}
