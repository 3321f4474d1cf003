package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/object"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/coortweet"
)

// normalizeObject gives objects of a named kind their canonical key; objects
// of no kind (CooRTweet's tables) are used exactly as written.
func normalizeObject(kind, raw string) (string, error) {
	if kind == "" {
		return raw, nil
	}
	k, err := object.ParseKind(kind)
	if err != nil {
		return "", err
	}
	return object.Normalize(k, raw)
}

// readShares loads share tables into b, with a progress bar on a terminal.
// With opt.SkipInvalid, a file cut short keeps what came before the cut.
func readShares(e *env, files []string, b *coord.Builder, opt coortweet.Options) error {
	for _, name := range files {
		var in io.Reader
		var size int64 = -1
		if name == "-" {
			in = e.stdin
			opt.File = "stdin"
		} else {
			f, err := os.Open(name)
			if err != nil {
				return err
			}
			defer f.Close()
			if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
				size = fi.Size()
			}
			in = f
			opt.File = name
		}
		var bar *progressbar.ProgressBar
		if e.terminal && (size < 0 || size > 8<<20) {
			bar = progressbar.NewOptions64(size, progressbar.OptionSetWriter(e.stderr),
				progressbar.OptionSetDescription("reading "+filepath.Base(opt.File)), progressbar.OptionShowBytes(true),
				progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
			in = io.TeeReader(in, bar)
		}
		r, gz, err := source.Decompress(in)
		if err != nil {
			return fmt.Errorf("%s: %w", opt.File, err)
		}
		opt.SizeHint = 0
		if !gz {
			opt.SizeHint = size
		}
		st, err := coortweet.Read(r, b, opt)
		if bar != nil {
			_ = bar.Finish()
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) && gz {
				err = fmt.Errorf("%w (the gzip stream is truncated; %d rows before the cut were read)", err, st.Added)
			}
			if !opt.SkipInvalid {
				return err
			}
			fmt.Fprintf(e.stderr, "warning: %v; going on with what was read\n", err)
		}
		if st.Skipped > 0 {
			fmt.Fprintf(e.stderr, "%s: skipped %s invalid rows of %s (--skip-invalid); the first:\n", opt.File, count(st.Skipped), count(st.Rows))
			for _, re := range st.Errors {
				fmt.Fprintf(e.stderr, "  %v\n", re)
			}
		}
		if st.Empty > 0 {
			fmt.Fprintf(e.stderr, "%s: %s rows had no object and were passed over\n", opt.File, count(st.Empty))
		}
	}
	return nil
}
