package object

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// hostProfile maps host names the way browsers do (UTS #46 non-transitional
// processing with the Bidi and joiner rules) but, like browsers, tolerates
// the underscores and odd hyphens that real host names carry
// ("my_blog.tumblr.com", "r3---sn-abc.googlevideo.com"). A Profile is
// read-only once built.
var hostProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.Transitional(false),
	idna.StrictDomainName(false),
	idna.CheckHyphens(false),
)

// canonicalHost returns the canonical form of a URL host: a lower-case ASCII
// name with internationalised labels in punycode and no trailing dot, a
// dotted-quad IPv4 address, or a bracketed compressed IPv6 address. ip says
// which of the last two it is.
//
// Percent-escapes are decoded first, and IPv4 addresses written in the
// shorthand, octal or hex forms that browsers accept ("0x7f.1",
// "2130706433") are rewritten as dotted quads, so every spelling a browser
// would send to the same address gets the same key.
func canonicalHost(h string) (host string, ip bool, err error) {
	if h == "" {
		return "", false, fmt.Errorf("%w: empty host", ErrInvalidHost)
	}
	if h[0] == '[' {
		return canonicalIPv6(h)
	}
	if strings.IndexByte(h, '%') >= 0 {
		d, ok := percentDecode(h)
		if !ok {
			return "", false, fmt.Errorf("%w: bad escape in %q", ErrInvalidHost, clip(h))
		}
		h = d
	}
	if !utf8.ValidString(h) {
		return "", false, fmt.Errorf("%w: invalid UTF-8 in %q", ErrInvalidHost, clip(h))
	}
	if simpleHost(h) {
		h = strings.ToLower(h)
	} else {
		a, err := hostProfile.ToASCII(h)
		if err != nil {
			return "", false, fmt.Errorf("%w %q: %v", ErrInvalidHost, clip(h), err)
		}
		// A name whose ASCII form would not map to itself cannot serve as a
		// stable key; browsers would refuse it too.
		if again, err := hostProfile.ToASCII(a); err != nil || again != a {
			return "", false, fmt.Errorf("%w %q: unstable IDNA mapping", ErrInvalidHost, clip(h))
		}
		h = a
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" {
		return "", false, fmt.Errorf("%w: empty host", ErrInvalidHost)
	}
	if endsInNumber(h) {
		v4, err := parseIPv4(h)
		if err != nil {
			return "", false, err
		}
		return v4, true, nil
	}
	if err := checkHostChars(h); err != nil {
		return "", false, err
	}
	return h, false, nil
}

// simpleHost reports whether h is plain ASCII letters, digits, '-', '_' and
// '.', with no punycode label, so that lower-casing is all the IDNA mapping
// would do and the (allocating) profile can be skipped.
func simpleHost(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
		if (i == 0 || h[i-1] == '.') && len(h)-i >= 4 && strings.EqualFold(h[i:i+4], "xn--") {
			return false
		}
	}
	return true
}

// checkHostChars accepts the characters found in real host names and rejects
// empty labels ("a..b", ".a", "a.."). IDNA mapping already lower-cased
// letters. h is not empty.
func checkHostChars(h string) error {
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
		case c == '.':
			if i == 0 || h[i-1] == '.' {
				return fmt.Errorf("%w: empty label in %q", ErrInvalidHost, clip(h))
			}
		default:
			return fmt.Errorf("%w: character %q in %q", ErrInvalidHost, c, clip(h))
		}
	}
	if h[len(h)-1] == '.' {
		return fmt.Errorf("%w: empty label in %q", ErrInvalidHost, clip(h))
	}
	return nil
}

// canonicalIPv6 handles a bracketed IPv6 literal. Zones are refused: they
// name an interface on one machine and mean nothing in a shared link.
func canonicalIPv6(h string) (string, bool, error) {
	if len(h) < 2 || h[len(h)-1] != ']' {
		return "", false, fmt.Errorf("%w: unterminated IPv6 literal %q", ErrInvalidHost, clip(h))
	}
	a, err := netip.ParseAddr(h[1 : len(h)-1])
	if err != nil || !a.Is6() || a.Zone() != "" {
		return "", false, fmt.Errorf("%w: bad IPv6 literal %q", ErrInvalidHost, clip(h))
	}
	return "[" + a.String() + "]", true, nil
}

// endsInNumber reports whether the last label of h is a number, which by the
// WHATWG URL rules makes the whole host an IPv4 address (or an error).
func endsInNumber(h string) bool {
	last := h[strings.LastIndexByte(h, '.')+1:]
	if last == "" {
		return false
	}
	if len(last) >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X') {
		for i := 2; i < len(last); i++ {
			if !isHex(last[i]) {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(last); i++ {
		if last[i] < '0' || last[i] > '9' {
			return false
		}
	}
	return true
}

// parseIPv4 parses one to four dot-separated parts, each decimal, octal
// (leading 0) or hex (0x), where the last part fills the remaining bytes, and
// returns the dotted quad.
func parseIPv4(h string) (string, error) {
	bad := func() (string, error) {
		return "", fmt.Errorf("%w: bad IPv4 address %q", ErrInvalidHost, clip(h))
	}
	parts := strings.Split(h, ".")
	if len(parts) > 4 {
		return bad()
	}
	var addr uint64
	for i, p := range parts {
		n, ok := parseIPv4Part(p)
		if !ok {
			return bad()
		}
		if i < len(parts)-1 {
			if n > 255 {
				return bad()
			}
			addr |= n << (8 * (3 - i))
			continue
		}
		if n >= 1<<(8*(5-len(parts))) {
			return bad()
		}
		addr |= n
	}
	return strconv.Itoa(int(addr>>24)) + "." + strconv.Itoa(int(addr>>16&255)) + "." +
		strconv.Itoa(int(addr>>8&255)) + "." + strconv.Itoa(int(addr&255)), nil
}

// parseIPv4Part parses one part of an IPv4 address, refusing values above
// 2^32 early so that long digit strings cannot overflow.
func parseIPv4Part(p string) (uint64, bool) {
	if p == "" {
		return 0, false
	}
	base := uint64(10)
	switch {
	case len(p) >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'):
		base, p = 16, p[2:]
	case len(p) >= 2 && p[0] == '0':
		base, p = 8, p[1:]
	}
	var n uint64
	for i := 0; i < len(p); i++ {
		c := p[i]
		var d uint64
		switch {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case base == 16 && isHex(c):
			d = uint64(unhex(c))
		default:
			return 0, false
		}
		if d >= base {
			return 0, false
		}
		n = n*base + d
		if n > 1<<32 {
			return 0, false
		}
	}
	return n, true
}

// canonicalPort returns the port without leading zeros, or "" when it is
// empty or the scheme's default.
func canonicalPort(p, scheme string) (string, error) {
	if p == "" {
		return "", nil
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return "", fmt.Errorf("%w %q", ErrInvalidPort, clip(p))
		}
	}
	p = strings.TrimLeft(p, "0")
	if p == "" {
		p = "0"
	}
	n, err := strconv.Atoi(p)
	if err != nil || len(p) > 5 || n > 65535 {
		return "", fmt.Errorf("%w %q: out of range", ErrInvalidPort, clip(p))
	}
	if (scheme == "http" && n == 80) || (scheme == "https" && n == 443) {
		return "", nil
	}
	return p, nil
}
