// Package storetest is the test suite that every store passes: the same
// tests run on SQLite and on PostgreSQL, so that the two behave alike.
package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/simulate"
)

// RecordStore is the part of a store that keeps records.
type RecordStore interface {
	scrutineer.RecordService
	scrutineer.PostService
	scrutineer.AccountService
	CountRecords(ctx context.Context) (scrutineer.RecordCounts, error)
	// FindAdByID reads an ad back; no service needs it yet beyond the
	// tests that check ads are kept whole.
	FindAdByID(ctx context.Context, platform scrutineer.Platform, id string) (*scrutineer.Ad, error)
}

// Records tests a record store; open gives an empty one.
func Records(t *testing.T, open func(t *testing.T) RecordStore) {
	t.Run("PutIdempotent", func(t *testing.T) { testPutIdempotent(t, open(t)) })
	t.Run("PutInvalid", func(t *testing.T) { testPutInvalid(t, open(t)) })
	t.Run("PutConcurrent", func(t *testing.T) { testPutConcurrent(t, open(t)) })
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, open(t)) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, open(t)) })
	t.Run("Count", func(t *testing.T) { testCount(t, open(t)) })
	t.Run("Posts", func(t *testing.T) {
		s := open(t)
		put(t, s, fixture())
		t.Run("Filters", func(t *testing.T) { testPostFilters(t, s) })
		t.Run("Text", func(t *testing.T) { testText(t, s) })
		t.Run("Hostile", func(t *testing.T) { testHostile(t, s) })
		t.Run("Accounts", func(t *testing.T) { testAccounts(t, s) })
		t.Run("Cursors", func(t *testing.T) { testCursors(t, s) })
	})
	t.Run("World", func(t *testing.T) { testWorld(t, open(t)) })
}

var ctx = context.Background()

// t0 is the fixture's first post time.
var t0 = time.Date(2025, 10, 1, 12, 0, 0, 0, time.UTC)

