package simulate_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/simulate"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/x"
)

type xSink struct {
	recs    []scrutineer.Record
	rejects []*source.RowError
}

func (s *xSink) Record(r scrutineer.Record) error { s.recs = append(s.recs, r); return nil }
func (s *xSink) Reject(e *source.RowError)        { s.rejects = append(s.rejects, e) }

// TestRoundTripX: what the X API v2 reader reads from WriteX's output is
// exactly XRecords, field by field.
func TestRoundTripX(t *testing.T) {
	for _, seed := range []uint64{3, 11} {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) { roundTripX(t, seed) })
	}
}

func roundTripX(t *testing.T, seed uint64) {
	w := small(t, seed)
	addQuotes(w)
	var b bytes.Buffer
	if err := simulate.WriteX(&b, w); err != nil {
		t.Fatal(err)
	}
	var s xSink
	if err := x.FormatV2.Read(&b, "x.jsonl", &s); err != nil {
		t.Fatal(err)
	}
	for i, e := range s.rejects {
		if i < 10 {
			t.Errorf("rejected: %v", e)
		}
	}
	got := map[scrutineer.RecordKey]scrutineer.Record{}
	for _, r := range s.recs {
		if _, dup := got[r.Key()]; !dup {
			got[r.Key()] = r
		}
	}
	want := map[scrutineer.RecordKey]scrutineer.Record{}
	for _, r := range simulate.XRecords(w) {
		if _, dup := want[r.Key()]; dup {
			t.Errorf("XRecords gives %s twice", r.Key())
		}
		want[r.Key()] = r
	}
	if len(want) == 0 {
		t.Fatal("no X records in the world")
	}
	// The world must exercise every part of the mapping.
	var posts, reposts, replies, quotes, media, links, tags, mentions int
	for _, r := range want {
		if p := r.Post; p != nil {
			posts++
			reposts += min(len(p.RepostOf), 1)
			replies += min(len(p.ReplyTo), 1)
			quotes += min(len(p.QuoteOf), 1)
			media += len(p.Media)
			links += len(p.URLs)
			tags += len(p.Hashtags)
			mentions += len(p.Mentions)
		}
	}
	for _, n := range []int{posts, reposts, replies, quotes, media, links, tags, mentions} {
		if n == 0 {
			t.Errorf("the world is too plain to test much: %d posts, %d reposts, %d replies, %d quotes, %d photos, %d links, %d hashtags, %d mentions",
				posts, reposts, replies, quotes, media, links, tags, mentions)
			break
		}
	}
	opts := cmp.Options{
		cmpopts.IgnoreFields(scrutineer.Post{}, "Raw"),
		cmpopts.IgnoreFields(scrutineer.Account{}, "Raw"),
		cmpopts.EquateEmpty(),
	}
	diffs := 0
	for k, wr := range want {
		gr, ok := got[k]
		if !ok {
			diffs++
			if diffs <= 10 {
				t.Errorf("%s: in XRecords, not read", k)
			}
			continue
		}
		if d := cmp.Diff(wr, gr, opts); d != "" {
			diffs++
			if diffs <= 10 {
				t.Errorf("%s (-XRecords +read):\n%s", k, d)
			}
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			diffs++
			if diffs <= 10 {
				t.Errorf("%s: read, not in XRecords", k)
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d records differ (of %d read, %d in XRecords)", diffs, len(got), len(want))
	}
	t.Logf("%d records: %d posts (%d reposts, %d replies, %d quotes, %d photos), %d accounts",
		len(want), posts, reposts, replies, quotes, media, len(want)-posts)
}

// addQuotes makes some X posts quote an earlier one, which the generator
// does not do, and puts characters X escapes into a few texts, so that the
// round trip covers quotes and unescaping too.
func addQuotes(w *simulate.World) {
	last, n := -1, 0
	for i := range w.Posts {
		p := &w.Posts[i]
		if p.Platform != simulate.X {
			continue
		}
		if p.RepostOf < 0 && last >= 0 && i%37 == 0 {
			p.QuoteOf = last
			if n++; n%3 == 0 {
				p.Text += " <3 & &amp; &lt;"
			}
		}
		last = i
	}
}
