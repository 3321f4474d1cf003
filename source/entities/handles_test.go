package entities_test

import (
	"slices"
	"testing"

	"github.com/scrutineer/scrutineer/source/entities"
)

func TestXHashtags(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"#one #two", []string{"one", "two"}},
		{"a#no &#38; #123 #a1 #_x", []string{"a1", "_x"}},
		{"#выборы, #الانتخابات! #香港 ＃全角", []string{"выборы", "الانتخابات", "香港", "全角"}},
		{"#tag#next #tag＃next", nil},
		{"😀#emoji😀 @héllo", []string{"emoji"}},
		{"see x.example/#anchor", []string{"anchor"}}, // Hashtags gives none
		{"##x", []string{"x"}},
		{"#a\u200d #\u200d1", []string{"a\u200d"}}, // joiners kept, but are no letter
		{"#١٢٣ #12", nil},                          // digits of any script alone
		{"", nil},
	} {
		if got := entities.XHashtags(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("XHashtags(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestHandles(t *testing.T) {
	for _, tc := range []struct {
		text string
		max  int
		dots bool
		want []string
	}{
		{"RT @user_1: hi @two.x mail@example.com @toolongtoolongtoolong @", 15, false, []string{"user_1", "two"}},
		{"＠wide and (@paren)", 15, false, []string{"wide", "paren"}},
		{"😀#emoji😀 @héllo", 15, false, nil},
		{"tiktok.com/@user", 15, false, []string{"user"}}, // Mentions gives none
		{"@abc@d x!@y é@y ＠@z", 15, false, nil},
		{"@some.user. @a..b", 15, false, []string{"some", "a"}},
		{"@some.user. @a..b", 30, true, []string{"some.user", "a..b"}},
		{"@rock.the.vote and @headcount!", 30, true, []string{"rock.the.vote", "headcount"}},
		{"@abcdefghijklmnop", 15, false, nil},
		{"@abcdefghijklmnop", 16, false, []string{"abcdefghijklmnop"}},
		{"", 15, false, nil},
	} {
		if got := entities.Handles(tc.text, tc.max, tc.dots); !slices.Equal(got, tc.want) {
			t.Errorf("Handles(%q, %d, %v) = %q, want %q", tc.text, tc.max, tc.dots, got, tc.want)
		}
	}
}
