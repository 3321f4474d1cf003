package reddit

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
)

var (
	listing = regexp.MustCompile(`^\[?\s*\{\s*"kind"\s*:\s*"(Listing|t1|t3)"`)
	// Keys only Reddit writes; "subreddit" is the surest.
	redditKeys = [][]byte{
		[]byte(`"link_id"`), []byte(`"parent_id"`), []byte(`"selftext"`), []byte(`"subreddit_id"`),
		[]byte(`"permalink"`), []byte(`"author_fullname"`), []byte(`"num_comments"`), []byte(`"over_18"`),
		[]byte(`"created_utc"`), []byte(`"removed_by_category"`),
	}
	// Pushshift's and Arctic Shift's dump names: RS_2023-01, RC_2023-01,
	// <subreddit>_submissions, <subreddit>_comments.
	dumpName = regexp.MustCompile(`^(rs|rc)_\d{4}-\d{2}|_(submissions|comments)\b`)
)

func sniff(name string, head []byte) int {
	h := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	h = bytes.TrimLeft(h, " \t\r\n")
	if len(h) == 0 || h[0] != '{' && h[0] != '[' {
		return 0
	}
	if m := listing.FindSubmatch(h); m != nil {
		if bytes.Contains(h, []byte(`"subreddit"`)) || bytes.Contains(h, []byte(`"children"`)) {
			return 95
		}
		return 60
	}
	// The first record, or what of it the head holds.
	first := h
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	n := 0
	for _, k := range redditKeys {
		if bytes.Contains(first, k) {
			n++
		}
	}
	sub := bytes.Contains(first, []byte(`"subreddit"`))
	named := dumpName.MatchString(strings.ToLower(filepath.Base(name)))
	switch {
	case sub && n >= 2:
		return 90
	case sub && (n >= 1 || named):
		return 70
	case named && n >= 2:
		return 50
	}
	return 0
}
