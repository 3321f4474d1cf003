package simulate_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"runtime"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/disarm"
	"github.com/scrutineer/scrutineer/simulate"
)

func small(t testing.TB, seed uint64) *simulate.World {
	t.Helper()
	s, err := simulate.Preset("small")
	if err != nil {
		t.Fatal(err)
	}
	w, err := simulate.Generate(s, seed)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func digest(t testing.TB, w *simulate.World, write func(*bytes.Buffer, *simulate.World) error) [32]byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, w); err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b.Bytes())
}

func TestDeterministic(t *testing.T) {
	a, b := small(t, 7), small(t, 7)
	for _, o := range []struct {
		name  string
		write func(*bytes.Buffer, *simulate.World) error
	}{
		{"shares", func(b *bytes.Buffer, w *simulate.World) error { return simulate.WriteShares(b, w) }},
		{"truth", func(b *bytes.Buffer, w *simulate.World) error { return simulate.WriteTruth(b, w) }},
	} {
		if digest(t, a, o.write) != digest(t, b, o.write) {
			t.Errorf("%s differ between two runs with the same seed", o.name)
		}
	}
	if c := small(t, 8); digest(t, a, func(b *bytes.Buffer, w *simulate.World) error { return simulate.WriteShares(b, w) }) ==
		digest(t, c, func(b *bytes.Buffer, w *simulate.World) error { return simulate.WriteShares(b, w) }) {
		t.Error("different seeds gave the same world")
	}
}

// TestDeterministicAcrossCores: the parts generated in parallel give the
// same world on one core as on many (the world is big enough for several
// chunks of accounts and posts).
func TestDeterministicAcrossCores(t *testing.T) {
	if testing.Short() {
		t.Skip("generates two worlds of 60,000 posts")
	}
	s, err := simulate.Preset("small")
	if err != nil {
		t.Fatal(err)
	}
	s.Population.Accounts, s.Population.Posts = 20_000, 60_000
	gen := func(procs int) [32]byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		w, err := simulate.Generate(s, 3)
		if err != nil {
			t.Fatal(err)
		}
		return digest(t, w, func(b *bytes.Buffer, w *simulate.World) error { return simulate.WriteShares(b, w) })
	}
	if gen(1) != gen(4) {
		t.Error("one core and four gave different worlds")
	}
}

