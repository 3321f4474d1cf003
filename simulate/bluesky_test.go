package simulate

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestWriteBlueskyGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteBluesky(&b, nativeSmallWorld()); err != nil {
		t.Fatal(err)
	}
	nativeGolden(t, "native_bluesky.jsonl", b.Bytes())
}

func TestWriteBlueskySmall(t *testing.T) {
	wd := nativeSmallWorld()
	var b bytes.Buffer
	if err := WriteBluesky(&b, wd); err != nil {
		t.Fatal(err)
	}
	records := checkBlueskyOutput(t, wd, b.Bytes())
	rec := func(i int) map[string]any {
		r, ok := records[wd.Posts[i].ID]
		if !ok {
			t.Fatalf("post %d was not written", i)
		}
		return r
	}
	uri := func(i int) string {
		p := &wd.Posts[i]
		return "at://" + wd.Accounts[p.Account].ID + "/app.bsky.feed.post/" + p.ID
	}
	if _, ok := records[wd.Posts[19].ID]; ok {
		t.Error("a repost of a missing post was written")
	}
	if s := rec(4)["subject"].(map[string]any); s["uri"] != uri(1) {
		t.Errorf("repost subject %v, want %s", s, uri(1))
	}
	reply := rec(13)["reply"].(map[string]any)
	if reply["parent"].(map[string]any)["uri"] != uri(7) || reply["root"].(map[string]any)["uri"] != uri(1) {
		t.Errorf("reply refs %v, want parent %s and root %s", reply, uri(7), uri(1))
	}
	if _, ok := rec(16)["reply"]; ok {
		t.Error("a reply to a post on another platform kept its reference")
	}
	embed := rec(10)["embed"].(map[string]any)
	if embed["$type"] != "app.bsky.embed.recordWithMedia" {
		t.Errorf("a quote with a photo: embed %v", embed)
	}
	embed = rec(22)["embed"].(map[string]any)
	if ext := embed["external"].(map[string]any); ext["uri"] != "https://x.com/marie_tremblay/status/"+wd.Posts[0].ID {
		t.Errorf("a quote of an X post: embed %v", embed)
	}
	if text := rec(25)["text"].(string); text != "Lire : www.lapresse.example/actualites/p... #Élection2025" {
		t.Errorf("a long link is shown as %q", text)
	}
	if text := rec(1)["text"].(string); !strings.Contains(text, "www.example.ca/article?id=7... @ahmad.bsky.social") {
		t.Errorf("a link with tracking parameters is shown as %q", text)
	}
}

func TestWriteBlueskyRandom(t *testing.T) {
	wd := nativeRandomWorld(20000, 6)
	var b bytes.Buffer
	if err := WriteBluesky(&b, wd); err != nil {
		t.Fatal(err)
	}
	checkBlueskyOutput(t, wd, b.Bytes())
}

