package bluesky

import (
	"bytes"
	"os"
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
		{FormatJetstream, "jetstream.jsonl"},
		{FormatRecords, "listrecords.json"},
		{FormatRecords, "records.jsonl"},
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
	alice = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
	bob   = "did:plc:z72i7hdynmk6r22z27h6tvur"
	web   = "did:web:nieuws.example.nl"
	gone  = "did:plc:4q3kbd7cl5r2xhmlyc2rqx6u"
	ghost = "did:plc:u5cwb2mwiv2bfq53cjufe6yn"
)

func TestJetstreamConventions(t *testing.T) {
	c := sourcetest.Read(t, FormatJetstream, "j", readFile(t, "jetstream.jsonl"))
	p := post(t, c, "at://"+alice+"/app.bsky.feed.post/3l3qo2vuowo2b")
	eq := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	eq("account", p.Account, alice)
	eq("handle", p.Handle, "alice.bsky.social")
	eq("url", p.URL, "https://bsky.app/profile/alice.bsky.social/post/3l3qo2vuowo2b")
	eq("lang", p.Lang, "en")
	eq("title", p.Title, "Official results")
	eq("urls", strings.Join(p.URLs, " "), "https://example.org/elections/2024/results")
	eq("tags", strings.Join(p.Hashtags, " "), "Election2024")
	// Mentions in the order of the text, whatever the order of the facets;
	// a DID with no known handle stays a DID.
	eq("mentions", strings.Join(p.Mentions, " "), "bob.example.com "+ghost)
	eq("time", p.Time.Format("2006-01-02T15:04:05Z07:00"), "2024-10-27T03:33:21Z")

	r := post(t, c, "at://"+bob+"/app.bsky.feed.post/3l3qo3abcde2b")
	eq("reply", r.ReplyTo, p.ID)
	eq("thread", r.Thread, p.ID)
	eq("reply account", r.ReplyToAccount, alice)
	eq("time in UTC", r.Time.Format("2006-01-02T15:04:05Z07:00"), "2024-10-27T03:33:22Z")
	if len(r.Media) != 2 || r.Media[0].Hash != "bafkreiimageone" || r.Media[0].Type != "photo" ||
		r.Media[0].AltText != "Очередь у избирательного участка" || r.Media[1].Hash != "bafkreilegacyimage" {
		t.Errorf("media = %+v", r.Media)
	}
	if !r.Sensitive {
		t.Error("a graphic-media label makes the post sensitive")
	}

	q := post(t, c, "at://"+web+"/app.bsky.feed.post/3l3qo4xyz222b")
	eq("quote", q.QuoteOf, r.ID)
	eq("arabic tag without #", strings.Join(q.Hashtags, " "), "تصويت")
	eq("url without handle", q.URL, "https://bsky.app/profile/"+web+"/post/3l3qo4xyz222b")

	m := post(t, c, "at://"+alice+"/app.bsky.feed.post/3l3qo5media2b")
	eq("quote with media", m.QuoteOf, q.ID)
	if len(m.Media) != 1 || m.Media[0].Type != "video" || m.Media[0].Hash != "bafkreivideo" {
		t.Errorf("media = %+v", m.Media)
	}

	rp := post(t, c, "at://"+bob+"/app.bsky.feed.repost/3l3qo6rep0s2b")
	eq("repost of", rp.RepostOf, p.ID)
	eq("repost handle", rp.Handle, "bob.example.com")

	// The time of a post without createdAt is the event's.
	n := post(t, c, "at://"+ghost+"/app.bsky.feed.post/3l3qo8nocrt2b")
	if n.Time.UnixMicro() != 1730000010500000 {
		t.Errorf("time = %v", n.Time)
	}
	eq("handle.invalid is no handle", n.Handle, "")

	for _, x := range c.Posts() {
		if strings.Contains(x.ID, "like") || strings.Contains(x.ID, "follow") {
			t.Errorf("read %s, which is not read", x.ID)
		}
	}
	if !accountOf(t, c, gone).Gone {
		t.Error("a taken-down account is gone")
	}
	a := accountOf(t, c, alice)
	eq("name", a.Name, "Alice 🌻 Ivanova")
	eq("avatar", a.ImageURL, "https://cdn.bsky.app/img/avatar/plain/"+alice+"/bafkreiaavatarcid7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a@jpeg")
	eq("account handle", a.Handle, "alice.bsky.social")
	if accountOf(t, c, bob).Gone {
		t.Error("an active account is not gone")
	}
	// Every account once, and each post once.
	seen := map[scrutineer.RecordKey]bool{}
	for _, rec := range c.Records {
		if seen[rec.Key()] && rec.Account == nil {
			t.Errorf("%s twice", rec.Key())
		}
		seen[rec.Key()] = true
	}
}

