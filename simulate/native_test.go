package simulate

// Fixtures shared by the tests of the native-format writers: a small
// hand-built world with every awkward case, a larger random world for
// invariants and benchmarks, and golden-file helpers.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var updateNative = flag.Bool("update-native", false, "rewrite the golden files of the native-format writers in testdata")

// nativeGolden compares got with testdata/name, or rewrites it with
// -update-native.
func nativeGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateNative {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-native to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				k := 0
				for k < len(g) && k < len(w) && g[k] == w[k] {
					k++
				}
				from := max(0, k-60)
				t.Fatalf("%s differs from the golden file at line %d, byte %d:\n got: …%s\nwant: …%s\n(run with -update-native if the change is intended)",
					name, i+1, k, g[from:min(len(g), k+60)], w[from:min(len(w), k+60)])
			}
		}
	}
}

// nativeLines decodes every line of JSON Lines output into a map.
func nativeLines(t *testing.T, out []byte) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", n, err, sc.Bytes())
		}
		lines = append(lines, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		t.Fatal("output does not end with a newline")
	}
	return lines
}

// Accessors for decoded JSON; they fail the test on a wrong shape.

func nativeObj(t *testing.T, v any, what string) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: want an object, have %T (%v)", what, v, v)
	}
	return m
}

func nativeArr(t *testing.T, v any, what string) []any {
	t.Helper()
	if v == nil {
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("%s: want an array, have %T (%v)", what, v, v)
	}
	return a
}

func nativeStr(t *testing.T, v any, what string) string {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("%s: want a string, have %T (%v)", what, v, v)
	}
	return s
}

func nativeInt(t *testing.T, v any, what string) int {
	t.Helper()
	f, ok := v.(float64)
	if !ok || f != float64(int64(f)) {
		t.Fatalf("%s: want an integer, have %T (%v)", what, v, v)
	}
	return int(f)
}

// checkNativeTime checks a timestamp in the form the three platforms
// write: RFC 3339, UTC, milliseconds.
func checkNativeTime(t *testing.T, v any, what string) time.Time {
	t.Helper()
	s := nativeStr(t, v, what)
	tm, err := time.Parse("2006-01-02T15:04:05.000Z", s)
	if err != nil {
		t.Fatalf("%s: %q is not RFC 3339 UTC with milliseconds: %v", what, s, err)
	}
	return tm
}

var nativeT0 = time.Date(2025, 3, 23, 14, 0, 0, 0, time.UTC)

