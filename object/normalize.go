package object

import (
	"fmt"
	"strings"
)

// Normalize returns the key of raw as an object of kind k.
//
// A value that names no object (empty, or only space, control and invisible
// characters, or a lone '#' or '@') gives "" and a nil error, so callers can
// skip it without treating it as bad data. A value that is malformed for its
// kind gives an error saying what was wrong; such a value should be counted
// and skipped, not keyed.
//
// Per kind:
//   - KindGeneric: the value as given, trimmed of space, control and
//     invisible characters (a CSV byte-order mark, say). Nothing else is
//     changed: the id is opaque.
//   - KindRepost, KindReply: the target post's id, trimmed like
//     KindGeneric; an id written as an http(s) link (a Mastodon status URL,
//     for example) is canonicalised with CanonicalURL so its spellings meet.
//   - KindURL: CanonicalURL.
//   - KindDomain: Domain.
//   - KindHashtag: Hashtag.
//   - KindMention: Mention.
//   - KindText: Text.
//   - KindMedia: MediaHash.
//
// Normalize is idempotent: Normalize(k, Normalize(k, x)) equals
// Normalize(k, x) whenever the first call succeeds.
func Normalize(k Kind, raw string) (string, error) {
	if blank(raw) {
		if k >= numKinds {
			return "", unknownKind(k)
		}
		return "", nil
	}
	switch k {
	case KindGeneric:
		return trim(raw), nil
	case KindRepost, KindReply:
		return targetID(k, raw)
	case KindURL:
		return CanonicalURL(raw)
	case KindDomain:
		return Domain(raw)
	case KindHashtag:
		return Hashtag(raw), nil
	case KindMention:
		return Mention(raw), nil
	case KindText:
		return Text(raw), nil
	case KindMedia:
		return MediaHash(raw)
	}
	return "", unknownKind(k)
}

func unknownKind(k Kind) error {
	return fmt.Errorf("object: %w %d (valid: %s)", ErrUnknownKind, uint8(k), validKindNames())
}

// targetID normalises the id of a repost or reply target.
func targetID(k Kind, raw string) (string, error) {
	s := trim(raw)
	if hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://") {
		u, err := canonicalURL(s)
		if err != nil {
			return "", fmt.Errorf("object: %s target %q: %w", k, clip(raw), err)
		}
		return u, nil
	}
	return s, nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
