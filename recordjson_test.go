package scrutineer_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scrutineer/scrutineer"
)

// fill sets every exported field of a struct to a value that is not zero,
// so that a field the fast encoder forgets shows.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.String:
		v.SetString("s\"<é>\n" + string(rune('a'+*n%26)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		if v.Type() == reflect.TypeOf(json.RawMessage(nil)) {
			v.SetBytes([]byte(`{"k":[1,"x"]}`))
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Struct:
		switch v.Type() {
		case reflect.TypeOf(time.Time{}):
			v.Set(reflect.ValueOf(time.Date(2025, 10, 1, 2, 3, 4, *n, time.UTC)))
		case reflect.TypeOf(scrutineer.Count{}):
			v.Set(reflect.ValueOf(scrutineer.Known(int64(*n))))
		default:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					fill(v.Field(i), n)
				}
			}
		}
	}
}

func TestAppendJSON(t *testing.T) {
	var full [3]scrutineer.Record
	n := 0
	full[0].Post, full[1].Account, full[2].Ad = &scrutineer.Post{}, &scrutineer.Account{}, &scrutineer.Ad{}
	fill(reflect.ValueOf(full[0].Post).Elem(), &n)
	fill(reflect.ValueOf(full[1].Account).Elem(), &n)
	fill(reflect.ValueOf(full[2].Ad).Elem(), &n)
	recs := append(full[:], sampleRecords()...)
	recs = append(recs, scrutineer.Record{Post: &scrutineer.Post{}}, scrutineer.Record{Account: &scrutineer.Account{}},
		scrutineer.Record{Ad: &scrutineer.Ad{}})
	for i, r := range recs {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		var w, g any
		if err := json.Unmarshal(want, &w); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(got, &g); err != nil {
			t.Fatalf("record %d: %s: %v", i, got, err)
		}
		if diff := cmp.Diff(w, g); diff != "" {
			t.Errorf("record %d (-MarshalJSON +AppendJSON):\n%s", i, diff)
		}
	}
	if _, err := (scrutineer.Record{}).AppendJSON(nil); err == nil {
		t.Error("an empty record was written")
	}
}

func sampleRecords() []scrutineer.Record {
	when := time.Date(2025, 10, 1, 12, 0, 0, 0, time.FixedZone("EDT", -4*3600))
	return []scrutineer.Record{
		{Post: &scrutineer.Post{Platform: scrutineer.PlatformX, ID: "1", Account: "2", Time: when, Text: "hé 👋 \u2028 \x01",
			Likes: scrutineer.Known(0)}},
		{Account: &scrutineer.Account{Platform: scrutineer.PlatformBluesky, ID: "did:plc:abc", Followers: scrutineer.Known(-1)}},
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	var r scrutineer.Record
	r.Post = &scrutineer.Post{}
	n := 0
	fill(reflect.ValueOf(r.Post).Elem(), &n)
	one, _ := r.AppendJSON(nil)
	b.SetBytes(int64(len(one)))
	var buf []byte
	for b.Loop() {
		buf, _ = r.AppendJSON(buf[:0])
	}
}
