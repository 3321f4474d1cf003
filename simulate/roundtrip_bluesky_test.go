package simulate_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/simulate"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/bluesky"
	"github.com/scrutineer/scrutineer/source/sourcetest"
)

// roundTripRecords reads what write wrote with f, keeps the first record of each
// key, and compares the set with want, field by field, Raw aside.
func roundTripRecords(t *testing.T, f source.Format, write func(*bytes.Buffer, *simulate.World) error, records func(*simulate.World) []scrutineer.Record, w *simulate.World) {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, w); err != nil {
		t.Fatal(err)
	}
	c := &sourcetest.Collector{}
	if err := f.Read(&b, "sim", c); err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Rejects {
		t.Errorf("rejected: %v", e)
	}
	got := map[scrutineer.RecordKey]scrutineer.Record{}
	for _, r := range c.Records {
		if _, ok := got[r.Key()]; !ok {
			got[r.Key()] = r
		}
	}
	want := map[scrutineer.RecordKey]scrutineer.Record{}
	for _, r := range records(w) {
		if _, ok := want[r.Key()]; ok {
			t.Errorf("%s: the records function gives it twice", r.Key())
		}
		want[r.Key()] = r
	}
	if len(want) == 0 {
		t.Fatal("no records")
	}
	opts := cmp.Options{
		cmpopts.IgnoreFields(scrutineer.Post{}, "Raw"),
		cmpopts.IgnoreFields(scrutineer.Account{}, "Raw"),
		cmpopts.EquateEmpty(),
		cmp.Comparer(func(a, b scrutineer.Count) bool { return a.Equal(b) }),
	}
	diffs := 0
	for k, wr := range want {
		gr, ok := got[k]
		if !ok {
			t.Errorf("%s: not read", k)
		} else if d := cmp.Diff(wr, gr, opts); d != "" {
			t.Errorf("%s (-want +got):\n%s", k, d)
		} else {
			continue
		}
		if diffs++; diffs > 10 {
			t.Fatal("too many differences")
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: read, not in the records function", k)
			if diffs++; diffs > 10 {
				t.Fatal("too many differences")
			}
		}
	}
}

func TestRoundTripBluesky(t *testing.T) {
	write := func(b *bytes.Buffer, w *simulate.World) error { return simulate.WriteBluesky(b, w) }
	t.Run("small", func(t *testing.T) {
		roundTripRecords(t, bluesky.FormatJetstream, write, simulate.BlueskyRecords, small(t, 1))
	})
	t.Run("quotes", func(t *testing.T) {
		w := small(t, 5)
		addFediverseQuotes(w, simulate.Bluesky)
		roundTripRecords(t, bluesky.FormatJetstream, write, simulate.BlueskyRecords, w)
	})
}

// addFediverseQuotes makes some posts of pf quote an earlier post of pf or
// one of X, which the generator does not do, and puts HTML characters and
// runs of line breaks into a few texts, so that the round trips cover
// quotes, link cards for quotes across platforms, and text markup.
func addFediverseQuotes(w *simulate.World, pf simulate.Platform) {
	last, lastX, n := -1, -1, 0
	for i := range w.Posts {
		p := &w.Posts[i]
		if p.Platform == simulate.X && p.RepostOf < 0 {
			lastX = i
		}
		if p.Platform != pf {
			continue
		}
		if p.RepostOf < 0 {
			switch {
			case i%23 == 0 && last >= 0:
				p.QuoteOf = last
			case i%41 == 0 && lastX >= 0:
				p.QuoteOf = lastX
			}
			if n++; n%17 == 0 {
				p.Text += " <b>&amp;</b> \"x\"\n\n\nnext paragraph\r\nnext line\n"
			}
			last = i
		}
	}
}
