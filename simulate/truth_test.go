package simulate_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/simulate"
)

func TestTruthRoundTrip(t *testing.T) {
	w := small(t, 4)
	var b bytes.Buffer
	if err := simulate.WriteTruth(&b, w); err != nil {
		t.Fatal(err)
	}
	got, err := simulate.ReadTruth(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := simulate.WriteTruth(&again, w); err != nil {
		t.Fatal(err)
	}
	back, err := simulate.ReadTruth(&again)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, back) {
		t.Error("two reads of the same truth differ")
	}
	if got.Name != "small" || got.Seed != 4 || len(got.Operations) != len(w.Operations) || len(got.LookAlikes) != len(w.LookAlikes) ||
		got.Counts.Posts != len(w.Posts) {
		t.Errorf("read back %s seed %d, %d operations, %d look-alikes, %d posts", got.Name, got.Seed, len(got.Operations), len(got.LookAlikes), got.Counts.Posts)
	}
	for _, op := range got.Operations {
		if op.ID == "" || len(op.Techniques) == 0 {
			t.Errorf("operation %+v lacks an id or techniques", op.ID)
		}
	}
}

func TestReadTruthErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "unexpected end of JSON input"},
		{"{\n  \"name\": \"x\",\n  \"seed\": 1,\n  oops\n}", "line 4, column 3"},
		{"{\n  \"name\": \"x\",\n  \"seed\": \"one\"\n}", "line 3, column 15: field seed: want uint64, got string"},
		{"{\"name\": \"x\"}", "not a truth.json"},
		{"[1, 2]", "want simulate.Truth"},
		{"{\"counts\": {\"accounts\": 3}, \"operations\": [{\"id\": \"a\", \"accounts\": [\"x:1\"", "unexpected end"},
	} {
		_, err := simulate.ReadTruth(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error saying %q", tc.in, err, tc.want)
		}
	}
}

func FuzzReadTruth(f *testing.F) {
	w := small(f, 5)
	var b bytes.Buffer
	if err := simulate.WriteTruth(&b, w); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes()[:4000])
	f.Add([]byte(`{"counts": {"accounts": 1}, "operations": [{"id": "a", "accounts": ["x:1"], "start": "2025-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"seed": -1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := simulate.ReadTruth(bytes.NewReader(data))
		if err == nil && tr == nil {
			t.Fatal("no truth and no error")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "read truth") {
			t.Fatalf("error %q does not say what failed", err)
		}
	})
}
