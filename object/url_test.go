package object

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Scheme and host.
		{"scheme-less", "example.com/a", "http://example.com/a"},
		{"scheme-less bare host", "example.com", "http://example.com/"},
		{"protocol-relative", "//example.com/a", "http://example.com/a"},
		{"scheme-less host and port", "example.com:8080/a", "http://example.com:8080/a"},
		{"scheme-less localhost", "localhost:3000/x", "http://localhost:3000/x"},
		{"scheme-less IPv4", "192.0.2.1/x", "http://192.0.2.1/x"},
		{"upper-case scheme and host", "HTTPS://WWW.Example.COM/Path", "https://www.example.com/Path"},
		{"extra slashes", "https:////example.com/a", "https://example.com/a"},
		{"back slashes", `https:\\example.com\a\b`, "https://example.com/a/b"},
		{"trailing dot", "http://example.com./a", "http://example.com/a"},
		{"userinfo dropped", "https://user:secret@example.com/", "https://example.com/"},
		{"last @ ends userinfo", "https://a@b@example.com/", "https://example.com/"},
		{"underscore host", "http://my_blog.tumblr.com", "http://my_blog.tumblr.com/"},
		{"hyphen-rich host", "https://r3---sn-abc.googlevideo.com/v", "https://r3---sn-abc.googlevideo.com/v"},

		// International hosts.
		{"IDN", "https://bücher.de/", "https://xn--bcher-kva.de/"},
		{"IDN upper case", "https://BÜCHER.DE/", "https://xn--bcher-kva.de/"},
		{"IDN punycode in", "https://XN--BCHER-KVA.de", "https://xn--bcher-kva.de/"},
		{"IDN Cyrillic", "http://президент.рф/", "http://xn--d1abbgf6aiiy.xn--p1ai/"},
		{"IDN Arabic", "http://مثال.إختبار/", "http://xn--mgbh0fb.xn--kgbechtv/"},
		{"full-width host", "http://ｅｘａｍｐｌｅ．ｃｏｍ/", "http://example.com/"},
		{"ideographic full stop", "http://example。com/", "http://example.com/"},
		{"escaped host", "http://ex%61mple.com/", "http://example.com/"},
		{"sharp s kept (non-transitional)", "https://faß.de/", "https://xn--fa-hia.de/"},

		// IP addresses.
		{"IPv4", "http://192.0.2.1/", "http://192.0.2.1/"},
		{"IPv4 hex shorthand", "http://0x7f.1/", "http://127.0.0.1/"},
		{"IPv4 single number", "http://2130706433/", "http://127.0.0.1/"},
		{"IPv4 octal", "http://0300.0250.0.01/", "http://192.168.0.1/"},
		{"IPv4 trailing dot", "http://192.0.2.1./", "http://192.0.2.1/"},
		{"IPv6", "http://[2001:DB8:0:0::1]/", "http://[2001:db8::1]/"},
		{"IPv6 port", "http://[2001:db8::1]:8080/", "http://[2001:db8::1]:8080/"},
		{"IPv6 default port", "https://[::1]:443/", "https://[::1]/"},

		// Ports.
		{"http default port", "http://example.com:80/", "http://example.com/"},
		{"https default port", "https://example.com:443/", "https://example.com/"},
		{"http port on https", "https://example.com:80/", "https://example.com:80/"},
		{"leading zeros", "http://example.com:0080/", "http://example.com/"},
		{"other port", "http://example.com:8080", "http://example.com:8080/"},
		{"empty port", "http://example.com:/a", "http://example.com/a"},

		// Path.
		{"empty path", "http://example.com", "http://example.com/"},
		{"dot segments", "http://example.com/a/./b/../c", "http://example.com/a/c"},
		{"dot segment at end", "http://example.com/a/b/..", "http://example.com/a/"},
		{"dot-dot above root", "http://example.com/../../a", "http://example.com/a"},
		{"escaped dot segments", "http://example.com/a/%2e%2E/b", "http://example.com/b"},
		{"double slash kept", "http://example.com/a//b", "http://example.com/a//b"},
		{"trailing slash kept", "http://example.com/a/", "http://example.com/a/"},
		{"path case kept", "http://example.com/About", "http://example.com/About"},

		// Percent-encoding.
		{"unreserved decoded", "http://example.com/%7euser/%41%2D", "http://example.com/~user/A-"},
		{"reserved kept, hex upper", "http://example.com/a%2fb%3f", "http://example.com/a%2Fb%3F"},
		{"stray percent", "http://example.com/100%/x%zz", "http://example.com/100%25/x%25zz"},
		{"space encoded", "http://example.com/a b", "http://example.com/a%20b"},
		{"non-ASCII encoded", "http://example.com/é", "http://example.com/%C3%A9"},
		{"lower-case escape", "http://example.com/%c3%a9", "http://example.com/%C3%A9"},
		{"query non-ASCII", "http://example.com/?q=выборы", "http://example.com/?q=%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D1%8B"},
		{"plus kept", "http://example.com/?q=a+b", "http://example.com/?q=a+b"},
		{"escaped ampersand kept", "http://example.com/?q=a%26b", "http://example.com/?q=a%26b"},
		{"equals in value", "http://example.com/?a=b=c", "http://example.com/?a=b=c"},

		// Query.
		{"sorted", "http://example.com/?b=2&a=1&c=3", "http://example.com/?a=1&b=2&c=3"},
		{"repeated keys stable", "http://example.com/?b=1&a=2&a=1", "http://example.com/?a=2&a=1&b=1"},
		{"empty query", "http://example.com/?", "http://example.com/"},
		{"empty params", "http://example.com/?&&a=1&&", "http://example.com/?a=1"},
		{"key without value kept", "http://example.com/?b&a=", "http://example.com/?a=&b"},
		{"utm removed", "http://example.com/?utm_source=tw&id=7&utm_medium=social", "http://example.com/?id=7"},
		{"utm any case", "http://example.com/?UTM_Source=x&Utm_Campaign=y", "http://example.com/"},
		{"escaped utm", "http://example.com/?utm%5Fsource=x", "http://example.com/"},
		{"click ids", "https://example.com/a?fbclid=1&gclid=2&dclid=3&gbraid=4&wbraid=5&msclkid=6&yclid=7&twclid=8&keep=1", "https://example.com/a?keep=1"},
		{"mail ids", "https://example.com/?mc_cid=1&mc_eid=2&_ga=3&_gl=4&s_cid=5&igshid=6", "https://example.com/"},
		{"embed refs", "https://example.com/?ref_src=twsrc&ref_url=x", "https://example.com/"},
		{"BBC campaign", "https://www.bbc.co.uk/news/x?at_medium=RSS&at_campaign=KARANGA", "https://www.bbc.co.uk/news/x"},
		{"twitter share params", "https://twitter.com/u/status/1?s=20&t=AbC", "https://twitter.com/u/status/1"},
		{"x.com share params", "https://mobile.x.com/u/status/1?s=46", "https://mobile.x.com/u/status/1"},
		{"s kept elsewhere", "https://example.com/search?s=vote", "https://example.com/search?s=vote"},
		{"youtube share", "https://youtu.be/abc?si=XYZ&t=42", "https://youtu.be/abc?t=42"},
		{"youtube feature", "https://www.youtube.com/watch?v=abc&feature=share&ab_channel=News", "https://www.youtube.com/watch?v=abc"},
		{"facebook mibextid", "https://www.facebook.com/share/p/1?mibextid=abc", "https://www.facebook.com/share/p/1"},
		{"guardian CMP", "https://www.theguardian.com/a?CMP=share_btn_tw", "https://www.theguardian.com/a"},
		{"ref kept", "https://example.com/?ref=home", "https://example.com/?ref=home"},

		// Fragment.
		{"fragment dropped", "http://example.com/a#section-2", "http://example.com/a"},
		{"empty fragment", "http://example.com/a#", "http://example.com/a"},
		{"fragment after query", "http://example.com/?b=1&a=2#x", "http://example.com/?a=2&b=1"},
		{"hashbang kept", "https://twitter.com/#!/user/status/1", "https://twitter.com/#!/user/status/1"},
		{"hashbang escaped", "https://twitter.com/#!/a b#c", "https://twitter.com/#!/a%20b%23c"},

		// Surroundings.
		{"spaces", "  http://example.com/a \n", "http://example.com/a"},
		{"BOM and LRM", "\ufeff\u200ehttp://example.com/a\u200f", "http://example.com/a"},
		{"newline inside", "http://exam\nple.com/a\r\nb", "http://example.com/ab"},
		{"tab inside", "http://example.com/\ta", "http://example.com/a"},
		{"control inside encoded", "http://example.com/a\x01b", "http://example.com/a%01b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalURL(tt.in)
			if err != nil {
				t.Fatalf("CanonicalURL(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Fatalf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
			again, err := CanonicalURL(got)
			if err != nil || again != got {
				t.Fatalf("not idempotent: CanonicalURL(%q) = %q, %v", got, again, err)
			}
		})
	}
}

func TestCanonicalURLErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrEmpty},
		{"blank", " \t\u200b ", ErrEmpty},
		{"mailto", "mailto:someone@example.com", ErrUnsupportedScheme},
		{"javascript", "javascript:alert(1)", ErrUnsupportedScheme},
		{"javascript upper", "JavaScript:alert(1)", ErrUnsupportedScheme},
		{"data", "data:text/html;base64,PHA+", ErrUnsupportedScheme},
		{"ftp", "ftp://example.com/file", ErrUnsupportedScheme},
		{"tel", "tel:+15551234567", ErrUnsupportedScheme},
		{"word", "hello", ErrNotURL},
		{"sentence", "hello world", ErrInvalidHost},
		{"email", "someone@example.com", ErrNotURL},
		{"relative path", "/index.html", ErrNotURL},
		{"query only", "?a=1", ErrNotURL},
		{"no host", "http://", ErrInvalidHost},
		{"no host with path", "https://?a", ErrInvalidHost},
		{"space in host", "http://exa mple.com/", ErrInvalidHost},
		{"bad host char", "http://exa<mple.com/", ErrInvalidHost},
		{"empty label", "http://a..b.com/", ErrInvalidHost},
		{"two trailing dots", "http://example.com../", ErrInvalidHost},
		{"leading dot", "http://.example.com/", ErrInvalidHost},
		{"bad escape in host", "http://exa%zzmple.com/", ErrInvalidHost},
		{"escaped slash in host", "http://example.com%2F.evil.com/", ErrInvalidHost},
		{"IPv4 five parts", "http://1.2.3.4.5/", ErrInvalidHost},
		{"IPv4 octet range", "http://256.1.1.1/", ErrInvalidHost},
		{"IPv4 bad octal", "http://08.1.1.1/", ErrInvalidHost},
		{"IPv4 huge", "http://99999999999999999999/", ErrInvalidHost},
		{"IPv6 unterminated", "http://[::1/", ErrInvalidHost},
		{"IPv6 junk after", "http://[::1]x/", ErrInvalidHost},
		{"IPv6 bad", "http://[::g]/", ErrInvalidHost},
		{"IPv6 zone", "http://[fe80::1%25eth0]/", ErrInvalidHost},
		{"IPv4 in brackets", "http://[192.0.2.1]/", ErrInvalidHost},
		{"bad IDN", "http://xn--a.com/", ErrInvalidHost},
		{"port letters", "http://example.com:80a/", ErrInvalidPort},
		{"port range", "http://example.com:65536/", ErrInvalidPort},
		{"port huge", "http://example.com:99999999999999999999/", ErrInvalidPort},
		{"too long", "http://example.com/" + strings.Repeat("a", MaxURLLength), ErrTooLong},
		{"grows too long", "http://example.com/" + strings.Repeat("é", MaxURLLength/2-20), ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalURL(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("CanonicalURL(%q) = %q, %v; want error %v", clip(tt.in), got, err, tt.want)
			}
			if got != "" {
				t.Fatalf("CanonicalURL(%q) returned %q with its error", clip(tt.in), got)
			}
		})
	}
}

