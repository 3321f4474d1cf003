package x

import (
	"bytes"
	"strings"
)

// sniffV2 looks for what only v2 objects have: author_id and
// edit_history_tweet_ids on tweets, following_count on users, the
// problem types of v2 errors.
func sniffV2(name string, head []byte) int {
	if hasKey(head, "id_str") || hasKey(head, "screen_name") || mastodon(head) || records(head) {
		return 0 // v1.1, Mastodon (whose accounts have username and following_count too), normalized records
	}
	score := 0
	if hasKey(head, "author_id") {
		score += 40
	}
	if hasKey(head, "edit_history_tweet_ids") {
		score += 30
	}
	if hasKey(head, "conversation_id") {
		score += 10
	}
	if hasKey(head, "data") && hasKey(head, "includes") {
		score += 20
	}
	if hasKey(head, "matching_rules") {
		score += 20
	}
	if hasKey(head, "username") && hasKey(head, "following_count") && (hasKey(head, "followers_count") || hasKey(head, "tweet_count")) {
		score += 50 // users (TikTok's have follower_count)
	}
	if bytes.Contains(head, []byte("api.twitter.com/2/problems/")) || bytes.Contains(head, []byte("api.x.com/2/problems/")) {
		score += 50 // a page of errors only
	}
	if score < 40 {
		return 0
	}
	return min(score+nameBonus(name), 100)
}

// sniffV1 looks for what only v1.1 tweets have: id_str, screen_name,
// favorite_count, the *_str reply fields, deletion notices.
func sniffV1(name string, head []byte) int {
	if hasKey(head, "author_id") || hasKey(head, "edit_history_tweet_ids") || mastodon(head) || records(head) {
		return 0 // v2, Mastodon, normalized records
	}
	score := 0
	if hasKey(head, "id_str") {
		score += 30
	}
	if hasKey(head, "screen_name") {
		score += 25
	}
	if hasKey(head, "favorite_count") || hasKey(head, "retweet_count") {
		score += 15
	}
	if hasKey(head, "in_reply_to_status_id_str") || hasKey(head, "in_reply_to_screen_name") {
		score += 20
	}
	if hasKey(head, "friends_count") || hasKey(head, "statuses_count") {
		score += 10
	}
	if bytes.Contains(head, []byte(`{"delete":{"status":{`)) {
		score += 40
	}
	if hasKey(head, "created_at") && !rubyDate(head) {
		score -= 30 // v1.1 dates are "Wed Oct 10 20:19:24 +0000 2018"
	}
	if score < 40 {
		return 0
	}
	return min(score+nameBonus(name), 100)
}

// rubyDate reports whether a created_at in head holds a v1.1 date.
func rubyDate(head []byte) bool {
	const key = `"created_at"`
	for rest := head; ; {
		i := bytes.Index(rest, []byte(key))
		if i < 0 {
			return false
		}
		rest = rest[i+len(key):]
		j := 0
		for j < len(rest) && (rest[j] == ' ' || rest[j] == ':' || rest[j] == '\t' || rest[j] == '\r' || rest[j] == '\n') {
			j++
		}
		d := rest[j:]
		if len(d) >= 9 && d[0] == '"' && d[4] == ' ' && d[8] == ' ' && isUpper(d[1]) && isUpper(d[5]) {
			return true
		}
	}
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// records reports Scrutineer's own normalized records, whose raw
// members may hold X keys.
func records(head []byte) bool { return hasKey(head, "record") && hasKey(head, "platform") }

// mastodon reports keys of Mastodon statuses and accounts.
func mastodon(head []byte) bool {
	return hasKey(head, "acct") || hasKey(head, "reblogs_count")
}

func nameBonus(name string) int {
	n := strings.ToLower(name)
	if strings.Contains(n, "tweet") || strings.Contains(n, "twitter") || strings.Contains(n, "twarc") {
		return 5
	}
	return 0
}

// hasKey reports whether head has "key" followed by a colon: an object
// member, not a string value.
func hasKey(head []byte, key string) bool {
	q := make([]byte, 0, len(key)+2)
	q = append(append(append(q, '"'), key...), '"')
	for rest := head; ; {
		i := bytes.Index(rest, q)
		if i < 0 {
			return false
		}
		rest = rest[i+len(q):]
		j := 0
		for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t' || rest[j] == '\r' || rest[j] == '\n') {
			j++
		}
		if j < len(rest) && rest[j] == ':' {
			return true
		}
	}
}
