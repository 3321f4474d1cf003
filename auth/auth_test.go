package auth

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// fast keeps the tests quick; the costs do not change what is checked.
var fast = Params{Memory: 64, Time: 1, Threads: 1}

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q", h)
	}
	if h2, _ := HashPassword("correct horse battery", fast); h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	if rehash, err := VerifyPassword(h, "correct horse battery", fast); err != nil || rehash {
		t.Errorf("right password: rehash %v, %v", rehash, err)
	}
	if rehash, err := VerifyPassword(h, "correct horse battery", DefaultParams); err != nil || !rehash {
		t.Errorf("other costs: rehash %v, %v", rehash, err)
	}
	for _, wrong := range []string{"correct horse batterY", "", strings.Repeat("x", MaxPassword+1)} {
		if _, err := VerifyPassword(h, wrong, fast); !errors.Is(err, ErrMismatch) {
			t.Errorf("%.20q: %v, want a mismatch", wrong, err)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		pw string
		ok bool
	}{
		{"short", false},
		{"twelve chars", true},
		{"élections été", true}, // counted in characters, not bytes
		{"\xff\xfe invalid utf-8", false},
		{strings.Repeat("a", MaxPassword), true},
		{strings.Repeat("a", MaxPassword+1), false},
	} {
		if err := CheckPassword(tc.pw); (err == nil) != tc.ok {
			t.Errorf("%.20q: %v", tc.pw, err)
		}
	}
}

func TestDecodeRefusesHostileHashes(t *testing.T) {
	for _, h := range []string{
		"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", // 4 GiB
		"$argon2id$v=19$m=64,t=1000,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=64,t=1,p=1$!!$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ",
	} {
		if _, err := VerifyPassword(h, "correct horse battery", fast); err == nil || errors.Is(err, ErrMismatch) {
			t.Errorf("%q: %v, want a malformed-hash error", h, err)
		}
	}
}

func FuzzVerifyPassword(f *testing.F) {
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "pw")
	f.Fuzz(func(t *testing.T, h, pw string) {
		_, _ = VerifyPassword(h, pw, fast) // must not panic nor run away
	})
}

func TestToken(t *testing.T) {
	secret, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if !LooksLikeToken(secret) || string(HashToken(secret)) != string(hash) {
		t.Errorf("token %q", secret)
	}
	other, _, _ := NewToken()
	if other == secret {
		t.Error("two tokens are equal")
	}
	for _, s := range []string{"", "scr_", "Bearer " + secret, secret + "x", "abc_" + secret[4:], "scr_" + strings.Repeat("!", 43)} {
		if LooksLikeToken(s) {
			t.Errorf("%q looks like a token", s)
		}
	}
}

func TestThrottle(t *testing.T) {
	t0 := time.Date(2026, 10, 19, 9, 0, 0, 0, time.UTC)
	th := NewThrottle(3, time.Minute)
	for i := range 3 {
		if ok, _ := th.Allow("a@example.org", t0); !ok {
			t.Fatalf("refused after %d failures", i)
		}
		th.Fail("a@example.org", t0.Add(time.Duration(i)*time.Second))
	}
	ok, wait := th.Allow("a@example.org", t0.Add(10*time.Second))
	if ok || wait != 50*time.Second {
		t.Errorf("after 3 failures: %v, wait %v; want refused for 50s", ok, wait)
	}
	if ok, _ := th.Allow("b@example.org", t0); !ok {
		t.Error("another key is refused")
	}
	if ok, _ := th.Allow("a@example.org", t0.Add(time.Minute+time.Second)); !ok {
		t.Error("refused after the oldest failure left the window")
	}
	th.Reset("a@example.org")
	if ok, _ := th.Allow("a@example.org", t0.Add(10*time.Second)); !ok {
		t.Error("refused after a reset")
	}
}

func TestThrottleBoundsKeys(t *testing.T) {
	t0 := time.Date(2026, 10, 19, 9, 0, 0, 0, time.UTC)
	th := NewThrottle(2, time.Minute)
	th.MaxKeys = 10
	for i := range 1000 {
		th.Fail(strings.Repeat("k", i%50)+string(rune('a'+i%26)), t0.Add(time.Duration(i)*time.Millisecond))
	}
	if n := len(th.fail); n > th.MaxKeys {
		t.Errorf("%d keys kept, want at most %d", n, th.MaxKeys)
	}
}
