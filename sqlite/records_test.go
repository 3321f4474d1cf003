package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/scrutineer/scrutineer/storetest"
)

func openRecords(t *testing.T) storetest.RecordStore {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "scrutineer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestRecords(t *testing.T) { storetest.Records(t, openRecords) }

// BenchmarkPutRecords stores the medium world's X posts into an empty
// store in batches of 1,000.
func BenchmarkPutRecords(b *testing.B) {
	posts := storetest.BenchPosts(b)
	ctx := context.Background()
	var n int
	for b.Loop() {
		b.StopTimer()
		db, err := Open(ctx, filepath.Join(b.TempDir(), "scrutineer.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for batch := range slices.Chunk(posts, 1000) {
			if _, err := db.PutRecords(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
		n += len(posts)
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
}
