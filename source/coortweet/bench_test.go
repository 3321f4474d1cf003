package coortweet_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/source/coortweet"
)

// synthetic builds a share table like the speed benchmark's: skewed
// objects and accounts, unique content ids.
func synthetic(rows int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	sb.WriteString("object_id,account_id,content_id,timestamp_share\n")
	for i := 0; i < rows; i++ {
		o := int(float64(rows/5) * r.Float64() * r.Float64())
		a := int(float64(rows/20) * r.Float64() * r.Float64())
		fmt.Fprintf(&sb, "o%d,a%d,c%d,%d\n", o, a, i, 1600000000+r.IntN(2592000))
	}
	return []byte(sb.String())
}

func BenchmarkReadCSV(b *testing.B) {
	for _, rows := range []int{100_000, 1_000_000} {
		in := synthetic(rows)
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				bl := coord.NewBuilder(0)
				if _, err := coortweet.ReadBytes(in, bl, coortweet.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
