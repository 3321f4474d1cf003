package formats_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/formats"
	"github.com/scrutineer/scrutineer/source/sourcetest"
)

// Every reader's fixtures are recognised as its own format, and by no
// other with as much confidence: detection is what ingest relies on.
func TestDetectFixtures(t *testing.T) {
	owner := map[string]string{
		"bluesky/jetstream.jsonl":                    "bluesky-jetstream",
		"bluesky/listrecords.json":                   "bluesky-records",
		"bluesky/records.jsonl":                      "bluesky-records",
		"mastodon/status.json":                       "mastodon-statuses",
		"mastodon/statuses.jsonl":                    "mastodon-statuses",
		"mastodon/timeline.json":                     "mastodon-statuses",
		"mastodon/streaming.jsonl":                   "mastodon-streaming",
		"mastodon/streaming.sse":                     "mastodon-streaming",
		"reddit/listing.json":                        "reddit-ndjson",
		"reddit/postpage.json":                       "reddit-ndjson",
		"reddit/pushshift.ndjson":                    "reddit-ndjson",
		"telegram/account.json":                      "telegram-export",
		"telegram/channel.json":                      "telegram-export",
		"tiktok/comments.json":                       "tiktok-research",
		"tiktok/users.jsonl":                         "tiktok-research",
		"tiktok/videos.jsonl":                        "tiktok-research",
		"tiktok/videos_page.json":                    "tiktok-research",
		"x/v1_search.json":                           "x-v1",
		"x/v1_stream.jsonl":                          "x-v1",
		"x/v1_timeline.json":                         "x-v1",
		"x/v2_lookup.json":                           "x-v2",
		"x/v2_search.jsonl":                          "x-v2",
		"x/v2_stream.jsonl":                          "x-v2",
		"youtube/channels.json":                      "youtube-data",
		"youtube/comment_threads.json":               "youtube-data",
		"youtube/search.jsonl":                       "youtube-data",
		"youtube/videos.json":                        "youtube-data",
		"ioarchive/tweets.csv":                       "x-ioarchive-tweets",
		"ioarchive/users.csv":                        "x-ioarchive-users",
		"ira538/IRAhandle_tweets_1.csv":              "fivethirtyeight-ira",
		"meta/content_library.csv":                   "meta-content-library",
		"meta/crowdtangle_facebook.csv":              "crowdtangle",
		"meta/crowdtangle_instagram.csv":             "crowdtangle",
		"../data/coortweet/russian_coord_tweets.csv": "coortweet",
	}
	known := map[string]bool{}
	for _, n := range formats.Names() {
		known[n] = true
	}
	for file, want := range owner {
		if !known[want] {
			continue // a reader not built into this binary
		}
		path := filepath.Join("..", filepath.FromSlash(file))
		if dir, base, _ := strings.Cut(file, "/"); dir != ".." {
			path = filepath.Join("..", dir, "testdata", base)
		}
		head := readHead(t, path)
		g, err := formats.Choose(filepath.Base(path), head)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if g.Format.Name != want {
			t.Errorf("%s: detected %s (%d), want %s (all: %v)", file, g.Format.Name, g.Score, want, scores(filepath.Base(path), head))
		}
		// Renamed, a file is still recognised by its content.
		if g2, err := formats.Choose("data", head); err != nil || g2.Format.Name != want {
			t.Errorf("%s renamed: %v, %v", file, g2.Format.Name, err)
		}
	}
}

func TestUnknown(t *testing.T) {
	for _, head := range []string{"", "hello world\n", "a,b,c\n1,2,3\n", "{\"truth\":true}\n", "\x00\x01\x02"} {
		if g, err := formats.Choose("f", []byte(head)); err == nil {
			t.Errorf("%q taken for %s", head, g.Format.Name)
		} else if !strings.Contains(err.Error(), "unknown format") {
			t.Errorf("%q: %v", head, err)
		}
	}
	if _, err := formats.Lookup("x-v3"); err == nil || !strings.Contains(err.Error(), `did you mean "x-v2"?`) {
		t.Errorf("Lookup(x-v3): %v", err)
	}
}

func readHead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b[:min(len(b), source.SniffSize)]
}

func scores(name string, head []byte) map[string]int {
	out := map[string]int{}
	for _, g := range formats.Detect(name, head) {
		out[g.Format.Name] = g.Score
	}
	return out
}

// Every reader's records own their text: read again past a few MiB of
// input (the buffers refilled and reused), the first records are the same.
func TestCopies(t *testing.T) {
	for _, tc := range []struct{ file, format string }{
		{"bluesky/jetstream.jsonl", "bluesky-jetstream"},
		{"bluesky/records.jsonl", "bluesky-records"},
		{"mastodon/statuses.jsonl", "mastodon-statuses"},
		{"mastodon/timeline.json", "mastodon-statuses"},
		{"mastodon/streaming.sse", "mastodon-streaming"},
		{"reddit/pushshift.ndjson", "reddit-ndjson"},
		{"reddit/postpage.json", "reddit-ndjson"},
		{"telegram/channel.json", "telegram-export"},
		{"tiktok/videos.jsonl", "tiktok-research"},
		{"youtube/videos.json", "youtube-data"},
		{"x/v2_search.jsonl", "x-v2"},
		{"x/v1_stream.jsonl", "x-v1"},
		{"x/v1_timeline.json", "x-v1"},
		{"ioarchive/tweets.csv", "x-ioarchive-tweets"},
		{"ioarchive/users.csv", "x-ioarchive-users"},
		{"ira538/IRAhandle_tweets_1.csv", "fivethirtyeight-ira"},
		{"meta/content_library.csv", "meta-content-library"},
		{"meta/crowdtangle_facebook.csv", "crowdtangle"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := formats.Lookup(tc.format)
			if err != nil {
				t.Skip(err)
			}
			dir, base, _ := strings.Cut(tc.file, "/")
			data, err := os.ReadFile(filepath.Join("..", dir, "testdata", base))
			if err != nil {
				t.Fatal(err)
			}
			head, body := "", string(data)
			if strings.HasSuffix(base, ".csv") {
				head, body, _ = strings.Cut(body, "\n")
				head += "\n"
			}
			if !strings.HasSuffix(body, "\n") {
				body += "\n"
			}
			sourcetest.Copies(t, f, base, head, body)
		})
	}
}
