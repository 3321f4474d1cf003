package object

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// MaxURLLength bounds the links CanonicalURL accepts and returns, in bytes.
// Real links are far shorter; longer values are junk or hostile, and
// bounding them bounds the work per value.
const MaxURLLength = 8 << 10

// CanonicalURL returns the canonical form of an http or https link, so that
// spellings of one link that a browser treats alike, or that differ only in
// tracking, get the same key. It does not follow redirects or expand
// shorteners: it never touches the network.
//
// Steps, in order:
//   - Space, control and invisible characters are trimmed from both ends,
//     and tabs and newlines inside are removed (as browsers do, which mends
//     links broken across lines).
//   - A link without a scheme ("example.com/a", "//example.com/a",
//     "localhost:8080") is read as http. Without a scheme the host must
//     contain a dot, be an IP address or be "localhost", so that ordinary
//     words and e-mail addresses are refused rather than turned into links.
//   - Schemes other than http and https (mailto:, javascript:, data:,
//     ftp:, ...) are refused with ErrUnsupportedScheme. Scheme and host are
//     lower-cased; extra or back slashes after "http:" are tolerated.
//   - User info ("user:pass@") is dropped.
//   - The host gets its ASCII form: percent-escapes decoded, international
//     names in punycode (UTS #46, as browsers map them), one trailing dot
//     dropped, IPv4 shorthand ("0x7f.1") written as a dotted quad, IPv6
//     compressed in brackets.
//   - The default port (80 for http, 443 for https) is dropped, leading
//     zeros of other ports too.
//   - Percent-encoding is normalised in path and query: escapes of
//     unreserved characters are decoded, other escapes get upper-case hex,
//     and characters that may not stand literally (spaces, non-ASCII
//     letters) are encoded. Reserved characters keep their encoded or literal
//     spelling, since "%2F" and "/" may mean different things to a server.
//   - In the path, back slashes become slashes and "." and ".." segments are
//     resolved; an empty path becomes "/". Letter case and trailing slashes
//     in the path are kept: servers may tell them apart.
//   - The query is split on '&'; empty parameters and tracking parameters
//     (listed under "Tracking parameters" in the package documentation)
//     are removed and the rest sorted by key, keeping the original order
//     among equal keys because repeated keys can be order-sensitive. An
//     empty query leaves no '?'. "+" and "%20" are not merged.
//   - The fragment is dropped, except a "#!" (hashbang) fragment, which on
//     old single-page sites (twitter.com/#!/user/status/1) carried the path
//     and so identifies the content.
//
// The scheme is kept, so http and https links to one page get different
// keys, and so is a "www." prefix, which names a different host. Use Domain
// for a grouping that ignores both.
//
// Inputs or results longer than MaxURLLength are refused with ErrTooLong.
// Errors wrap one of ErrEmpty, ErrTooLong, ErrNotURL, ErrUnsupportedScheme,
// ErrInvalidHost or ErrInvalidPort.
func CanonicalURL(raw string) (string, error) {
	u, err := canonicalURL(raw)
	if err != nil {
		return "", fmt.Errorf("object: url %q: %w", clip(raw), err)
	}
	return u, nil
}

func canonicalURL(raw string) (string, error) {
	p, err := splitURL(raw)
	if err != nil {
		return "", err
	}
	host, ip, err := canonicalHost(p.host)
	if err != nil {
		return "", err
	}
	if p.schemeless && !ip && host != "localhost" && strings.IndexByte(host, '.') < 0 {
		return "", fmt.Errorf("%w: no scheme, and %q is not a host name", ErrNotURL, clip(host))
	}
	port, err := canonicalPort(p.port, p.scheme)
	if err != nil {
		return "", err
	}

	path, query, fragment := p.rest, "", ""
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, fragment = path[:i], path[i+1:]
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}

	b := make([]byte, 0, len(p.scheme)+3+len(host)+len(p.rest)+8)
	b = append(b, p.scheme...)
	b = append(b, "://"...)
	b = append(b, host...)
	if port != "" {
		b = append(b, ':')
		b = append(b, port...)
	}
	b = appendPath(b, path)
	b = appendQuery(b, query, host)
	if len(fragment) > 1 && fragment[0] == '!' {
		b = append(b, "#!"...)
		b = appendEscaped(b, fragment[1:], fragmentChar)
	}
	if len(b) > MaxURLLength {
		return "", fmt.Errorf("%w: canonical form is %d bytes, limit %d", ErrTooLong, len(b), MaxURLLength)
	}
	return string(b), nil
}

// urlParts is a link cut into the pieces that are normalised separately.
type urlParts struct {
	scheme     string // "http" or "https"
	host, port string // as written, userinfo removed
	rest       string // path, query and fragment, as written
	schemeless bool   // no scheme was written; http was assumed
}