// fixture is a small hand-made set of records in several scripts, with
// ties in time, every kind of shared object, and odd JSON in Raw.
func fixture() []scrutineer.Record {
	edt := time.FixedZone("EDT", -4*3600)
	posts := []*scrutineer.Post{
		{Platform: scrutineer.PlatformX, ID: "1001", URL: "https://x.com/MarieTremblay/status/1001", Account: "a1",
			Handle: "MarieTremblay", Time: t0, Text: "Vote early on Monday! #elxn45 https://example.com/vote", Lang: "en",
			Hashtags: []string{"elxn45"}, URLs: []string{"https://example.com/vote"}, Likes: scrutineer.Known(0),
			Reposts: scrutineer.Known(12), Views: scrutineer.Known(1 << 40), Source: "Twitter Web App",
			Raw: json.RawMessage(`{ "id" : "1001",  "nested": {"a": [1, 2.50, "\u00fc", null]}, "e":"🗳️" }`)},
		{Platform: scrutineer.PlatformX, ID: "1002", Account: "a2", Handle: "quebec_libre",
			Time: time.Date(2025, 10, 1, 9, 0, 0, 123456789, edt), // 13:00:00.123456789 UTC
			Text: "Le Bloc Québécois promet des élections équitables", Lang: "fr", Hashtags: []string{"Élection", "Élection"},
			Media:      []scrutineer.Media{{Type: "photo", URL: "https://pbs.example/1.jpg", Hash: "abc", AltText: "Affiche électorale ⚜️"}},
			WithheldIn: []string{"DE", "FR"}, Sensitive: true},
		{Platform: scrutineer.PlatformBluesky, ID: "at://did:plc:abc/app.bsky.feed.post/3k", Account: "did:plc:abc",
			Handle: "ana.bsky.social", Time: t0.Add(2 * time.Hour), Text: "الانتخابات الحرة والنزيهة 🗳️", Lang: "ar",
			QuoteOf: "at://did:plc:xyz/app.bsky.feed.post/1", Thread: "at://did:plc:abc/app.bsky.feed.post/3k",
			Raw: json.RawMessage(`{"$type":"app.bsky.feed.post","text":"\u0627\u0644"}`)},
		{Platform: scrutineer.PlatformMastodon, ID: "https://social.example/users/ana/statuses/1",
			Account: "https://social.example/users/ana", Handle: "ana@social.example", Time: t0.Add(30 * time.Minute),
			Text: "Выборы в Канаде 2025 — голосуйте!", Lang: "ru", Mentions: []string{"bob@other.example"},
			Removed: true, Replies: scrutineer.Known(0)},
		{Platform: scrutineer.PlatformX, ID: "1005", Account: "a3", Handle: "bot_4567", Time: t0.Add(3 * time.Hour),
			Text: "RT @MarieTremblay: Vote early on Monday!", Lang: "en", RepostOf: "1001"},
		{Platform: scrutineer.PlatformX, ID: "1006", Account: "a1", Handle: "MarieTremblay", Time: t0.Add(2 * time.Hour),
			Title: "Debate night", Text: "שלום עולם: election fraud claims are false", Lang: "he", ReplyTo: "1001",
			ReplyToAccount: "a1", Thread: "1001"},
		{Platform: scrutineer.PlatformX, ID: "1007", Account: "a4", Time: t0.Add(2 * time.Hour),
			Text: `don't "quote" NEAR(this) * stars AND OR NOT`, Lang: "en", Channel: "general"},
		{Platform: scrutineer.PlatformReddit, ID: "t3_abc", Account: "t2_x", Time: t0.Add(-24 * time.Hour),
			Title: "Élection: the results thread", Channel: "r/canada", Lang: "en",
			URLs: []string{"https://example.com/vote", "https://elections.example/results"}},
		{Platform: scrutineer.PlatformTelegram, ID: "chat/7", Account: "chat", Time: t0.Add(-48 * time.Hour), Lang: "uk"},
	}
	accounts := []*scrutineer.Account{
		{Platform: scrutineer.PlatformX, ID: "a1", Handle: "MarieTremblay", Name: "Marie Tremblay",
			Description: "Chef du parti 🇨🇦", Created: time.Date(2009, 3, 1, 0, 0, 0, 0, time.UTC),
			Followers: scrutineer.Known(150000), Following: scrutineer.Known(0), Verified: true,
			Raw: json.RawMessage(`{"id_str":"a1","entities":{"url":{"urls":[]}}}`)},
		{Platform: scrutineer.PlatformX, ID: "a2", Handle: "quebec_libre", Name: "Québec Libre ⚜️", Location: "Montréal"},
		{Platform: scrutineer.PlatformX, ID: "a3", Handle: "bot_4567", Name: "Новости", Bot: true, Gone: true,
			Category: "NewsFeed"},
		{Platform: scrutineer.PlatformX, ID: "a4", Handle: "Marc", Name: "Zed", Protected: true},
		{Platform: scrutineer.PlatformBluesky, ID: "did:plc:abc", Handle: "ana.bsky.social", Name: "آنا",
			ImageURL: "https://cdn.example/a.jpg"},
		{Platform: scrutineer.PlatformMastodon, ID: "https://social.example/users/ana", Handle: "ana@social.example",
			Name: "Ana", URL: "https://social.example/@ana", Website: "https://ana.example", Lang: "es"},
	}
	ads := []*scrutineer.Ad{
		{Platform: scrutineer.PlatformFacebook, ID: "ad-1", URL: "https://facebook.com/ads/library/?id=1", Account: "page-1",
			Advertiser: "Parti Exemple", Payer: "Agent officiel", PayerCountry: "CA",
			Authorization: "Autorisé par l'agent officiel du Parti Exemple", Regulated: true, Text: "Votez ✔",
			LinkURL: "https://exemple.ca", Start: t0, End: t0.Add(72 * time.Hour), Currency: "CAD",
			SpendMin: scrutineer.Known(100), SpendMax: scrutineer.Known(499), ImpressionsMin: scrutineer.Known(1000),
			Regions: []string{"Québec", "Ontario"}, Raw: json.RawMessage(`{"ad_id": 1, "spend": {"lower_bound": "100"}}`)},
		{Platform: scrutineer.PlatformYouTube, ID: "CR123"},
	}
	var recs []scrutineer.Record
	for _, a := range accounts {
		recs = append(recs, scrutineer.Record{Account: a})
	}
	for _, p := range posts {
		recs = append(recs, scrutineer.Record{Post: p})
	}
	for _, a := range ads {
		recs = append(recs, scrutineer.Record{Ad: a})
	}
	return recs
}

func put(t *testing.T, s RecordStore, recs []scrutineer.Record) []bool {
	t.Helper()
	isNew, err := s.PutRecords(ctx, recs)
	if err != nil {
		t.Fatal(err)
	}
	if len(isNew) != len(recs) {
		t.Fatalf("put %d records: %d answers", len(recs), len(isNew))
	}
	return isNew
}

