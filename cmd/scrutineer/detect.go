package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/export"
	"github.com/scrutineer/scrutineer/object"
	"github.com/scrutineer/scrutineer/source/coortweet"
)

type detectCmd struct {
	Files []string `arg:"" name:"file" help:"Share tables (CSV or JSON Lines), or platform data in any format scrutineer ingest reads; gzip-compressed or not; - reads standard input."`

	Out              string  `short:"o" default:"out" env:"SCRUTINEER_OUT" help:"Directory for the results."`
	Window           string  `default:"10" help:"Coordination window: seconds (60), a duration (1m30s), or auto to estimate it from the data as CooRnet does."`
	MinParticipation int     `default:"2" help:"CooRTweet's min_participation."`
	EdgeWeight       string  `default:"0.5" help:"Quantile of the edge-weight distribution an edge must exceed (CooRTweet's edge_weight); none counts every edge."`
	FastWindow       string  `default:"0" help:"A shorter window marking pairs and edges also coordinated at that speed (0: none)."`
	Semantics        string  `default:"coortweet" enum:"coortweet,qut" help:"coortweet (default) or qut (the QUT toolkit's directed weights)."`
	MinEdgeWeight    int     `default:"2" help:"Per-direction minimum weight with --semantics qut."`
	KeepLoops        bool    `help:"Keep pairs CooRTweet's remove_loops drops (same account, same content, a post shared as its own object)."`
	Communities      string  `default:"leiden" enum:"leiden,louvain" help:"Community algorithm on the thresholded network."`
	Resolution       float64 `default:"1" help:"Modularity resolution for communities."`
	Seed             uint64  `default:"1" help:"Seed for communities and the null model."`
	NullRuns         int     `default:"0" help:"Null-model runs for edge and cluster significance; 0 skips."`
	MaxFDR           float64 `name:"max-fdr" default:"0" help:"Leave out clusters whose false-discovery rate under the null model is above this (e.g. 0.05); runs the null model 20 times unless --null-runs says otherwise. 0 keeps every cluster."`
	NullModel        string  `default:"jitter" enum:"jitter,shuffle" help:"jitter moves each share by a random offset; shuffle permutes times within each account."`
	NullJitter       string  `default:"0" help:"Largest offset of the jitter null model (0: the larger of 10 minutes and 20 windows)."`
	WindowQ          float64 `default:"0.1" help:"With --window auto: the share of objects with the fastest second share to use (CooRnet's q)."`
	WindowP          float64 `default:"0.5" help:"With --window auto: the share of an object's shares to reach (CooRnet's p)."`

	Format        string `default:"auto" help:"auto, csv or jsonl for share tables, or a platform format (see scrutineer ingest --list-formats); auto tells them apart per file."`
	Objects       string `default:"url,repost,hashtag" help:"With platform data: the kinds of object whose sharing counts (url, domain, hashtag, repost, reply, mention, text, media), comma-separated."`
	Mapping       string `help:"Read the files as a mapping file (YAML) says: any CSV or JSON Lines of posts."`
	ObjectColumn  string `default:"object_id" help:"Column (or JSON key) of the shared object."`
	AccountColumn string `default:"account_id" help:"Column of the account."`
	ContentColumn string `default:"content_id" help:"Column of the post that shares the object."`
	TimeColumn    string `default:"timestamp_share" help:"Column of the time: Unix seconds, RFC 3339, or Twitter's format."`
	Kind          string `help:"Kind of the objects (url, domain, hashtag, repost, reply, mention, text, media): normalises them, so that spellings of one link or tag match."`
	KindColumn    string `default:"object_kind" help:"Column giving each row's object kind, for a table that mixes kinds in one network (used when present)."`
	Weight        string `default:"auto" enum:"auto,pairs,posts" help:"What an edge's weight counts: pairs of shares (CooRTweet), pairs of posts, or auto (posts when the table mixes object kinds)."`
	SkipInvalid   bool   `help:"Skip bad rows (counted and reported) instead of stopping at the first."`
	GraphAll      bool   `help:"Write every edge to the GEXF and GraphML files, not only those above the threshold."`
	MemoryLimit   string `default:"auto" help:"Soft memory limit (e.g. 2GiB, 500MB); auto keeps a large input near 2 GiB and lets a larger one have about what it needs. GOMEMLIMIT, if set, wins."`
	CPUProfile    string `name:"cpuprofile" hidden:"" help:"Write a CPU profile to this file."`
	MemProfile    string `name:"memprofile" hidden:"" help:"Write an allocation profile to this file."`
}

