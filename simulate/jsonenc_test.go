package simulate

import (
	"bytes"
	"encoding/base32"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// stdJSONString is what encoding/json writes for s, without HTML escaping.
func stdJSONString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func TestAppendJSONString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{"plain ascii text, long enough for words", `"plain ascii text, long enough for words"`},
		{`say "hi" \ bye`, `"say \"hi\" \\ bye"`},
		{"line\nbreak\r\ttab\b\f", `"line\nbreak\r\ttab\b\f"`},
		{"nul\x00 unit\x1f del\x7f", `"nul\u0000 unit\u001f del` + "\x7f" + `"`},
		{"<b>&amp;</b>", `"<b>&amp;</b>"`},
		{"élection « québécoise » ✨🇨🇦", `"élection « québécoise » ✨🇨🇦"`},
		{"مرحبا بالعالم", `"مرحبا بالعالم"`},
		{"bad \xff byte", `"bad \ufffd byte"`},
		{"two \xc3\x28 bad \xed\xa0\x80 surrogate", `"two \ufffd( bad \ufffd\ufffd\ufffd surrogate"`},
		{"cut at the end \xe2\x82", `"cut at the end \ufffd\ufffd"`},
		{"sep\u2028para\u2029", `"sep\u2028para\u2029"`},
		{"exactly8", `"exactly8"`},
		{"1234567\"", `"1234567\""`},
	} {
		got := string(appendJSONString(nil, tc.in))
		if got != tc.want {
			t.Errorf("appendJSONString(%q) = %s, want %s", tc.in, got, tc.want)
		}
		if std := stdJSONString(tc.in); got != std {
			t.Errorf("appendJSONString(%q) = %s, encoding/json writes %s", tc.in, got, std)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a", "\"\\", "\x00\x1f\x7f", "é✨🇨🇦", "\xff\xfe", "\xed\xa0\x80", "\u2028", "abcdefgh\x80ijklmnop",
		"مرحبا", strings.Repeat("x", 40) + "\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := appendJSONString([]byte("prefix"), s)
		if !bytes.HasPrefix(out, []byte("prefix")) {
			t.Fatal("prefix lost")
		}
		out = out[len("prefix"):]
		if !json.Valid(out) {
			t.Fatalf("invalid JSON for %q: %s", s, out)
		}
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatal(err)
		}
		// Each invalid byte becomes one U+FFFD.
		if want := string([]rune(s)); back != want {
			t.Fatalf("%q decodes to %q, want %q", s, back, want)
		}
		if std := stdJSONString(s); string(out) != std {
			t.Fatalf("%q: have %s, encoding/json writes %s", s, out, std)
		}
		if n := codePoints(s); n != utf8.RuneCountInString(back) {
			t.Fatalf("codePoints(%q) = %d, the decoded string has %d", s, n, utf8.RuneCountInString(back))
		}
		// The HTML escaper must give valid JSON too, with the entities in.
		h := appendJSONHTMLBody([]byte{'"'}, s)
		h = append(h, '"')
		var hb string
		if err := json.Unmarshal(h, &hb); err != nil {
			t.Fatalf("HTML-escaped %q is not a JSON string: %v: %s", s, err, h)
		}
		if strings.ContainsAny(hb, `<>"'`) {
			t.Fatalf("HTML-escaped %q keeps markup characters: %q", s, hb)
		}
	})
}

func TestAppendJSONHTMLBody(t *testing.T) {
	got := string(appendJSONHTMLBody(nil, `a<b>&"c"'d'`+"\n"))
	want := `a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;\n`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestAppendTime(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	times := []time.Time{
		time.Unix(0, 0), time.Date(2025, 9, 14, 17, 2, 3, 0, time.UTC), time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC),
		time.Date(2000, 3, 1, 0, 0, 0, 1e6, time.FixedZone("EDT", -4*3600)), time.Date(1969, 12, 31, 23, 59, 59, 500e6, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), {},
	}
	for range 10000 {
		times = append(times, time.Unix(r.Int64N(1<<36)-1<<35, r.Int64N(1e9)))
	}
	for _, tm := range times {
		want := tm.UTC().Format("2006-01-02T15:04:05.000Z")
		if got := string(appendTimeMilli(nil, tm)); got != want {
			t.Fatalf("appendTimeMilli(%v) = %s, want %s", tm, got, want)
		}
		want = tm.UTC().Format("2006-01-02T15:04:05Z")
		if got := string(appendTimeSeconds(nil, tm)); got != want {
			t.Fatalf("appendTimeSeconds(%v) = %s, want %s", tm, got, want)
		}
	}
}

