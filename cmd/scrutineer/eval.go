package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/eval"
	"github.com/scrutineer/scrutineer/simulate"
	"github.com/scrutineer/scrutineer/source/coortweet"
)

type evalCmd struct {
	Truth    string `required:"" type:"existingfile" help:"The truth.json of a simulated world."`
	Clusters string `type:"existingfile" help:"The accounts a detection run flagged: its clusters.csv (account_id column; an optional detected_at column gives when)."`
	JSON     bool   `name:"json" help:"Print the report as JSON."`
	Plot     string `help:"Also write a plot (SVG) of precision and recall against the time window, running detection on the shares at each window."`
	Shares   string `help:"The world's shares.csv, for --plot and --stream (default: next to truth.json)."`
	Stream   string `help:"Replay the shares through the streaming engine, looking at the network every interval of simulated time (e.g. 1h), to measure time to detection."`
}

func (c *evalCmd) Run(e *env) error {
	f, err := os.Open(c.Truth)
	if err != nil {
		return err
	}
	truth, err := simulate.ReadTruth(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", c.Truth, err)
	}
	if c.Clusters == "" && c.Stream == "" && c.Plot == "" {
		return fmt.Errorf("give --clusters FILE (a detection run to score), --stream INTERVAL or --plot FILE")
	}
	shares := c.Shares
	if shares == "" {
		shares = filepath.Join(filepath.Dir(c.Truth), "shares.csv")
	}
	var data *coord.Data
	load := func() (*coord.Data, error) {
		if data != nil {
			return data, nil
		}
		b := coord.NewBuilder(1 << 16)
		opt := coortweet.Options{Columns: coortweet.DefaultColumns(), Normalize: normalizeObject}
		opt.Columns.Kind = "object_kind"
		if err := readShares(e, []string{shares}, b, opt, detectInput{}); err != nil {
			return nil, err
		}
		data = b.Data()
		return data, nil
	}
	params := func(d *coord.Data) coord.Params {
		p := coord.DefaultParams()
		p.PostPairs = len(namedKinds(d)) > 1
		return p
	}

	var flagged []string
	var detected map[string]time.Time
	if c.Clusters != "" {
		f, err := os.Open(c.Clusters)
		if err != nil {
			return err
		}
		flagged, detected, err = eval.ReadFlagged(f, c.Clusters)
		f.Close()
		if err != nil {
			return err
		}
	}
	if c.Stream != "" {
		every, err := parseSeconds("stream", c.Stream)
		if err != nil || every <= 0 {
			return fmt.Errorf("--stream %q: want an interval such as 1h or 600", c.Stream)
		}
		d, err := load()
		if err != nil {
			return err
		}
		spin := spinner(e, len(d.Shares)*10, "replaying the stream")
		first, final, err := eval.StreamDetect(d, params(d), every, nil)
		spin()
		if err != nil {
			return err
		}
		detected = first
		if flagged == nil {
			flagged = final
		}
	}
	var report *eval.Report
	if flagged != nil {
		report = eval.Score(truth, flagged, detected)
	}
	var points []eval.Point
	if c.Plot != "" {
		d, err := load()
		if err != nil {
			return err
		}
		spin := spinner(e, len(d.Shares)*10, "detecting at each window")
		points, err = eval.Sweep(d, truth, params(d), eval.DefaultWindows)
		spin()
		if err != nil {
			return err
		}
		pf, err := os.Create(c.Plot)
		if err != nil {
			return err
		}
		if err := eval.WritePlot(pf, fmt.Sprintf("%s (seed %d): detection against the window", truth.Name, truth.Seed), points); err != nil {
			pf.Close()
			return err
		}
		if err := pf.Close(); err != nil {
			return err
		}
	}
	if c.JSON {
		out := struct {
			*eval.Report
			Sweep []sweepJSON `json:"sweep,omitempty"`
		}{Report: report}
		for _, p := range points {
			out.Sweep = append(out.Sweep, sweepJSON{p.Window.Seconds(), p.Report.Precision, p.Report.Recall, p.Report.F1, p.Report.OrganicFlaggedRate})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if report != nil {
		printReport(e.stdout, truth, report)
	}
	if len(points) > 0 {
		printSweep(e.stdout, points)
		fmt.Fprintf(e.stdout, "wrote %s\n", c.Plot)
	}
	return nil
}

type sweepJSON struct {
	Window    float64 `json:"window_seconds"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Organic   float64 `json:"organic_flagged_rate"`
}

func printReport(w io.Writer, t *simulate.Truth, r *eval.Report) {
	fmt.Fprintf(w, "%s (seed %d): %s accounts flagged\n\n", t.Name, t.Seed, count(r.Flagged))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "account level\tprecision\trecall\tF1\torganic flagged\n")
	fmt.Fprintf(tw, "coordination operations\t%.3f\t%.3f\t%.3f\t%.2f%% (%d of %s)\n", r.Precision, r.Recall, r.F1,
		100*r.OrganicFlaggedRate, r.OrganicFlagged, count(r.Organic))
	tw.Flush()
	fmt.Fprintf(w, "\n%d true positives, %d false positives, %d missed; %d accounts of other operations flagged\n\n",
		r.TruePositives, r.FalsePositives, r.FalseNegatives, r.OtherOpsFlagged)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "operation\tkind\tmeant for coordination\taccounts\tflagged\trecall\ttime to detection\n")
	for _, op := range r.Operations {
		ttd := "-"
		if op.Detected != nil {
			ttd = op.Detected.Round(time.Minute).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%v\t%d\t%d\t%.2f\t%s\n", op.ID, op.Kind, yesNo(op.Coordination), op.Accounts, op.Flagged, op.Recall, ttd)
	}
	tw.Flush()
	fmt.Fprintln(w)
	las := append([]eval.LookAlikeScore(nil), r.LookAlikes...)
	sort.SliceStable(las, func(i, j int) bool { return las[i].Kind < las[j].Kind })
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "organic look-alike\tkind\taccounts\tflagged\n")
	for _, la := range las {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", la.ID, la.Kind, la.Accounts, la.Flagged)
	}
	tw.Flush()
}

func printSweep(w io.Writer, points []eval.Point) {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "window\tprecision\trecall\tF1\torganic flagged\n")
	for _, p := range points {
		fmt.Fprintf(tw, "%v\t%.3f\t%.3f\t%.3f\t%.2f%%\n", p.Window, p.Report.Precision, p.Report.Recall, p.Report.F1, 100*p.Report.OrganicFlaggedRate)
	}
	tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
