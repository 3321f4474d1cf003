package object

import (
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Domain returns the registrable domain (eTLD+1) of a link or a bare host,
// so that links to different pages and subdomains of one site share a key:
// "https://news.bbc.co.uk/x" and "www.bbc.co.uk" both give "bbc.co.uk".
//
// The host is read and canonicalised as in CanonicalURL (lower case,
// punycode, no trailing dot, port and userinfo ignored), except that a bare
// single-label host ("localhost", "intranet") is accepted. Then:
//   - the Public Suffix List, including its private section, decides where
//     the registrable part starts, so hosting platforms whose users each get
//     a subdomain keep those users apart: "foo.blogspot.com" stays
//     "foo.blogspot.com", "alice.github.io" stays "alice.github.io";
//   - an IP address (bracketed or not) returns the address itself, IPv6
//     without brackets;
//   - a host that is itself a public suffix ("co.uk", "blogspot.com") or a
//     single label returns the host.
//
// The list is the snapshot compiled into golang.org/x/net/publicsuffix, so
// results follow that module's version. Errors are those of CanonicalURL.
func Domain(rawURLOrHost string) (string, error) {
	d, err := domain(rawURLOrHost)
	if err != nil {
		return "", fmt.Errorf("object: domain %q: %w", clip(rawURLOrHost), err)
	}
	return d, nil
}

func domain(raw string) (string, error) {
	s := trim(raw)
	// A bare IPv6 address would otherwise be cut at its last colon as if
	// that began a port.
	if strings.IndexByte(s, ':') >= 0 && len(s) <= MaxURLLength {
		if a, err := netip.ParseAddr(s); err == nil {
			if a.Zone() != "" {
				return "", fmt.Errorf("%w: IPv6 zone in %q", ErrInvalidHost, clip(s))
			}
			return a.String(), nil
		}
	}
	p, err := splitURL(raw)
	if err != nil {
		return "", err
	}
	host, ip, err := canonicalHost(p.host)
	if err != nil {
		return "", err
	}
	if _, err := canonicalPort(p.port, p.scheme); err != nil {
		return "", err
	}
	if ip {
		return strings.Trim(host, "[]"), nil
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		// The host is a public suffix or a single label: it is its own
		// registrable domain.
		return host, nil
	}
	return d, nil
}
