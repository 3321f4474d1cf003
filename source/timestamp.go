package source

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// layouts are the textual timestamp forms found in share tables, most
// common first. A form without a zone is read as UTC, as CooRTweet's
// as.POSIXct(tz = "UTC") does.
var layouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04:05.999999999 MST",
	time.RubyDate, // Twitter v1.1: "Wed Oct 10 20:19:24 +0000 2018"
	"2006-01-02T15:04:05.999999999-0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02",
}

var errEmptyTime = errors.New("empty timestamp")

// ParseTime reads a timestamp as Unix seconds (an integer, or a decimal with
// up to nanosecond precision), RFC 3339, "YYYY-MM-DD HH:MM:SS" or Twitter's
// "Wed Oct 10 20:19:24 +0000 2018", and returns Unix nanoseconds.
func ParseTime(s string) (int64, error) {
	if ns, ok := parseUnix(s); ok {
		return ns, nil // the common case, without trimming first
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errEmptyTime
	}
	if ns, ok := parseUnix(s); ok {
		return ns, nil
	}
	for _, layout := range layouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UnixNano(), nil
		}
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return 0, fmt.Errorf("unrecognised timestamp %q (want Unix seconds, RFC 3339, \"YYYY-MM-DD HH:MM:SS\" or \"Wed Oct 10 20:19:24 +0000 2018\")", s)
}

// parseUnix reads [-]digits[.digits] exactly, without going through float64
// so that sub-second digits are not rounded.
func parseUnix(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var sec int64
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if sec > (math.MaxInt64/int64(time.Second)-9)/10 {
			return 0, false // beyond what nanoseconds can hold
		}
		sec = sec*10 + int64(s[i]-'0')
	}
	if i == 0 {
		return 0, false
	}
	var frac int64
	if i < len(s) {
		if s[i] != '.' {
			return 0, false
		}
		i++
		scale := int64(time.Second)
		start := i
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if scale > 1 {
				scale /= 10
				frac += int64(s[i]-'0') * scale
			}
		}
		if i != len(s) || i == start {
			return 0, false
		}
	}
	ns := sec*int64(time.Second) + frac
	if neg {
		ns = -ns
	}
	return ns, true
}
