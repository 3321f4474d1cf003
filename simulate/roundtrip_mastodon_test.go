package simulate_test

import (
	"bytes"
	"testing"

	"github.com/scrutineer/scrutineer/simulate"
	"github.com/scrutineer/scrutineer/source/mastodon"
)

func TestRoundTripMastodon(t *testing.T) {
	if simulate.MastodonUnresolvedPrefix != mastodon.LocalStatusPrefix {
		t.Fatalf("unresolved ids: %q here, %q in the reader", simulate.MastodonUnresolvedPrefix, mastodon.LocalStatusPrefix)
	}
	write := func(b *bytes.Buffer, w *simulate.World) error { return simulate.WriteMastodon(b, w) }
	t.Run("small", func(t *testing.T) {
		roundTripRecords(t, mastodon.FormatStatuses, write, simulate.MastodonRecords, small(t, 1))
	})
	t.Run("quotes", func(t *testing.T) {
		w := small(t, 5)
		addFediverseQuotes(w, simulate.Mastodon)
		roundTripRecords(t, mastodon.FormatStatuses, write, simulate.MastodonRecords, w)
	})
}
