// Package sqlite is the embedded store: one SQLite file in the data
// directory (modernc.org/sqlite, pure Go), its schema migrated on open.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open store. SQLite allows one writer at a time: writes go
// through a single connection (so they queue in Go, not in busy retries),
// reads through a pool that WAL lets run beside them.
type DB struct {
	write *sql.DB
	read  *sql.DB
	// Now is the clock; tests set it.
	Now func() time.Time
}

// Open opens (creating if need be) the store at path and migrates it to
// the latest schema.
func Open(ctx context.Context, path string) (*DB, error) {
	dsn := func(mode string) string {
		q := url.Values{}
		for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		if mode != "" {
			q.Set("mode", mode)
		}
		return "file:" + path + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite", dsn(""))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn("ro"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	return &DB{write: w, read: r, Now: time.Now}, nil
}

func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// Close closes the store.
func (db *DB) Close() error {
	err := db.read.Close()
	if e := db.write.Close(); err == nil {
		err = e
	}
	return err
}

// Ping checks that the store answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}
