package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/recordfile"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/formats"
	"github.com/scrutineer/scrutineer/source/mapped"
)

type ingestCmd struct {
	Paths       []string `arg:"" optional:"" name:"path" help:"Files, or directories to read recursively; - reads standard input."`
	Format      string   `help:"The format of every input (see --list-formats); detected from each file when not given."`
	Mapping     string   `help:"Read every input as this mapping file (YAML) says: any CSV or JSON Lines of posts or accounts."`
	Out         string   `short:"o" help:"JSON Lines file of normalized records, appended to (records it already holds are not written again)."`
	DryRun      bool     `help:"Parse everything and print the summary, writing nothing."`
	ListFormats bool     `help:"List the formats and stop."`
	Show        int      `default:"3" help:"Rejected records to show per file."`
	CPUProfile  string   `name:"cpuprofile" hidden:"" help:"Write a CPU profile to this file."`
}

// fileReport is what ingesting one file gave.
type fileReport struct {
	Path string
	*ingest.Report
}

func (c *ingestCmd) Run(e *env) error {
	if c.ListFormats {
		return listFormats(e.stdout)
	}
	if len(c.Paths) == 0 {
		return errors.New("give the files or directories to ingest (--list-formats lists what can be read)")
	}
	if c.Out == "" && !c.DryRun {
		return errors.New("give --out FILE.jsonl for the normalized records, or --dry-run")
	}
	var forced *source.Format
	if c.Mapping != "" {
		if c.Format != "" && c.Format != mapped.Name {
			return errors.New("give --format or --mapping, not both")
		}
		f, err := loadMapping(c.Mapping)
		if err != nil {
			return err
		}
		forced = &f
	}
	if c.Format == mapped.Name && forced == nil {
		return errors.New("--format mapped reads by a mapping file: give --mapping FILE instead")
	}
	if c.Format != "" && forced == nil {
		f, err := formats.Lookup(c.Format)
		if err != nil {
			return fmt.Errorf("--format: %w", err)
		}
		forced = &f
	}
	files, err := expand(c.Paths)
	if err != nil {
		return err
	}
	stop, err := startCPUProfile(c.CPUProfile)
	if err != nil {
		return err
	}
	defer stop()
	var store scrutineer.RecordService = &recordfile.Discard{}
	var out *recordfile.Writer
	if !c.DryRun {
		if out, err = recordfile.Open(c.Out); err != nil {
			return err
		}
		store = out
	}
	t0 := time.Now()
	var reports []*fileReport
	for _, path := range files {
		rep := c.ingestFile(e, path, forced, store)
		reports = append(reports, rep)
	}
	if out != nil {
		if err := out.Close(); err != nil {
			return err
		}
	}
	printIngest(e.stdout, reports, time.Since(t0), c.DryRun, c.Out)
	failed := 0
	for _, r := range reports {
		if r.Err != nil {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be read in full", failed, len(reports))
	}
	return nil
}

// expand lists the files to read: directories are walked (hidden entries
// skipped), in name order.
func expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// countingReader counts the bytes read through it, for progress.
func (c *ingestCmd) ingestFile(e *env, path string, forced *source.Format, store scrutineer.RecordService) *fileReport {
	var in io.Reader = e.stdin
	size := int64(-1)
	name := "standard input"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return &fileReport{path, &ingest.Report{Err: err}}
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		in, name = f, path
	}
	progress := &ingest.Progress{}
	stop := make(chan struct{})
	done := make(chan struct{})
	if e.terminal {
		bar := progressbar.NewOptions64(size, progressbar.OptionSetWriter(e.stderr), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription(filepath.Base(path)), progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond))
		go func() {
			defer close(done)
			tick := time.NewTicker(200 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					_ = bar.Finish()
					return
				case <-tick.C:
					_ = bar.Set64(progress.Bytes.Load())
					format := "detecting"
					if f := progress.Format.Load(); f != nil {
						format = *f
					}
					bar.Describe(fmt.Sprintf("%s (%s): %s records", filepath.Base(path), format, count(int(progress.Records.Load()))))
				}
			}
		}()
	} else {
		close(done)
	}
	rep := ingest.Read(e.context(), in, name, store, ingest.Options{Format: forced, Show: c.Show, Progress: progress})
	close(stop)
	<-done
	if forced != nil {
		rep.Score = 0
	}
	return &fileReport{path, rep}
}

func printIngest(w io.Writer, reports []*fileReport, took time.Duration, dry bool, out string) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "file\tformat\trecords\tnew\tduplicates\trejected\n")
	var tot ingest.Report
	var bytes int64
	for _, r := range reports {
		f := r.Format
		if r.Score > 0 {
			f += fmt.Sprintf(" (detected, %d%%)", r.Score)
		}
		if f == "" {
			f = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Path, f, count(int(r.Records)), count(int(r.New)), count(int(r.Dups)), count(int(r.Rejected)))
		tot.Records += r.Records
		tot.New += r.New
		tot.Dups += r.Dups
		tot.Rejected += r.Rejected
		bytes += r.Bytes
	}
	if len(reports) > 1 {
		fmt.Fprintf(tw, "all %d files\t\t%s\t%s\t%s\t%s\n", len(reports), count(int(tot.Records)), count(int(tot.New)), count(int(tot.Dups)), count(int(tot.Rejected)))
	}
	tw.Flush()
	for _, r := range reports {
		if r.Err != nil {
			fmt.Fprintf(w, "\n%s: %v\n", r.Path, r.Err)
		}
		if r.Rejected == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s: %s rejected:\n", r.Path, count(int(r.Rejected)))
		type rc struct {
			reason string
			n      int
		}
		var rs []rc
		for k, n := range r.Reasons {
			rs = append(rs, rc{k, n})
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i].n > rs[j].n || rs[i].n == rs[j].n && rs[i].reason < rs[j].reason })
		for _, x := range rs[:min(len(rs), 5)] {
			fmt.Fprintf(w, "  %6s  %s\n", count(x.n), x.reason)
		}
		if len(rs) > 5 {
			fmt.Fprintf(w, "  and %d other reasons\n", len(rs)-5)
		}
		for _, s := range r.Shown {
			fmt.Fprintf(w, "  e.g. %s\n", s)
		}
	}
	rate := ""
	if s := took.Seconds(); s > 0 && bytes > 0 {
		rate = fmt.Sprintf(" (%.0f MB/s)", float64(bytes)/1e6/s)
	}
	switch {
	case dry:
		fmt.Fprintf(w, "\ndry run: read %s records from %s bytes in %s%s; nothing written\n", count(int(tot.Records)), count(int(bytes)), round(took), rate)
	default:
		fmt.Fprintf(w, "\nread %s records from %s bytes in %s%s; %s new written to %s\n", count(int(tot.Records)), count(int(bytes)), round(took), rate, count(int(tot.New)), out)
	}
}

func listFormats(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "format\tplatform\twhat\n")
	for _, f := range formats.All() {
		p := string(f.Platform)
		if p == "" {
			p = "(from the data)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Name, p, f.About)
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\n", mapped.Name, "(from the mapping)", "any CSV or JSON Lines, with --mapping FILE")
	return tw.Flush()
}

// loadMapping reads a mapping file and returns the format it makes.
func loadMapping(path string) (source.Format, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return source.Format{}, fmt.Errorf("--mapping: %w", err)
	}
	m, err := mapped.Parse(data, path)
	if err != nil {
		return source.Format{}, fmt.Errorf("--mapping: %w", err)
	}
	return mapped.Format(m), nil
}
