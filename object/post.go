package object

import (
	"strings"

	"github.com/scrutineer/scrutineer"
)

// Share is one object a post shares.
type Share struct {
	Kind   Kind
	Object string // canonical (Normalize)
}

// MinTextWords is how many words a post's text needs to be an object of
// KindText: shorter texts match by chance.
const MinTextWords = 6

// PostKey is a post's or an account's id across platforms ("x:1234"), the
// form share tables use for content, accounts and the posts reposted.
func PostKey(p scrutineer.Platform, id string) string { return string(p) + ":" + id }

// OfPost appends to dst the objects of the given kinds that p shares. A
// repost shares its original and nothing of its own (its text and links
// are the original's). Posts replied to and reposted are written as
// PostKey; values that do not normalise (a link that is not a URL) are
// left out, as a share table would not hold them.
func OfPost(dst []Share, p *scrutineer.Post, kinds []Kind) []Share {
	var want [numKinds]bool
	for _, k := range kinds {
		if k < numKinds {
			want[k] = true
		}
	}
	add := func(k Kind, raw string) {
		if v, err := Normalize(k, raw); err == nil && v != "" {
			dst = append(dst, Share{k, v})
		}
	}
	if p.RepostOf != "" {
		if want[KindRepost] {
			add(KindRepost, PostKey(p.Platform, p.RepostOf))
		}
		return dst
	}
	if p.ReplyTo != "" && want[KindReply] {
		add(KindReply, PostKey(p.Platform, p.ReplyTo))
	}
	if p.QuoteOf != "" && want[KindRepost] {
		// A quote amplifies the post it quotes, as a repost does.
		add(KindRepost, PostKey(p.Platform, p.QuoteOf))
	}
	for _, u := range p.URLs {
		if want[KindURL] {
			add(KindURL, u)
		}
		if want[KindDomain] {
			add(KindDomain, u)
		}
	}
	if want[KindHashtag] {
		for _, h := range p.Hashtags {
			add(KindHashtag, h)
		}
	}
	if want[KindMention] {
		for _, m := range p.Mentions {
			add(KindMention, m)
		}
	}
	if want[KindText] {
		if t := Text(p.Text); len(strings.Fields(t)) >= MinTextWords {
			dst = append(dst, Share{KindText, t})
		}
	}
	if want[KindMedia] {
		for _, m := range p.Media {
			// A digest normalises; a platform's own content id (a CID, a
			// blurhash) or, failing that, the media's link is kept as an
			// opaque id, which still matches the same upload shared twice.
			if v, err := Normalize(KindMedia, m.Hash); err == nil && v != "" {
				dst = append(dst, Share{KindMedia, v})
			} else if h := trim(m.Hash); h != "" {
				dst = append(dst, Share{KindMedia, h})
			} else if u, err := CanonicalURL(m.URL); err == nil && u != "" {
				dst = append(dst, Share{KindMedia, u})
			}
		}
	}
	return dst
}
