package simulate_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/scrutineer/scrutineer/simulate"
)

type memFile struct{ bytes.Buffer }

func (*memFile) Close() error { return nil }

// TestWriteAll: writing everything at once (the share tables in one pass)
// gives the same files as each output's own writer.
func TestWriteAll(t *testing.T) {
	w := small(t, 2)
	var mu sync.Mutex
	files := map[string]*memFile{}
	var done []string
	err := simulate.WriteAll(w, func(path string) (io.WriteCloser, error) {
		mu.Lock()
		defer mu.Unlock()
		f := &memFile{}
		files[path] = f
		return f, nil
	}, func(path string) {
		mu.Lock()
		done = append(done, path)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	outs := simulate.Outputs()
	if len(done) != len(outs) || len(files) != len(outs) {
		t.Fatalf("%d files created, %d done, want %d", len(files), len(done), len(outs))
	}
	for _, o := range outs {
		var want bytes.Buffer
		if err := o.Write(&want, w); err != nil {
			t.Fatal(err)
		}
		got := files[o.Path]
		if got == nil || !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: WriteAll wrote %d bytes that differ from its writer's %d", o.Path, got.Len(), want.Len())
		}
	}
}

func TestWriteAllErrors(t *testing.T) {
	w := small(t, 2)
	err := simulate.WriteAll(w, func(path string) (io.WriteCloser, error) {
		if strings.HasSuffix(path, "hashtag.csv") || path == "follows.csv" {
			return nil, errors.New("disk full")
		}
		return &memFile{}, nil
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "create coortweet/hashtag.csv: disk full") || !strings.Contains(err.Error(), "follows.csv") {
		t.Fatalf("got %v, want errors naming both files", err)
	}
}
