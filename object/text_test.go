package object

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Vote early, vote often.", "vote early, vote often."},
		{"retweet marker", "RT @user: Vote early", "vote early"},
		{"nested retweet markers", "RT @a: RT @b.bsky.social: Vote", "vote"},
		{"lower-case marker", "rt @user vote", "vote"},
		{"full-width marker", "ＲＴ ＠ｕｓｅｒ： vote", "vote"},
		{"rt as a word", "rt is short for retweet", "rt is short for retweet"},
		{"rt before non-mention", "RT this now", "rt this now"},
		{"mentions removed", "@alice @bob vote for @carol!", "vote for !"},
		{"fediverse mention", "thanks @user@mastodon.social for this", "thanks for this"},
		{"mention full stop kept", "ask @bob.", "ask ."},
		{"email kept", "write to info@example.com", "write to info@example.com"},
		{"lone at kept", "meet @ 5pm", "meet @ 5pm"},
		{"link removed", "read this https://t.co/AbC123 now", "read this now"},
		{"http link", "see http://example.com/a?b=c#d.", "see"},
		{"www link", "visit www.example.com today", "visit today"},
		{"upper-case link", "see HTTPS://EXAMPLE.COM/X", "see"},
		{"hashtag word kept", "Stop the count #StopTheCount", "stop the count stopthecount"},
		{"hashtag in middle", "we #vote today", "we vote today"},
		{"repeated hash", "##vote", "vote"},
		{"C sharp", "I code in C#", "i code in c#"},
		{"lone hash", "# 1 fan", "# 1 fan"},
		{"hash before emoji", "#🇺🇦 forever", "🇺🇦 forever"},
		{"full-width", "ＶＯＴＥ　ＮＯＷ", "vote now"},
		{"styled letters", "𝐕𝐨𝐭𝐞 𝓷𝓸𝔀", "vote now"},
		{"zero-width splitters", "vo\u200bte n\u200co\u200dw\ufeff", "vote now"},
		{"soft hyphen", "elec\u00adtion", "election"},
		{"controls", "vote\x00\x07 now\x1b", "vote now"},
		{"whitespace kinds", "vote\u00a0\u2003now\r\n\tplease\u3000ok\u2028!", "vote now please ok !"},
		{"surrounding space", "   vote   ", "vote"},
		{"emoji kept", "Vote 🗳️🔥 now!!", "vote 🗳🔥 now!!"},
		{"emoji ZWJ", "family 👨\u200d👩\u200d👧 day", "family 👨👩👧 day"},
		{"Cyrillic", "Голосуйте ЗА кандидата!", "голосуйте за кандидата!"},
		{"Arabic", "صوتوا الآن", "صوتوا الآن"},
		{"Arabic with RTL marks", "\u200fصوتوا\u200f \u202bالآن\u202c", "صوتوا الآن"},
		{"Hebrew", "הצביעו עכשיו", "הצביעו עכשיו"},
		{"mixed RTL and link", "הצביעו https://example.com עכשיו", "הצביעו עכשיו"},
		{"Chinese", "請投票！", "請投票!"},
		{"decomposed", "cafe\u0301", "café"},
		{"sharp s", "STRASSE straße", "strasse strasse"},
		{"invalid UTF-8", "vote\xffnow", "vote\ufffdnow"},
		{"only mention", "@someone", ""},
		{"only link", "https://t.co/x", ""},
		{"only marker", "RT @someone:", ""},
		{"empty", "", ""},
		{"invisible only", "\u200b\u200e\ufeff", ""},
		{"at before hash", "@#b", ""},
		{"nested at and hash", "x @#@#@#@#@#@#@#@#@#@#@#b y", "x @#@#@#@#@#@#@#@#@#@# y"},
		{"at hash emoji", "@#🗳 vote", "@🗳 vote"},
		{"at hash mark", "@#\u0301", "@#\u0301"},
		{"hash after paren", "(#vote)", "(vote)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.in)
			if got != tt.want {
				t.Fatalf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Text(got); again != got {
				t.Fatalf("not idempotent: Text(%q) = %q", got, again)
			}
		})
	}
}

// TestTextCopies checks that copies of one message, as platforms and
// copy-pasting accounts produce them, get one key.
func TestTextCopies(t *testing.T) {
	copies := []string{
		"The election was STOLEN! Share before they delete it https://t.co/aaa #StopTheSteal",
		"RT @patriot1776: The election was STOLEN! Share before they delete it https://t.co/bbb #StopTheSteal",
		"the election was stolen!  share before they delete it\n#stopthesteal https://bit.ly/x",
		"@cnn @foxnews The election was STOLEN! Share before they delete it #StopTheSteal",
		"The election was\u200b STOLEN! Share before they delete it ＃StopTheSteal",
		"𝐓𝐡𝐞 election was STOLEN! Share before they delete it #StopTheSteal",
	}
	want := Text(copies[0])
	for _, c := range copies[1:] {
		if got := Text(c); got != want {
			t.Errorf("Text(%q) = %q, want %q", c, got, want)
		}
	}
}

func TestTextLong(t *testing.T) {
	unit := "Голосуй @user https://t.co/x #Выборы 🗳\u200b "
	in := strings.Repeat(unit, 5000)
	got := Text(in)
	want := strings.TrimSpace(strings.Repeat("голосуй выборы 🗳 ", 5000))
	if got != want {
		t.Fatalf("long text: got %d bytes, want %d", len(got), len(want))
	}
}
