package object

import "testing"

func TestMention(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"twitter", "@JackDorsey", "jackdorsey"},
		{"no sign", "JackDorsey", "jackdorsey"},
		{"full-width sign", "＠ＪａｃｋＤｏｒｓｅｙ", "jackdorsey"},
		{"repeated sign", "@@user", "user"},
		{"space", "  @user_1 ", "user_1"},
		{"bluesky", "@Alice.bsky.social", "alice.bsky.social"},
		{"bluesky custom domain", "@News.Example.COM", "news.example.com"},
		{"fediverse", "@Gargron@Mastodon.Social", "gargron@mastodon.social"},
		{"fediverse no leading sign", "gargron@mastodon.social", "gargron@mastodon.social"},
		{"fediverse IDN server", "@user@Bücher.social", "user@xn--bcher-kva.social"},
		{"fediverse punycode server", "@user@xn--bcher-kva.social", "user@xn--bcher-kva.social"},
		{"fediverse trailing dot", "@user@example.social.", "user@example.social"},
		{"fediverse bad server kept", "@user@exa mple", "user@exa mple"},
		{"two @ in tail kept", "@a@b@c", "a@b@c"},
		{"Cyrillic", "@Пользователь", "пользователь"},
		{"RTL marks", "\u200f@user\u200f", "user"},
		{"zero-width", "@us\u200der", "user"},
		{"sign only", "@", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Mention(tt.in)
			if got != tt.want {
				t.Fatalf("Mention(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Mention(got); again != got {
				t.Fatalf("not idempotent: Mention(%q) = %q", got, again)
			}
		})
	}
}
