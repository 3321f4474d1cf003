package object

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fuzzSeeds are shared starting points for the fuzz targets.
var fuzzSeeds = []string{
	"", "example.com/a", "HTTPS://WWW.Example.COM:443/a/./b/../c?b=2&a=1&utm_source=x#frag",
	"https://bücher.de./ä?q=ä b", "http://user:pw@[2001:DB8::1]:8080", "http://0x7f.1/",
	"//example.com", "localhost:3000", "mailto:a@example.com", "https://twitter.com/#!/u/status/1",
	"http://ex%61mple.com/%7e/%2f%zz", "news.bbc.co.uk", "foo.blogspot.com", "::1",
	"RT @user: Vote! https://t.co/x #Vote @bob", "𝐕𝐨𝐭𝐞\u200b ＮＯＷ 🗳️", "صوتوا\u200f الآن",
	"#Выборы2024", "@user@Mastodon.Social", "sha256:ABCDEF0123456789", "@#b", "ꭰ",
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := CanonicalURL(in)
		if err != nil {
			if out != "" {
				t.Fatalf("result %q with error %v", out, err)
			}
			return
		}
		if len(out) > MaxURLLength {
			t.Fatalf("result is %d bytes", len(out))
		}
		if !strings.HasPrefix(out, "http://") && !strings.HasPrefix(out, "https://") {
			t.Fatalf("result %q has another scheme", out)
		}
		for i := 0; i < len(out); i++ {
			if c := out[i]; c <= ' ' || c >= 0x7F {
				t.Fatalf("result %q has byte %#x", out, c)
			}
		}
		if i := strings.IndexByte(out, '#'); i >= 0 && !strings.HasPrefix(out[i:], "#!") {
			t.Fatalf("result %q keeps a fragment", out)
		}
		again, err := CanonicalURL(out)
		if err != nil || again != out {
			t.Fatalf("CanonicalURL(%q) = %q, then %q, %v", in, out, again, err)
		}
	})
}

func FuzzDomain(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := Domain(in)
		if err != nil {
			if out != "" {
				t.Fatalf("result %q with error %v", out, err)
			}
			return
		}
		if out == "" {
			t.Fatalf("Domain(%q) is empty without error", in)
		}
		again, err := Domain(out)
		if err != nil || again != out {
			t.Fatalf("Domain(%q) = %q, then %q, %v", in, out, again, err)
		}
		if u, err := CanonicalURL(in); err == nil {
			if d, err := Domain(u); err != nil || d != out {
				t.Fatalf("Domain(%q) = %q but Domain(%q) = %q, %v", in, out, u, d, err)
			}
		}
	})
}

func FuzzText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Text(in)
		checkTextKey(t, in, out)
		if again := Text(out); again != out {
			t.Fatalf("Text(%q) = %q, then %q", in, out, again)
		}
	})
}

func FuzzHashtag(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Hashtag(in)
		checkTextKey(t, in, out)
		if strings.HasPrefix(out, "#") {
			t.Fatalf("Hashtag(%q) = %q keeps a leading sign", in, out)
		}
		if again := Hashtag(out); again != out {
			t.Fatalf("Hashtag(%q) = %q, then %q", in, out, again)
		}
	})
}

func FuzzMention(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Mention(in)
		checkTextKey(t, in, out)
		if again := Mention(out); again != out {
			t.Fatalf("Mention(%q) = %q, then %q", in, out, again)
		}
	})
}

// checkTextKey checks the shape every text-like key must have: valid
// UTF-8, no invisible or control characters, single inner spaces, no space
// at either end.
func checkTextKey(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("key for %q is not UTF-8: %q", in, out)
	}
	if out != strings.TrimSpace(out) || strings.Contains(out, "  ") {
		t.Fatalf("key for %q has stray space: %q", in, out)
	}
	for _, r := range out {
		if isInvisible(r) || unicode.IsControl(r) || (unicode.IsSpace(r) && r != ' ') {
			t.Fatalf("key for %q has %U: %q", in, r, out)
		}
	}
}