// parseSeconds reads "60", "1.5" (seconds) or a Go duration ("1m30s").
func parseSeconds(flag, s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if v < 0 || v > 1e9 {
			return 0, fmt.Errorf("--%s %s: out of range", flag, s)
		}
		return time.Duration(v * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("--%s %q: want seconds (60), a duration (1m30s)%s", flag, s, map[bool]string{true: " or auto", false: ""}[flag == "window"])
	}
	if d < 0 {
		return 0, fmt.Errorf("--%s %s: negative", flag, s)
	}
	return d, nil
}

func (c *detectCmd) params() (coord.Params, bool, error) {
	p := coord.DefaultParams()
	var err error
	auto := strings.EqualFold(strings.TrimSpace(c.Window), "auto")
	if !auto {
		if p.Window, err = parseSeconds("window", c.Window); err != nil {
			return p, false, err
		}
	}
	if p.FastWindow, err = parseSeconds("fast-window", c.FastWindow); err != nil {
		return p, false, err
	}
	if p.Semantics, err = coord.ParseSemantics(c.Semantics); err != nil {
		return p, false, err
	}
	if p.Clustering, err = coord.ParseClustering(c.Communities); err != nil {
		return p, false, err
	}
	p.MinParticipation = c.MinParticipation
	if strings.EqualFold(strings.TrimSpace(c.EdgeWeight), "none") {
		p.EdgeWeight = coord.NoThreshold
	} else if p.EdgeWeight, err = strconv.ParseFloat(strings.TrimSpace(c.EdgeWeight), 64); err != nil {
		return p, false, fmt.Errorf("--edge-weight %q: want a quantile between 0 and 1, or none", c.EdgeWeight)
	}
	p.MinEdgeWeight = c.MinEdgeWeight
	p.KeepLoops = c.KeepLoops
	p.Resolution = c.Resolution
	p.Seed = c.Seed
	p.NullRuns, p.MaxFDR = c.NullRuns, c.MaxFDR
	if p.MaxFDR > 0 && p.NullRuns == 0 {
		p.NullRuns = 20
	}
	if p.NullModel, err = coord.ParseNullModel(c.NullModel); err != nil {
		return p, false, err
	}
	if p.NullJitter, err = parseSeconds("null-jitter", c.NullJitter); err != nil {
		return p, false, err
	}
	if !auto {
		if err := p.Validate(); err != nil {
			return p, false, err
		}
	}
	return p, auto, nil
}

