// Package meta reads CSV exports of Facebook and Instagram posts: those
// of Meta Content Library (FormatContentLibrary) and CrowdTangle's
// historical-data exports (FormatCrowdTangle).
//
// Both give each row as a post and its owner's account. Likes are all
// reactions on Facebook (Content Library's statistics.reaction_count, the
// sum of CrowdTangle's Likes, Love, Wow, Haha, Sad, Angry and Care
// columns), likes on Instagram; Reposts are shares, Replies comments.
package meta

import (
	"strings"

	"github.com/scrutineer/scrutineer"
)

// hostPlatform says from a URL's host whether it is on Facebook or
// Instagram ("" when neither).
func hostPlatform(u string) scrutineer.Platform {
	h := host(u)
	switch {
	case h == "instagram.com" || strings.HasSuffix(h, ".instagram.com") || h == "instagr.am":
		return scrutineer.PlatformInstagram
	case h == "facebook.com" || strings.HasSuffix(h, ".facebook.com") || h == "fb.com" || h == "fb.watch" || strings.HasSuffix(h, ".fb.com"):
		return scrutineer.PlatformFacebook
	}
	return ""
}

// host returns the lower-case host of an http(s) URL, without "www." and
// a port, or "".
func host(u string) string {
	i := strings.Index(u, "://")
	if i < 0 || i > 5 {
		return ""
	}
	h := u[i+3:]
	if j := strings.IndexAny(h, "/?#"); j >= 0 {
		h = h[:j]
	}
	if j := strings.LastIndexByte(h, '@'); j >= 0 {
		h = h[j+1:]
	}
	if j := strings.IndexByte(h, ':'); j >= 0 {
		h = h[:j]
	}
	h = strings.ToLower(h)
	return strings.TrimPrefix(h, "www.")
}

// mediaType maps the media kinds of both exports (Content Library's
// multimedia types and media_type, CrowdTangle's Type) to a Media.Type;
// "" for what is not media (a link, a status).
func mediaType(kind string) string {
	k := strings.TrimSpace(kind)
	// Short ASCII kinds, the usual ones, are lowered on the stack.
	var buf [32]byte
	if len(k) <= len(buf) && isASCII(k) {
		for i := 0; i < len(k); i++ {
			c := k[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		k = string(buf[:len(k)])
	} else {
		k = strings.ToLower(k)
	}
	switch {
	case k == "":
		return ""
	case strings.Contains(k, "video") || strings.Contains(k, "reel") || k == "igtv" || k == "youtube" || k == "vine":
		return "video"
	case strings.Contains(k, "photo") || strings.Contains(k, "image") || strings.Contains(k, "album") || k == "carousel":
		return "photo"
	case strings.Contains(k, "gif"):
		return "gif"
	case strings.Contains(k, "audio"):
		return "audio"
	case k == "document" || k == "file":
		return "document"
	}
	return ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// sumCounts adds the known counts; the sum is unknown when none is known.
func sumCounts(cs ...scrutineer.Count) scrutineer.Count {
	var total int64
	known := false
	for _, c := range cs {
		if n, ok := c.Get(); ok {
			total += n
			known = true
		}
	}
	if !known {
		return scrutineer.Count{}
	}
	return scrutineer.Known(total)
}

// baseName is the last element of a slash-separated path.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}
