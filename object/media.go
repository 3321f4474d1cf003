package object

import (
	"fmt"
	"strings"
)

// Bounds on a media digest's hex digits: 8 fits a CRC-32, 512 a 2048-bit
// digest; anything outside is not a digest.
const (
	minHashDigits = 8
	maxHashDigits = 512
	maxAlgoLen    = 32
)

// MediaHash returns the key of a media digest: plain lower-case hex.
//
// It accepts the hex digits of a cryptographic digest (MD5, SHA-1, SHA-256,
// ...) or a perceptual hash (pHash, dHash, PDQ) in either case, optionally
// after an algorithm prefix ("sha256:", "SHA-256:", "phash:") and/or "0x".
// The prefix is checked to be a plain name and then dropped, so the same
// digest exported with and without it gets the same key; digests of
// different algorithms differ in length or, within a length, collide only by
// chance. Leading and trailing space is trimmed.
//
// Anything else is an error: an empty value (ErrEmpty), non-hex characters
// including base64 digests and space inside (ErrNotHex), fewer than 8 or
// more than 512 digits (ErrNotHex, ErrTooLong). Hex digests are not
// re-padded: a perceptual hash printed without its leading zeros will not
// match one printed with them.
func MediaHash(s string) (string, error) {
	h, err := mediaHash(s)
	if err != nil {
		return "", fmt.Errorf("object: media hash %q: %w", clip(s), err)
	}
	return h, nil
}

func mediaHash(s string) (string, error) {
	s = trim(s)
	if s == "" {
		return "", ErrEmpty
	}
	if algo, digest, ok := strings.Cut(s, ":"); ok {
		if !validAlgo(algo) {
			return "", fmt.Errorf("%w: bad algorithm prefix %q", ErrNotHex, clip(algo))
		}
		s = digest
	}
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if len(s) > maxHashDigits {
		return "", fmt.Errorf("%w: %d characters, limit %d hex digits", ErrTooLong, len(s), maxHashDigits)
	}
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return "", fmt.Errorf("%w: %q at offset %d", ErrNotHex, s[i], i)
		}
	}
	if len(s) < minHashDigits {
		return "", fmt.Errorf("%w: %d hex digits, need at least %d", ErrNotHex, len(s), minHashDigits)
	}
	return strings.ToLower(s), nil
}

// validAlgo accepts algorithm names like "sha256", "SHA-256", "p_hash".
func validAlgo(a string) bool {
	if a == "" || len(a) > maxAlgoLen {
		return false
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
