package mapped_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/mapped"
	"github.com/scrutineer/scrutineer/source/sourcetest"
)

func load(t testing.TB, name string) *mapped.Mapping {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapped.Parse(data, name)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func readFile(t *testing.T, mapping, input string) *sourcetest.Collector {
	t.Helper()
	data, err := os.ReadFile("testdata/" + input)
	if err != nil {
		t.Fatal(err)
	}
	return sourcetest.Read(t, mapped.Format(load(t, mapping)), input, string(data))
}

func rejects(c *sourcetest.Collector) []string {
	var out []string
	for _, e := range c.Rejects {
		out = append(out, e.Error())
	}
	return out
}

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		mapping, input string
		rejects        []string
	}{
		{"forum.yaml", "forum.csv", []string{
			`forum.csv:5: posted: time "32/10/2025 10:00" does not match "02/01/2006 15:04"`,
			`forum.csv:7: upvotes: count "lots" is not a whole number`,
		}},
		{"tweets.yaml", "tweets.jsonl", []string{
			"forum.csv", // replaced below
		}},
		{"accounts.yaml", "accounts.csv", []string{
			`accounts.csv:4: network: unknown platform "myspace"`,
		}},
	} {
		t.Run(tc.input, func(t *testing.T) {
			c := readFile(t, tc.mapping, tc.input)
			sourcetest.Golden(t, "testdata/"+strings.TrimSuffix(strings.TrimSuffix(tc.input, ".csv"), ".jsonl")+".golden.jsonl", c.Records)
			want := tc.rejects
			if tc.input == "tweets.jsonl" {
				want = []string{
					"tweets.jsonl:3: account is empty",
					"tweets.jsonl:4: entities.hashtags[].text: hashtags is an object, not an array",
					`tweets.jsonl:6: not JSON: cannot parse JSON: cannot parse object: cannot parse object value: cannot parse empty string; unparsed tail: ""`,
				}
			}
			if got := rejects(c); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("rejected\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestConventions(t *testing.T) {
	c := readFile(t, "forum.yaml", "forum.csv")
	posts, accounts := c.Posts(), c.Accounts()
	if len(posts) != 4 || len(accounts) != 4 || accounts[2].Handle != "ghost" {
		t.Fatalf("%d posts and %d accounts", len(posts), len(accounts))
	}
	p := posts[0]
	if p.Handle != "maple_watch" || fmt.Sprint(p.Hashtags) != "[élection vote]" ||
		fmt.Sprint(p.URLs) != "[https://example.org/a?x=1&y=2 https://example.org/b]" || p.Likes != scrutineer.Known(17) ||
		p.Time.Format("2006-01-02T15:04") != "2025-10-21T09:15" || p.Platform != scrutineer.PlatformWeb {
		t.Errorf("first post: %+v", p)
	}
	if a := accounts[0]; a.ID != "u1" || a.Name != "Maple Watch 🍁" || a.Followers != scrutineer.Known(1200) || a.Handle != "maple_watch" {
		t.Errorf("first account: %+v", a)
	}
	if !posts[2].Removed || posts[2].Likes != (scrutineer.Count{}) {
		t.Errorf("a deleted post: %+v", posts[2])
	}
	if posts[3].Likes != scrutineer.Known(3) {
		t.Errorf("3.0 likes: %v", posts[3].Likes)
	}

	tw := readFile(t, "tweets.yaml", "tweets.jsonl").Posts()
	if len(tw) != 4 || tw[2].ID != "1850000000000000005" || tw[1].RepostOf != "1850000000000000001" ||
		fmt.Sprint(tw[1].Mentions) != "[maple_watch]" || tw[1].Likes != scrutineer.Known(0) {
		t.Errorf("tweets: %+v", tw)
	}
}

func TestSplitLists(t *testing.T) {
	m, err := mapped.Parse([]byte("platform: x\nfields: {id: id, account: a, time: t, hashtags: h}\n"), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ cell, want string }{
		{`[""a"", ""b c""]`, "[a b c]"},
		{`['a', 'b']`, "[a b]"},
		{"a, b  c", "[a b c]"},
		{"#a #b", "[a b]"},
		{"", "[]"},
	} {
		c := sourcetest.Read(t, mapped.Format(m), "f.csv", "id,a,t,h\n1,2,2025-01-01,\""+tc.cell+"\"\n")
		if len(c.Rejects) > 0 || len(c.Posts()) != 1 {
			t.Fatalf("%q: %v", tc.cell, rejects(c))
		}
		if got := fmt.Sprint(c.Posts()[0].Hashtags); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.cell, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"platform: x\nfields:\n  id: a\n  acount: b\n  time: c\n", `m.yaml: fields: unknown field "acount" (did you mean "account"?)`},
		{"platform: twitter\nfields: {id: a}\n", `m.yaml: platform: unknown platform "twitter"`},
		{"platform: x\nfields: {id: a, time: b}\n", "m.yaml: fields: a post needs account"},
		{"fields: {id: a, account: b, time: c}\n", "m.yaml: fields: give platform"},
		{"platform: x\nkind: ad\nfields: {id: a}\n", `m.yaml: kind: "ad" is neither post nor account`},
		{"platform: x\nfields: {id: a, account: b, time: c}\nextra: 1\n", "m.yaml: yaml: unmarshal errors:\n  line 3: field extra not found"},
		{"platform: x\nfields: {id: 'a..b', account: b, time: c}\n", `m.yaml: fields: id: path "a..b"`},
		{"platform: x\nfields: {id: a, account: b, time: c, account.id: d}\n", `m.yaml: fields: unknown field "account.id"`},
		{"platform: x\nfields:\n  id: [a]\n", "m.yaml: yaml: unmarshal errors:\n  line 3"},
		{"", "m.yaml: EOF"},
	} {
		_, err := mapped.Parse([]byte(tc.in), "m.yaml")
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %s...", tc.in, err, tc.want)
		}
	}
}

func TestBadInput(t *testing.T) {
	m := load(t, "forum.yaml")
	// A header without the mapped columns reads nothing and says which.
	c := sourcetest.Read(t, mapped.Format(m), "f.csv", "message_id,body\nm1,hello\n")
	if len(c.Records) != 0 || len(c.Rejects) != 1 || !strings.Contains(c.Rejects[0].Error(), "f.csv:1: author, author_followers, author_id,") {
		t.Errorf("missing columns: %v", rejects(c))
	}
	// A file cut off in a quoted cell keeps the rows before it.
	data, _ := os.ReadFile("testdata/forum.csv")
	cut := string(data[:strings.Index(string(data), "选举")])
	c = sourcetest.Read(t, mapped.Format(m), "cut.csv", cut)
	if len(c.Posts()) != 3 || len(c.Rejects) != 2 {
		t.Errorf("cut off: %d posts, rejects %v", len(c.Posts()), rejects(c))
	}
}

func FuzzRead(f *testing.F) {
	for _, pair := range [][2]string{{"forum.yaml", "forum.csv"}, {"tweets.yaml", "tweets.jsonl"}} {
		data, err := os.ReadFile("testdata/" + pair[1])
		if err != nil {
			f.Fatal(err)
		}
		f.Add(pair[0], string(data))
	}
	maps := map[string]source.Format{}
	for _, name := range []string{"forum.yaml", "tweets.yaml"} {
		maps[name] = mapped.Format(load(f, name))
	}
	f.Fuzz(func(t *testing.T, mapping, in string) {
		format, ok := maps[mapping]
		if !ok {
			return
		}
		c := &sourcetest.Collector{}
		if err := format.Read(strings.NewReader(in), "input", c); err != nil {
			t.Fatal(err)
		}
		for i, r := range c.Records {
			if err := sourcetest.Check(r); err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"forum.yaml", "tweets.yaml", "accounts.yaml"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, in string) {
		m, err := mapped.Parse([]byte(in), "m.yaml")
		if err != nil {
			return
		}
		// A mapping that parses makes a reader that reads.
		c := &sourcetest.Collector{}
		if err := mapped.Format(m).Read(strings.NewReader("a,b\n1,2\n"), "input", c); err != nil {
			t.Fatal(err)
		}
	})
}

func BenchmarkRead(b *testing.B) {
	for _, pair := range [][2]string{{"forum.yaml", "forum.csv"}, {"tweets.yaml", "tweets.jsonl"}} {
		data, err := os.ReadFile("testdata/" + pair[1])
		if err != nil {
			b.Fatal(err)
		}
		head, body := "", string(data)
		if strings.HasSuffix(pair[1], ".csv") {
			head, body, _ = strings.Cut(body, "\n")
			head += "\n"
		}
		format := mapped.Format(load(b, pair[0]))
		// Measure the rows that read: the fixtures' bad rows are there for
		// the tests, and a rejection costs more than a record.
		c := sourcetest.Read(b, format, pair[1], string(data))
		bad := map[int]bool{}
		for _, e := range c.Rejects {
			bad[e.Line] = true
		}
		var good strings.Builder
		first := 1
		if head != "" {
			first = 2
		}
		for i, line := range strings.SplitAfter(body, "\n") {
			if !bad[first+i] {
				good.WriteString(line)
			}
		}
		body = good.String()
		in := head + strings.Repeat(body, (8<<20)/len(body))
		b.Run(pair[1], func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				var c sourcetest.Discard
				if err := format.Read(strings.NewReader(in), pair[1], &c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCopies(t *testing.T) {
	data, err := os.ReadFile("testdata/forum.csv")
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(string(data), "\n")
	sourcetest.Copies(t, mapped.Format(load(t, "forum.yaml")), "forum.csv", head+"\n", body)
}