func counts(t *testing.T, s RecordStore) scrutineer.RecordCounts {
	t.Helper()
	c, err := s.CountRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func all(b []bool, want bool) bool {
	return !slices.Contains(b, !want)
}

func testPutIdempotent(t *testing.T, s RecordStore) {
	recs := fixture()
	if got := put(t, s, recs); !all(got, true) {
		t.Errorf("first put: %v, want all new", got)
	}
	before := counts(t, s)
	if got := put(t, s, fixture()); !all(got, false) {
		t.Errorf("second put: %v, want all duplicates", got)
	}
	if after := counts(t, s); !gocmp.Equal(before, after) {
		t.Errorf("counts changed by a second put: %s", gocmp.Diff(before, after))
	}

	// A stored key is a duplicate however the record differs, and the
	// stored one stays; within a batch the first of a key wins.
	changed := *recs[len(recs)-4].Post // not the last posts: the ads are last
	orig := *recs[len(recs)-4].Post
	changed.Text = "changed"
	fresh := &scrutineer.Post{Platform: scrutineer.PlatformX, ID: "2001", Account: "a1", Time: t0, Text: "first"}
	again := *fresh
	again.Text = "second"
	acc := &scrutineer.Account{Platform: scrutineer.PlatformX, ID: "a9", Handle: "nine"}
	got := put(t, s, []scrutineer.Record{{Post: &changed}, {Post: fresh}, {Post: &again}, {Account: acc}, {Post: fresh},
		{Account: acc}})
	if want := []bool{false, true, false, true, false, false}; !slices.Equal(got, want) {
		t.Errorf("mixed put: %v, want %v", got, want)
	}
	if p, err := s.FindPostByID(ctx, orig.Platform, orig.ID); err != nil {
		t.Fatal(err)
	} else if p.Text != orig.Text {
		t.Errorf("a duplicate replaced the stored post: text %q, want %q", p.Text, orig.Text)
	}
	if p, err := s.FindPostByID(ctx, fresh.Platform, fresh.ID); err != nil {
		t.Fatal(err)
	} else if p.Text != "first" {
		t.Errorf("a batch's second record of a key was kept: text %q", p.Text)
	}
	// The same id as a post, an account and an ad are three records.
	same := []scrutineer.Record{
		{Post: &scrutineer.Post{Platform: scrutineer.PlatformWeb, ID: "same", Time: t0}},
		{Account: &scrutineer.Account{Platform: scrutineer.PlatformWeb, ID: "same"}},
		{Ad: &scrutineer.Ad{Platform: scrutineer.PlatformWeb, ID: "same"}},
	}
	if got := put(t, s, same); !all(got, true) {
		t.Errorf("one id in three kinds: %v, want all new", got)
	}
	if got := put(t, s, nil); len(got) != 0 {
		t.Errorf("put nothing: %v", got)
	}
}

func testPutInvalid(t *testing.T, s RecordStore) {
	ok := scrutineer.Record{Post: &scrutineer.Post{Platform: scrutineer.PlatformX, ID: "1", Time: t0}}
	for name, r := range map[string]scrutineer.Record{
		"empty":       {},
		"no id":       {Post: &scrutineer.Post{Platform: scrutineer.PlatformX, Time: t0}},
		"no platform": {Account: &scrutineer.Account{ID: "1"}},
		"bad raw":     {Ad: &scrutineer.Ad{Platform: scrutineer.PlatformFacebook, ID: "1", Raw: json.RawMessage(`{"a":`)}},
	} {
		_, err := s.PutRecords(ctx, []scrutineer.Record{ok, r})
		if code := scrutineer.ErrorCode(err); code != scrutineer.EInvalid {
			t.Errorf("%s: error %v, want %s", name, err, scrutineer.EInvalid)
		}
	}
	if c := counts(t, s); len(c.Posts)+len(c.Accounts)+len(c.Ads) != 0 {
		t.Errorf("an invalid batch stored records: %+v", c)
	}
}

// testPutConcurrent puts the same records from several goroutines: each
// must be new exactly once.
func testPutConcurrent(t *testing.T, s RecordStore) {
	var recs []scrutineer.Record
	for i := range 500 {
		recs = append(recs, scrutineer.Record{Post: &scrutineer.Post{Platform: scrutineer.PlatformX,
			ID: fmt.Sprint(i), Account: "a", Time: t0.Add(time.Duration(i) * time.Second), Text: "word",
			Hashtags: []string{"tag"}}})
	}
	const workers = 4
	results := make([][]bool, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var got []bool
			for batch := range slices.Chunk(recs, 50+w*17) {
				isNew, err := s.PutRecords(ctx, batch)
				if err != nil {
					t.Error(err)
					return
				}
				got = append(got, isNew...)
			}
			results[w] = got
		})
	}
	wg.Wait()
	for i := range recs {
		n := 0
		for w := range workers {
			if i < len(results[w]) && results[w][i] {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("record %d was new %d times", i, n)
		}
	}
	if c := counts(t, s); c.Posts[scrutineer.PlatformX] != int64(len(recs)) {
		t.Errorf("stored %d posts, want %d", c.Posts[scrutineer.PlatformX], len(recs))
	}
}

// equal compares records as JSON sees them: a nil slice and an empty one
// are the same, and times are equal when they are the same instant.
var equal = []gocmp.Option{cmpopts.EquateEmpty()}

func testRoundTrip(t *testing.T, s RecordStore) {
	recs := fixture()
	put(t, s, recs)
	for _, r := range recs {
		checkStored(t, s, r)
	}
}

// checkStored reads r back and compares it field by field, and Raw byte
// for byte.
func checkStored(t *testing.T, s RecordStore, r scrutineer.Record) {
	t.Helper()
	k := r.Key()
	var got any
	var err error
	var want any
	var raw, gotRaw json.RawMessage
	switch {
	case r.Post != nil:
		var p *scrutineer.Post
		p, err = s.FindPostByID(ctx, k.Platform, k.ID)
		got, want, raw = p, r.Post, r.Post.Raw
		if p != nil {
			gotRaw = p.Raw
		}
	case r.Account != nil:
		var a *scrutineer.Account
		a, err = s.FindAccountByID(ctx, k.Platform, k.ID)
		got, want, raw = a, r.Account, r.Account.Raw
		if a != nil {
			gotRaw = a.Raw
		}
	case r.Ad != nil:
		var a *scrutineer.Ad
		a, err = s.FindAdByID(ctx, k.Platform, k.ID)
		got, want, raw = a, r.Ad, r.Ad.Raw
		if a != nil {
			gotRaw = a.Raw
		}
	}
	if err != nil {
		t.Errorf("%s: %v", k, err)
		return
	}
	if d := gocmp.Diff(want, got, equal...); d != "" {
		t.Errorf("%s read back differs (-put +read):\n%s", k, d)
	}
	if string(raw) != string(gotRaw) {
		t.Errorf("%s: raw read back as %s, want %s", k, gotRaw, raw)
	}
}