func TestATProtoIDs(t *testing.T) {
	// A TID of a time sorts with it and has the form of a record key.
	t1 := string(appendTID(nil, time.Date(2024, 9, 9, 19, 46, 2, 0, time.UTC).UnixMicro(), 5))
	t2 := string(appendTID(nil, time.Date(2024, 9, 9, 19, 46, 3, 0, time.UTC).UnixMicro(), 0))
	if len(t1) != 13 || !(t1 < t2) || !strings.HasPrefix(t1, "3l") {
		t.Errorf("TIDs %s, %s: want 13 sortable characters beginning 3l", t1, t2)
	}
	d := nativeDigest("did:plc:x", bskyPostNSID, "3l3qo2vutsw2b")
	cid := string(appendCID(nil, codecDagCBOR, &d))
	if !strings.HasPrefix(cid, "bafyrei") || len(cid) != 59 {
		t.Errorf("record CID %s: want bafyrei... of 59 characters", cid)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(cid[1:]))
	if err != nil || !bytes.Equal(raw[:4], []byte{1, codecDagCBOR, 0x12, 0x20}) || !bytes.Equal(raw[4:], d[:]) {
		t.Errorf("record CID %s decodes to %x, %v", cid, raw, err)
	}
	b := blobDigest("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
	if blob := string(appendCID(nil, codecRaw, &b)); !strings.HasPrefix(blob, "bafkrei") {
		t.Errorf("blob CID %s: want bafkrei...", blob)
	}
	if b[0] != 0x9f || b[31] != 0x08 {
		t.Errorf("a SHA-256 image hash is not the blob digest: %x", b)
	}
}

func TestEntityFinder(t *testing.T) {
	type want struct {
		seg  string
		kind entityKind
		item int
	}
	for _, tc := range []struct {
		name     string
		text     string
		p        Post
		handles  []string
		short    []string
		expected []want
	}{
		{name: "in order of the text", text: "@bob look #tag https://a.example/x?utm_source=y&b=1 end",
			p:       Post{URLs: []string{"https://a.example/x?utm_source=y&b=1"}, Hashtags: []string{"tag"}, Mentions: []int{0}},
			handles: []string{"bob"},
			expected: []want{{"@bob", entityMention, 0}, {"#tag", entityTag, 0},
				{"https://a.example/x?utm_source=y&b=1", entityURL, 0}}},
		{name: "a tag is not a prefix of a longer tag", text: "#elxn45 and #elxn",
			p:        Post{Hashtags: []string{"elxn"}},
			expected: []want{{"#elxn", entityTag, 0}}},
		{name: "accented tags end at a letter boundary", text: "#Élection2025, #débat! #débats",
			p:        Post{Hashtags: []string{"Élection2025", "débat"}},
			expected: []want{{"#Élection2025", entityTag, 0}, {"#débat", entityTag, 1}}},
		{name: "an email address is not a mention", text: "mail bob@x.example or @bob.",
			p: Post{Mentions: []int{0}}, handles: []string{"bob"},
			expected: []want{{"@bob", entityMention, 0}}},
		{name: "mentions ignore case", text: "hi @CBCNews", p: Post{Mentions: []int{0}}, handles: []string{"cbcnews"},
			expected: []want{{"@CBCNews", entityMention, 0}}},
		{name: "a Mastodon user without the instance", text: "merci @jean !",
			p: Post{Mentions: []int{0}}, handles: []string{"jean@mstdn.example"}, short: []string{"jean"},
			expected: []want{{"@jean", entityMention, 0}}},
		{name: "a full Mastodon handle is not cut", text: "@jean@mstdn.example salut",
			p: Post{Mentions: []int{0}}, handles: []string{"jean@mstdn.example"}, short: []string{"jean"},
			expected: []want{{"@jean@mstdn.example", entityMention, 0}}},
		{name: "a URL is not a prefix of a longer URL", text: "https://a.example/x2 https://a.example/x.",
			p:        Post{URLs: []string{"https://a.example/x"}},
			expected: []want{{"https://a.example/x", entityURL, 0}}},
		{name: "a fragment of a URL is not a tag", text: "https://a.example/#tag #tag",
			p:        Post{URLs: []string{"https://a.example/#tag"}, Hashtags: []string{"tag"}},
			expected: []want{{"https://a.example/#tag", entityURL, 0}, {"#tag", entityTag, 0}}},
		{name: "repeated entities are found once each", text: "#a #a #a",
			p:        Post{Hashtags: []string{"a", "a"}},
			expected: []want{{"#a", entityTag, 0}, {"#a", entityTag, 1}}},
		{name: "absent entities are skipped", text: "nothing here",
			p: Post{URLs: []string{"https://x.example"}, Hashtags: []string{"x"}, Mentions: []int{0}}, handles: []string{"x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f entityFinder
			got := f.find(tc.text, &tc.p, tc.handles, tc.short)
			if len(got) != len(tc.expected) {
				t.Fatalf("found %d entities (%v), want %d", len(got), got, len(tc.expected))
			}
			for k, g := range got {
				w := tc.expected[k]
				if seg := tc.text[g.start:g.end]; seg != w.seg || g.kind != w.kind || g.item != w.item {
					t.Errorf("entity %d: %q kind %d item %d, want %q kind %d item %d", k, seg, g.kind, g.item, w.seg, w.kind, w.item)
				}
			}
		})
	}
}

// TestWritersDeterministic checks that output does not depend on how many
// goroutines encode it, and that it is the same from one run to the next.
func TestWritersDeterministic(t *testing.T) {
	wd := nativeRandomWorld(30000, 3)
	for _, w := range nativeWriters {
		t.Run(w.name, func(t *testing.T) {
			var a, b, c bytes.Buffer
			if err := w.write(&a, wd); err != nil {
				t.Fatal(err)
			}
			if err := w.write(&b, wd); err != nil {
				t.Fatal(err)
			}
			prev := runtime.GOMAXPROCS(1)
			err := w.write(&c, wd)
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) || !bytes.Equal(a.Bytes(), c.Bytes()) {
				t.Fatalf("output differs between runs (%d, %d and %d bytes)", a.Len(), b.Len(), c.Len())
			}
			if a.Len() == 0 {
				t.Fatal("no output")
			}
		})
	}
}

