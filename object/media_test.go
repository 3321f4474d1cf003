package object

import (
	"errors"
	"strings"
	"testing"
)

func TestMediaHash(t *testing.T) {
	const sha256 = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"
	tests := []struct{ in, want string }{
		{sha256, strings.ToLower(sha256)},
		{"sha256:" + sha256, strings.ToLower(sha256)},
		{"SHA-256:" + strings.ToLower(sha256), strings.ToLower(sha256)},
		{"md5:D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"},
		{"da39a3ee5e6b4b0d3255bfef95601890afd80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{"phash:C3D4A1B2E5F60718", "c3d4a1b2e5f60718"},
		{"0xDEADBEEF", "deadbeef"},
		{"p_hash:0xabcdef0123456789", "abcdef0123456789"},
		{"  abcdef01\n", "abcdef01"},
	}
	for _, tt := range tests {
		got, err := MediaHash(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("MediaHash(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		if again, err := MediaHash(got); err != nil || again != got {
			t.Errorf("not idempotent: MediaHash(%q) = %q, %v", got, again, err)
		}
	}
}

func TestMediaHashErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrEmpty},
		{"  ", ErrEmpty},
		{"not-hex-at-all", ErrNotHex},
		{"abcdefg1", ErrNotHex},
		{"abcd ef01", ErrNotHex},
		{"abc", ErrNotHex},
		{"sha256:", ErrNotHex},
		{"sha 256:abcdef01", ErrNotHex},
		{":abcdef01", ErrNotHex},
		{"sha256-n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=", ErrNotHex},
		{"https://example.com/img.jpg", ErrNotHex},
		{strings.Repeat("a", 513), ErrTooLong},
	}
	for _, tt := range tests {
		got, err := MediaHash(tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("MediaHash(%q) = %q, %v; want error %v", clip(tt.in), got, err, tt.want)
		}
	}
}
