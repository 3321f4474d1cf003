package object

import (
	"errors"
	"strings"
	"testing"
)

func TestDomain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"news.bbc.co.uk", "bbc.co.uk"},
		{"https://news.bbc.co.uk/news/world-123?at_medium=x", "bbc.co.uk"},
		{"www.Example.COM", "example.com"},
		{"WWW.EXAMPLE.COM.", "example.com"},
		{"example.com", "example.com"},
		{"example.com:8080", "example.com"},
		{"http://user@sub.example.com:8443/a", "example.com"},
		{"//cdn.example.org/x.js", "example.org"},
		{"foo.blogspot.com", "foo.blogspot.com"},
		{"https://a.foo.blogspot.com/", "foo.blogspot.com"},
		{"alice.github.io", "alice.github.io"},
		{"www.gov.uk", "www.gov.uk"},
		{"a.b.example.com.au", "example.com.au"},
		{"co.uk", "co.uk"},
		{"com", "com"},
		{"blogspot.com", "blogspot.com"},
		{"localhost", "localhost"},
		{"intranet", "intranet"},
		{"host.unknowntld", "host.unknowntld"},
		{"a.b.host.unknowntld", "host.unknowntld"},
		{"президент.рф", "xn--d1abbgf6aiiy.xn--p1ai"},
		{"www.xn--d1abbgf6aiiy.xn--p1ai", "xn--d1abbgf6aiiy.xn--p1ai"},
		{"https://www.bücher.de/", "xn--bcher-kva.de"},
		{"192.0.2.1", "192.0.2.1"},
		{"http://192.0.2.1:8080/", "192.0.2.1"},
		{"0x7f.1", "127.0.0.1"},
		{"::1", "::1"},
		{"2001:DB8::1", "2001:db8::1"},
		{"[2001:db8::1]", "2001:db8::1"},
		{"http://[2001:db8::1]:8080/", "2001:db8::1"},
		{"  example.com\n", "example.com"},
	}
	for _, tt := range tests {
		got, err := Domain(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Domain(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		if again, err := Domain(got); err != nil || again != got {
			t.Errorf("not idempotent: Domain(%q) = %q, %v", got, again, err)
		}
	}
}

func TestDomainErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrEmpty},
		{"   ", ErrEmpty},
		{"mailto:a@example.com", ErrUnsupportedScheme},
		{"a@example.com", ErrNotURL},
		{"exa mple.com", ErrInvalidHost},
		{"a..b.com", ErrInvalidHost},
		{"http://example.com:99999/", ErrInvalidPort},
		{"fe80::1%eth0", ErrInvalidHost},
		{strings.Repeat("a", MaxURLLength+1), ErrTooLong},
	}
	for _, tt := range tests {
		got, err := Domain(tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("Domain(%q) = %q, %v; want error %v", clip(tt.in), got, err, tt.want)
		}
	}
}

// TestDomainOfCanonicalURL checks that a link and its canonical form name
// the same domain.
func TestDomainOfCanonicalURL(t *testing.T) {
	for _, in := range []string{
		"https://news.bbc.co.uk/a", "HTTP://WWW.Example.COM:80/x", "https://foo.blogspot.com/",
		"http://[::1]:8080/", "http://0x7f.1/", "https://bücher.de/",
	} {
		u, err := CanonicalURL(in)
		if err != nil {
			t.Fatal(err)
		}
		d1, err1 := Domain(in)
		d2, err2 := Domain(u)
		if err1 != nil || err2 != nil || d1 != d2 {
			t.Errorf("Domain(%q) = %q, %v but Domain(%q) = %q, %v", in, d1, err1, u, d2, err2)
		}
	}
}
