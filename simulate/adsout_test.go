package simulate

import (
	"bytes"
	"testing"
)

func TestWriteAdsGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteAds(&b, nativeSmallWorld()); err != nil {
		t.Fatal(err)
	}
	nativeGolden(t, "native_ads.jsonl", b.Bytes())
}

func TestWriteAds(t *testing.T) {
	wd := nativeSmallWorld()
	var b bytes.Buffer
	if err := WriteAds(&b, wd); err != nil {
		t.Fatal(err)
	}
	lines := nativeLines(t, b.Bytes())
	if len(lines) != len(wd.Ads) {
		t.Fatalf("%d lines for %d ads", len(lines), len(wd.Ads))
	}
	fields := []string{"id", "platform", "account", "advertiser", "payer", "payer_country", "authorized", "regulated",
		"text", "url", "start", "end", "spend_min", "spend_max", "currency", "impressions", "regions"}
	for k, ad := range wd.Ads {
		m := lines[k]
		if len(m) != len(fields) {
			t.Errorf("ad %d has %d fields, want %d: %v", k, len(m), len(fields), m)
		}
		for _, f := range fields {
			if _, ok := m[f]; !ok {
				t.Errorf("ad %d has no %s", k, f)
			}
		}
		wantAccount := any(nil)
		if ad.Account >= 0 {
			wantAccount = wd.Accounts[ad.Account].Key()
		}
		if m["id"] != ad.ID || m["text"] != ad.Text || m["advertiser"] != ad.Advertiser || m["payer"] != ad.Payer ||
			m["account"] != wantAccount || m["authorized"] != ad.Authorized || nativeInt(t, m["spend_max"], "spend_max") != ad.SpendMax ||
			m["start"] != ad.Start.UTC().Format("2006-01-02T15:04:05Z") || m["end"] != ad.End.UTC().Format("2006-01-02T15:04:05Z") ||
			len(nativeArr(t, m["regions"], "regions")) != len(ad.Regions) {
			t.Errorf("ad %d: %v\nwant %+v", k, m, ad)
		}
	}
	if bytes.Contains(b.Bytes(), []byte("op-should-not-appear")) {
		t.Error("the operation behind an ad is written")
	}
}