// TestCanonicalURLSpellings checks that the spellings an analyst meets for
// one link all get the same key.
func TestCanonicalURLSpellings(t *testing.T) {
	groups := [][]string{
		{
			"https://www.example.com/news/story?id=42",
			"HTTPS://WWW.EXAMPLE.COM:443/news/story?id=42#comments",
			"https://www.example.com/news/./story?utm_source=twitter&id=42&fbclid=IwAR0",
			"https://www.example.com./news/story?id=%34%32",
			"  https://user@www.example.com/news/other/../story?&id=42&  ",
		},
		{
			"https://xn--bcher-kva.de/k%C3%A4se?a=1&b=2",
			"https://Bücher.de/käse?b=2&a=1",
			"https://BÜCHER.de/k%c3%a4se?b=2&a=1&utm_campaign=x",
		},
		{
			"https://twitter.com/someone/status/1234567890",
			"https://twitter.com/someone/status/1234567890?s=20&t=q9s8d7f6",
			"https://twitter.com/someone/status/1234567890?ref_src=twsrc%5Etfw",
		},
	}
	for _, g := range groups {
		want, err := CanonicalURL(g[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range g[1:] {
			got, err := CanonicalURL(in)
			if err != nil || got != want {
				t.Errorf("CanonicalURL(%q) = %q, %v; want %q (as for %q)", in, got, err, want, g[0])
			}
		}
	}
}

func TestCanonicalURLLongValid(t *testing.T) {
	in := "https://example.com/" + strings.Repeat("a/", (MaxURLLength-40)/2)
	got, err := CanonicalURL(in)
	if err != nil {
		t.Fatalf("long valid link refused: %v", err)
	}
	if got != in {
		t.Fatalf("long valid link changed")
	}
	many := "https://example.com/?" + strings.Repeat("k=v&utm_x=1&", 600)
	got, err = CanonicalURL(many)
	if err != nil {
		t.Fatalf("many parameters refused: %v", err)
	}
	if want := "https://example.com/?" + strings.TrimSuffix(strings.Repeat("k=v&", 600), "&"); got != want {
		t.Fatalf("many parameters: got %d bytes, want %d", len(got), len(want))
	}
}

func TestCanonicalURLHostile(t *testing.T) {
	inputs := []string{
		strings.Repeat("%", 5000),
		"http://" + strings.Repeat("[", 3000),
		"http://" + strings.Repeat("@", 3000) + "example.com",
		"http://" + strings.Repeat("a.", 4000),
		"http://" + strings.Repeat("9", 4000),
		"http://example.com/" + strings.Repeat("../", 2500),
		"http://example.com/?" + strings.Repeat("&", 8000),
		"http://\xff\xfe/",
		"http://example.com/\xff",
		"\x00\x01\x02",
		strings.Repeat("\u202e", 1000),
	}
	for _, in := range inputs {
		got, err := CanonicalURL(in)
		if err == nil {
			if again, err := CanonicalURL(got); err != nil || again != got {
				t.Errorf("not idempotent for %q: %q then %q, %v", clip(in), got, again, err)
			}
		}
	}
}

func TestRemoveDotSegments(t *testing.T) {
	tests := map[string]string{
		"/":                "/",
		"/.":               "/",
		"/..":              "/",
		"/a/b/c/./../../g": "/a/g",
		"/a/b/..":          "/a/",
		"/a/./":            "/a/",
		"/a//../b":         "/a/b",
		"/.a/..b/":         "/.a/..b/",
	}
	for in, want := range tests {
		if got := removeDotSegments(in); got != want {
			t.Errorf("removeDotSegments(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTrackingListDocumented keeps the package documentation's list of
// tracking parameters in step with the code.
func TestTrackingListDocumented(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	mentioned := func(word string) bool {
		return strings.Contains(text, " "+word+",") || strings.Contains(text, " "+word+" ") ||
			strings.Contains(text, " "+word+";") || strings.Contains(text, " "+word+".") ||
			strings.Contains(text, " "+word+"\n")
	}
	for _, p := range trackingPrefixes {
		if !mentioned(p) {
			t.Errorf("prefix %q is not documented", p)
		}
	}
	for k := range trackingKeys {
		if !mentioned(k) && !strings.HasPrefix(k, "at_custom") {
			t.Errorf("key %q is not documented", k)
		}
	}
	for _, site := range siteTracking {
		for _, d := range site.domains {
			if !strings.Contains(text, d) {
				t.Errorf("site %q is not documented", d)
			}
		}
		for k := range site.keys {
			if !mentioned(k) {
				t.Errorf("key %q of %v is not documented", k, site.domains)
			}
		}
	}
}