// splitURL trims raw and cuts it into scheme, host, port and the rest. It
// also serves Domain, which needs only the host.
func splitURL(raw string) (urlParts, error) {
	var p urlParts
	if len(raw) > MaxURLLength {
		return p, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLong, len(raw), MaxURLLength)
	}
	s := trim(raw)
	if s == "" {
		return p, ErrEmpty
	}
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}

	scheme, rest, ok := cutScheme(s)
	switch {
	case ok && (strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https")):
		p.scheme = strings.ToLower(scheme)
		s = strings.TrimLeft(rest, `/\`)
	case ok && !hostPortLike(scheme, rest):
		return p, fmt.Errorf("%w %q", ErrUnsupportedScheme, clip(scheme))
	default:
		p.scheme, p.schemeless = "http", true
		switch {
		case strings.HasPrefix(s, "//"), strings.HasPrefix(s, `\\`), strings.HasPrefix(s, `/\`), strings.HasPrefix(s, `\/`):
			s = strings.TrimLeft(s, `/\`)
		case s[0] == '/' || s[0] == '\\' || s[0] == '?' || s[0] == '#':
			return p, fmt.Errorf("%w: relative reference with no host", ErrNotURL)
		}
	}

	end := strings.IndexAny(s, `/\?#`)
	if end < 0 {
		end = len(s)
	}
	auth := s[:end]
	p.rest = s[end:]
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		if p.schemeless {
			return p, fmt.Errorf("%w: no scheme, and %q looks like an e-mail address", ErrNotURL, clip(auth))
		}
		auth = auth[i+1:]
	}
	var err error
	p.host, p.port, err = splitHostPort(auth)
	return p, err
}

// cutScheme splits "scheme:rest" when s starts with an RFC 3986 scheme.
func cutScheme(s string) (scheme, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return s[:i], s[i+1:], true
		default:
			return "", s, false
		}
	}
	return "", s, false
}

// hostPortLike reports whether "scheme:rest" is really a scheme-less
// "host:port...", like "example.com:8080/a" or "localhost:3000".
func hostPortLike(scheme, rest string) bool {
	if strings.IndexByte(scheme, '.') < 0 && !strings.EqualFold(scheme, "localhost") {
		return false
	}
	i := 0
	for i < len(rest) && '0' <= rest[i] && rest[i] <= '9' {
		i++
	}
	return i == len(rest) || strings.IndexByte(`/\?#`, rest[i]) >= 0
}

// splitHostPort cuts an authority (without userinfo) into host and port.
func splitHostPort(auth string) (host, port string, err error) {
	if strings.HasPrefix(auth, "[") {
		j := strings.IndexByte(auth, ']')
		if j < 0 {
			return "", "", fmt.Errorf("%w: unterminated IPv6 literal %q", ErrInvalidHost, clip(auth))
		}
		host, after := auth[:j+1], auth[j+1:]
		switch {
		case after == "":
			return host, "", nil
		case after[0] == ':':
			return host, after[1:], nil
		}
		return "", "", fmt.Errorf("%w: junk after IPv6 literal in %q", ErrInvalidHost, clip(auth))
	}
	if i := strings.LastIndexByte(auth, ':'); i >= 0 {
		return auth[:i], auth[i+1:], nil
	}
	return auth, "", nil
}

// appendPath appends the normalised path, which always starts with '/'.
func appendPath(b []byte, path string) []byte {
	if path == "" {
		return append(b, '/')
	}
	if strings.IndexByte(path, '\\') >= 0 {
		path = strings.ReplaceAll(path, `\`, "/")
	}
	start := len(b)
	b = appendEscaped(b, path, pathChar)
	if bytes.Contains(b[start:], []byte("/.")) {
		clean := removeDotSegments(string(b[start:]))
		b = append(b[:start], clean...)
	}
	return b
}

// removeDotSegments resolves "." and ".." segments (RFC 3986 section 5.2.4)
// in a path that starts with '/'. ".." never climbs above the root. A path
// ending in a dot segment keeps a trailing slash, as "/a/b/.." means "/a/".
func removeDotSegments(path string) string {
	segs := strings.Split(path[1:], "/")
	out := segs[:0]
	for i, seg := range segs {
		last := i == len(segs)-1
		switch seg {
		case ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
			continue
		}
		if last {
			out = append(out, "")
		}
	}
	return "/" + strings.Join(out, "/")
}

// param locates one normalised query parameter in a scratch buffer.
type param struct{ start, keyEnd, end int }

// appendQuery appends "?" and the normalised, filtered and sorted query, or
// nothing when no parameter survives.
func appendQuery(b []byte, query, host string) []byte {
	if query == "" {
		return b
	}
	scratch := make([]byte, 0, len(query)+len(query)/4)
	var small [16]param
	params := small[:0]
	for piece := range strings.SplitSeq(query, "&") {
		if piece == "" {
			continue
		}
		key, val, hasVal := strings.Cut(piece, "=")
		start := len(scratch)
		scratch = appendEscaped(scratch, key, queryChar)
		keyEnd := len(scratch)
		if isTracking(scratch[start:keyEnd], host) {
			scratch = scratch[:start]
			continue
		}
		if hasVal {
			scratch = append(scratch, '=')
			scratch = appendEscaped(scratch, val, queryChar)
		}
		params = append(params, param{start, keyEnd, len(scratch)})
	}
	if len(params) == 0 {
		return b
	}
	slices.SortStableFunc(params, func(x, y param) int {
		return bytes.Compare(scratch[x.start:x.keyEnd], scratch[y.start:y.keyEnd])
	})
	b = append(b, '?')
	for i, p := range params {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, scratch[p.start:p.end]...)
	}
	return b
}
