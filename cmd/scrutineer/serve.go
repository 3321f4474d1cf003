package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/scrutineer/scrutineer/postgres"
	"github.com/scrutineer/scrutineer/server"
	"github.com/scrutineer/scrutineer/sqlite"
)

type serveCmd struct {
	Data     string        `help:"Data directory: the SQLite store and the embedded stream live here." default:"scrutineer-data" env:"SCRUTINEER_DATA" type:"path"`
	Addr     string        `help:"Address to listen on (host:port)." default:"127.0.0.1:8080" env:"SCRUTINEER_ADDR"`
	DB       string        `name:"db" help:"PostgreSQL URL (postgres://...) in place of the embedded SQLite store." env:"SCRUTINEER_DB"`
	DBFile   string        `name:"db-file" help:"File holding the PostgreSQL URL, for secrets kept out of the environment." env:"SCRUTINEER_DB_FILE" type:"path"`
	LogJSON  bool          `name:"log-json" help:"Log as JSON lines." env:"SCRUTINEER_LOG_JSON"`
	LogLevel string        `help:"Least level logged: debug, info, warn, error." default:"info" env:"SCRUTINEER_LOG_LEVEL" enum:"debug,info,warn,error"`
	Grace    time.Duration `help:"How long a shutdown waits for requests in flight." default:"30s" env:"SCRUTINEER_SHUTDOWN_GRACE"`
}

// config is the checked configuration; each error names its setting.
type serveConfig struct {
	data, addr, db string
}

func (c *serveCmd) check() (serveConfig, error) {
	var cfg serveConfig
	bad := func(name, env, format string, args ...any) error {
		return fmt.Errorf("--%s (%s): %s", name, env, fmt.Sprintf(format, args...))
	}
	if c.Data == "" {
		return cfg, bad("data", "SCRUTINEER_DATA", "must name a directory")
	}
	if err := os.MkdirAll(c.Data, 0o750); err != nil {
		return cfg, bad("data", "SCRUTINEER_DATA", "%v", err)
	}
	cfg.data = c.Data
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		return cfg, bad("addr", "SCRUTINEER_ADDR", "%q is not host:port", c.Addr)
	}
	cfg.addr = c.Addr
	db := c.DB
	if c.DBFile != "" {
		if db != "" {
			return cfg, bad("db-file", "SCRUTINEER_DB_FILE", "give --db or --db-file, not both")
		}
		b, err := os.ReadFile(c.DBFile)
		if err != nil {
			return cfg, bad("db-file", "SCRUTINEER_DB_FILE", "%v", err)
		}
		db = strings.TrimSpace(string(b))
	}
	if db != "" {
		u, err := url.Parse(db)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
			// The URL may hold a password: never echo it.
			return cfg, bad("db", "SCRUTINEER_DB", "not a postgres://host/database URL")
		}
		cfg.db = db
	}
	if c.Grace <= 0 {
		return cfg, bad("grace", "SCRUTINEER_SHUTDOWN_GRACE", "must be positive")
	}
	return cfg, nil
}

func (c *serveCmd) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel)) // kong checked the enum
	opts := &slog.HandlerOptions{Level: level}
	if c.LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// pinger is what readiness asks of a store.
type pinger interface {
	Ping(ctx context.Context) error
	Close() error
}

func (c *serveCmd) Run(e *env) error {
	cfg, err := c.check()
	if err != nil {
		return err
	}
	log := c.logger(e.stderr)
	ctx, stop := signal.NotifyContext(e.context(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var store pinger
	if cfg.db != "" {
		db, err := postgres.Open(ctx, cfg.db)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		store = db
		log.Info("store", "kind", "postgres")
	} else {
		path := filepath.Join(cfg.data, "scrutineer.db")
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		store = db
		log.Info("store", "kind", "sqlite", "path", path)
	}
	defer func() {
		if err := store.Close(); err != nil {
			log.Error("closing the store", "err", err)
		}
	}()

	srv := server.New(server.Config{
		Logger: log,
		Ready:  []server.Check{{Name: "store", Check: store.Ping}},
	})
	l, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("--addr (SCRUTINEER_ADDR): %w", err)
	}
	fmt.Fprintf(e.stdout, "Scrutineer is serving on http://%s\n", l.Addr())
	log.Info("serving", "addr", l.Addr().String(), "version", version)
	if err := srv.Serve(ctx, l, c.Grace); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	log.Info("stopped")
	return nil
}
