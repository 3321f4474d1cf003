package connector

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// Cursors keeps where each connector is in its stream, by connector name.
// A cursor is opaque to the store: the connector says what it means.
type Cursors interface {
	// Load returns the cursor saved under name; an error with code
	// scrutineer.ENotFound when there is none.
	Load(ctx context.Context, name string) (string, error)
	// Save replaces the cursor saved under name.
	Save(ctx context.Context, name, cursor string) error
}

// FileCursors keeps cursors in a directory, one file per name. A save
// writes a temporary file and renames it over the old one, so that a
// crash leaves the old cursor or the new one, never a torn one.
type FileCursors struct {
	Dir string
}

var _ Cursors = (*FileCursors)(nil)

// maxCursor bounds a cursor file, which holds a time or an id.
const maxCursor = 4 << 10

func (f *FileCursors) path(name string) (string, error) {
	if !validName(name) {
		return "", scrutineer.Errorf(scrutineer.EInvalid, "cursor name %q: want letters, digits, '.', '-' or '_'", name)
	}
	return filepath.Join(f.Dir, name+".cursor"), nil
}

// validName keeps names to one plain path element.
func validName(s string) bool {
	if s == "" || len(s) > 128 || s[0] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (f *FileCursors) Load(ctx context.Context, name string) (string, error) {
	p, err := f.path(name)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", scrutineer.Errorf(scrutineer.ENotFound, "no cursor saved for %s", name)
	case err != nil:
		return "", fmt.Errorf("load cursor: %w", err)
	case len(b) > maxCursor:
		return "", fmt.Errorf("load cursor %s: longer than %d bytes", name, maxCursor)
	}
	return strings.TrimSuffix(string(b), "\n"), nil
}

func (f *FileCursors) Save(ctx context.Context, name, cursor string) error {
	p, err := f.path(name)
	if err != nil {
		return err
	}
	if len(cursor) > maxCursor || strings.ContainsAny(cursor, "\n\x00") {
		return scrutineer.Errorf(scrutineer.EInvalid, "cursor for %s: longer than %d bytes or with a newline", name, maxCursor)
	}
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		return fmt.Errorf("save cursor: %w", err)
	}
	tmp, err := os.CreateTemp(f.Dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("save cursor: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.WriteString(cursor + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		return fmt.Errorf("save cursor: %w", err)
	}
	// Syncing the directory makes the rename durable. Some systems cannot
	// sync a directory; the cursor then may lag after a crash, which costs
	// re-reading, never a gap, so that failure is not an error.
	if d, err := os.Open(f.Dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
