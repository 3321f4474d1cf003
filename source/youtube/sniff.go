package youtube

import (
	"bytes"
	"strings"
)

func sniff(name string, head []byte) int {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) == 0 || t[0] != '{' && t[0] != '[' {
		return 0
	}
	if bytes.Contains(head, []byte(`{"record":"`)) {
		return 0 // normalized records, whose raw members hold API answers
	}
	sure := 0
	switch {
	case bytes.Contains(head, []byte(`ListResponse"`)) && bytes.Contains(head, []byte(`"youtube#`)):
		sure = 95
	case bytes.Contains(head, []byte(`"kind"`)) && bytes.Contains(head, []byte(`"youtube#`)):
		sure = 85
	case bytes.Contains(head, []byte(`"error"`)) && bytes.Contains(head, []byte(`"youtube.`)):
		// An error response: {"error":{"errors":[{"domain":"youtube.quota"...
		sure = 60
	}
	if strings.Contains(strings.ToLower(name), "youtube") {
		if sure == 0 {
			return 20
		}
		sure += 5
	}
	return min(sure, 100)
}
