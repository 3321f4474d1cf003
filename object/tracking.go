package object

import "strings"

// The parameters removed here are listed, with the reasons, under
// "Tracking parameters" in the package documentation (doc.go); keep the two
// in step.

var trackingPrefixes = []string{"utm_", "mtm_", "hsa_"}

var trackingKeys = setOf(
	"fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid",
	"yclid", "ysclid", "twclid", "ttclid", "li_fat_id", "epik", "rdt_cid",
	"srsltid", "mibextid", "igshid", "igsh", "rb_clickid", "wickedid",
	"_ga", "_gl", "_openstat", "mc_cid", "mc_eid", "_hsenc", "_hsmi",
	"__hssc", "__hstc", "__hsfp", "hsctatracking", "mkt_tok", "oly_anon_id",
	"oly_enc_id", "vero_id", "vero_conv", "s_cid", "pk_campaign", "pk_kwd",
	"pk_keyword", "pk_source", "pk_medium", "pk_content", "pk_cid",
	"ref_src", "ref_url",
	"at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3",
	"at_custom4", "at_ptr_name", "at_link_id", "at_link_origin",
	"at_link_type", "at_bbc_team", "at_format",
)

// siteTracking lists keys removed only under the given registrable domains
// (and their subdomains).
var siteTracking = []struct {
	domains []string
	keys    map[string]struct{}
}{
	{[]string{"twitter.com", "x.com"}, setOf("s", "t")},
	{[]string{"youtube.com", "youtu.be"}, setOf("si", "feature", "pp", "ab_channel")},
	{[]string{"spotify.com"}, setOf("si")},
	{[]string{"tiktok.com"}, setOf("_r", "_t", "is_from_webapp", "sender_device", "is_copy_url")},
	{[]string{"reddit.com"}, setOf("share_id")},
	{[]string{"linkedin.com"}, setOf("trk", "trackingid", "lipi")},
	{[]string{"nytimes.com"}, setOf("smid", "smtyp")},
	{[]string{"theguardian.com"}, setOf("cmp")},
}

func setOf(keys ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(keys))
	for _, k := range keys {
		m[k] = struct{}{}
	}
	return m
}

// maxTrackingKey is longer than every listed key; longer keys can only match
// a prefix.
const maxTrackingKey = 32

// isTracking reports whether the query key (already escape-normalised) is a
// tracking parameter on host.
func isTracking(key []byte, host string) bool {
	for _, p := range trackingPrefixes {
		if len(key) >= len(p) && strings.EqualFold(string(key[:len(p)]), p) {
			return true
		}
	}
	if len(key) == 0 || len(key) > maxTrackingKey {
		return false
	}
	var buf [maxTrackingKey]byte
	lower := buf[:len(key)]
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	if _, ok := trackingKeys[string(lower)]; ok {
		return true
	}
	for _, site := range siteTracking {
		if _, ok := site.keys[string(lower)]; !ok {
			continue
		}
		for _, d := range site.domains {
			if hostWithin(host, d) {
				return true
			}
		}
	}
	return false
}

// hostWithin reports whether host is domain or one of its subdomains.
func hostWithin(host, domain string) bool {
	return host == domain ||
		len(host) > len(domain) && host[len(host)-len(domain)-1] == '.' && strings.HasSuffix(host, domain)
}
