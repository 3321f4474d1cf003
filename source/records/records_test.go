package records_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source/records"
	"github.com/scrutineer/scrutineer/source/sourcetest"
)

func sample() []scrutineer.Record {
	when := time.Date(2025, 10, 1, 12, 30, 0, 500, time.UTC)
	return []scrutineer.Record{
		{Account: &scrutineer.Account{Platform: scrutineer.PlatformX, ID: "12", Handle: "نور", Name: "Nour 🌙", Created: when,
			Followers: scrutineer.Known(0), Posts: scrutineer.Known(1234), Verified: true, Gone: true, Category: "RightTroll",
			Raw: json.RawMessage(`{"id":"12","name":"Nour \ud83c\udf19","n":1.5e3,"html":"<a href=\"x\">é</a>"}`)}},
		{Post: &scrutineer.Post{Platform: scrutineer.PlatformBluesky, ID: "at://did:plc:a/app.bsky.feed.post/3k", Account: "did:plc:a",
			Time: when, Text: "Привет #выборы", Hashtags: []string{"выборы"}, URLs: []string{"https://a.example/x?y=1&z=2"},
			Mentions: []string{"b.bsky.social"}, ReplyTo: "at://did:plc:b/app.bsky.feed.post/1", Likes: scrutineer.Known(3),
			Media: []scrutineer.Media{{Type: "photo", Hash: "bafk", AltText: "a cat"}}, WithheldIn: []string{"DE"}, Removed: true}},
		{Ad: &scrutineer.Ad{Platform: scrutineer.PlatformFacebook, ID: "ad-1", Start: when, End: when.Add(time.Hour),
			SpendMin: scrutineer.Known(100), ImpressionsMax: scrutineer.Known(999), Regions: []string{"QC"}, Regulated: true}},
	}
}

func encode(t testing.TB, recs []scrutineer.Record) string {
	var b strings.Builder
	for _, r := range recs {
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestRoundTrip(t *testing.T) {
	want := sample()
	c := sourcetest.Read(t, records.Format, "r.jsonl", encode(t, want))
	if len(c.Rejects) > 0 {
		t.Fatalf("rejected %v", c.Rejects[0])
	}
	// Raw comes back as the same JSON, not always in the same bytes.
	sameJSON := cmp.Transformer("json", func(r json.RawMessage) any {
		var v any
		_ = json.Unmarshal(r, &v)
		return v
	})
	if diff := cmp.Diff(want, c.Records, sameJSON); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestRejects(t *testing.T) {
	good := encode(t, sample()[:1])
	in := good +
		`{"record":"post","platform":"x","id":"1","account":"2","time":"yesterday"}` + "\n" +
		`{"record":"post","platform":"x","id":"1","time":"2025-01-01T00:00:00Z"}` + "\n" +
		`{"record":"tweet","id":"1"}` + "\n" +
		`{"record":"account","platform":"x","id":7}` + "\n" +
		`{"record":"post","platform":"x","id":"1","account":"2","time":"2025-01-01T00:00:00Z","likes":"many"}` + "\n" +
		`{"record":"post","platform":"x","id":"1","account":"2","time":"2025-01-01T00:00:00Z","media":[1]}` + "\n" +
		`[1,2]` + "\n" +
		`{"record":"account","platform":"x","id":"8"` + "\n" +
		good +
		`{"record":"account","platform":"x","id":"9","name":"cut`
	c := sourcetest.Read(t, records.Format, "r.jsonl", in)
	if len(c.Records) != 2 {
		t.Errorf("%d records kept, want the 2 good ones", len(c.Records))
	}
	want := []string{
		`r.jsonl:2: time: want an RFC 3339 time, got "yesterday"`,
		`r.jsonl:3: account: missing`,
		`r.jsonl:4: record: want account, post or ad, got "tweet"`,
		`r.jsonl:5: id: want a string`,
		`r.jsonl:6: likes: want a whole number`,
		`r.jsonl:7: media: want an array of objects`,
		`r.jsonl:8: want an object, got array`,
		`r.jsonl:9: invalid JSON`,
		`r.jsonl:11: invalid JSON`,
	}
	if len(c.Rejects) != len(want) {
		t.Fatalf("%d rejections, want %d: %v", len(c.Rejects), len(want), c.Rejects)
	}
	for i, e := range c.Rejects {
		if !strings.HasPrefix(e.Error(), want[i]) {
			t.Errorf("rejection %d: %q, want %q", i, e, want[i])
		}
	}
}

func TestSniff(t *testing.T) {
	for head, want := range map[string]int{
		`{"record":"post","platform":"x"`:     100,
		"\n{\"record\":\"ad\"":                100,
		`{"platform":"x","record":"post"}`:    60,
		`{"data":[{"id":"1","text":"x"}]}`:    0,
		"object_id,account_id,content_id":     0,
		`{"did":"did:plc:a","kind":"commit"}`: 0,
		``:                                    0,
	} {
		if got := records.Format.Sniff("f", []byte(head)); got != want {
			t.Errorf("Sniff(%q) = %d, want %d", head, got, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	sourcetest.Fuzz(f, records.Format, encode(f, sample()), `{"record":"post","media":[{"type":1}]}`)
}

func BenchmarkRead(b *testing.B) {
	one := encode(b, sample())
	in := strings.Repeat(one, (8<<20)/len(one))
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		var c sourcetest.Discard
		if err := records.Format.Read(strings.NewReader(in), "r.jsonl", &c); err != nil {
			b.Fatal(err)
		}
	}
}
