package simulate

import (
	"encoding/hex"
	"strconv"
	"time"

	"github.com/zeebo/xxh3"
)

// xSnowflake makes an X-style id: milliseconds since X's epoch in the high
// bits, then a sequence. Ids therefore sort by time, as real ones do.
func xSnowflake(t time.Time, seq uint64) string {
	const epoch = 1288834974657
	ms := uint64(t.UnixMilli() - epoch)
	return strconv.FormatUint(ms<<22|seq&(1<<22-1), 10)
}

// mastodonID makes a Mastodon-style id: milliseconds since 1970 shifted left
// 16 bits, then a sequence.
func mastodonID(t time.Time, seq uint64) string {
	return strconv.FormatUint(uint64(t.UnixMilli())<<16|seq&0xffff, 10)
}

const base32Sortable = "234567abcdefghijklmnopqrstuvwxyz"

// blueskyTID makes an AT Protocol record key: 53 bits of microseconds and
// 10 bits of clock id, in base32-sortable, 13 characters.
func blueskyTID(t time.Time, clock uint64) string {
	v := uint64(t.UnixMicro())<<10 | clock&0x3ff
	var b [13]byte
	for i := 12; i >= 0; i-- {
		b[i] = base32Sortable[v&31]
		v >>= 5
	}
	return string(b[:])
}

// plcDID makes a did:plc identifier from a seed: 24 base32 characters, as
// the PLC directory issues.
func plcDID(seed uint64) string {
	h := xxh3.Hash128Seed([]byte("did"), seed).Bytes()
	var b [24]byte
	for i := range b {
		b[i] = "abcdefghijklmnopqrstuvwxyz234567"[h[i%16]>>(i/16*3)&31]
	}
	return "did:plc:" + string(b[:])
}

// hash hex-encodes a 128-bit hash of the parts, for image hashes and the like.
func hash(seed uint64, parts ...string) string {
	h := xxh3.New()
	var b [8]byte
	for i := range b {
		b[i] = byte(seed >> (8 * i))
	}
	h.Write(b[:])
	for _, p := range parts {
		h.WriteString(p)
		h.Write([]byte{0})
	}
	s := h.Sum128().Bytes()
	return hex.EncodeToString(s[:])
}
