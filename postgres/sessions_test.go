package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/pgtest"
	"github.com/scrutineer/scrutineer/storetest"
)

func TestSessions(t *testing.T) {
	db, err := Open(context.Background(), pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 10, 19, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	storetest.Sessions(t, db.Sessions(), now)
}
