package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer"
)

var (
	_ scrutineer.RecordService  = (*DB)(nil)
	_ scrutineer.PostService    = (*DB)(nil)
	_ scrutineer.AccountService = (*DB)(nil)
)

// Rows per multi-row INSERT: enough that the statements' fixed costs
// vanish, few enough to stay far under SQLite's limit on variables.
const (
	postChunk   = 256
	objectChunk = 512
	textChunk   = 1000
)

// PutRecords stores recs in one transaction, leaving those whose key is
// stored (or comes earlier in recs) as they were.
func (db *DB) PutRecords(ctx context.Context, recs []scrutineer.Record) ([]bool, error) {
	b, err := newBatch(recs)
	if err != nil {
		return nil, err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("put records: %w", err)
	}
	defer tx.Rollback()
	ts := &txStmts{tx: tx}
	if err := db.putPosts(ctx, ts, b); err != nil {
		return nil, fmt.Errorf("put posts: %w", err)
	}
	if err := db.putAccounts(ctx, ts, b); err != nil {
		return nil, fmt.Errorf("put accounts: %w", err)
	}
	if err := db.putAds(ctx, ts, b); err != nil {
		return nil, fmt.Errorf("put ads: %w", err)
	}
	if err := db.putText(ctx, ts, b); err != nil {
		return nil, fmt.Errorf("put posts: text index: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("put records: %w", err)
	}
	return b.isNew, nil
}

// batch is a PutRecords call's records, checked, encoded and split by
// kind, each key once.
type batch struct {
	recs     []scrutineer.Record
	isNew    []bool
	docs     [][]byte // by index in recs
	posts    []int    // indexes in recs
	accounts []int
	ads      []int
	fresh    []newPost // the posts stored, for the text index
}

func newBatch(recs []scrutineer.Record) (*batch, error) {
	b := &batch{recs: recs, isNew: make([]bool, len(recs)), docs: make([][]byte, len(recs))}
	seen := make(map[scrutineer.RecordKey]struct{}, len(recs))
	var buf []byte
	for i, r := range recs {
		k := r.Key()
		if err := checkRecord(i, r, k); err != nil {
			return nil, err
		}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		start := len(buf)
		var err error
		if buf, err = r.AppendJSON(buf); err != nil {
			return nil, scrutineer.Errorf(scrutineer.EInvalid, "record %d (%s): %v", i, k, err)
		}
		b.docs[i] = buf[start:len(buf):len(buf)]
		switch k.Kind {
		case scrutineer.KindPost:
			b.posts = append(b.posts, i)
		case scrutineer.KindAccount:
			b.accounts = append(b.accounts, i)
		case scrutineer.KindAd:
			b.ads = append(b.ads, i)
		}
	}
	// Earlier docs point into buf's earlier arrays, which stay as they
	// were when append moves on to a larger one.
	return b, nil
}

// checkRecord refuses what could not be read back: a record without a
// key, and a Raw that is not JSON (it is stored inside the record's).
func checkRecord(i int, r scrutineer.Record, k scrutineer.RecordKey) error {
	if k.Kind == "" {
		return scrutineer.Errorf(scrutineer.EInvalid, "record %d: no account, post or ad", i)
	}
	if k.Platform == "" || k.ID == "" {
		return scrutineer.Errorf(scrutineer.EInvalid, "record %d (%s): no platform or id", i, k)
	}
	var raw json.RawMessage
	switch {
	case r.Post != nil:
		raw = r.Post.Raw
	case r.Account != nil:
		raw = r.Account.Raw
	case r.Ad != nil:
		raw = r.Ad.Raw
	}
	if len(raw) > 0 && !json.Valid(raw) {
		return scrutineer.Errorf(scrutineer.EInvalid, "record %d (%s): raw is not JSON", i, k)
	}
	return nil
}

// txStmts prepares each statement once per transaction: a batch runs the
// same multi-row INSERTs chunk after chunk.
type txStmts struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

func (t *txStmts) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s := t.m[query]; s != nil {
		return s, nil
	}
	s, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if t.m == nil {
		t.m = map[string]*sql.Stmt{}
	}
	t.m[query] = s
	return s, nil
}

// values is "(?,?,?),(?,?,?)" for rows rows of cols columns.
func values(rows, cols int) string {
	one := "(" + strings.Repeat("?,", cols-1) + "?)"
	return strings.Repeat(one+",", rows-1) + one
}

