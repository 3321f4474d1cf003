package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
)

// TokenPrefix starts every API token, so that secret scanners and people
// can tell one when they see it.
const TokenPrefix = "scr_"

// NewToken returns a new API token's secret, to be shown once, and the
// hash to store.
func NewToken() (secret string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("token: %w", err)
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashToken(secret), nil
}

// HashToken returns the hash under which a token's secret is stored. A
// plain SHA-256 suffices: the secret has 256 random bits, so there is
// nothing to guess, and a lookup by hash stays an index lookup.
func HashToken(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// LooksLikeToken reports whether s has a token's form, so that a bearer
// credential of another kind is refused before any lookup.
func LooksLikeToken(s string) bool {
	rest, ok := strings.CutPrefix(s, TokenPrefix)
	if !ok || len(rest) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}
