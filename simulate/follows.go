package simulate

import (
	"fmt"
	"io"
	"strings"
)

// WriteFollows writes the follower graph as CSV: a header follower,followed
// and one row an edge, Account.Key() on both sides ("x:12345",
// "bluesky:did:plc:..."), in the order of World.Follows. An edge naming an
// account that does not exist is left out.
func WriteFollows(w io.Writer, wd *World) error {
	if _, err := io.WriteString(w, "follower,followed\n"); err != nil {
		return fmt.Errorf("write follows: %w", err)
	}
	if wd == nil {
		return nil
	}
	// Each account's key once, CSV-quoted if it must be, so that the edges
	// are written without allocating.
	keys := make([]string, len(wd.Accounts))
	for i := range wd.Accounts {
		keys[i] = followsCSVField(wd.Accounts[i].Key())
	}
	follows := wd.Follows
	err := writeOrdered(w, len(follows), 1<<16, func() chunkEncoder {
		return func(dst []byte, lo, hi int) []byte {
			for _, f := range follows[lo:hi] {
				if f.From < 0 || int(f.From) >= len(keys) || f.To < 0 || int(f.To) >= len(keys) {
					continue
				}
				dst = append(dst, keys[f.From]...)
				dst = append(dst, ',')
				dst = append(dst, keys[f.To]...)
				dst = append(dst, '\n')
			}
			return dst
		}
	})
	if err != nil {
		return fmt.Errorf("write follows: %w", err)
	}
	return nil
}

// followsCSVField quotes a field that holds a comma, quote or line break.
func followsCSVField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
