package object

import (
	"errors"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		k        Kind
		in, want string
	}{
		{KindGeneric, "  1234567890\n", "1234567890"},
		{KindGeneric, "\ufeffAbC Def", "AbC Def"},
		{KindGeneric, "https://Example.com/?b&a", "https://Example.com/?b&a"},
		{KindRepost, " 1234567890 ", "1234567890"},
		{KindRepost, "at://did:plc:abc/app.bsky.feed.post/3k", "at://did:plc:abc/app.bsky.feed.post/3k"},
		{KindReply, "HTTPS://Mastodon.Social/@user/111?utm_source=x", "https://mastodon.social/@user/111"},
		{KindURL, "Example.com/a?utm_source=x", "http://example.com/a"},
		{KindDomain, "https://news.bbc.co.uk/a", "bbc.co.uk"},
		{KindHashtag, "#Vote", "vote"},
		{KindMention, "@User", "user"},
		{KindText, "RT @u: Vote! https://t.co/x", "vote!"},
		{KindMedia, "SHA256:ABCDEF01", "abcdef01"},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.k, tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%v, %q) = %q, %v; want %q", tt.k, tt.in, got, err, tt.want)
			continue
		}
		if again, err := Normalize(tt.k, got); err != nil || again != got {
			t.Errorf("not idempotent: Normalize(%v, %q) = %q, %v", tt.k, got, again, err)
		}
	}
}

func TestNormalizeNoObject(t *testing.T) {
	blanks := []string{"", "   ", "\t\n", "\u200b", "\ufeff \u200e"}
	for _, k := range Kinds() {
		for _, in := range blanks {
			got, err := Normalize(k, in)
			if got != "" || err != nil {
				t.Errorf("Normalize(%v, %q) = %q, %v; want \"\", nil", k, in, got, err)
			}
		}
	}
	for k, in := range map[Kind]string{KindHashtag: "#", KindMention: "@", KindText: "RT @user: https://t.co/x"} {
		if got, err := Normalize(k, in); got != "" || err != nil {
			t.Errorf("Normalize(%v, %q) = %q, %v; want \"\", nil", k, in, got, err)
		}
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct {
		k    Kind
		in   string
		want error
	}{
		{KindURL, "mailto:a@example.com", ErrUnsupportedScheme},
		{KindDomain, "exa mple.com", ErrInvalidHost},
		{KindMedia, "xyz", ErrNotHex},
		{KindReply, "https://exa mple.com/1", ErrInvalidHost},
		{Kind(42), "x", ErrUnknownKind},
		{Kind(42), "", ErrUnknownKind},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.k, tt.in)
		if !errors.Is(err, tt.want) || got != "" {
			t.Errorf("Normalize(%v, %q) = %q, %v; want error %v", tt.k, tt.in, got, err, tt.want)
		}
	}
}