// checkBlueskyOutput checks the event stream: time order; every account's
// identity and profile before its first post; the shape of commits; facet
// byte offsets; and that every reference names a post written earlier,
// with its CID. It returns the post and repost records by record key.
func checkBlueskyOutput(t *testing.T, wd *World, out []byte) map[string]map[string]any {
	t.Helper()
	events := nativeLines(t, out)
	handles := map[string]string{} // did -> handle
	profiles := map[string]bool{}
	cids := map[string]string{} // uri -> cid
	records := map[string]map[string]any{}
	// A post may mention an account whose identity comes later in the
	// stream; the handles are known from the whole stream.
	for _, ev := range events {
		if ev["kind"] == "identity" {
			id := nativeObj(t, ev["identity"], "identity")
			handles[nativeStr(t, id["did"], "did")] = nativeStr(t, id["handle"], "handle")
		}
	}
	seen := map[string]bool{}
	var last int64
	var keys []string
	for n, ev := range events {
		did := nativeStr(t, ev["did"], "did")
		us := int64(nativeInt(t, ev["time_us"], "time_us"))
		if us < last {
			t.Fatalf("event %d goes back in time: %d after %d", n, us, last)
		}
		last = us
		switch ev["kind"] {
		case "identity":
			id := nativeObj(t, ev["identity"], "identity")
			if id["did"] != did {
				t.Errorf("event %d: identity of %v in an event of %s", n, id["did"], did)
			}
			seen[did] = true
			nativeInt(t, id["seq"], "seq")
			checkNativeTime(t, id["time"], "identity time")
			continue
		case "commit":
		default:
			t.Fatalf("event %d: kind %v", n, ev["kind"])
		}
		c := nativeObj(t, ev["commit"], "commit")
		rev, rkey, cid := nativeStr(t, c["rev"], "rev"), nativeStr(t, c["rkey"], "rkey"), nativeStr(t, c["cid"], "cid")
		coll := nativeStr(t, c["collection"], "collection")
		if len(rev) != 13 || c["operation"] != "create" || !strings.HasPrefix(cid, "bafyrei") || len(cid) != 59 {
			t.Errorf("event %d: commit %v", n, c)
		}
		rec := nativeObj(t, c["record"], "record")
		if rec["$type"] != coll {
			t.Errorf("event %d: record of type %v in collection %s", n, rec["$type"], coll)
		}
		created := checkNativeTime(t, rec["createdAt"], "createdAt")
		if created.UnixMicro()/1000 != us/1000 {
			t.Errorf("event %d: createdAt %v and time_us %d disagree", n, created, us)
		}
		if coll == "app.bsky.actor.profile" {
			if rkey != "self" || !seen[did] {
				t.Errorf("event %d: profile %s of %s, identity seen: %v", n, rkey, did, seen[did])
			}
			profiles[did] = true
			continue
		}
		if !profiles[did] {
			t.Errorf("event %d: %s posts before its profile", n, did)
		}
		uri := "at://" + did + "/" + coll + "/" + rkey
		cids[uri] = cid
		records[rkey] = rec
		keys = append(keys, rkey)
		ref := func(v any, what string) {
			r := nativeObj(t, v, what)
			u, c := nativeStr(t, r["uri"], what+" uri"), nativeStr(t, r["cid"], what+" cid")
			if cids[u] != c || !strings.Contains(u, "/app.bsky.feed.post/") {
				t.Errorf("event %d: %s %s (cid %s) is not a post written before (cid %q)", n, what, u, c, cids[u])
			}
		}
		switch coll {
		case "app.bsky.feed.repost":
			ref(rec["subject"], "subject")
		case "app.bsky.feed.post":
			text := nativeStr(t, rec["text"], "text")
			if r, ok := rec["reply"]; ok {
				rm := nativeObj(t, r, "reply")
				ref(rm["parent"], "reply parent")
				ref(rm["root"], "reply root")
			}
			if e, ok := rec["embed"]; ok {
				em := nativeObj(t, e, "embed")
				switch em["$type"] {
				case "app.bsky.embed.record":
					ref(em["record"], "quoted record")
				case "app.bsky.embed.recordWithMedia":
					ref(nativeObj(t, em["record"], "record")["record"], "quoted record")
					checkBlueskyImages(t, nativeObj(t, em["media"], "media"))
				case "app.bsky.embed.images":
					checkBlueskyImages(t, em)
				case "app.bsky.embed.external":
					nativeStr(t, nativeObj(t, em["external"], "external")["uri"], "external uri")
				default:
					t.Errorf("event %d: embed %v", n, em)
				}
			}
			for _, f := range nativeArr(t, rec["facets"], "facets") {
				checkBlueskyFacet(t, text, nativeObj(t, f, "facet"), handles)
			}
		default:
			t.Errorf("event %d: collection %s", n, coll)
		}
	}
	var want []string
	for _, i := range nativePosts(wd, Bluesky) {
		want = append(want, wd.Posts[i].ID)
	}
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Errorf("records written: %v\nwant %v", keys, want)
	}
	for a := range wd.Accounts {
		if acc := &wd.Accounts[a]; acc.Platform == Bluesky && !profiles[acc.ID] {
			t.Errorf("account %s has no profile", acc.ID)
		}
	}
	return records
}

