package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/scrutineer/scrutineer/storetest"
)

// openPeople opens a store in a temporary directory, closed when t ends.
func openPeople(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "scrutineer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

// ExecRaw runs query on the write connection, past the service.
func (db *DB) ExecRaw(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, query, args...)
	return err
}

// DropAuditGuards drops the triggers that keep the audit log append-only.
func (db *DB) DropAuditGuards(ctx context.Context) error {
	return db.ExecRaw(ctx, `DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete`)
}

func TestPeople(t *testing.T) {
	storetest.People(t, func(t *testing.T) storetest.PeopleStore { return openPeople(t) })
}

func TestAudit(t *testing.T) {
	storetest.Audit(t, func(t *testing.T) storetest.AuditStore { return openPeople(t) })
}

func TestJobs(t *testing.T) {
	storetest.Jobs(t, func(t *testing.T) storetest.JobStore { return openPeople(t) })
}
