package scrutineer_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scrutineer/scrutineer"
)

func TestCount(t *testing.T) {
	var unknown scrutineer.Count
	if _, ok := unknown.Get(); ok || !unknown.IsZero() || unknown.String() != "unknown" {
		t.Error("the zero Count should be unknown")
	}
	zero := scrutineer.Known(0)
	if n, ok := zero.Get(); !ok || n != 0 || zero.IsZero() {
		t.Error("Known(0) should be a known zero")
	}
	type counts struct {
		A scrutineer.Count `json:"a,omitzero"`
		B scrutineer.Count `json:"b,omitzero"`
		C scrutineer.Count `json:"c"`
	}
	b, err := json.Marshal(counts{B: scrutineer.Known(0)})
	if err != nil || string(b) != `{"b":0,"c":null}` {
		t.Fatalf("%s %v", b, err)
	}
	var back counts
	if err := json.Unmarshal([]byte(`{"a":-3,"b":0,"c":null}`), &back); err != nil {
		t.Fatal(err)
	}
	if n, ok := back.A.Get(); !ok || n != -3 || back.B != zero || !back.C.IsZero() {
		t.Errorf("read back %+v", back)
	}
	if err := json.Unmarshal([]byte(`{"a":"x"}`), &back); err == nil {
		t.Error("a string was read as a count")
	}
}

func TestRecordJSON(t *testing.T) {
	when := time.Date(2025, 10, 1, 12, 0, 0, 0, time.UTC)
	for _, r := range []scrutineer.Record{
		{Post: &scrutineer.Post{Platform: scrutineer.PlatformX, ID: "1", Account: "2", Time: when, Text: "hé 👋",
			URLs: []string{"https://example.com/"}, Likes: scrutineer.Known(0), Raw: json.RawMessage(`{"id":"1"}`)}},
		{Account: &scrutineer.Account{Platform: scrutineer.PlatformBluesky, ID: "did:plc:abc", Followers: scrutineer.Known(12), Created: when}},
		{Ad: &scrutineer.Ad{Platform: scrutineer.PlatformFacebook, ID: "ad-1", SpendMin: scrutineer.Known(100)}},
	} {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), `{"record":"`+string(r.Kind())+`",`) {
			t.Errorf("%s does not start with its kind", b)
		}
		var back scrutineer.Record
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if diff := cmp.Diff(r, back); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
		if back.Key() != r.Key() {
			t.Errorf("key %v, want %v", back.Key(), r.Key())
		}
	}
	for in, want := range map[string]string{
		`{"id":"1"}`:                  "no \"record\" member",
		`{"record":"tweet","id":"1"}`: `record "tweet"`,
		`{"record":"post","id":1}`:    "cannot unmarshal number",
		`[1]`:                         "cannot unmarshal array",
	} {
		var r scrutineer.Record
		if err := json.Unmarshal([]byte(in), &r); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", in, err, want)
		}
	}
	if _, err := json.Marshal(scrutineer.Record{}); err == nil {
		t.Error("an empty record was written")
	}
}