func checkBlueskyImages(t *testing.T, em map[string]any) {
	t.Helper()
	for _, im := range nativeArr(t, em["images"], "images") {
		blob := nativeObj(t, nativeObj(t, im, "image")["image"], "blob")
		link := nativeStr(t, nativeObj(t, blob["ref"], "ref")["$link"], "$link")
		if blob["$type"] != "blob" || !strings.HasPrefix(link, "bafkrei") || blob["mimeType"] != "image/jpeg" {
			t.Errorf("image blob %v", blob)
		}
	}
}

// checkBlueskyFacet checks that a facet's byte range holds what its
// feature names: #tag, @handle of the DID, or the link as the app shows it.
func checkBlueskyFacet(t *testing.T, text string, f map[string]any, handles map[string]string) {
	t.Helper()
	idx := nativeObj(t, f, "facet")["index"]
	im := nativeObj(t, idx, "index")
	s, e := nativeInt(t, im["byteStart"], "byteStart"), nativeInt(t, im["byteEnd"], "byteEnd")
	if s < 0 || s >= e || e > len(text) {
		t.Fatalf("facet [%d,%d) outside %d bytes of %q", s, e, len(text), text)
	}
	seg := text[s:e]
	for _, ft := range nativeArr(t, f["features"], "features") {
		fm := nativeObj(t, ft, "feature")
		switch fm["$type"] {
		case "app.bsky.richtext.facet#tag":
			if seg != "#"+nativeStr(t, fm["tag"], "tag") {
				t.Errorf("tag facet %v covers %q", fm, seg)
			}
		case "app.bsky.richtext.facet#mention":
			if h := handles[nativeStr(t, fm["did"], "did")]; h == "" || !strings.EqualFold(seg, "@"+h) {
				t.Errorf("mention facet %v (handle %q) covers %q", fm, h, seg)
			}
		case "app.bsky.richtext.facet#link":
			u := nativeStr(t, fm["uri"], "uri")
			bare := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
			short, cut := strings.CutSuffix(seg, "...")
			if !(cut && strings.HasPrefix(bare, short) || seg == bare || strings.Replace(bare, "/", "", 1) == seg ||
				cut && strings.HasPrefix(strings.Replace(bare, "/", "", 1), short)) {
				t.Errorf("link facet %s covers %q", u, seg)
			}
		default:
			t.Errorf("facet feature %v", fm)
		}
	}
}

// TestBlueskyAccountBeforeFirstPost checks that an account whose first
// post comes before its recorded creation still appears before that post.
func TestBlueskyAccountBeforeFirstPost(t *testing.T) {
	wd := nativeSmallWorld()
	events, accounts := blueskyEvents(wd)
	at := map[int]time.Time{}
	for _, b := range accounts {
		at[b.a] = b.at
	}
	if got, want := at[4], wd.Posts[4].Time.Add(-time.Microsecond); !got.Equal(want) {
		t.Errorf("account 4 appears at %v, want at its first post %v", got, want)
	}
	if got := at[3]; !got.Equal(wd.Start) {
		t.Errorf("account 3, older than the period, appears at %v, want %v", got, wd.Start)
	}
	if len(events) != len(accounts)+len(nativePosts(wd, Bluesky)) {
		t.Errorf("%d events", len(events))
	}
}

func TestAppendShortURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.com", "example.com"},
		{"https://example.com/", "example.com"},
		{"https://example.com/?q=1", "example.com?q=1"},
		{"https://example.com/short", "example.com/short"},
		{"https://example.com/exactly15chars", "example.com/exactly15chars"},
		{"https://example.com/a-much-longer-path/here", "example.com/a-much-longe..."},
		{"http://www.example.com/é-ça-va-très-bien-merci", "www.example.com/é-ça-va-très..."},
		{"ftp://example.com/file", "ftp://example.com/file"},
	} {
		if got := string(appendShortURL(nil, tc.in)); got != tc.want {
			t.Errorf("appendShortURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func BenchmarkWriteBluesky(b *testing.B) { benchNativeWriter(b, WriteBluesky) }