// TestWorldIsConsistent checks the invariants that the writers, the
// detectors and the scoring rely on.
func TestWorldIsConsistent(t *testing.T) {
	w := small(t, 1)
	if n := len(w.Posts); n < 8000 || n > 12000 {
		t.Errorf("small preset: %d posts, want about 10,000", n)
	}
	keys := map[string]bool{}
	handles := map[string]bool{}
	for i, a := range w.Accounts {
		if a.Index != i || a.ID == "" || a.Handle == "" {
			t.Fatalf("account %d: %+v", i, a)
		}
		if keys[a.Key()] || handles[string(a.Platform)+a.Handle] {
			t.Fatalf("account %d: key %s or handle %s used twice", i, a.Key(), a.Handle)
		}
		keys[a.Key()], handles[string(a.Platform)+a.Handle] = true, true
		if a.Platform == simulate.X && len(a.Handle) > 15 {
			t.Errorf("X handle %q is longer than 15", a.Handle)
		}
	}
	ads := map[string]bool{}
	for _, ad := range w.Ads {
		if ads[ad.ID] {
			t.Fatalf("ad id %s used twice", ad.ID)
		}
		ads[ad.ID] = true
	}
	posts := map[string]bool{}
	for i, p := range w.Posts {
		if p.Index != i {
			t.Fatalf("post %d has index %d", i, p.Index)
		}
		if i > 0 && p.Time.Before(w.Posts[i-1].Time) {
			t.Fatalf("post %d out of time order", i)
		}
		if p.Time.Before(w.Start) || !p.Time.Before(w.End) {
			t.Fatalf("post %d at %v, outside %v–%v", i, p.Time, w.Start, w.End)
		}
		if k := w.PostKey(i); posts[k] {
			t.Fatalf("post id %s used twice", k)
		} else {
			posts[k] = true
		}
		for _, ref := range []int{p.RepostOf, p.ReplyTo, p.QuoteOf} {
			if ref >= i || (ref >= 0 && w.Posts[ref].Platform != p.Platform) {
				t.Fatalf("post %d refers to post %d (same platform, earlier, expected)", i, ref)
			}
		}
		if p.Account < 0 || p.Account >= len(w.Accounts) || w.Accounts[p.Account].Platform != p.Platform {
			t.Fatalf("post %d: account %d on the wrong platform", i, p.Account)
		}
		// Templates filled with the wrong number of words, or an @ put
		// before a name that already has one, show as such.
		if strings.Contains(p.Text, "%!") || strings.Contains(p.Text, "@@") || strings.Contains(p.Text, "%[") {
			t.Fatalf("post %d: badly filled text %q", i, p.Text)
		}
	}
	red, err := disarm.Red()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, op := range w.Operations {
		kinds[op.Kind] = true
		for _, id := range op.Techniques {
			if _, ok := red.Technique(id); !ok {
				t.Errorf("%s: unknown DISARM technique %s", op.ID, id)
			}
		}
		for _, a := range op.Accounts {
			if w.Accounts[a].Operation != op.ID || w.Accounts[a].Role != simulate.RoleOperation {
				t.Errorf("%s: account %d not marked", op.ID, a)
			}
		}
		for _, p := range op.Posts {
			if w.Posts[p].Operation != op.ID {
				t.Errorf("%s: post %d not marked", op.ID, p)
			}
		}
		if op.Kind != simulate.OpAds && len(op.Accounts) == 0 {
			t.Errorf("%s has no accounts", op.ID)
		}
	}
	for _, k := range simulate.OperationKinds {
		if !kinds[k] {
			t.Errorf("the small preset plants no %s operation", k)
		}
	}
	la := map[string]bool{}
	for _, l := range w.LookAlikes {
		la[l.Kind] = true
		for _, a := range l.Accounts {
			if w.Accounts[a].LookAlike != l.ID || w.Accounts[a].Operation != "" {
				t.Errorf("look-alike %s: account %d not marked, or in an operation", l.ID, a)
			}
		}
	}
	for _, k := range []string{"news_syndication", "fan_community", "scheduler", "live_event"} {
		if !la[k] {
			t.Errorf("no %s look-alike", k)
		}
	}
	var unauthorized, foreign int
	for _, ad := range w.Ads {
		if ad.Operation != "" && !ad.Authorized {
			unauthorized++
		}
		if ad.Operation != "" && ad.PayerCountry != "CA" {
			foreign++
		}
	}
	if unauthorized == 0 || foreign == 0 {
		t.Errorf("ads operation: %d unauthorized, %d paid from abroad; want some of each", unauthorized, foreign)
	}
}

func TestSharesTable(t *testing.T) {
	w := small(t, 1)
	var b bytes.Buffer
	if err := simulate.WriteShares(&b, w); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"object_id", "account_id", "content_id", "timestamp_share", "object_kind"}
	if len(recs) < 10000 || !equal(recs[0], want) {
		t.Fatalf("%d rows, header %q", len(recs), recs[0])
	}
	kinds := map[string]int{}
	for _, r := range recs[1:] {
		kinds[r[4]]++
		if r[0] == "" || r[1] == "" || r[2] == "" {
			t.Fatalf("empty field in %q", r)
		}
	}
	for _, k := range simulate.ShareKinds {
		if kinds[k.String()] == 0 {
			t.Errorf("no shares of kind %s", k)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func BenchmarkGenerate(b *testing.B) {
	// large is 10M posts: about 35 s and 8 GB on 2 cores.
	for _, name := range simulate.PresetNames {
		s, err := simulate.Preset(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			if name == "large" && testing.Short() {
				b.Skip("10M posts")
			}
			for b.Loop() {
				w, err := simulate.Generate(s, 1)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(w.Posts)), "posts")
			}
		})
	}
}