// nativeSmallWorld is a hand-built world with the awkward cases: reposts
// of reposts, replies and quotes on each platform, references out of
// range, forward or across platforms, quotes across platforms, emoji,
// Arabic, French accents, quotes, backslashes, newlines, control bytes,
// invalid UTF-8, URLs with tracking parameters, and an empty description.
func nativeSmallWorld() *World {
	const sha1 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	const sha2 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
	wd := &World{
		Name:  "native",
		Start: nativeT0.Add(-24 * time.Hour),
		End:   nativeT0.Add(40 * 24 * time.Hour),
	}
	acc := func(p Platform, id, handle, name, desc, lang string, created time.Time) {
		wd.Accounts = append(wd.Accounts, Account{
			Index: len(wd.Accounts), ID: id, Platform: p, Handle: handle, DisplayName: name,
			Description: desc, Lang: lang, Created: created, Followers: 100 * (len(wd.Accounts) + 1),
			Following: 42, Statuses: 1000 + len(wd.Accounts), Role: RoleOrganic, Community: -1,
			ProfileImage: "https://img.example/" + handle + ".jpg", ImageHash: fmt.Sprintf("%032x", len(wd.Accounts)+1),
		})
	}
	acc(X, "1500000000000000001", "marie_tremblay", "Marie \"La Boss\" Tremblay \\ 🇨🇦",
		"Montréalaise.\nMaman, ingénieure & bénévole — « élection »", "fr", time.Date(2012, 5, 1, 8, 30, 0, 0, time.UTC))
	acc(X, "1500000000000000002", "ahmad_k", "أحمد خليل", "", "en", time.Date(2019, 11, 2, 0, 0, 0, 0, time.UTC))
	acc(X, "1500000000000000003", "CBCNews", "CBC News", "Tab\tand control \x01 char", "en", time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC))
	acc(Bluesky, "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "marie.bsky.social", "Marie ✨", "Line1\nLine2 \"quoted\"", "fr", time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC))
	acc(Bluesky, "did:plc:z72i7hdynmk6r22z27h6tvur", "ahmad.bsky.social", "أحمد", "", "en", nativeT0.Add(time.Hour)) // created during the period
	acc(Bluesky, "did:plc:kkf4naxqmweop7dv4l2iqqf5", "elections.bsky.social", "Elections <Canada>", "Official & non-partisan", "en", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	acc(Mastodon, "109000000000000001", "jean@mstdn.example", "Jean-François Côté", "Élections & <démocratie>\n\nSecond paragraphe", "fr", time.Date(2022, 11, 5, 13, 14, 15, 0, time.UTC))
	acc(Mastodon, "109000000000000002", "nadia@toot.example", "نادية 🌙", "", "en", time.Date(2023, 2, 3, 4, 5, 6, 0, time.UTC))
	acc(Mastodon, "109000000000000003", "lapresse_feed@mstdn.example", "La Presse (flux)", "Flux automatique", "fr", time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC))
	wd.Accounts[0].Verified = true
	wd.Accounts[0].Location = "Montréal, QC"
	wd.Accounts[2].Role = RoleNews
	wd.Accounts[8].Role = RoleSyndication
	wd.Accounts[1].ProfileImage, wd.Accounts[1].ImageHash = "", ""
	wd.Accounts[7].ProfileImage, wd.Accounts[7].ImageHash = "", ""

	const long = "https://www.lapresse.example/actualites/politique/2025-04-01/élections-fédérales.php?utm_source=x&fbclid=abc123"
	type spec struct {
		pf                      Platform
		acc                     int
		text                    string
		urls, tags              []string
		mentions                []int
		media                   []string
		rel                     string // "repost", "reply" or "quote"
		to                      int    // the post rel points at
		lang                    string
		likes, reposts, replies int
	}
	specs := []spec{
		0: {pf: X, acc: 0, text: "Débat ce soir! #Élection2025 #débat 🇨🇦 https://www.example.ca/article?id=7&utm_source=twitter&utm_medium=social @ahmad_k qu'en penses-tu?",
			urls: []string{"https://www.example.ca/article?id=7&utm_source=twitter&utm_medium=social"}, tags: []string{"Élection2025", "débat"},
			mentions: []int{1}, media: []string{sha1}, lang: "fr", likes: 12, reposts: 2, replies: 2},
		1: {pf: Bluesky, acc: 3, text: "Ce soir : #Élection2025 ✨ https://www.example.ca/article?id=7&utm_source=bsky&utm_campaign=x @ahmad.bsky.social",
			urls: []string{"https://www.example.ca/article?id=7&utm_source=bsky&utm_campaign=x"}, tags: []string{"Élection2025"},
			mentions: []int{4}, media: []string{sha1, sha2}, lang: "fr", likes: 3, reposts: 1, replies: 1},
		2: {pf: Mastodon, acc: 6, text: "Élections & <démocratie> : https://www.example.ca/article?id=7&utm_source=mastodon #Élection2025 #débat @nadia@toot.example\n\nDeuxième paragraphe\navec retour",
			urls: []string{"https://www.example.ca/article?id=7&utm_source=mastodon"}, tags: []string{"Élection2025", "débat"},
			mentions: []int{7}, media: []string{sha2}, lang: "fr", likes: 5, reposts: 2, replies: 1},
		3:  {pf: X, acc: 1, rel: "repost", to: 0, lang: "fr"},
		4:  {pf: Bluesky, acc: 4, rel: "repost", to: 1},
		5:  {pf: Mastodon, acc: 7, rel: "repost", to: 2},
		6:  {pf: X, acc: 1, text: "@marie_tremblay مرحبا! I agree 👍🏽 — \"quotes\" and back\\slash", mentions: []int{0}, rel: "reply", to: 0, lang: "en", replies: 1},
		7:  {pf: Bluesky, acc: 4, text: "@marie.bsky.social مرحبا 👍🏽", mentions: []int{3}, rel: "reply", to: 1, lang: "ar"},
		8:  {pf: Mastodon, acc: 7, text: "@jean@mstdn.example merci ! 🌙", mentions: []int{6}, rel: "reply", to: 2, lang: "fr"},
		9:  {pf: X, acc: 2, text: "Worth reading ↓ #cdnpoli", tags: []string{"cdnpoli"}, rel: "quote", to: 6, lang: "en"},
		10: {pf: Bluesky, acc: 5, text: "Official: polls open 9am–9pm #elxn45", tags: []string{"elxn45"}, rel: "quote", to: 7, media: []string{sha2}, lang: "en"},
		11: {pf: Mastodon, acc: 8, text: "Citation #Québec", tags: []string{"Québec"}, rel: "quote", to: 8, lang: "fr"},
		12: {pf: X, acc: 0, text: "Merci!\nNouvelle ligne", rel: "reply", to: 6, lang: "fr"},
		13: {pf: Bluesky, acc: 3, text: "Thread continues", rel: "reply", to: 7, lang: "en"},
		14: {pf: Mastodon, acc: 6, text: "Suite du fil", rel: "reply", to: 8, lang: "fr"},
		15: {pf: X, acc: 1, text: "orphan reply (parent deleted)", rel: "reply", to: 999, lang: "en"},
		16: {pf: Bluesky, acc: 4, text: "reply across platforms is impossible", rel: "reply", to: 15, lang: "en"},
		17: {pf: Mastodon, acc: 7, text: "reply to a later post", rel: "reply", to: 26, lang: "en"},
		18: {pf: X, acc: 0, rel: "repost", to: 3, lang: "fr"},
		19: {pf: Bluesky, acc: 3, rel: "repost", to: 999},
		20: {pf: Mastodon, acc: 6, rel: "repost", to: 5},
		21: {pf: X, acc: 2, text: "bad \x00 byte \xff end #ok\u2028sep", tags: []string{"ok"}, lang: "en"},
		22: {pf: Bluesky, acc: 5, text: "Seen on X", rel: "quote", to: 0, lang: "en"},
		23: {pf: Mastodon, acc: 8, text: "Vu sur Bluesky", rel: "quote", to: 1, lang: "fr"},
		24: {pf: X, acc: 0, text: "Lire : " + long + " #Élection2025", urls: []string{long}, tags: []string{"Élection2025"}, lang: "fr"},
		25: {pf: Bluesky, acc: 3, text: "Lire : " + long + " #Élection2025", urls: []string{long}, tags: []string{"Élection2025"}, lang: "fr"},
		26: {pf: Mastodon, acc: 6, text: "Lire : " + long + ", #Élection2025 (#élection2025)", urls: []string{long}, tags: []string{"Élection2025", "élection2025"}, lang: "fr"},
		27: {pf: X, acc: 1, text: "tag not in text, mention elsewhere", tags: []string{"absent"}, mentions: []int{4}, lang: "en"},
	}
	for i, s := range specs {
		t := nativeT0.Add(time.Duration(i)*7*time.Minute + time.Duration(i*137)*time.Millisecond)
		p := Post{Index: i, Platform: s.pf, Account: s.acc, Time: t, Text: s.text, Lang: s.lang,
			URLs: s.urls, Hashtags: s.tags, Mentions: s.mentions, Media: s.media,
			RepostOf: -1, ReplyTo: -1, QuoteOf: -1, Source: "Web",
			Likes: s.likes, Reposts: s.reposts, Replies: s.replies}
		switch s.rel {
		case "repost":
			p.RepostOf = s.to
		case "reply":
			p.ReplyTo = s.to
		case "quote":
			p.QuoteOf = s.to
		}
		p.ID = nativeTestID(s.pf, t, i)
		wd.Posts = append(wd.Posts, p)
	}
	wd.Posts[0].Source = "Twitter for iPhone"
	wd.Posts[2].Source = ""
	wd.Follows = []Follow{{0, 1}, {1, 0}, {3, 4}, {4, 5}, {6, 7}, {7, 8}, {8, 6}, {2, 99}, {-1, 0}}
	wd.Ads = []Ad{
		{ID: "ad-001", Platform: X, Account: 2, Advertiser: "CBC \"News\"", Payer: "Société Radio-Canada", PayerCountry: "CA",
			Authorized: true, Regulated: true, Text: "Votez le 28 avril!\nVote April 28 🗳️", URL: "https://www.example.ca/vote?utm_source=ad",
			Start: nativeT0, End: nativeT0.Add(72 * time.Hour), SpendMin: 100, SpendMax: 499, Impressions: 10000, Regions: []string{"QC", "ON"}},
		{ID: "ad-002", Platform: Mastodon, Account: -1, Advertiser: "Prairie \\ Alliance", Payer: "Northbridge Media Holdings Ltd.", PayerCountry: "RU",
			Text: "Ils vous mentent — الحقيقة", Start: nativeT0.Add(time.Hour), End: nativeT0.Add(49 * time.Hour),
			SpendMin: 0, SpendMax: 99, Impressions: 1234, Regions: nil, Operation: "op-should-not-appear"},
	}
	return wd
}

