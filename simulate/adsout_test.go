package simulate

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/scrutineer/scrutineer"
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
	dec := json.NewDecoder(&b)
	for k, ad := range wd.Ads {
		var r scrutineer.Record
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("ad %d: %v", k, err)
		}
		got := r.Ad
		if got == nil || got.ID != ad.ID || got.Text != ad.Text || got.Advertiser != ad.Advertiser || got.Payer != ad.Payer ||
			(got.Authorization != "") != ad.Authorized || !got.Start.Equal(ad.Start) || !got.End.Equal(ad.End) ||
			len(got.Regions) != len(ad.Regions) {
			t.Errorf("ad %d: %+v\nwant %+v", k, got, ad)
			continue
		}
		if n, _ := got.SpendMax.Get(); n != int64(ad.SpendMax) {
			t.Errorf("ad %d: spend max %d, want %d", k, n, ad.SpendMax)
		}
		lo, _ := got.ImpressionsMin.Get()
		if hi, ok := got.ImpressionsMax.Get(); lo > int64(ad.Impressions) || ok && hi < int64(ad.Impressions) {
			t.Errorf("ad %d: impressions %v–%v do not hold %d", k, got.ImpressionsMin, got.ImpressionsMax, ad.Impressions)
		}
		if wantAcc := ad.Account >= 0; (got.Account != "") != wantAcc {
			t.Errorf("ad %d: account %q", k, got.Account)
		}
	}
	if dec.More() {
		t.Error("more lines than ads")
	}
	if bytes.Contains(b.Bytes(), []byte("op-should-not-appear")) {
		t.Error("the operation behind an ad is written")
	}
}
