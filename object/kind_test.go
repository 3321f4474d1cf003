package object

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestKindString(t *testing.T) {
	want := map[Kind]string{
		KindGeneric: "object", KindURL: "url", KindDomain: "domain",
		KindHashtag: "hashtag", KindRepost: "repost", KindReply: "reply",
		KindMention: "mention", KindText: "text", KindMedia: "media",
	}
	for k, name := range want {
		if got := k.String(); got != name {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, name)
		}
		back, err := ParseKind(name)
		if err != nil || back != k {
			t.Errorf("ParseKind(%q) = %v, %v; want %v", name, back, err, k)
		}
	}
	if len(Kinds()) != len(want) {
		t.Errorf("Kinds() has %d kinds, want %d", len(Kinds()), len(want))
	}
	if got := Kind(200).String(); got != "kind(200)" {
		t.Errorf("Kind(200).String() = %q", got)
	}
	var zero Kind
	if zero != KindGeneric {
		t.Error("zero Kind is not KindGeneric")
	}
}

func TestParseKindAliases(t *testing.T) {
	tests := map[string]Kind{
		"link": KindURL, "links": KindURL, "URLs": KindURL, " url ": KindURL,
		"host": KindDomain, "domains": KindDomain,
		"hashtags": KindHashtag, "tag": KindHashtag, "HashTag": KindHashtag,
		"retweet": KindRepost, "RT": KindRepost, "retweets": KindRepost, "boost": KindRepost, "reblog": KindRepost,
		"replies":  KindReply,
		"mentions": KindMention,
		"cotweet":  KindText, "copypasta": KindText,
		"image": KindMedia, "media-hash": KindMedia, "media_hash": KindMedia,
		"generic": KindGeneric, "id": KindGeneric, "object_id": KindGeneric,
	}
	for in, want := range tests {
		got, err := ParseKind(in)
		if err != nil || got != want {
			t.Errorf("ParseKind(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestParseKindError(t *testing.T) {
	_, err := ParseKind("hyperlink")
	if !errors.Is(err, ErrUnknownKind) {
		t.Fatalf("ParseKind(hyperlink) error = %v", err)
	}
	for _, name := range kindNames {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list %q", err, name)
		}
	}
	if _, err := ParseKind(""); err == nil {
		t.Error("ParseKind(\"\") succeeded")
	}
}

func TestParseKinds(t *testing.T) {
	tests := []struct {
		in   string
		want []Kind
	}{
		{"url,repost,hashtag", []Kind{KindURL, KindRepost, KindHashtag}},
		{" URL , rt ,hashtags, ", []Kind{KindURL, KindRepost, KindHashtag}},
		{"link,url,urls", []Kind{KindURL}},
		{"text", []Kind{KindText}},
	}
	for _, tt := range tests {
		got, err := ParseKinds(tt.in)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseKinds(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", " , ", "url,nope"} {
		if got, err := ParseKinds(bad); err == nil {
			t.Errorf("ParseKinds(%q) = %v, want an error", bad, got)
		}
	}
}

func TestKindText(t *testing.T) {
	b, err := json.Marshal(struct{ K []Kind }{[]Kind{KindURL, KindText}})
	if err != nil || string(b) != `{"K":["url","text"]}` {
		t.Fatalf("json.Marshal = %s, %v", b, err)
	}
	var v struct{ K []Kind }
	if err := json.Unmarshal([]byte(`{"K":["retweet","cotweet"]}`), &v); err != nil ||
		!slices.Equal(v.K, []Kind{KindRepost, KindText}) {
		t.Fatalf("json.Unmarshal = %v, %v", v.K, err)
	}
	if _, err := Kind(99).MarshalText(); !errors.Is(err, ErrUnknownKind) {
		t.Fatalf("MarshalText of unknown kind: %v", err)
	}
}