// nativeTestID makes an id of the platform's form.
func nativeTestID(pf Platform, t time.Time, seq int) string {
	switch pf {
	case X:
		return fmt.Sprint(uint64(t.UnixMilli()-1288834974657)<<22 | uint64(seq))
	case Mastodon:
		return fmt.Sprint(uint64(t.UnixMilli())<<16 | uint64(seq))
	}
	return string(appendTID(nil, t.UnixMicro(), uint64(seq)))
}

// nativeRandomWorld fills a world with n posts over the three platforms:
// multilingual texts with hashtags, links with tracking parameters,
// mentions and photos, and reposts, replies and quotes of earlier posts.
func nativeRandomWorld(n int, seed uint64) *World {
	r := rand.New(rand.NewPCG(seed, 7))
	wd := &World{Name: "random", Start: nativeT0, End: nativeT0.Add(40 * 24 * time.Hour)}
	nAcc := max(30, n/10)
	words := []string{"élection", "débat", "the", "vote", "économie", "climate", "logement", "🇨🇦", "👍🏽", "مرحبا",
		"\"quoted\"", "back\\slash", "line\nbreak", "café", "naïve", "über", "<b>bold</b>", "a&b", "l'avenir", "😀", "tab\tbed"}
	tags := []string{"elxn45", "Élection2025", "cdnpoli", "débat", "Québec", "polqc", "VotezMaintenant"}
	domains := []string{"www.example.ca", "lapresse.example", "news.example.com", "élections.example"}
	for i := 0; i < nAcc; i++ {
		pf := Platforms[i%3]
		a := Account{Index: i, Platform: pf, Lang: []string{"en", "fr"}[i%2], Community: -1, Role: RoleOrganic,
			Created: nativeT0.Add(-time.Duration(r.IntN(3000)) * 24 * time.Hour), Followers: r.IntN(5000),
			Following: r.IntN(800), Statuses: r.IntN(20000), Verified: i%17 == 0}
		name := fmt.Sprintf("user%d", i)
		switch pf {
		case X:
			a.ID = fmt.Sprint(1400000000000000000 + uint64(i)*7919)
			a.Handle = name
		case Bluesky:
			a.ID = "did:plc:" + fmt.Sprintf("%024x", nativeMix(uint64(i)))[:24]
			a.Handle = name + ".bsky.social"
		case Mastodon:
			a.ID = fmt.Sprint(109000000000000000 + uint64(i))
			a.Handle = name + "@" + []string{"mastodon.social", "mstdn.ca", "toot.example"}[i%3]
		}
		a.DisplayName = words[r.IntN(len(words))] + " " + name
		if i%5 != 0 {
			a.Description = words[r.IntN(len(words))] + " — " + words[r.IntN(len(words))]
		}
		a.ProfileImage = "https://img.example/" + name + ".jpg"
		a.ImageHash = fmt.Sprintf("%016x%016x", nativeMix(uint64(i)), nativeMix(uint64(i)+1))
		if i%11 == 0 {
			a.Role = RoleSyndication
		}
		wd.Accounts = append(wd.Accounts, a)
	}
	byPlatform := map[Platform][]int{}
	var sb strings.Builder
	for i := 0; i < n; i++ {
		ai := r.IntN(nAcc)
		a := &wd.Accounts[ai]
		t := nativeT0.Add(time.Duration(i) * 1500 * time.Millisecond)
		p := Post{Index: i, Platform: a.Platform, Account: ai, Time: t, Lang: a.Lang,
			RepostOf: -1, ReplyTo: -1, QuoteOf: -1, Source: "Web",
			Likes: r.IntN(50), Reposts: r.IntN(10), Replies: r.IntN(5)}
		p.ID = nativeTestID(a.Platform, t, i)
		earlier := byPlatform[a.Platform]
		x := r.Float64()
		switch {
		case x < 0.25 && len(earlier) > 0:
			p.RepostOf = earlier[r.IntN(len(earlier))]
		default:
			sb.Reset()
			for k := 3 + r.IntN(12); k > 0; k-- {
				sb.WriteString(words[r.IntN(len(words))])
				sb.WriteByte(' ')
				switch r.IntN(12) {
				case 0:
					tag := tags[r.IntN(len(tags))]
					p.Hashtags = append(p.Hashtags, tag)
					sb.WriteString("#" + tag + " ")
				case 1:
					u := fmt.Sprintf("https://%s/2025/%02d/article-%d?utm_source=share&utm_medium=social&id=%d",
						domains[r.IntN(len(domains))], 1+r.IntN(12), r.IntN(1000000), i)
					p.URLs = append(p.URLs, u)
					sb.WriteString(u + " ")
				case 2:
					m := r.IntN(nAcc/3)*3 + int(ai%3)
					p.Mentions = append(p.Mentions, m)
					sb.WriteString("@" + wd.Accounts[m].Handle + " ")
				}
			}
			p.Text = strings.TrimSpace(sb.String())
			if r.IntN(8) == 0 {
				p.Media = []string{fmt.Sprintf("%016x%016x", nativeMix(uint64(i)), nativeMix(uint64(i)*3))}
			}
			if len(earlier) > 0 {
				switch y := r.Float64(); {
				case y < 0.15:
					p.ReplyTo = earlier[r.IntN(len(earlier))]
				case y < 0.20:
					p.QuoteOf = earlier[r.IntN(len(earlier))]
				case y < 0.22:
					p.QuoteOf = r.IntN(i) // any platform
				}
			}
		}
		byPlatform[a.Platform] = append(byPlatform[a.Platform], i)
		wd.Posts = append(wd.Posts, p)
	}
	for k := 0; k < n*3; k++ {
		wd.Follows = append(wd.Follows, Follow{int32(r.IntN(nAcc)), int32(r.IntN(nAcc))})
	}
	for k := 0; k < max(1, n/100); k++ {
		ai := r.IntN(nAcc+1) - 1
		pf := X
		if ai >= 0 {
			pf = wd.Accounts[ai].Platform
		}
		start := nativeT0.Add(time.Duration(r.IntN(30*24)) * time.Hour)
		wd.Ads = append(wd.Ads, Ad{ID: fmt.Sprint(900000 + k), Platform: pf, Account: ai,
			Advertiser: words[r.IntN(len(words))] + " Alliance", Payer: words[r.IntN(len(words))] + " Inc.", PayerCountry: "CA",
			Authorized: k%3 != 0, Regulated: k%4 != 0, Text: words[r.IntN(len(words))] + " " + words[r.IntN(len(words))],
			URL:   fmt.Sprintf("https://%s/ad/%d?utm_source=ad", domains[r.IntN(len(domains))], k),
			Start: start, End: start.Add(time.Duration(1+r.IntN(14)) * 24 * time.Hour),
			SpendMin: 100 * k, SpendMax: 100*k + 99, Impressions: r.IntN(100000), Regions: []string{"ON", "QC", "BC"}[:r.IntN(4)]})
	}
	return wd
}

