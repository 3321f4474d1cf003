package object

import "strings"

// Mention returns the key of an account handle, given with or without its
// '@'.
//
// Leading '@' signs (also full-width '＠') are removed, invisible and
// control characters dropped, and NFKC plus Unicode case folding applied:
// handles on Twitter/X, Bluesky and Mastodon are case-insensitive.
//
// Platform forms:
//   - "@User" (Twitter/X, Instagram, Telegram) gives "user";
//   - "@User.bsky.social" (Bluesky, a domain name) gives "user.bsky.social";
//   - "@user@Mastodon.Social" and "user@mastodon.social" (fediverse) both
//     give "user@mastodon.social"; the server part is canonicalised like a
//     link's host, so an internationalised server name is in punycode. A
//     local "@user" is not joined to any server: the caller knows which
//     instance it came from and can append it.
//
// Profile links ("https://twitter.com/user") are not recognised; normalise
// those as URLs. A handle with nothing left gives "".
func Mention(s string) string {
	s = stripSigil(s, '@')
	if local, server, ok := strings.Cut(s, "@"); ok && local != "" && server != "" {
		if h, _, err := canonicalHost(server); err == nil {
			s = local + "@" + h
		}
	}
	return s
}
