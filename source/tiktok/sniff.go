package tiktok

import (
	"bytes"
	"strings"
)

// Keys that only the Research API writes (snake case, TikTok's own names),
// and keys it shares with other formats, which count for less.
var (
	strongKeys = [][]byte{
		[]byte(`"video_description"`), []byte(`"hashtag_names"`), []byte(`"region_code"`),
		[]byte(`"parent_comment_id"`), []byte(`"bio_description"`), []byte(`"voice_to_text"`),
		[]byte(`"is_stem_verified"`), []byte(`"effect_ids"`), []byte(`"music_id"`),
		[]byte(`"favorites_count"`), []byte(`"user_followers"`), []byte(`"user_following"`),
		[]byte(`"video_mention_list"`), []byte(`"hashtag_info_list"`),
	}
	weakKeys = [][]byte{
		[]byte(`"create_time"`), []byte(`"share_count"`), []byte(`"view_count"`),
		[]byte(`"comment_count"`), []byte(`"reply_count"`), []byte(`"video_id"`),
		[]byte(`"search_id"`), []byte(`"has_more"`), []byte(`"log_id"`),
		[]byte(`"follower_count"`), []byte(`"following_count"`), []byte(`"likes_count"`),
		[]byte(`"video_count"`), []byte(`"video_duration"`), []byte(`"username"`),
	}
)

func sniff(name string, head []byte) int {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) == 0 || t[0] != '{' && t[0] != '[' {
		return 0
	}
	if bytes.Contains(head, []byte(`{"record":"`)) {
		return 0 // normalized records, whose raw members hold API answers
	}
	score, strong := 0, false
	for _, k := range strongKeys {
		if bytes.Contains(head, k) {
			score += 2
			strong = true
		}
	}
	for _, k := range weakKeys {
		if bytes.Contains(head, k) {
			score++
		}
	}
	sure := 0
	switch {
	case !strong && !bytes.Contains(head, []byte(`"log_id"`)):
		// X and Mastodon share the weak keys; TikTok answers have a log_id.
	case score >= 6:
		sure = 90
	case score >= 4:
		sure = 75
	case score >= 2 && bytes.Contains(head, []byte(`"data"`)):
		sure = 50
	case bytes.Contains(head, []byte(`"log_id"`)) && bytes.Contains(head, []byte(`"error"`)):
		sure = 50 // an error answer: {"error":{"code":..., "log_id":...}}
	}
	if strings.Contains(strings.ToLower(name), "tiktok") {
		if sure == 0 {
			return 20
		}
		sure += 10
	}
	return min(sure, 100)
}
