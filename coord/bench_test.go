package coord_test

import (
	"os"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/source/coortweet"
)

// BenchmarkDetect runs the engine on the share log named by
// SCRUTINEER_BENCH_SHARES (for example bench/out/shares_1000000.csv from
// bench/detect), or on CooRTweet's Russian data.
func BenchmarkDetect(b *testing.B) {
	path := os.Getenv("SCRUTINEER_BENCH_SHARES")
	if path == "" {
		path = "../data/coortweet/russian_coord_tweets.csv"
	}
	buf, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	bl := coord.NewBuilder(0)
	if _, err := coortweet.ReadBytes(buf, bl, coortweet.Options{}); err != nil {
		b.Fatal(err)
	}
	d := bl.Data()
	p := coord.DefaultParams()
	p.Window = 60 * time.Second
	b.ReportMetric(float64(len(d.Shares)), "shares")
	for b.Loop() {
		if _, err := coord.Detect(d, p); err != nil {
			b.Fatal(err)
		}
	}
}