func (c *detectCmd) Run(e *env) error {
	p, auto, err := c.params()
	if err != nil {
		return err
	}
	if err := c.setMemoryLimit(); err != nil {
		return err
	}
	stop, err := startCPUProfile(c.CPUProfile)
	if err != nil {
		return err
	}
	defer stop()
	if c.Kind != "" {
		if _, err := object.ParseKind(c.Kind); err != nil {
			return fmt.Errorf("--kind: %w", err)
		}
	}

	opt := coortweet.Options{
		Columns: coortweet.Columns{Object: c.ObjectColumn, Account: c.AccountColumn, Content: c.ContentColumn,
			Time: c.TimeColumn, Kind: c.KindColumn},
		Kind:        c.Kind,
		Normalize:   normalizeObject,
		SkipInvalid: c.SkipInvalid,
	}
	in, err := c.inputFormat()
	if err != nil {
		return err
	}
	opt.Format = in.table

	start := time.Now()
	b := coord.NewBuilder(1 << 16)
	if err := readShares(e, c.Files, b, opt, in); err != nil {
		return err
	}
	d := b.Data()
	readTime := time.Since(start)
	fmt.Fprintf(e.stdout, "read %s shares by %s accounts of %s objects in %s\n",
		count(len(d.Shares)), count(len(d.Accounts)), count(len(d.Objects)), round(readTime))

	switch c.Weight {
	case "posts":
		p.PostPairs = true
	case "auto":
		if kinds := namedKinds(d); len(kinds) > 1 {
			p.PostPairs = true
			fmt.Fprintf(e.stdout, "%d object kinds (%s): edge weights count pairs of posts\n", len(kinds), strings.Join(kinds, ", "))
		}
	}

	var estimate *coord.WindowEstimate
	if auto {
		est, err := coord.EstimateWindow(d, c.WindowQ, c.WindowP)
		if err != nil {
			return err
		}
		estimate = &est
		p.Window = est.Window
		if p.FastWindow > p.Window {
			p.FastWindow = 0
			fmt.Fprintln(e.stdout, "fast window dropped: longer than the estimated window")
		}
		fmt.Fprintf(e.stdout, "window auto: %s\n", est)
		if err := p.Validate(); err != nil {
			return err
		}
	}

	var bar *progressbar.ProgressBar
	if p.NullRuns > 0 && e.terminal {
		bar = progressbar.NewOptions(p.NullRuns, progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("null model"), progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
		p.Progress = func(_ string, done, _ int) { _ = bar.Set(done) }
	}
	t0 := time.Now()
	spin := func() {}
	if bar == nil {
		spin = spinner(e, len(d.Shares), "detecting coordination")
	}
	r, err := coord.Detect(d, p)
	spin()
	if err != nil {
		return err
	}
	if bar != nil {
		_ = bar.Finish()
	}
	detectTime := time.Since(t0)

	t1 := time.Now()
	spin = spinner(e, len(d.Shares), "writing "+c.Out)
	files, err := c.write(r, estimate)
	spin()
	if err != nil {
		return err
	}
	c.report(e.stdout, r, detectTime, time.Since(t1), files)
	if c.MemProfile != "" {
		f, err := os.Create(c.MemProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		return pprof.Lookup("allocs").WriteTo(f, 0)
	}
	return nil
}

// setMemoryLimit bounds the heap. Without a limit the collector lets the
// heap grow to twice what is live, which on ten million shares means almost
// 3 GB for 1.3 GB of data. The automatic limit is 2 GiB, or about 200 bytes
// per input byte's worth of rows (5 bytes of heap per input byte) when the
// input is larger, so that a big run is not starved into collecting
// continuously.
func (c *detectCmd) setMemoryLimit() error {
	var total int64
	for _, name := range c.Files {
		if fi, err := os.Stat(name); err == nil && fi.Mode().IsRegular() {
			total += fi.Size()
		}
	}
	return applyMemoryLimit(c.MemoryLimit, max(2<<30, 5*total))
}

// applyMemoryLimit sets the soft memory limit from a --memory-limit value,
// auto meaning the given default. GOMEMLIMIT, when set, wins.
func applyMemoryLimit(flag string, auto int64) error {
	if os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	limit := auto
	if flag != "auto" {
		v, err := parseBytes(flag)
		if err != nil {
			return fmt.Errorf("--memory-limit: %w", err)
		}
		limit = v
	}
	debug.SetMemoryLimit(limit)
	return nil
}

// parseBytes reads sizes such as 2GiB, 500MB or 1048576.
func parseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v*float64(mult) > 1<<62 {
		return 0, fmt.Errorf("%q is not a size (want e.g. 2GiB or 500MB)", s)
	}
	return int64(v * float64(mult)), nil
}

// namedKinds lists the object kinds in the data, leaving out the unnamed one.
func namedKinds(d *coord.Data) []string {
	var out []string
	for _, k := range d.Kinds {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}

// spinner shows a running step on a terminal for large inputs; call the
// function it returns when the step is done.
func spinner(e *env, shares int, what string) func() {
	if !e.terminal || shares < 1_000_000 {
		return func() {}
	}
	bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(e.stderr), progressbar.OptionSetDescription(what),
		progressbar.OptionSpinnerType(14), progressbar.OptionClearOnFinish(), progressbar.OptionSetElapsedTime(true))
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(150 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				_ = bar.Finish()
				return
			case <-tick.C:
				_ = bar.Add(1)
			}
		}
	}()
	return func() { close(done); <-stopped }
}