func testNotFound(t *testing.T, s RecordStore) {
	put(t, s, fixture())
	if _, err := s.FindPostByID(ctx, scrutineer.PlatformX, "nope"); scrutineer.ErrorCode(err) != scrutineer.ENotFound {
		t.Errorf("missing post: %v, want %s", err, scrutineer.ENotFound)
	}
	// An id stored on another platform, or as another kind, is not it.
	if _, err := s.FindPostByID(ctx, scrutineer.PlatformBluesky, "1001"); scrutineer.ErrorCode(err) != scrutineer.ENotFound {
		t.Errorf("post on the wrong platform: %v, want %s", err, scrutineer.ENotFound)
	}
	if _, err := s.FindAccountByID(ctx, scrutineer.PlatformX, "1001"); scrutineer.ErrorCode(err) != scrutineer.ENotFound {
		t.Errorf("missing account: %v, want %s", err, scrutineer.ENotFound)
	}
	if _, err := s.FindAdByID(ctx, scrutineer.PlatformX, "ad-1"); scrutineer.ErrorCode(err) != scrutineer.ENotFound {
		t.Errorf("missing ad: %v, want %s", err, scrutineer.ENotFound)
	}
}

func testCount(t *testing.T, s RecordStore) {
	want := scrutineer.RecordCounts{Posts: map[scrutineer.Platform]int64{}, Accounts: map[scrutineer.Platform]int64{},
		Ads: map[scrutineer.Platform]int64{}}
	if got := counts(t, s); !gocmp.Equal(got, want, equal...) {
		t.Errorf("empty store counts %+v", got)
	}
	for _, r := range fixture() {
		k := r.Key()
		switch k.Kind {
		case scrutineer.KindPost:
			want.Posts[k.Platform]++
		case scrutineer.KindAccount:
			want.Accounts[k.Platform]++
		case scrutineer.KindAd:
			want.Ads[k.Platform]++
		}
	}
	put(t, s, fixture())
	if got := counts(t, s); !gocmp.Equal(got, want) {
		t.Errorf("counts (-want +got):\n%s", gocmp.Diff(want, got))
	}
}

// newestFirst is the order of FindPosts.
func newestFirst(a, b *scrutineer.Post) int {
	return cmp.Or(-cmpTime(a.Time, b.Time), -strings.Compare(string(a.Platform), string(b.Platform)),
		-strings.Compare(a.ID, b.ID))
}

