package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/storetest"
)

func TestSessions(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 10, 19, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	storetest.Sessions(t, db.Sessions(), now)
}
