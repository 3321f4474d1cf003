package simulate

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"

	"github.com/scrutineer/scrutineer/object"
)

// Output is one file of a generated world.
type Output struct {
	// Path is relative to the output directory.
	Path  string
	Write func(io.Writer, *World) error
	// About says what the file holds.
	About string
	// share tables are written together, in one pass over the posts: all
	// kinds (kind nil) or one.
	share bool
	kind  *object.Kind
}

// Outputs lists every file a world is written as, in a fixed order:
// the ground truth, the share tables, the native platform formats, the ads
// and the follower graph.
func Outputs() []Output {
	out := []Output{
		{Path: "truth.json", Write: WriteTruth, About: "what was planted: operations with their accounts, posts, ads, DISARM techniques and timelines; the organic look-alikes"},
		{Path: "shares.csv", Write: WriteShares, About: "every share of every object kind, in CooRTweet's columns plus object_kind (scrutineer detect reads it as is)", share: true},
	}
	for _, k := range ShareKinds {
		out = append(out, Output{Path: filepath.Join("coortweet", k.String()+".csv"),
			Write: func(w io.Writer, wd *World) error { return WriteSharesOfKind(w, wd, k) },
			About: "the shares of one object kind, in CooRTweet's columns", share: true, kind: &k})
	}
	return append(out,
		Output{Path: filepath.Join("x", "tweets.jsonl"), Write: WriteX, About: "X API v2 responses, JSON Lines"},
		Output{Path: filepath.Join("bluesky", "jetstream.jsonl"), Write: WriteBluesky, About: "Bluesky Jetstream commit events, JSON Lines"},
		Output{Path: filepath.Join("mastodon", "statuses.jsonl"), Write: WriteMastodon, About: "Mastodon statuses as the REST API returns them, JSON Lines"},
		Output{Path: "ads.jsonl", Write: WriteAds, About: "political ads, as Scrutineer ad records (JSON Lines)"},
		Output{Path: "follows.csv", Write: WriteFollows, About: "the follower graph: follower,followed"},
	)
}

// WriteAll writes every output of w, creating files with create (which
// makes any directories it needs). The share tables are written together
// in one pass; the other files side by side, as they are independent. done,
// when set, is told as each file is finished.
func WriteAll(w *World, create func(path string) (io.WriteCloser, error), done func(path string)) error {
	var tasks []func() error
	var shares []Output
	for _, o := range Outputs() {
		if o.share {
			shares = append(shares, o)
			continue
		}
		tasks = append(tasks, func() error {
			return writeFiles(create, done, []Output{o}, func(fs []io.Writer) error { return o.Write(fs[0], w) })
		})
	}
	tasks = append(tasks, func() error {
		return writeFiles(create, done, shares, func(fs []io.Writer) error {
			var all io.Writer
			byKind := map[object.Kind]io.Writer{}
			for i, o := range shares {
				if o.kind == nil {
					all = fs[i]
				} else {
					byKind[*o.kind] = fs[i]
				}
			}
			return WriteShareTables(w, all, byKind)
		})
	})
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2) // the writers are parallel inside; two at a time is enough
	for i, task := range tasks {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = task()
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// writeFiles creates the files of outs, lets write fill them, and closes
// them, reporting each path to done.
func writeFiles(create func(string) (io.WriteCloser, error), done func(string), outs []Output, write func([]io.Writer) error) error {
	files := make([]io.WriteCloser, 0, len(outs))
	ws := make([]io.Writer, 0, len(outs))
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	for _, o := range outs {
		f, err := create(o.Path)
		if err != nil {
			closeAll()
			return fmt.Errorf("create %s: %w", o.Path, err)
		}
		files = append(files, f)
		ws = append(ws, f)
	}
	if err := write(ws); err != nil {
		closeAll()
		return err
	}
	var errs []error
	for i, f := range files {
		if err := f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close %s: %w", outs[i].Path, err))
		} else if done != nil {
			done(outs[i].Path)
		}
	}
	return errors.Join(errs...)
}
