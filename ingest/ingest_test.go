package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/recordfile"
	"github.com/scrutineer/scrutineer/source/formats"
)

func fixture(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../source/x/testdata/v2_search.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadDetectsAndDeduplicates(t *testing.T) {
	in := fixture(t)
	store := &recordfile.Discard{}
	first := ingest.Read(context.Background(), bytes.NewReader(in), "search.jsonl", store, ingest.Options{})
	if first.Err != nil || first.Format != "x-v2" || first.Score == 0 || first.Records == 0 || first.New == 0 || first.New+first.Dups != first.Records ||
		first.Bytes != int64(len(in)) {
		t.Fatalf("first read: %+v", first)
	}
	second := ingest.Read(context.Background(), bytes.NewReader(in), "again.jsonl", store, ingest.Options{})
	if second.New != 0 || second.Dups != first.Records {
		t.Errorf("second read: %d new, %d duplicates; want 0 and %d", second.New, second.Dups, first.Records)
	}
}

func TestReadKeepsWhatCameBeforeACut(t *testing.T) {
	in := bytes.Repeat(fixture(t), 300) // deflate blocks are big: a cut must fall after some
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(in)
	w.Close()
	whole := ingest.Read(context.Background(), bytes.NewReader(gz.Bytes()), "s.jsonl.gz", &recordfile.Discard{}, ingest.Options{})
	cut := ingest.Read(context.Background(), bytes.NewReader(gz.Bytes()[:gz.Len()*3/4]), "s.jsonl.gz", &recordfile.Discard{}, ingest.Options{})
	if whole.Err != nil || cut.Err == nil || cut.Error == "" || cut.Records == 0 || cut.Records >= whole.Records {
		t.Errorf("whole %d records (%v); cut %d records (%v)", whole.Records, whole.Err, cut.Records, cut.Err)
	}
}

func TestReadReportsRejections(t *testing.T) {
	f, err := formats.Lookup("x-v2")
	if err != nil {
		t.Fatal(err)
	}
	in := string(fixture(t)) + "{not json\n" + `{"data":[{"id":"1"}]}` + "\n"
	rep := ingest.Read(context.Background(), strings.NewReader(in), "s.jsonl", &recordfile.Discard{}, ingest.Options{Format: &f, Show: 1})
	if rep.Rejected < 2 || len(rep.Shown) != 1 || len(rep.Reasons) == 0 || rep.Score != 0 {
		t.Errorf("%+v", rep)
	}
}

type failing struct{}

func (failing) PutRecords(context.Context, []scrutineer.Record) ([]bool, error) {
	return nil, errors.New("disk full")
}

func TestReadStopsOnAStoreError(t *testing.T) {
	rep := ingest.Read(context.Background(), bytes.NewReader(fixture(t)), "s.jsonl", failing{}, ingest.Options{Batch: 1})
	if rep.Err == nil || !strings.Contains(rep.Error, "disk full") {
		t.Errorf("%+v", rep)
	}
}

func TestReadStopsWhenCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep := ingest.Read(ctx, bytes.NewReader(fixture(t)), "s.jsonl", &recordfile.Discard{}, ingest.Options{Batch: 1})
	if !errors.Is(rep.Err, context.Canceled) || rep.New != 0 {
		t.Errorf("%+v", rep)
	}
}
