package source_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/source"
)

func TestParseTime(t *testing.T) {
	ns := func(s string) int64 {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixNano()
	}
	cases := []struct {
		in   string
		want int64
		err  string
	}{
		{"1623881091", 1623881091e9, ""},
		{" 1623881091 ", 1623881091e9, ""},
		{"1623881091.5", 1623881091e9 + 5e8, ""},
		{"1623881091.123456789123", 1623881091e9 + 123456789, ""},
		{"-1.5", -15e8, ""},
		{"0", 0, ""},
		{"2021-06-16T22:04:51Z", ns("2021-06-16T22:04:51Z"), ""},
		{"2021-06-16T22:04:51.25+02:00", ns("2021-06-16T22:04:51.25+02:00"), ""},
		{"2021-06-16 22:04:51", ns("2021-06-16T22:04:51Z"), ""},
		{"2021-06-16T22:04:51", ns("2021-06-16T22:04:51Z"), ""},
		{"2021-06-16 22:04:51 +0000 UTC", ns("2021-06-16T22:04:51Z"), ""},
		{"Wed Oct 10 20:19:24 +0000 2018", ns("2018-10-10T20:19:24Z"), ""},
		{"2021-06-16", ns("2021-06-16T00:00:00Z"), ""},
		{"", 0, "empty timestamp"},
		{"yesterday", 0, "unrecognised timestamp"},
		{"1e9", 0, "unrecognised timestamp"},
		{"99999999999999999999", 0, "unrecognised timestamp"},
		{"1.", 0, "unrecognised timestamp"},
		{strings.Repeat("9", 100), 0, "…"},
	}
	for _, tc := range cases {
		got, err := source.ParseTime(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseTime(%q) = %d, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseTime(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"1623881091", "1.5", "-3", "2021-06-16T22:04:51Z", "Wed Oct 10 20:19:24 +0000 2018", "9223372036"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ns, err := source.ParseTime(s)
		if err != nil {
			return
		}
		// Whole seconds read back exactly.
		if sec, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && ns != sec*int64(time.Second) {
			t.Fatalf("ParseTime(%q) = %d, want %d s", s, ns, sec)
		}
	})
}
