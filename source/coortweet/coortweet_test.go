package coortweet_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/object"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/coortweet"
)

func read(t *testing.T, in string, opt coortweet.Options) (*coord.Data, coortweet.Stats, error) {
	t.Helper()
	b := coord.NewBuilder(16)
	st, err := coortweet.Read(strings.NewReader(in), b, opt)
	return b.Data(), st, err
}

func TestRead(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		opt     coortweet.Options
		shares  int
		stats   coortweet.Stats
		errLine int
		errText string
	}{
		{name: "quoted csv", in: "\"object_id\",\"account_id\",\"content_id\",\"timestamp_share\"\n\"o\",\"a\",\"c\",1\n",
			shares: 1, stats: coortweet.Stats{Format: coortweet.CSV, Rows: 1, Added: 1}},
		{name: "extra columns any order", in: "timestamp_share,x,content_id,account_id,object_id\n1,?,c,a,o\n2,?,d,b,o\n",
			shares: 2, stats: coortweet.Stats{Format: coortweet.CSV, Rows: 2, Added: 2}},
		{name: "empty object passed over", in: "object_id,account_id,content_id,timestamp_share\n,a,c,1\no,a,d,2\n",
			shares: 1, stats: coortweet.Stats{Format: coortweet.CSV, Rows: 2, Added: 1, Empty: 1}},
		{name: "empty account", in: "object_id,account_id,content_id,timestamp_share\no,,c,1\n", errLine: 2, errText: "account_id: empty account id"},
		{name: "skip invalid", in: "object_id,account_id,content_id,timestamp_share\no,,c,1\no,a,c,x\no,a,c,3\n",
			opt: coortweet.Options{SkipInvalid: true}, shares: 1, stats: coortweet.Stats{Format: coortweet.CSV, Rows: 3, Added: 1, Skipped: 2}},
		{name: "jsonl numbers and strings", in: `{"object_id":1234567890123456789,"account_id":"a","content_id":"c","timestamp_share":1.5}` + "\n\n" +
			`{"object_id":"o","account_id":"b","content_id":"d","timestamp_share":"2021-01-01T00:00:00Z","extra":[1,2]}` + "\n",
			shares: 2, stats: coortweet.Stats{Format: coortweet.JSONL, Rows: 2, Added: 2}},
		{name: "jsonl bad line", in: `{"object_id":"o","account_id":"a","content_id":"c","timestamp_share":1}` + "\n{oops\n",
			errLine: 2, errText: "invalid JSON"},
		{name: "jsonl cut", in: `{"object_id":"o","account_id":"a","content_id":"c","timestamp_share":1}` + "\n" + `{"object_id":"o","acc`,
			opt: coortweet.Options{SkipInvalid: true}, shares: 1, stats: coortweet.Stats{Format: coortweet.JSONL, Rows: 2, Added: 1, Skipped: 1}},
		{name: "jsonl wrong type", in: `{"object_id":["o"],"account_id":"a","content_id":"c","timestamp_share":1}` + "\n",
			errLine: 1, errText: "object_id: want a string or a number"},
		{name: "jsonl missing key", in: `{"object_id":"o","content_id":"c","timestamp_share":1}` + "\n",
			errLine: 1, errText: "account_id: missing column"},
		{name: "url kind normalises", in: "object_id,account_id,content_id,timestamp_share\nHTTPS://Example.com/a?utm_source=x,a,c,1\nhttps://example.com/a,b,d,2\n",
			opt: coortweet.Options{Kind: "url", Normalize: func(k, raw string) (string, error) {
				kind, err := object.ParseKind(k)
				if err != nil {
					return "", err
				}
				return object.Normalize(kind, raw)
			}}, shares: 2, stats: coortweet.Stats{Format: coortweet.CSV, Rows: 2, Added: 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.File = "in"
			d, st, err := read(t, tc.in, tc.opt)
			if tc.errText != "" {
				var re *source.RowError
				if !errors.As(err, &re) || re.Line != tc.errLine || !strings.Contains(err.Error(), tc.errText) {
					t.Fatalf("error %v; want line %d with %q", err, tc.errLine, tc.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			st.Errors = nil
			if len(d.Shares) != tc.shares || st.Format != tc.stats.Format || st.Rows != tc.stats.Rows ||
				st.Added != tc.stats.Added || st.Empty != tc.stats.Empty || st.Skipped != tc.stats.Skipped {
				t.Fatalf("%d shares, stats %+v; want %d, %+v", len(d.Shares), st, tc.shares, tc.stats)
			}
		})
	}
}

func TestReadURLKindMatches(t *testing.T) {
	norm := func(k, raw string) (string, error) {
		kind, err := object.ParseKind(k)
		if err != nil {
			return "", err
		}
		return object.Normalize(kind, raw)
	}
	d, _, err := read(t, "object_id,account_id,content_id,timestamp_share\nHTTPS://Example.com/a?utm_source=x,a,c,1\nhttps://example.com/a,b,d,2\n",
		coortweet.Options{Kind: "url", Normalize: norm})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Objects) != 1 {
		t.Fatalf("objects %q: the two spellings of one link should be one object", d.Objects)
	}
}

// TestReadPiecesAgree reads a table big enough to be parsed in pieces and
// checks it against reading it one byte at a time, which parses in one.
func TestReadPiecesAgree(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("object_id,account_id,content_id,timestamp_share\n")
	for i := 0; i < 100000; i++ {
		sb.WriteString("\"o")
		sb.WriteString(strings.Repeat("x", i%7))
		sb.WriteString("\n\",a")
		sb.WriteByte(byte('a' + i%26))
		sb.WriteString(",c")
		sb.WriteString(strings.Repeat("1", i%5+1))
		sb.WriteString(",")
		sb.WriteString("100\n")
	}
	in := sb.String()
	b1 := coord.NewBuilder(0)
	st1, err1 := coortweet.ReadBytes([]byte(in), b1, coortweet.Options{})
	b2 := coord.NewBuilder(0)
	st2, err2 := coortweet.Read(iotest.OneByteReader(strings.NewReader(in)), b2, coortweet.Options{})
	if err1 != nil || err2 != nil || st1.Rows != st2.Rows || st1.Rows != 100000 {
		t.Fatalf("%+v %v / %+v %v", st1, err1, st2, err2)
	}
	d1, d2 := b1.Data(), b2.Data()
	for i := range d1.Shares {
		if d1.Shares[i] != d2.Shares[i] {
			t.Fatalf("share %d: %+v vs %+v", i, d1.Shares[i], d2.Shares[i])
		}
	}
	if strings.Join(d1.Objects, "|") != strings.Join(d2.Objects, "|") || strings.Join(d1.Accounts, "|") != strings.Join(d2.Accounts, "|") {
		t.Fatal("name tables differ")
	}
}

// FuzzRead feeds arbitrary bytes: nothing may panic, and every row read is
// accounted for as added, empty or skipped.
func FuzzRead(f *testing.F) {
	f.Add([]byte("object_id,account_id,content_id,timestamp_share\no,a,c,1\no,b,d,2\n"), false)
	f.Add([]byte(`{"object_id":"o","account_id":"a","content_id":"c","timestamp_share":1}`+"\n"), true)
	f.Add([]byte("\"object_id\",account_id,content_id,timestamp_share\n\"o\n\",a,\"c\"\"\",2021-01-01\n"), false)
	f.Fuzz(func(t *testing.T, in []byte, jsonl bool) {
		opt := coortweet.Options{SkipInvalid: true, File: "fuzz"}
		if jsonl {
			opt.Format = coortweet.JSONL
		}
		b := coord.NewBuilder(0)
		st, err := coortweet.Read(bytes.NewReader(in), b, opt)
		d := b.Data()
		if err == nil && st.Added+st.Empty+st.Skipped != st.Rows {
			t.Fatalf("rows %d = added %d + empty %d + skipped %d?", st.Rows, st.Added, st.Empty, st.Skipped)
		}
		if len(d.Shares) != st.Added {
			t.Fatalf("%d shares, %d added", len(d.Shares), st.Added)
		}
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}