func TestRecordsConventions(t *testing.T) {
	c := sourcetest.Read(t, FormatRecords, "r", readFile(t, "listrecords.json"))
	if len(c.Posts()) != 3 {
		t.Fatalf("%d posts, want 3 (the follow is passed over)", len(c.Posts()))
	}
	rp := post(t, c, "at://"+alice+"/app.bsky.feed.repost/3l3qo9rp0st2b")
	if rp.RepostOf != "at://"+bob+"/app.bsky.feed.post/3l3qo3abcde2b" {
		t.Errorf("repost of %q", rp.RepostOf)
	}
	if a := accountOf(t, c, alice); a.Name != "Alice 🌻 Ivanova" || !bytes.Contains(a.Raw, []byte(`"uri"`)) {
		t.Errorf("account = %+v", a)
	}
}

func TestSniff(t *testing.T) {
	heads := map[string]string{
		"jetstream":   readFile(t, "jetstream.jsonl"),
		"listrecords": readFile(t, "listrecords.json"),
		"records":     readFile(t, "records.jsonl"),
		"x-v2":        `{"data":[{"id":"1445078208190291968","text":"hi","author_id":"2244994945","created_at":"2021-10-04T17:41:57.000Z"}],"includes":{"users":[{"id":"2244994945","username":"TwitterDev"}]}}`,
		"x-v1":        `{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id":1050118621198921728,"id_str":"1050118621198921728","text":"hi","user":{"id":6253282,"screen_name":"TwitterAPI"}}`,
		"mastodon":    `[{"id":"103270115826048975","uri":"https://mastodon.social/users/Gargron/statuses/103270115826048975","created_at":"2019-12-08T03:48:33.901Z","account":{"id":"1","username":"Gargron","acct":"Gargron"},"content":"<p>hi</p>"}]`,
		"garbage":     "\x00\x01\x02 did: not json at all",
		"empty":       "",
		"csv":         "did,time_us,kind\ndid:plc:x,1,commit\n",
		"normalized":  readFile(t, "jetstream.jsonl.golden"),
		"normalized2": readFile(t, "listrecords.json.golden"),
	}
	for _, tc := range []struct {
		f        source.Format
		positive string
	}{
		{FormatJetstream, "jetstream"},
		{FormatRecords, "listrecords"},
		{FormatRecords, "records"},
	} {
		for name, head := range heads {
			got := tc.f.Sniff(name, []byte(head))
			switch {
			case name == tc.positive && got < 70:
				t.Errorf("%s sniffs %s at %d, want at least 70", tc.f.Name, name, got)
			case name != tc.positive && name != "listrecords" && name != "records" && tc.f.Name == FormatRecords.Name && got > 0,
				name != tc.positive && tc.f.Name == FormatJetstream.Name && got > 0,
				tc.f.Name == FormatRecords.Name && name == "jetstream" && got > 0:
				t.Errorf("%s sniffs %s at %d, want 0", tc.f.Name, name, got)
			}
			// Cut heads must not panic.
			for i := 0; i < len(head); i += 7 {
				tc.f.Sniff(name, []byte(head[:i]))
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	lines := strings.SplitAfter(strings.TrimSuffix(readFile(t, "jetstream.jsonl"), "\n"), "\n")
	good := sourcetest.Read(t, FormatJetstream, "in", readFile(t, "jetstream.jsonl"))
	for _, tc := range []struct {
		name, bad, field string
	}{
		{"not json", "{\"did\": oops}\n", ""},
		{"number for text", `{"did":"` + alice + `","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3zz","record":{"text":42,"createdAt":"2024-10-27T03:33:21Z"}}}` + "\n", "commit.record.text"},
		{"number for did", `{"did":7,"time_us":1,"kind":"identity"}` + "\n", "did"},
		{"bad time", `{"did":"` + alice + `","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3zz","record":{"text":"x","createdAt":"yesterday"}}}` + "\n", "commit.record.createdAt"},
		{"facets not an array", `{"did":"` + alice + `","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3zz","record":{"text":"x","facets":{},"createdAt":"2024-10-27T03:33:21Z"}}}` + "\n", "commit.record.facets"},
		{"unknown kind", `{"did":"` + alice + `","time_us":1,"kind":"sync"}` + "\n", "kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Join(lines[:4], "") + tc.bad + strings.Join(lines[4:], "")
			c := sourcetest.Read(t, FormatJetstream, "in", in)
			if len(c.Rejects) != 1 {
				t.Fatalf("%d rejects, want 1", len(c.Rejects))
			}
			if e := c.Rejects[0]; e.Line != 5 || e.Field != tc.field {
				t.Errorf("rejected at line %d field %q, want line 5 field %q (%v)", e.Line, e.Field, tc.field, e)
			}
			if len(c.Records) != len(good.Records) {
				t.Errorf("%d records, want %d", len(c.Records), len(good.Records))
			}
		})
	}

	// Cut in the middle of a line: every complete line before is kept.
	all := readFile(t, "jetstream.jsonl")
	cut := strings.Index(all, "3l3qo3abcde2b") // inside line 5
	c := sourcetest.Read(t, FormatJetstream, "in", all[:cut])
	if len(c.Rejects) != 1 || len(c.Posts()) != 1 {
		t.Errorf("cut input: %d rejects, %d posts, want 1 and 1", len(c.Rejects), len(c.Posts()))
	}

	// A listRecords page with a bad record keeps the others.
	page := strings.Replace(readFile(t, "listrecords.json"), `"displayName": "Alice 🌻 Ivanova"`, `"displayName": ["Alice"]`, 1)
	c = sourcetest.Read(t, FormatRecords, "in", page)
	if len(c.Rejects) != 1 || c.Rejects[0].Field != "records[0].value.displayName" || len(c.Posts()) != 3 {
		t.Errorf("page: %d rejects %v, %d posts", len(c.Rejects), c.Rejects, len(c.Posts()))
	}
	// A cut-off page is rejected whole; a cut JSON Lines file keeps its
	// complete lines.
	recs := readFile(t, "records.jsonl")
	c = sourcetest.Read(t, FormatRecords, "in", recs[:len(recs)-20])
	if len(c.Rejects) != 1 || len(c.Posts()) != 2 {
		t.Errorf("cut records: %d rejects, %d posts", len(c.Rejects), len(c.Posts()))
	}
	c = sourcetest.Read(t, FormatRecords, "in", `{"uri":"at://did:plc:x/app.bsky.feed.post/a b","value":{}}`+"\n"+`{"uri":5}`+"\n")
	if len(c.Rejects) != 2 || c.Rejects[0].Field != "uri" || c.Rejects[1].Line != 2 {
		t.Errorf("bad uris: %v", c.Rejects)
	}
}

func FuzzJetstream(f *testing.F) {
	b, _ := os.ReadFile("testdata/jetstream.jsonl")
	lines := strings.SplitAfter(string(b), "\n")
	sourcetest.Fuzz(f, FormatJetstream, append(lines, string(b))...)
}

func FuzzRecords(f *testing.F) {
	a, _ := os.ReadFile("testdata/listrecords.json")
	b, _ := os.ReadFile("testdata/records.jsonl")
	sourcetest.Fuzz(f, FormatRecords, string(a), string(b), "["+strings.ReplaceAll(strings.TrimSpace(string(b)), "\n", ",")+"]")
}

// synthetic repeats s to at least n bytes.
func BenchmarkReadJetstream(b *testing.B) {
	in, _ := os.ReadFile("testdata/jetstream.jsonl")
	sourcetest.Bench(b, FormatJetstream, sourcetest.Repeat([]byte(string(in)), 8<<20))
}

func BenchmarkReadRecords(b *testing.B) {
	in, _ := os.ReadFile("testdata/records.jsonl")
	sourcetest.Bench(b, FormatRecords, sourcetest.Repeat([]byte(string(in)), 8<<20))
}
