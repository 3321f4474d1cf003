package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/scrutineer/scrutineer/simulate"
)

type simulateCmd struct {
	Preset   string `xor:"scenario" help:"A named scenario: small (~10k posts), medium (~100k), large (~10M)."`
	Scenario string `xor:"scenario" type:"existingfile" help:"A YAML scenario file (see simulate/example-scenario.yaml)."`
	Seed     uint64 `default:"1" help:"Seed: the same scenario and seed give the same world."`
	Out      string `short:"o" required:"" help:"Directory for the generated files."`
	Check    bool   `help:"Validate the scenario and stop."`
	// A world holds about 500 bytes per post; without a limit the heap
	// grows to twice that before a collection.
	MemoryLimit string `default:"auto" help:"Soft memory limit (e.g. 12GiB); auto is 2 GiB or about 1 KB per post, whichever is more. GOMEMLIMIT, if set, wins."`
}

func (c *simulateCmd) scenario() (simulate.Scenario, error) {
	switch {
	case c.Scenario != "":
		f, err := os.Open(c.Scenario)
		if err != nil {
			return simulate.Scenario{}, err
		}
		defer f.Close()
		s, err := simulate.ParseScenario(f, c.Scenario)
		if err != nil {
			return s, err
		}
		return s, s.Validate()
	case c.Preset != "":
		s, err := simulate.Preset(c.Preset)
		if err != nil {
			return s, fmt.Errorf("--preset: %w", err)
		}
		return s, s.Validate()
	}
	return simulate.Scenario{}, errors.New("give --preset NAME or --scenario FILE.yaml")
}

func (c *simulateCmd) Run(e *env) error {
	s, err := c.scenario()
	if err != nil {
		return err
	}
	if c.Check {
		fmt.Fprintf(e.stdout, "%s: valid (%d accounts, about %d posts, %d operations)\n", s.Name, s.Population.Accounts, s.Population.Posts, len(s.Operations))
		return nil
	}
	if err := applyMemoryLimit(c.MemoryLimit, max(2<<30, int64(s.Population.Posts)*1000)); err != nil {
		return err
	}
	t0 := time.Now()
	spin := spinner(e, s.Population.Posts, "generating "+s.Name)
	w, err := simulate.Generate(s, c.Seed)
	spin()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "generated %q (seed %d): %s accounts, %s posts, %s follows, %s ads, %d operations, %d look-alike groups in %s\n",
		s.Name, c.Seed, count(len(w.Accounts)), count(len(w.Posts)), count(len(w.Follows)), count(len(w.Ads)),
		len(w.Operations), len(w.LookAlikes), round(time.Since(t0)))

	t1 := time.Now()
	outs := simulate.Outputs()
	var bar *progressbar.ProgressBar
	if e.terminal {
		bar = progressbar.NewOptions(len(outs), progressbar.OptionSetWriter(e.stderr), progressbar.OptionSetDescription("writing "+c.Out),
			progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	}
	var mu sync.Mutex
	create := func(path string) (io.WriteCloser, error) {
		full := filepath.Join(c.Out, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, err
		}
		return os.Create(full)
	}
	err = simulate.WriteAll(w, create, func(string) {
		if bar != nil {
			mu.Lock()
			_ = bar.Add(1)
			mu.Unlock()
		}
	})
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d files to %s in %s:\n", len(outs), c.Out, round(time.Since(t1)))
	for _, o := range outs {
		fmt.Fprintf(e.stdout, "  %-26s %s\n", o.Path, o.About)
	}
	fmt.Fprintf(e.stdout, "next: scrutineer detect --out %s %s && scrutineer eval --truth %s --clusters %s\n",
		filepath.Join(c.Out, "detect"), filepath.Join(c.Out, "shares.csv"), filepath.Join(c.Out, "truth.json"),
		filepath.Join(c.Out, "detect", "clusters.csv"))
	return nil
}
