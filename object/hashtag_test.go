package object

import (
	"strings"
	"testing"
)

func TestHashtag(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "#Election2024", "election2024"},
		{"no sign", "Election2024", "election2024"},
		{"all caps", "#STOPTHESTEAL", "stopthesteal"},
		{"full-width sign and letters", "＃ＥＬＥＣＴＩＯＮ", "election"},
		{"small sign", "﹟vote", "vote"},
		{"repeated signs", "##vote", "vote"},
		{"space after sign", "# vote", "vote"},
		{"surrounding space", "  #Vote \n", "vote"},
		{"styled letters", "#𝐕𝐎𝐓𝐄", "vote"},
		{"ligature", "#ﬁnance", "finance"},
		{"sharp s folds", "#Straße", "strasse"},
		{"Greek final sigma", "#ΟΔΟΣ", "οδοσ"},
		{"Turkish dotted I", "#İstanbul", "i̇stanbul"},
		{"Cyrillic", "#Выборы2024", "выборы2024"},
		{"Cyrillic mixed case", "#ВЫБОРЫ", "выборы"},
		{"Arabic", "#الانتخابات", "الانتخابات"},
		{"Arabic with RLM", "#\u200fالانتخابات\u200f", "الانتخابات"},
		{"Hebrew with isolate", "\u2067#בחירות\u2069", "בחירות"},
		{"Persian with ZWNJ", "#می\u200cخواهم", "میخواهم"},
		{"Chinese", "#选举", "选举"},
		{"Japanese half-width kana", "#ｾﾝｷｮ", "センキョ"},
		{"Korean", "#선거", "선거"},
		{"Cherokee folds to upper", "#ꮳꮃꭹ", "ᏣᎳᎩ"},
		{"Cherokee upper", "#ᏣᎳᎩ", "ᏣᎳᎩ"},
		{"Devanagari", "#चुनाव", "चुनाव"},
		{"emoji selector dropped", "#I❤️NY", "i❤ny"},
		{"emoji ZWJ sequence", "#👨\u200d👩\u200d👧family", "👨👩👧family"},
		{"emoji only", "#🇺🇦", "🇺🇦"},
		{"zero-width inside", "#Vo\u200bte", "vote"},
		{"decomposed accent", "#Cafe\u0301", "café"},
		{"composed accent", "#Café", "café"},
		{"sign only", "#", ""},
		{"signs and space", "# # ", ""},
		{"empty", "", ""},
		{"invisible only", "\u200b\ufeff", ""},
		{"inner space collapsed", "#a \t b", "a b"},
		{"trailing sign kept", "#c#", "c#"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Hashtag(tt.in)
			if got != tt.want {
				t.Fatalf("Hashtag(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Hashtag(got); again != got {
				t.Fatalf("not idempotent: Hashtag(%q) = %q", got, again)
			}
		})
	}
}

func TestHashtagLong(t *testing.T) {
	in := "#" + strings.Repeat("ВыборЫ", 20000)
	want := strings.Repeat("выборы", 20000)
	if got := Hashtag(in); got != want {
		t.Fatalf("long hashtag: got %d bytes, want %d", len(got), len(want))
	}
}
