package postgres

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer/internal/pgtest"
)

func TestOpenMigratesAndReopens(t *testing.T) {
	url := pgtest.URL(t)
	for range 2 {
		db, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
