package simulate_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/simulate"
	"github.com/scrutineer/scrutineer/source/records"
	"github.com/scrutineer/scrutineer/source/sourcetest"
)

// The ad library the simulator writes reads back as its ad records.
func TestAdsRoundTrip(t *testing.T) {
	w := small(t, 1)
	var b bytes.Buffer
	if err := simulate.WriteAds(&b, w); err != nil {
		t.Fatal(err)
	}
	c := sourcetest.Read(t, records.Format, "ads.jsonl", b.String())
	if len(c.Rejects) > 0 {
		t.Fatalf("rejected: %v", c.Rejects[0])
	}
	want := simulate.AdRecords(w)
	if len(want) == 0 {
		t.Fatal("the small preset has no ads")
	}
	if diff := cmp.Diff(want, c.Records, cmpopts.IgnoreFields(scrutineer.Ad{}, "Raw"), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("ads read back differ (-written +read):\n%s", diff)
	}
}