var (
	nativeBenchOnce  sync.Once
	nativeBenchWorld *World
)

// nativeBench is a world of 210,000 posts, 70,000 a platform, built once.
func nativeBench() *World {
	nativeBenchOnce.Do(func() { nativeBenchWorld = nativeRandomWorld(210000, 1) })
	return nativeBenchWorld
}

// nativeCountingWriter counts what is written to it.
type nativeCountingWriter struct{ n int64 }

func (c *nativeCountingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// benchNativeWriter reports a writer's throughput on the bench world.
func benchNativeWriter(b *testing.B, write func(io.Writer, *World) error) {
	wd := nativeBench()
	var c nativeCountingWriter
	if err := write(&c, wd); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(c.n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := write(io.Discard, wd); err != nil {
			b.Fatal(err)
		}
	}
}

// nativeFailingWriter fails once it has taken limit bytes.
type nativeFailingWriter struct{ limit int }

func (f *nativeFailingWriter) Write(p []byte) (int, error) {
	if len(p) > f.limit {
		return 0, errNativeDiskFull
	}
	f.limit -= len(p)
	return len(p), nil
}

var errNativeDiskFull = errors.New("disk full")

// nativeWriters are the writers under test, by name.
var nativeWriters = []struct {
	name  string
	write func(io.Writer, *World) error
}{
	{"x", WriteX},
	{"bluesky", WriteBluesky},
	{"mastodon", WriteMastodon},
	{"ads", WriteAds},
	{"follows", WriteFollows},
}