// insertNew runs the multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING
// seq, platform, id of head over idx in chunks, setting isNew of the rows
// stored and calling stored with each one's index and seq.
func (db *DB) insertNew(ctx context.Context, tx *txStmts, b *batch, idx []int, head string, cols int,
	args func(dst []any, i int) []any, stored func(i int, seq int64)) error {
	var buf []any
	for len(idx) > 0 {
		chunk := idx[:min(len(idx), postChunk)]
		idx = idx[len(chunk):]
		s, err := tx.stmt(ctx, head+values(len(chunk), cols)+" ON CONFLICT DO NOTHING RETURNING seq, platform, id")
		if err != nil {
			return err
		}
		buf = buf[:0]
		for _, i := range chunk {
			buf = args(buf, i)
		}
		rows, err := s.QueryContext(ctx, buf...)
		if err != nil {
			return err
		}
		next := 0 // rows come back in the order of the VALUES, so far
		for rows.Next() {
			var seq int64
			var platform, id string
			if err := rows.Scan(&seq, &platform, &id); err != nil {
				rows.Close()
				return err
			}
			j := next
			for j < len(chunk) && !sameKey(b.recs[chunk[j]].Key(), platform, id) {
				j++
			}
			if j == len(chunk) {
				for j = 0; j < len(chunk) && !sameKey(b.recs[chunk[j]].Key(), platform, id); j++ {
				}
				if j == len(chunk) {
					rows.Close()
					return fmt.Errorf("stored %s:%s, which was not put", platform, id)
				}
			}
			next = j + 1
			b.isNew[chunk[j]] = true
			if stored != nil {
				stored(chunk[j], seq)
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func sameKey(k scrutineer.RecordKey, platform, id string) bool {
	return string(k.Platform) == platform && k.ID == id
}

type newPost struct {
	seq int64
	p   *scrutineer.Post
}

func (db *DB) putPosts(ctx context.Context, tx *txStmts, b *batch) error {
	if len(b.posts) == 0 {
		return nil
	}
	fresh := make([]newPost, 0, len(b.posts))
	err := db.insertNew(ctx, tx, b, b.posts, "INSERT INTO posts (platform, id, time, account, lang, doc) VALUES ", 6,
		func(dst []any, i int) []any {
			p := b.recs[i].Post
			return append(dst, string(p.Platform), p.ID, nanos(p.Time), p.Account, p.Lang, b.docs[i])
		},
		func(i int, seq int64) { fresh = append(fresh, newPost{seq, b.recs[i].Post}) })
	if err != nil {
		return err
	}
	// The objects each shares.
	var args []any
	rows := 0
	flushObjects := func() error {
		if rows == 0 {
			return nil
		}
		s, err := tx.stmt(ctx, "INSERT OR IGNORE INTO post_objects (object, post) VALUES "+values(rows, 2))
		if err != nil {
			return err
		}
		_, err = s.ExecContext(ctx, args...)
		args, rows = args[:0], 0
		return err
	}
	add := func(object string, seq int64) error {
		if object == "" {
			return nil
		}
		args = append(args, object, seq)
		if rows++; rows == objectChunk {
			return flushObjects()
		}
		return nil
	}
	for _, n := range fresh {
		for _, o := range [...]string{n.p.RepostOf, n.p.ReplyTo, n.p.QuoteOf} {
			if err := add(o, n.seq); err != nil {
				return fmt.Errorf("objects: %w", err)
			}
		}
		for _, list := range [...][]string{n.p.URLs, n.p.Hashtags} {
			for _, o := range list {
				if err := add(o, n.seq); err != nil {
					return fmt.Errorf("objects: %w", err)
				}
			}
		}
	}
	if err := flushObjects(); err != nil {
		return fmt.Errorf("objects: %w", err)
	}
	b.fresh = fresh
	return nil
}

// putText indexes the text of the posts putPosts stored. It comes last in
// the transaction: FTS5 writes out what it holds in memory whenever a
// later statement begins, and a segment per statement would leave it
// merging segments all the time.
func (db *DB) putText(ctx context.Context, tx *txStmts, b *batch) error {
	// Posts with neither text nor title need no row.
	var args []any
	rows := 0
	flushText := func() error {
		if rows == 0 {
			return nil
		}
		s, err := tx.stmt(ctx, "INSERT INTO post_text (rowid, text, title) VALUES "+values(rows, 3))
		if err != nil {
			return err
		}
		_, err = s.ExecContext(ctx, args...)
		args, rows = args[:0], 0
		return err
	}
	for _, n := range b.fresh {
		if n.p.Text == "" && n.p.Title == "" {
			continue
		}
		args = append(args, n.seq, n.p.Text, n.p.Title)
		if rows++; rows == textChunk {
			if err := flushText(); err != nil {
				return err
			}
		}
	}
	return flushText()
}

func (db *DB) putAccounts(ctx context.Context, tx *txStmts, b *batch) error {
	return db.insertNew(ctx, tx, b, b.accounts, "INSERT INTO accounts (platform, id, handle, name, doc) VALUES ", 5,
		func(dst []any, i int) []any {
			a := b.recs[i].Account
			return append(dst, string(a.Platform), a.ID, fold(a.Handle), fold(a.Name), b.docs[i])
		}, nil)
}

func (db *DB) putAds(ctx context.Context, tx *txStmts, b *batch) error {
	return db.insertNew(ctx, tx, b, b.ads, "INSERT INTO ads (platform, id, account, start, doc) VALUES ", 5,
		func(dst []any, i int) []any {
			a := b.recs[i].Ad
			var start any
			if !a.Start.IsZero() {
				start = nanos(a.Start)
			}
			return append(dst, string(a.Platform), a.ID, a.Account, start, b.docs[i])
		}, nil)
}

// FindPostByID returns the post stored under platform and id.
func (db *DB) FindPostByID(ctx context.Context, platform scrutineer.Platform, id string) (*scrutineer.Post, error) {
	var doc []byte
	err := db.read.QueryRowContext(ctx, "SELECT doc FROM posts WHERE platform = ? AND id = ?", string(platform), id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENotFound, "no post %s:%s", platform, id)
	} else if err != nil {
		return nil, fmt.Errorf("find post: %w", err)
	}
	p := new(scrutineer.Post)
	if err := json.Unmarshal(doc, p); err != nil {
		return nil, fmt.Errorf("find post %s:%s: %w", platform, id, err)
	}
	return p, nil
}

// FindPosts returns a page of the posts f selects, newest first.
func (db *DB) FindPosts(ctx context.Context, f scrutineer.PostFilter) (scrutineer.Page[*scrutineer.Post], error) {
	var page scrutineer.Page[*scrutineer.Post]
	n, err := limit(f.Limit)
	if err != nil {
		return page, err
	}
	var where []string
	var args []any
	cond := func(c string, a ...any) {
		where = append(where, c)
		args = append(args, a...)
	}
	if f.Platform != "" {
		cond("platform = ?", string(f.Platform))
	}
	if f.Account != "" {
		cond("account = ?", f.Account)
	}
	if !f.Since.IsZero() {
		cond("time >= ?", nanos(f.Since))
	}
	if !f.Until.IsZero() {
		cond("time < ?", nanos(f.Until))
	}
	if f.Lang != "" {
		cond("lang = ?", f.Lang)
	}
	if f.Object != "" {
		cond("seq IN (SELECT post FROM post_objects WHERE object = ?)", f.Object)
	}
	q, err := parseText(f.Text)
	if err != nil {
		return page, err
	}
	switch {
	case len(q.all) > 0:
		m := ftsAll(q.all)
		if len(q.none) > 0 {
			m = "(" + m + ") NOT (" + ftsAny(q.none) + ")"
		}
		cond("seq IN (SELECT rowid FROM post_text WHERE post_text MATCH ?)", m)
	case len(q.none) > 0:
		cond("seq NOT IN (SELECT rowid FROM post_text WHERE post_text MATCH ?)", ftsAny(q.none))
	}
	if f.Cursor != "" {
		c, err := decodeCursor(cursorPost, f.Cursor)
		if err != nil {
			return page, err
		}
		cond("(time, platform, id) < (?, ?, ?)", c.time, c.platform, c.id)
	}
	query := "SELECT time, platform, id, doc FROM posts"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY time DESC, platform DESC, id DESC LIMIT ?"
	args = append(args, n+1)
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return page, fmt.Errorf("find posts: %w", err)
	}
	defer rows.Close()
	var last position
	for rows.Next() {
		if len(page.Items) == n {
			page.Next = encodeCursor(cursorPost, last)
			break
		}
		var doc []byte
		if err := rows.Scan(&last.time, &last.platform, &last.id, &doc); err != nil {
			return page, fmt.Errorf("find posts: %w", err)
		}
		p := new(scrutineer.Post)
		if err := json.Unmarshal(doc, p); err != nil {
			return page, fmt.Errorf("find posts: %s:%s: %w", last.platform, last.id, err)
		}
		page.Items = append(page.Items, p)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("find posts: %w", err)
	}
	return page, nil
}

// ftsQuote makes a term an FTS5 string, which FTS5 only tokenizes: no
// character in it is syntax.
func ftsQuote(term string) string {
	return `"` + strings.ReplaceAll(term, `"`, `""`) + `"`
}

func ftsAll(terms []string) string { return ftsJoin(terms, " AND ") }
func ftsAny(terms []string) string { return ftsJoin(terms, " OR ") }

func ftsJoin(terms []string, op string) string {
	var sb strings.Builder
	for i, t := range terms {
		if i > 0 {
			sb.WriteString(op)
		}
		sb.WriteString(ftsQuote(t))
	}
	return sb.String()
}

// FindAccountByID returns the account stored under platform and id.
func (db *DB) FindAccountByID(ctx context.Context, platform scrutineer.Platform, id string) (*scrutineer.Account, error) {
	var doc []byte
	err := db.read.QueryRowContext(ctx, "SELECT doc FROM accounts WHERE platform = ? AND id = ?", string(platform), id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENotFound, "no account %s:%s", platform, id)
	} else if err != nil {
		return nil, fmt.Errorf("find account: %w", err)
	}
	a := new(scrutineer.Account)
	if err := json.Unmarshal(doc, a); err != nil {
		return nil, fmt.Errorf("find account %s:%s: %w", platform, id, err)
	}
	return a, nil
}

// FindAdByID returns the ad stored under platform and id.
func (db *DB) FindAdByID(ctx context.Context, platform scrutineer.Platform, id string) (*scrutineer.Ad, error) {
	var doc []byte
	err := db.read.QueryRowContext(ctx, "SELECT doc FROM ads WHERE platform = ? AND id = ?", string(platform), id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENotFound, "no ad %s:%s", platform, id)
	} else if err != nil {
		return nil, fmt.Errorf("find ad: %w", err)
	}
	a := new(scrutineer.Ad)
	if err := json.Unmarshal(doc, a); err != nil {
		return nil, fmt.Errorf("find ad %s:%s: %w", platform, id, err)
	}
	return a, nil
}