// TestWritersReportWriteErrors checks that a failing writer's error comes
// back wrapped, whether it fails at once or after a few chunks.
func TestWritersReportWriteErrors(t *testing.T) {
	wd := nativeRandomWorld(30000, 4)
	for _, w := range nativeWriters {
		for _, limit := range []int{0, 100000} {
			err := w.write(&nativeFailingWriter{limit: limit}, wd)
			if !errors.Is(err, errNativeDiskFull) {
				t.Errorf("%s after %d bytes: error %v, want disk full", w.name, limit, err)
				continue
			}
			if !strings.HasPrefix(err.Error(), "write "+w.name+": ") {
				t.Errorf("%s: error %q does not say what was being written", w.name, err)
			}
		}
	}
}

// TestWritersEmptyWorld checks that an empty world gives empty output
// (the follows CSV keeps its header).
func TestWritersEmptyWorld(t *testing.T) {
	for _, w := range nativeWriters {
		for _, wd := range []*World{nil, {}} {
			var b bytes.Buffer
			if err := w.write(&b, wd); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			want := ""
			if w.name == "follows" {
				want = "follower,followed\n"
			}
			if b.String() != want {
				t.Errorf("%s of an empty world: %q", w.name, b.String())
			}
		}
	}
}

func BenchmarkAppendJSONString(b *testing.B) {
	texts := []string{
		"Débat ce soir! #Élection2025 #débat 🇨🇦 https://www.example.ca/article?id=7&utm_source=twitter qu'en penses-tu?",
		"The plan is clear: lower costs, more homes, and a stronger economy for every family in this country. #elxn45",
		"مرحبا بالعالم — \"quoted\" and back\\slash\nnew line",
	}
	n := 0
	for _, s := range texts {
		n += len(s)
	}
	b.SetBytes(int64(n))
	var buf []byte
	for b.Loop() {
		buf = buf[:0]
		for _, s := range texts {
			buf = appendJSONString(buf, s)
		}
	}
}
