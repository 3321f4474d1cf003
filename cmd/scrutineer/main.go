// Command scrutineer is Scrutineer's single binary: detection, and later the
// service, ingest and exercises, as subcommands. It is the only place that
// reads flags and the environment.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/alecthomas/kong"
	"golang.org/x/term"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// env is what a command may use of the outside world, passed in so tests
// can run commands in-process.
type env struct {
	// ctx ends long-running commands (serve) early; nil is Background.
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer
	// terminal is set when stderr is a terminal: progress bars go there.
	terminal bool
}

type cli struct {
	Detect   detectCmd   `cmd:"" help:"Find coordinated accounts in a table of shares (CooRTweet-compatible)."`
	Simulate simulateCmd `cmd:"" help:"Generate an election's information environment with planted operations and its ground truth."`
	Eval     evalCmd     `cmd:"" help:"Score a detection run against a simulated world's ground truth."`
	Ingest   ingestCmd   `cmd:"" help:"Read platform and archive data in their native formats into normalized records."`
	Serve    serveCmd    `cmd:"" help:"Run the service: store, stream, detection, API and web interface."`
	Version  versionCmd  `cmd:"" help:"Print the version."`
}

type versionCmd struct{}

func (versionCmd) Run(e *env) error {
	_, err := fmt.Fprintln(e.stdout, "scrutineer", version)
	return err
}

// exitError carries a process exit code through kong.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func run(args []string, e *env) int {
	var c cli
	parser, err := kong.New(&c,
		kong.Name("scrutineer"),
		kong.Description("Election-integrity operations: detect coordinated inauthentic behaviour and act on it."),
		kong.UsageOnError(),
		kong.Writers(e.stdout, e.stderr),
		kong.Exit(func(code int) { panic(exitError{code}) }),
		kong.Bind(e),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	)
	if err != nil {
		fmt.Fprintln(e.stderr, "scrutineer:", err)
		return 2
	}
	code := 0
	func() {
		defer func() {
			if r := recover(); r != nil {
				if x, ok := r.(exitError); ok {
					code = x.code
					return
				}
				panic(r)
			}
		}()
		ctx, err := parser.Parse(args)
		if err != nil {
			parser.Errorf("%s", err)
			code = 2
			return
		}
		if err := ctx.Run(); err != nil {
			var x exitError
			if errors.As(err, &x) {
				code = x.code
				return
			}
			fmt.Fprintln(e.stderr, "scrutineer:", err)
			code = 1
		}
	}()
	return code
}

func main() {
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		terminal: term.IsTerminal(int(os.Stderr.Fd())) && os.Getenv("CI") == ""}
	os.Exit(run(os.Args[1:], e))
}

func (e *env) context() context.Context {
	if e.ctx == nil {
		return context.Background()
	}
	return e.ctx
}
