// Package auth holds the credentials' cryptography and the sign-in
// throttle: argon2id password hashes, API token secrets, and a limit on
// failed attempts. It keeps no users; the store does.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's costs. The default is OWASP's recommended minimum
// (19 MiB, two passes, one lane): a sign-in takes tens of milliseconds,
// and a stolen hash costs an attacker as much per guess.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams are the costs new hashes get.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// Bounds on passwords: long enough to resist guessing, short enough that
// hashing one cannot be made to cost without bound.
const (
	MinPassword = 12
	MaxPassword = 1024
)

// ErrMismatch is a password that does not match its hash.
var ErrMismatch = errors.New("password does not match")

// CheckPassword says what is wrong with pw as a new password, or nil.
func CheckPassword(pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case !utf8.ValidString(pw):
		return errors.New("the password is not valid UTF-8")
	case n < MinPassword:
		return fmt.Errorf("the password must have at least %d characters", MinPassword)
	case len(pw) > MaxPassword:
		return fmt.Errorf("the password must have at most %d bytes", MaxPassword)
	}
	return nil
}

// HashPassword returns pw's argon2id hash in the PHC string form
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash), salted at random.
func HashPassword(pw string, p Params) (string, error) {
	if err := CheckPassword(pw); err != nil {
		return "", err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword checks pw against an encoded hash in constant time. It
// returns ErrMismatch for a wrong password and another error for a hash
// it cannot read. needsRehash says the hash was made with other costs
// than p, so that the caller may store a fresh one.
func VerifyPassword(encoded, pw string, p Params) (needsRehash bool, err error) {
	got, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	if len(pw) > MaxPassword {
		return false, ErrMismatch
	}
	other := argon2.IDKey([]byte(pw), salt, got.Time, got.Memory, got.Threads, uint32(len(key)))
	if subtle.ConstantTimeCompare(key, other) != 1 {
		return false, ErrMismatch
	}
	return got != p, nil
}

// decode reads a PHC string, refusing costs that would let a planted hash
// exhaust memory or time.
func decode(encoded string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("argon2 version %q not supported", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("argon2 parameters %q: %w", parts[3], err)
	}
	if p.Memory < 8 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Threads > 16 {
		return p, nil, nil, fmt.Errorf("argon2 parameters %q out of range", parts[3])
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, errors.New("argon2 salt is malformed")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, errors.New("argon2 hash is malformed")
	}
	return p, salt, key, nil
}