// cmpTime compares as the stores do: by unix nanoseconds, the zero time
// first.
func cmpTime(a, b time.Time) int {
	switch {
	case a.IsZero() || b.IsZero():
		return cmp.Compare(btoi(!a.IsZero()), btoi(!b.IsZero()))
	}
	return a.Compare(b)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func keyOf(p *scrutineer.Post) string { return string(p.Platform) + ":" + p.ID }

// findAll reads every page of f, checking that each page is in order,
// no longer than the limit, and that pages neither repeat nor skip.
func findAll(t *testing.T, s RecordStore, f scrutineer.PostFilter) []string {
	t.Helper()
	var keys []string
	var prev *scrutineer.Post
	seen := map[string]bool{}
	for pages := 0; ; pages++ {
		if pages > 100_000 {
			t.Fatal("paging does not end")
		}
		page, err := s.FindPosts(ctx, f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		n, _ := pageLimit(f.Limit)
		if len(page.Items) > n {
			t.Fatalf("page of %d posts, limit %d", len(page.Items), n)
		}
		if page.Next != "" && len(page.Items) != n {
			t.Fatalf("a short page (%d of %d) with a next page", len(page.Items), n)
		}
		for _, p := range page.Items {
			if prev != nil && newestFirst(prev, p) >= 0 {
				t.Fatalf("%s after %s: not newest first", keyOf(p), keyOf(prev))
			}
			if seen[keyOf(p)] {
				t.Fatalf("%s twice", keyOf(p))
			}
			seen[keyOf(p)] = true
			prev = p
			keys = append(keys, keyOf(p))
		}
		if page.Next == "" {
			return keys
		}
		f.Cursor = page.Next
	}
}

func pageLimit(n int) (int, bool) {
	switch {
	case n < 0:
		return 0, false
	case n == 0:
		return scrutineer.DefaultLimit, true
	}
	return min(n, scrutineer.MaxLimit), true
}

// expect gives the keys of the posts among recs that keep selects, in the
// order FindPosts gives them.
func expect(recs []scrutineer.Record, keep func(p *scrutineer.Post) bool) []string {
	var ps []*scrutineer.Post
	for _, r := range recs {
		if r.Post != nil && keep(r.Post) {
			ps = append(ps, r.Post)
		}
	}
	slices.SortFunc(ps, newestFirst)
	keys := make([]string, len(ps))
	for i, p := range ps {
		keys[i] = keyOf(p)
	}
	return keys
}

func ids(keys ...string) func(p *scrutineer.Post) bool {
	return func(p *scrutineer.Post) bool { return slices.Contains(keys, p.ID) }
}

func shares(p *scrutineer.Post, o string) bool {
	return p.RepostOf == o || p.ReplyTo == o || p.QuoteOf == o || slices.Contains(p.URLs, o) ||
		slices.Contains(p.Hashtags, o)
}

func testPostFilters(t *testing.T, s RecordStore) {
	recs := fixture()
	everything := func(*scrutineer.Post) bool { return true }
	for _, tc := range []struct {
		name string
		f    scrutineer.PostFilter
		want func(p *scrutineer.Post) bool
	}{
		{"all", scrutineer.PostFilter{}, everything},
		{"all by ones", scrutineer.PostFilter{Limit: 1}, everything},
		{"all by twos", scrutineer.PostFilter{Limit: 2}, everything},
		{"limit above max", scrutineer.PostFilter{Limit: scrutineer.MaxLimit + 1}, everything},
		{"platform", scrutineer.PostFilter{Platform: scrutineer.PlatformX, Limit: 2},
			func(p *scrutineer.Post) bool { return p.Platform == scrutineer.PlatformX }},
		{"unknown platform", scrutineer.PostFilter{Platform: "myspace"}, ids()},
		{"account", scrutineer.PostFilter{Platform: scrutineer.PlatformX, Account: "a1"}, ids("1001", "1006")},
		{"account on any platform", scrutineer.PostFilter{Account: "a1"}, ids("1001", "1006")},
		{"account on another platform", scrutineer.PostFilter{Platform: scrutineer.PlatformBluesky, Account: "a1"}, ids()},
		{"since", scrutineer.PostFilter{Since: t0.Add(time.Hour)},
			func(p *scrutineer.Post) bool { return !p.Time.Before(t0.Add(time.Hour)) }},
		{"until", scrutineer.PostFilter{Until: t0.Add(2 * time.Hour), Limit: 3},
			func(p *scrutineer.Post) bool { return p.Time.Before(t0.Add(2 * time.Hour)) }},
		{"since until", scrutineer.PostFilter{Since: t0, Until: t0.Add(2 * time.Hour)}, ids("1001", "1002",
			"https://social.example/users/ana/statuses/1")},
		{"since is inclusive to the nanosecond",
			scrutineer.PostFilter{Since: time.Date(2025, 10, 1, 13, 0, 0, 123456789, time.UTC),
				Until: time.Date(2025, 10, 1, 13, 0, 0, 123456790, time.UTC)}, ids("1002")},
		{"empty window", scrutineer.PostFilter{Since: t0, Until: t0}, ids()},
		{"lang", scrutineer.PostFilter{Lang: "fr"}, ids("1002")},
		{"hashtag", scrutineer.PostFilter{Object: "elxn45"}, ids("1001")},
		{"hashtag non-latin, twice in a post", scrutineer.PostFilter{Object: "Élection"}, ids("1002")},
		{"url", scrutineer.PostFilter{Object: "https://example.com/vote"}, ids("1001", "t3_abc")},
		{"post id", scrutineer.PostFilter{Object: "1001"}, ids("1005", "1006")},
		{"quoted post", scrutineer.PostFilter{Object: "at://did:plc:xyz/app.bsky.feed.post/1"},
			ids("at://did:plc:abc/app.bsky.feed.post/3k")},
		{"object and platform", scrutineer.PostFilter{Object: "https://example.com/vote", Platform: scrutineer.PlatformReddit},
			ids("t3_abc")},
		{"mentions are not objects", scrutineer.PostFilter{Object: "bob@other.example"}, ids()},
		{"everything at once", scrutineer.PostFilter{Platform: scrutineer.PlatformX, Account: "a1", Since: t0,
			Until: t0.Add(time.Hour), Lang: "en", Text: "vote", Object: "elxn45", Limit: 1}, ids("1001")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := findAll(t, s, tc.f)
			if want := expect(recs, tc.want); !slices.Equal(got, want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
		})
	}
	page, err := s.FindPosts(ctx, scrutineer.PostFilter{Limit: -1})
	if scrutineer.ErrorCode(err) != scrutineer.EInvalid {
		t.Errorf("limit -1: %d posts, error %v; want %s", len(page.Items), err, scrutineer.EInvalid)
	}
}

func testText(t *testing.T, s RecordStore) {
	recs := fixture()
	withText := func(p *scrutineer.Post) bool { return p.Text != "" || p.Title != "" }
	for _, tc := range []struct {
		text string
		want func(p *scrutineer.Post) bool
	}{
		{"vote", ids("1001", "1005")},
		{"VOTE Monday", ids("1001", "1005")},
		{"vote monday early", ids("1001", "1005")},
		{"vote nothere", ids()},
		{`"early on monday"`, ids("1001", "1005")},
		{`"monday early"`, ids()},
		{`"early on monday`, ids("1001", "1005")}, // unterminated
		{"vote -rt", ids("1001")},
		{`vote -"rt marietremblay"`, ids("1001")},
		{"-vote", func(p *scrutineer.Post) bool { return !ids("1001", "1005")(p) }},
		{"-vote -election", func(p *scrutineer.Post) bool { return !ids("1001", "1005", "1006", "t3_abc")(p) }},
		{"quebecois", ids("1002")},
		{"QUÉBÉCOIS élections", ids("1002")},
		{"elections", ids("1002")},
		{"election", ids("1006", "t3_abc")}, // in a title, too
		{"debate", ids("1006")},
		{"الانتخابات", ids("at://did:plc:abc/app.bsky.feed.post/3k")},
		{"ВЫБОРЫ канаде", ids("https://social.example/users/ana/statuses/1")},
		{"2025", ids("https://social.example/users/ana/statuses/1")},
		{"שלום", ids("1006")},
		{"#elxn45", ids("1001")},
		{"example.com/vote", ids("1001")},
		{"don't", ids("1007")},
		{`"don't"`, ids("1007")},
		{"near this", ids("1007")},
		{"and or not", ids("1007")},
		{"   ", func(*scrutineer.Post) bool { return true }},
		{"🗳️", func(*scrutineer.Post) bool { return true }}, // no word in it
		{"- \" *", func(*scrutineer.Post) bool { return true }},
	} {
		t.Run(tc.text, func(t *testing.T) {
			got := findAll(t, s, scrutineer.PostFilter{Text: tc.text, Limit: 2})
			want := expect(recs, tc.want)
			if strings.HasPrefix(strings.TrimSpace(tc.text), "-") {
				// Exclusions also keep posts without text.
				want = expect(recs, func(p *scrutineer.Post) bool { return tc.want(p) || !withText(p) })
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
		})
	}
}

// testHostile searches with strings that mean something to FTS5, to
// tsquery or to SQL: none may fail, and none may match what its words do
// not.
func testHostile(t *testing.T, s RecordStore) {
	for _, text := range []string{
		`"`, `""`, `"""`, `*`, `**`, `NEAR(`, `NEAR(vote monday, 2)`, `)`, `(`, `()`, `vote)`, `(vote`,
		`AND`, `OR`, `NOT`, `vote OR`, `OR vote`, `vote AND NOT monday`, `-`, `--`, `---vote`, `- vote`,
		`'`, `''`, `\`, `\'`, `vote*`, `*vote`, `^vote`, `text:vote`, `{text title}: vote`, `title:debate`,
		`vote:*`, `vote & monday`, `vote | monday`, `!vote`, `vote <-> monday`, `'vote':*`, `"vote" "monday"`,
		`'; DROP TABLE posts; --`, `"; DELETE FROM posts; --`, "nul\x00byte", "\xff\xfe", "tab\tnew\nline",
		`+vote`, `vote + monday`, `col:"x"`, `"a" OR "b`, `NEAR("vote" "monday")`, strings.Repeat("x", 10_000),
		strings.Repeat(`"`, 501), strings.Repeat("(", 300) + "vote",
	} {
		page, err := s.FindPosts(ctx, scrutineer.PostFilter{Text: text})
		if err != nil {
			t.Errorf("text %.40q: %v", text, err)
			continue
		}
		for _, p := range page.Items {
			if strings.Contains(text, "monday") && !strings.Contains(text, "-") && !strings.Contains(strings.ToLower(p.Text), "monday") {
				t.Errorf("text %.40q: found %s, which has no monday", text, keyOf(p))
			}
		}
	}
	for text, want := range map[string][]string{
		`vote*`:                   {"x:1005", "x:1001"},
		`NEAR(vote monday, 2)`:    nil, // the words near, vote, monday, 2: no post has them all
		`text:vote`:               nil,
		`vote)`:                   {"x:1005", "x:1001"},
		`vote OR`:                 nil, // "or" is a word to find
		`!vote`:                   {"x:1005", "x:1001"},
		`'; DROP TABLE posts; --`: nil,
	} {
		if got := findAll(t, s, scrutineer.PostFilter{Text: text}); !slices.Equal(got, want) {
			t.Errorf("text %q: got %q, want %q", text, got, want)
		}
	}
	if n := counts(t, s).Posts[scrutineer.PlatformX]; n != 5 {
		t.Errorf("%d X posts after the hostile searches, want 5", n)
	}
	words := strings.Repeat("w ", 40)
	if _, err := s.FindPosts(ctx, scrutineer.PostFilter{Text: words}); scrutineer.ErrorCode(err) != scrutineer.EInvalid {
		t.Errorf("a query of 40 words: %v, want %s", err, scrutineer.EInvalid)
	}
}

func testAccounts(t *testing.T, s RecordStore) {
	recs := fixture()
	keysOf := func(as []*scrutineer.Account) []string {
		var out []string
		for _, a := range as {
			out = append(out, string(a.Platform)+":"+a.ID)
		}
		return out
	}
	var everyone []*scrutineer.Account
	for _, r := range recs {
		if r.Account != nil {
			everyone = append(everyone, r.Account)
		}
	}
	slices.SortFunc(everyone, func(a, b *scrutineer.Account) int {
		return cmp.Or(strings.Compare(string(a.Platform), string(b.Platform)), strings.Compare(a.ID, b.ID))
	})
	for _, tc := range []struct {
		name string
		f    scrutineer.AccountFilter
		want []string
	}{
		{"all", scrutineer.AccountFilter{}, keysOf(everyone)},
		{"all by twos", scrutineer.AccountFilter{Limit: 2}, keysOf(everyone)},
		{"platform", scrutineer.AccountFilter{Platform: scrutineer.PlatformX, Limit: 3}, []string{"x:a1", "x:a2", "x:a3", "x:a4"}},
		{"handle prefix, any case", scrutineer.AccountFilter{Text: "MAR"}, []string{"x:a1", "x:a4"}},
		{"handle with @", scrutineer.AccountFilter{Text: "@ana"},
			[]string{"bluesky:did:plc:abc", "mastodon:https://social.example/users/ana"}},
		{"handle and platform", scrutineer.AccountFilter{Text: "ana", Platform: scrutineer.PlatformMastodon},
			[]string{"mastodon:https://social.example/users/ana"}},
		{"name prefix", scrutineer.AccountFilter{Text: "marie t"}, []string{"x:a1"}},
		{"name without diacritics", scrutineer.AccountFilter{Text: "quebec l"}, []string{"x:a2"}},
		{"name with diacritics", scrutineer.AccountFilter{Text: "Québec"}, []string{"x:a2"}},
		{"cyrillic name", scrutineer.AccountFilter{Text: "новост"}, []string{"x:a3"}},
		{"arabic name", scrutineer.AccountFilter{Text: "آ"}, []string{"bluesky:did:plc:abc"}},
		{"not a prefix", scrutineer.AccountFilter{Text: "tremblay"}, nil},
		{"like syntax is text", scrutineer.AccountFilter{Text: "%"}, nil},
		{"like underscore is text", scrutineer.AccountFilter{Text: "quebec_"}, []string{"x:a2"}},
		{"hostile", scrutineer.AccountFilter{Text: `'"*)(`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			f := tc.f
			for range 100 {
				page, err := s.FindAccounts(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if n, _ := pageLimit(f.Limit); len(page.Items) > n {
					t.Fatalf("page of %d, limit %d", len(page.Items), n)
				}
				got = append(got, keysOf(page.Items)...)
				if page.Next == "" {
					break
				}
				f.Cursor = page.Next
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
	if _, err := s.FindAccounts(ctx, scrutineer.AccountFilter{Limit: -5}); scrutineer.ErrorCode(err) != scrutineer.EInvalid {
		t.Errorf("limit -5: %v, want %s", err, scrutineer.EInvalid)
	}
}

func testCursors(t *testing.T, s RecordStore) {
	page, err := s.FindPosts(ctx, scrutineer.PostFilter{Limit: 1})
	if err != nil || page.Next == "" {
		t.Fatalf("first page: %v, next %q", err, page.Next)
	}
	apage, err := s.FindAccounts(ctx, scrutineer.AccountFilter{Limit: 1})
	if err != nil || apage.Next == "" {
		t.Fatalf("first page of accounts: %v, next %q", err, apage.Next)
	}
	next := page.Next
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	bad := []string{"x", "!!!!", "====", "AAAAAAAAAAAAAAAA", next[:len(next)-1], next + "A", next[1:], flip(next, 0),
		flip(next, len(next)/2), flip(next, len(next)-1), apage.Next, "' OR 1=1 --", strings.Repeat("A", 10_000)}
	for _, c := range bad {
		if _, err := s.FindPosts(ctx, scrutineer.PostFilter{Cursor: c}); scrutineer.ErrorCode(err) != scrutineer.EInvalid {
			t.Errorf("posts cursor %.40q: %v, want %s", c, err, scrutineer.EInvalid)
		}
	}
	for _, c := range []string{"x", flip(apage.Next, len(apage.Next)/2), next} {
		if _, err := s.FindAccounts(ctx, scrutineer.AccountFilter{Cursor: c}); scrutineer.ErrorCode(err) != scrutineer.EInvalid {
			t.Errorf("accounts cursor %.40q: %v, want %s", c, err, scrutineer.EInvalid)
		}
	}
	// A cursor goes on from where it was whatever the next page's limit.
	rest, err := s.FindPosts(ctx, scrutineer.PostFilter{Cursor: next, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.Items) == 0 || newestFirst(page.Items[0], rest.Items[0]) >= 0 || rest.Next != "" {
		t.Errorf("the rest after the first post: %d posts, next %q", len(rest.Items), rest.Next)
	}
}

var (
	worldOnce sync.Once
	world     *simulate.World
	worldErr  error
)

// smallWorld is the simulator's small preset, made once per test binary.
func smallWorld(t testing.TB) *simulate.World {
	worldOnce.Do(func() {
		s, err := simulate.Preset("small")
		if err != nil {
			worldErr = err
			return
		}
		world, worldErr = simulate.Generate(s, 7)
	})
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return world
}

// testWorld stores a simulated election's records from three platforms
// and its ads, reads every one back, and checks the filters against the
// same selection made in Go.
func testWorld(t *testing.T, s RecordStore) {
	w := smallWorld(t)
	var recs []scrutineer.Record
	recs = append(recs, simulate.XRecords(w)...)
	recs = append(recs, simulate.BlueskyRecords(w)...)
	recs = append(recs, simulate.MastodonRecords(w)...)
	recs = append(recs, simulate.AdRecords(w)...)
	for batch := range slices.Chunk(recs, 1000) {
		if got := put(t, s, batch); !all(got, true) {
			t.Fatalf("a batch of new records had duplicates")
		}
	}
	for batch := range slices.Chunk(recs, 777) {
		if got := put(t, s, batch); !all(got, false) {
			t.Fatalf("the second put found new records")
		}
	}
	var posts []*scrutineer.Post
	want := scrutineer.RecordCounts{Posts: map[scrutineer.Platform]int64{}, Accounts: map[scrutineer.Platform]int64{},
		Ads: map[scrutineer.Platform]int64{}}
	for _, r := range recs {
		switch {
		case r.Post != nil:
			posts = append(posts, r.Post)
			want.Posts[r.Post.Platform]++
		case r.Account != nil:
			want.Accounts[r.Account.Platform]++
		case r.Ad != nil:
			want.Ads[r.Ad.Platform]++
		}
	}
	if got := counts(t, s); !gocmp.Equal(got, want) {
		t.Errorf("counts (-want +got):\n%s", gocmp.Diff(want, got))
	}

	// Every record reads back as it was put: the posts by pages, the
	// rest one by one.
	byKey := map[string]*scrutineer.Post{}
	for _, p := range posts {
		byKey[keyOf(p)] = p
	}
	f := scrutineer.PostFilter{Limit: scrutineer.MaxLimit}
	read := 0
	for {
		page, err := s.FindPosts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			read++
			if d := gocmp.Diff(byKey[keyOf(p)], p, equal...); d != "" {
				t.Errorf("%s read back differs (-put +read):\n%s", keyOf(p), d)
			}
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	if read != len(posts) {
		t.Errorf("read %d posts by pages, put %d", read, len(posts))
	}
	for i, r := range recs {
		if r.Post == nil || i%50 == 0 {
			checkStored(t, s, r)
		}
	}

	// Filters, against the same selection in Go.
	count := func(key func(p *scrutineer.Post) []string) string {
		n := map[string]int{}
		best := ""
		for _, p := range posts {
			for _, k := range key(p) {
				if n[k]++; n[k] > n[best] || (n[k] == n[best] && k < best) {
					best = k
				}
			}
		}
		return best
	}
	account := count(func(p *scrutineer.Post) []string { return []string{p.Account} })
	tag := count(func(p *scrutineer.Post) []string { return p.Hashtags })
	url := count(func(p *scrutineer.Post) []string { return p.URLs })
	reposted := count(func(p *scrutineer.Post) []string { return []string{p.RepostOf} })
	mid := posts[len(posts)/2].Time
	for _, tc := range []struct {
		name string
		f    scrutineer.PostFilter
		keep func(p *scrutineer.Post) bool
	}{
		{"bluesky", scrutineer.PostFilter{Platform: scrutineer.PlatformBluesky},
			func(p *scrutineer.Post) bool { return p.Platform == scrutineer.PlatformBluesky }},
		{"french", scrutineer.PostFilter{Lang: "fr", Limit: 333}, func(p *scrutineer.Post) bool { return p.Lang == "fr" }},
		{"busiest account", scrutineer.PostFilter{Account: account, Limit: 7},
			func(p *scrutineer.Post) bool { return p.Account == account }},
		{"commonest hashtag", scrutineer.PostFilter{Object: tag, Limit: 100},
			func(p *scrutineer.Post) bool { return shares(p, tag) }},
		{"commonest url", scrutineer.PostFilter{Object: url, Limit: 100},
			func(p *scrutineer.Post) bool { return shares(p, url) }},
		{"most reposted", scrutineer.PostFilter{Object: reposted, Limit: 100},
			func(p *scrutineer.Post) bool { return shares(p, reposted) }},
		{"second half of the week before", scrutineer.PostFilter{Since: mid.Add(-72 * time.Hour), Until: mid, Limit: 500},
			func(p *scrutineer.Post) bool { return !p.Time.Before(mid.Add(-72*time.Hour)) && p.Time.Before(mid) }},
		{"x in english since", scrutineer.PostFilter{Platform: scrutineer.PlatformX, Lang: "en", Since: mid, Limit: 1000},
			func(p *scrutineer.Post) bool {
				return p.Platform == scrutineer.PlatformX && p.Lang == "en" && !p.Time.Before(mid)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := findAll(t, s, tc.f)
			want := expect(recs, tc.keep)
			if len(want) < 2 {
				t.Fatalf("the world has %d posts for this filter; the test needs more", len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%d posts, want %d; first difference at %d", len(got), len(want), firstDiff(got, want))
			}
		})
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// BenchPosts gives the posts of the simulator's medium world on X (about
// 63,000): what the stores' ingest benchmarks store.
func BenchPosts(b testing.TB) []scrutineer.Record {
	s, err := simulate.Preset("medium")
	if err != nil {
		b.Fatal(err)
	}
	w, err := simulate.Generate(s, 1)
	if err != nil {
		b.Fatal(err)
	}
	var posts []scrutineer.Record
	for _, r := range simulate.XRecords(w) {
		if r.Post != nil {
			posts = append(posts, r)
		}
	}
	return posts
}
