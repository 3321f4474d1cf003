package simulate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/scrutineer/scrutineer"
)

// WriteAds writes the world's political ads as JSON Lines of Scrutineer's
// own ad records (scrutineer.Record with an Ad), in the order of
// World.Ads: what an ad library gives, normalized. Spend and impressions
// are written as the ranges ad libraries publish; which operation ran an
// ad is ground truth and is not written.
func WriteAds(w io.Writer, wd *World) error {
	if wd == nil {
		return nil
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, r := range AdRecords(wd) {
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("write ads: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write ads: %w", err)
	}
	return nil
}

// AdRecords returns the world's ads as normalized records.
func AdRecords(wd *World) []scrutineer.Record {
	out := make([]scrutineer.Record, 0, len(wd.Ads))
	for i := range wd.Ads {
		ad := &wd.Ads[i]
		r := &scrutineer.Ad{
			Platform:     scrutineer.Platform(ad.Platform),
			ID:           ad.ID,
			Advertiser:   ad.Advertiser,
			Payer:        ad.Payer,
			PayerCountry: ad.PayerCountry,
			Regulated:    ad.Regulated,
			Text:         ad.Text,
			LinkURL:      ad.URL,
			Start:        ad.Start.UTC(),
			End:          ad.End.UTC(),
			Currency:     "CAD",
			SpendMin:     scrutineer.Known(int64(ad.SpendMin)),
			SpendMax:     scrutineer.Known(int64(ad.SpendMax)),
			Regions:      ad.Regions,
		}
		if ad.Account >= 0 && ad.Account < len(wd.Accounts) {
			r.Account = wd.Accounts[ad.Account].ID
		}
		if ad.Authorized {
			// The statement the Canada Elections Act requires of regulated ads.
			r.Authorization = "Authorized by the official agent for " + ad.Advertiser
		}
		lo, hi := impressionRange(int64(ad.Impressions))
		r.ImpressionsMin, r.ImpressionsMax = scrutineer.Known(lo), hi
		out = append(out, scrutineer.Record{Ad: r})
	}
	return out
}

// impressionRange puts a number of impressions in the brackets ad
// libraries publish; the top bracket has no upper bound.
func impressionRange(n int64) (lo int64, hi scrutineer.Count) {
	bounds := []int64{0, 1_000, 5_000, 10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000}
	for k := len(bounds) - 1; k >= 0; k-- {
		if n >= bounds[k] {
			if k == len(bounds)-1 {
				return bounds[k], scrutineer.Count{}
			}
			return bounds[k], scrutineer.Known(bounds[k+1] - 1)
		}
	}
	return 0, scrutineer.Known(999)
}
