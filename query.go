package scrutineer

import (
	"context"
	"time"
)

// PostFilter selects posts; zero fields select everything. Results come
// newest first (by Time, then by platform and ID), a page at a time.
type PostFilter struct {
	Platform Platform
	Account  string // Account.ID, with Platform
	Since    time.Time
	Until    time.Time // exclusive
	Lang     string
	// Text is a full-text query over the post's text and title: words all
	// of which must appear, "quoted phrases", and -excluded words.
	Text string
	// Object is a URL, hashtag (without '#') or post ID the post shares.
	Object string
	// Cursor is the Next of the previous page; "" starts at the newest.
	Cursor string
	Limit  int // at most MaxLimit; 0 means DefaultLimit
}

// AccountFilter selects accounts, ordered by platform and ID, a page at a
// time. Text matches handles and names by prefix.
type AccountFilter struct {
	Platform Platform
	Text     string
	Cursor   string
	Limit    int
}

// Page sizes of the Find methods.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Page is one page of results and the cursor of the next ("" at the end).
// A cursor is opaque to callers, and an invalid one is an EInvalid error.
type Page[T any] struct {
	Items []T
	Next  string
}

// RecordCounts is how many records a store holds, by kind and platform.
type RecordCounts struct {
	Posts    map[Platform]int64
	Accounts map[Platform]int64
	Ads      map[Platform]int64
}

// PostService reads stored posts. A post that is not stored is an
// ENotFound error.
type PostService interface {
	FindPostByID(ctx context.Context, platform Platform, id string) (*Post, error)
	FindPosts(ctx context.Context, f PostFilter) (Page[*Post], error)
}

// AccountService reads stored accounts.
type AccountService interface {
	FindAccountByID(ctx context.Context, platform Platform, id string) (*Account, error)
	FindAccounts(ctx context.Context, f AccountFilter) (Page[*Account], error)
}

// Store is everything a storage adapter provides.
type Store interface {
	RecordService
	PostService
	AccountService
	UserService
	AuditService
	JobService
	CountRecords(ctx context.Context) (RecordCounts, error)
	Ping(ctx context.Context) error
	Close() error
}
