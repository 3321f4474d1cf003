package bluesky

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/scrutineer/scrutineer/source/sourcetest"
)

// TestEvents checks that events read one at a time give what the file
// reader gives for them as lines.
func TestEvents(t *testing.T) {
	alice := `{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","time_us":1,"kind":"identity","identity":{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","handle":"alice.bsky.social"}}`
	post := `{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","time_us":2,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3l3qo2vuowo2b","record":{"text":"Выборы 🗳️","createdAt":"2024-10-27T03:33:21Z"}}}`
	tests := []struct {
		name   string
		events string
	}{
		{"file", readFile(t, "jetstream.jsonl")},
		{"handle learnt from an earlier event", alice + "\n" + post},
		{"malformed among good", post + "\n{\"did\":\n" + "[1]\n" + alice},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := sourcetest.Read(t, FormatJetstream, "live", tt.events)
			got := &sourcetest.Collector{}
			e := NewEvents("live", got)
			for i, l := range bytes.Split([]byte(tt.events), []byte("\n")) {
				if len(bytes.TrimSpace(l)) == 0 {
					continue
				}
				if err := e.Event(l, i+1); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.Flush(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.Records, got.Records); diff != "" {
				t.Errorf("records (-file +events):\n%s", diff)
			}
			if diff := cmp.Diff(fmt.Sprint(want.Rejects), fmt.Sprint(got.Rejects)); diff != "" {
				t.Errorf("rejects (-file +events):\n%s", diff)
			}
		})
	}
}
