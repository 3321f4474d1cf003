package simulate

import (
	"bufio"
	"fmt"
	"io"
)

// WriteAds writes the world's political ads as JSON Lines, one object an
// ad, in the order of World.Ads, with these fields (always present, in
// this order):
//
//	id             string   the platform's ad id
//	platform       string   "x", "bluesky", "mastodon", ...
//	account        string   Account.Key() of the page or account that ran the ad, or null
//	advertiser     string   who the ad presents itself as
//	payer          string   who paid for it ("paid for by")
//	payer_country  string   ISO 3166-1 alpha-2 country of the payer
//	authorized     bool     whether it carries the required authorization statement
//	regulated      bool     whether it is a regulated election ad
//	text           string
//	url            string   where the ad links to ("" if nowhere)
//	start, end     string   when it ran, RFC 3339 UTC to the second
//	spend_min      integer  spend range, in currency
//	spend_max      integer
//	currency       string   always "CAD"
//	impressions    integer
//	regions        [string] where it was shown (province codes)
//
// These are the fields of an ad library export; which operation ran an ad
// is ground truth and is not written.
func WriteAds(w io.Writer, wd *World) error {
	if wd == nil {
		return nil
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var buf []byte
	for i := range wd.Ads {
		buf = appendAd(buf[:0], wd, &wd.Ads[i])
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("write ads: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write ads: %w", err)
	}
	return nil
}

func appendAd(dst []byte, wd *World, ad *Ad) []byte {
	dst = append(dst, '{')
	dst = appendJSONField(dst, "id", ad.ID)
	dst = appendJSONField(dst, "platform", string(ad.Platform))
	dst = appendJSONKey(dst, "account")
	if ad.Account >= 0 && ad.Account < len(wd.Accounts) {
		a := &wd.Accounts[ad.Account]
		dst = append(dst, '"')
		dst = appendJSONBody(dst, string(a.Platform))
		dst = append(dst, ':')
		dst = appendJSONBody(dst, a.ID)
		dst = append(dst, '"')
	} else {
		dst = append(dst, "null"...)
	}
	dst = appendJSONField(dst, "advertiser", ad.Advertiser)
	dst = appendJSONField(dst, "payer", ad.Payer)
	dst = appendJSONField(dst, "payer_country", ad.PayerCountry)
	dst = appendJSONBool(dst, "authorized", ad.Authorized)
	dst = appendJSONBool(dst, "regulated", ad.Regulated)
	dst = appendJSONField(dst, "text", ad.Text)
	dst = appendJSONField(dst, "url", ad.URL)
	dst = append(appendJSONKey(dst, "start"), '"')
	dst = append(appendTimeSeconds(dst, ad.Start), '"')
	dst = append(appendJSONKey(dst, "end"), '"')
	dst = append(appendTimeSeconds(dst, ad.End), '"')
	dst = appendJSONInt(dst, "spend_min", int64(ad.SpendMin))
	dst = appendJSONInt(dst, "spend_max", int64(ad.SpendMax))
	dst = appendJSONField(dst, "currency", "CAD")
	dst = appendJSONInt(dst, "impressions", int64(ad.Impressions))
	dst = append(appendJSONKey(dst, "regions"), '[')
	for k, r := range ad.Regions {
		if k > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, r)
	}
	return append(dst, "]}\n"...)
}
