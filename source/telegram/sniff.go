package telegram

import (
	"bytes"
	"path/filepath"
	"strings"
)

// chatTypes are the values of a chat's "type" in an export.
var chatTypes = []string{
	"personal_chat", "bot_chat", "saved_messages", "replies",
	"private_group", "private_supergroup", "public_supergroup",
	"private_channel", "public_channel",
}

// sniff knows an export by its keys: a chat ("messages" and a chat type,
// or message keys only Telegram writes), or a whole account
// ("personal_information" with the export's other sections; its "chats"
// may lie beyond the head, after the contacts).
func sniff(name string, head []byte) int {
	h := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	h = bytes.TrimLeft(h, " \t\r\n")
	if len(h) == 0 || h[0] != '{' {
		return 0
	}
	resultJSON := strings.EqualFold(filepath.Base(name), "result.json")
	messages := keyBefore(h, "messages", '[')
	telegramKeys := bytes.Contains(h, []byte(`"date_unixtime"`)) || bytes.Contains(h, []byte(`"text_entities"`)) ||
		valueStarts(h, "from_id", "user") || valueStarts(h, "from_id", "channel")
	chatType := false
	for _, t := range chatTypes {
		if valueStarts(h, "type", t+`"`) {
			chatType = true
			break
		}
	}
	account := keyBefore(h, "personal_information", '{')
	sections := keyBefore(h, "chats", '{') || keyBefore(h, "left_chats", '{') || keyBefore(h, "contacts", '{') ||
		keyBefore(h, "frequent_contacts", '{') || keyBefore(h, "profile_pictures", '[')
	switch {
	case messages && chatType && telegramKeys:
		return 98
	case messages && (chatType || telegramKeys):
		return 90
	case account && sections:
		return 90
	case account && resultJSON:
		return 70
	case messages && resultJSON:
		return 50
	case resultJSON && chatType:
		return 40
	}
	return 0
}

// keyBefore reports whether h has the key "key" whose value starts with
// open.
func keyBefore(h []byte, key string, open byte) bool {
	rest, ok := findKey(h, key)
	for ok {
		if v := bytes.TrimLeft(rest, " \t\r\n"); len(v) > 0 && v[0] == open {
			return true
		}
		rest, ok = findKey(rest, key)
	}
	return false
}

// valueStarts reports whether h has the key "key" with a string value that
// starts with prefix.
func valueStarts(h []byte, key, prefix string) bool {
	rest, ok := findKey(h, key)
	for ok {
		if v := bytes.TrimLeft(rest, " \t\r\n"); len(v) > 0 && v[0] == '"' && bytes.HasPrefix(v[1:], []byte(prefix)) {
			return true
		}
		rest, ok = findKey(rest, key)
	}
	return false
}

// findKey returns what follows the next `"key":` in h.
func findKey(h []byte, key string) ([]byte, bool) {
	q := `"` + key + `"`
	for {
		i := bytes.Index(h, []byte(q))
		if i < 0 {
			return nil, false
		}
		h = h[i+len(q):]
		if rest := bytes.TrimLeft(h, " \t\r\n"); len(rest) > 0 && rest[0] == ':' {
			return rest[1:], true
		}
	}
}