// FindAccounts returns a page of the accounts f selects, by platform and
// id.
func (db *DB) FindAccounts(ctx context.Context, f scrutineer.AccountFilter) (scrutineer.Page[*scrutineer.Account], error) {
	var page scrutineer.Page[*scrutineer.Account]
	n, err := limit(f.Limit)
	if err != nil {
		return page, err
	}
	var where []string
	var args []any
	if f.Platform != "" {
		where = append(where, "platform = ?")
		args = append(args, string(f.Platform))
	}
	if lo, hi := accountPrefix(f.Text); lo != "" {
		where = append(where, "((handle >= ? AND handle < ?) OR (name >= ? AND name < ?))")
		args = append(args, lo, hi, lo, hi)
	}
	if f.Cursor != "" {
		c, err := decodeCursor(cursorAccount, f.Cursor)
		if err != nil {
			return page, err
		}
		where = append(where, "(platform, id) > (?, ?)")
		args = append(args, c.platform, c.id)
	}
	query := "SELECT platform, id, doc FROM accounts"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY platform, id LIMIT ?"
	args = append(args, n+1)
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return page, fmt.Errorf("find accounts: %w", err)
	}
	defer rows.Close()
	var last position
	for rows.Next() {
		if len(page.Items) == n {
			page.Next = encodeCursor(cursorAccount, last)
			break
		}
		var doc []byte
		if err := rows.Scan(&last.platform, &last.id, &doc); err != nil {
			return page, fmt.Errorf("find accounts: %w", err)
		}
		a := new(scrutineer.Account)
		if err := json.Unmarshal(doc, a); err != nil {
			return page, fmt.Errorf("find accounts: %s:%s: %w", last.platform, last.id, err)
		}
		page.Items = append(page.Items, a)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("find accounts: %w", err)
	}
	return page, nil
}

// CountRecords counts the stored records by kind and platform.
func (db *DB) CountRecords(ctx context.Context) (scrutineer.RecordCounts, error) {
	c := scrutineer.RecordCounts{Posts: map[scrutineer.Platform]int64{}, Accounts: map[scrutineer.Platform]int64{},
		Ads: map[scrutineer.Platform]int64{}}
	for _, t := range []struct {
		table string
		m     map[scrutineer.Platform]int64
	}{{"posts", c.Posts}, {"accounts", c.Accounts}, {"ads", c.Ads}} {
		rows, err := db.read.QueryContext(ctx, "SELECT platform, count(*) FROM "+t.table+" GROUP BY platform")
		if err != nil {
			return c, fmt.Errorf("count %s: %w", t.table, err)
		}
		for rows.Next() {
			var p string
			var n int64
			if err := rows.Scan(&p, &n); err != nil {
				rows.Close()
				return c, fmt.Errorf("count %s: %w", t.table, err)
			}
			t.m[scrutineer.Platform(p)] = n
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return c, fmt.Errorf("count %s: %w", t.table, err)
		}
	}
	return c, nil
}
