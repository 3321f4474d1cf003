package storetest

import (
	"context"
	"testing"
	"time"
)

// SessionStore is what a store keeps sign-in sessions with (scs.CtxStore,
// and Expire to sweep).
type SessionStore interface {
	FindCtx(ctx context.Context, token string) ([]byte, bool, error)
	CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error
	DeleteCtx(ctx context.Context, token string) error
	Expire(ctx context.Context) (int64, error)
}

// Sessions tests a session keeper whose clock reads now.
func Sessions(t *testing.T, s SessionStore, now time.Time) {
	ctx := context.Background()
	find := func(token string) (string, bool) {
		t.Helper()
		b, ok, err := s.FindCtx(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		return string(b), ok
	}
	if _, ok := find("none"); ok {
		t.Error("found a session never made")
	}
	if err := s.CommitCtx(ctx, "a", []byte("one"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CommitCtx(ctx, "a", []byte("two"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if b, ok := find("a"); !ok || b != "two" {
		t.Errorf("session a: %q %v, want the second commit", b, ok)
	}
	if err := s.CommitCtx(ctx, "old", []byte("x"), now.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, ok := find("old"); ok {
		t.Error("an expired session was found")
	}
	if n, err := s.Expire(ctx); err != nil || n != 1 {
		t.Errorf("expire: %d, %v; want 1", n, err)
	}
	if err := s.DeleteCtx(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, ok := find("a"); ok {
		t.Error("a deleted session was found")
	}
	if err := s.DeleteCtx(ctx, "a"); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
}
