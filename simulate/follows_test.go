package simulate

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestWriteFollowsGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteFollows(&b, nativeSmallWorld()); err != nil {
		t.Fatal(err)
	}
	nativeGolden(t, "native_follows.csv", b.Bytes())
}

func TestWriteFollows(t *testing.T) {
	wd := nativeRandomWorld(5000, 8)
	wd.Accounts[0].ID = `odd,"id"` // quoted, should an id ever need it
	wd.Follows = append(wd.Follows, Follow{0, 1}, Follow{1, 0}, Follow{0, int32(len(wd.Accounts))}, Follow{-1, 0})
	var b bytes.Buffer
	if err := WriteFollows(&b, wd); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || rows[0][0] != "follower" || rows[0][1] != "followed" {
		t.Fatalf("header %v", rows[:1])
	}
	rows = rows[1:]
	valid := 0
	for _, f := range wd.Follows {
		if f.From >= 0 && int(f.From) < len(wd.Accounts) && f.To >= 0 && int(f.To) < len(wd.Accounts) {
			if valid >= len(rows) {
				t.Fatalf("only %d rows", len(rows))
			}
			want := []string{wd.Accounts[f.From].Key(), wd.Accounts[f.To].Key()}
			if rows[valid][0] != want[0] || rows[valid][1] != want[1] {
				t.Fatalf("row %d: %v, want %v", valid, rows[valid], want)
			}
			valid++
		}
	}
	if valid != len(rows) {
		t.Errorf("%d rows, want %d (edges to missing accounts left out)", len(rows), valid)
	}
}

func BenchmarkWriteFollows(b *testing.B) { benchNativeWriter(b, WriteFollows) }