// write puts every result file in the output directory and returns their names.
func (c *detectCmd) write(r *coord.Result, est *coord.WindowEstimate) ([]string, error) {
	if err := os.MkdirAll(c.Out, 0o755); err != nil {
		return nil, err
	}
	put := func(path string, fn func(io.Writer) error) error {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return nil
	}
	summary := export.NewSummary(r, 50)
	if est != nil {
		summary.Window = &export.WindowReport{Seconds: est.Window.Seconds(), Objects: est.Used, Candidates: est.Candidates,
			Quantile: est.Q, Percent: est.P, DelayCutoff: est.DelayCutoff.Seconds(), Reason: est.String()}
	}
	g := export.Network(r, !c.GraphAll)
	steps := []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"pairs.csv", func(w io.Writer) error { return export.WritePairs(w, r) }},
		{"edges.csv", func(w io.Writer) error { return export.WriteEdges(w, r) }},
		{"clusters.csv", func(w io.Writer) error { return export.WriteClusters(w, r) }},
		{"cluster_stats.csv", func(w io.Writer) error { return export.WriteClusterStats(w, r, 10) }},
		{"accounts.csv", func(w io.Writer) error { return export.WriteAccounts(w, r, r.AccountStats()) }},
		{"objects.csv", func(w io.Writer) error { return export.WriteObjects(w, r, r.ObjectStats()) }},
		{"network.gexf", func(w io.Writer) error { return export.WriteGEXF(w, g) }},
		{"network.graphml", func(w io.Writer) error { return export.WriteGraphML(w, g) }},
		{"summary.json", func(w io.Writer) error { return export.WriteSummary(w, summary) }},
	}
	// The files are independent: write them side by side.
	files := make([]string, len(steps))
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, s := range steps {
		files[i] = filepath.Join(c.Out, s.name)
		wg.Go(func() { errs[i] = put(files[i], s.fn) })
	}
	wg.Wait()
	return files, errors.Join(errs...)
}

func (c *detectCmd) report(w io.Writer, r *coord.Result, detectTime, writeTime time.Duration, files []string) {
	p := r.Params
	if p.Semantics == coord.QUT {
		fmt.Fprintf(w, "window %v, min edge weight %d per direction (QUT toolkit semantics)\n", p.Window, p.MinEdgeWeight)
	} else {
		fmt.Fprintf(w, "window %v, min participation %d, edge weight quantile %v (CooRTweet semantics)\n", p.Window, p.MinParticipation, p.EdgeWeight)
	}
	s := export.NewSummary(r, 1)
	n := s.Network
	fmt.Fprintf(w, "%s coordinated share pairs, %s edges over %s accounts\n", count(len(r.Pairs)), count(n.Edges), count(n.Accounts))
	if p.Semantics == coord.QUT {
		fmt.Fprintf(w, "%s edges over %s accounts kept\n", count(n.Above), count(n.AboveAcc))
	} else {
		fmt.Fprintf(w, "threshold %v: %s edges above it, over %s accounts\n", r.Threshold, count(n.Above), count(n.AboveAcc))
	}
	if s.Fast != nil {
		fmt.Fprintf(w, "fast network (%v): %s edges, threshold %v, %s above\n", p.FastWindow, count(s.Fast.Edges), s.Fast.Threshold, count(s.Fast.Above))
	}
	if len(r.Clusters) > 0 {
		fmt.Fprintf(w, "%s clusters (largest %s accounts), %s %s communities\n", count(len(r.Clusters)),
			count(len(r.Clusters[0].Accounts)), count(len(r.Communities)), p.Clustering)
	} else {
		fmt.Fprintln(w, "no clusters")
	}
	if r.Dropped > 0 {
		fmt.Fprintf(w, "%s clusters left out: their FDR is above %v\n", count(r.Dropped), p.MaxFDR)
	}
	if r.Null.Runs > 0 {
		fmt.Fprintf(w, "null model, %d runs: %.1f edges above the threshold expected by chance, estimated FDR %.1f%%\n",
			r.Null.Runs, r.Null.ExpectedAbove, 100*r.Null.FDR)
	}
	fmt.Fprintf(w, "detection %s, writing %s\n", round(detectTime), round(writeTime))
	fmt.Fprintf(w, "wrote %s\n", strings.Join(files, ", "))
}

func round(d time.Duration) time.Duration {
	switch {
	case d > 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d > time.Second:
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

// count formats n with thousands separators.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// startCPUProfile profiles the run into path (nothing when path is empty)
// and returns what stops it.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
