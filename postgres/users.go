package postgres

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/scrutineer/scrutineer"
)

var _ scrutineer.UserService = (*DB)(nil)

// CreateOrganisation stores o and sets its ID and Created.
func (db *DB) CreateOrganisation(ctx context.Context, o *scrutineer.Organisation) error {
	if strings.TrimSpace(o.Name) == "" {
		return scrutineer.Errorf(scrutineer.EInvalid, "an organisation needs a name")
	}
	if !o.Kind.Valid() {
		return scrutineer.Errorf(scrutineer.EInvalid, "organisation kind %q is not one of ours", o.Kind)
	}
	created := stamp(db.Now())
	var id int64
	if err := db.pool.QueryRow(ctx,
		`INSERT INTO organisations (name, kind, created) VALUES ($1, $2, $3) RETURNING id`,
		o.Name, string(o.Kind), created).Scan(&id); err != nil {
		return fmt.Errorf("create organisation: %w", err)
	}
	o.ID, o.Created = id, created
	return nil
}

// FindOrganisationByID returns the organisation with id.
func (db *DB) FindOrganisationByID(ctx context.Context, id int64) (*scrutineer.Organisation, error) {
	o, err := scanOrganisation(db.pool.QueryRow(ctx,
		`SELECT id, name, kind, created FROM organisations WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENotFound, "organisation %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("find organisation %d: %w", id, err)
	}
	return o, nil
}

// FindOrganisations returns every organisation in the order they were made.
func (db *DB) FindOrganisations(ctx context.Context) ([]*scrutineer.Organisation, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, name, kind, created FROM organisations ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find organisations: %w", err)
	}
	defer rows.Close()
	out := []*scrutineer.Organisation{}
	for rows.Next() {
		o, err := scanOrganisation(rows)
		if err != nil {
			return nil, fmt.Errorf("find organisations: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find organisations: %w", err)
	}
	return out, nil
}

func scanOrganisation(row pgx.Row) (*scrutineer.Organisation, error) {
	var o scrutineer.Organisation
	if err := row.Scan(&o.ID, &o.Name, &o.Kind, &o.Created); err != nil {
		return nil, err
	}
	o.Created = o.Created.UTC()
	return &o, nil
}

// CreateUser stores u and sets its ID and Created. The email is trimmed;
// an empty Lang is "en".
func (db *DB) CreateUser(ctx context.Context, u *scrutineer.User) error {
	c := *u
	c.Email = strings.TrimSpace(c.Email)
	if c.Lang == "" {
		c.Lang = "en"
	}
	if err := validUser(&c); err != nil {
		return err
	}
	c.Created = stamp(db.Now())
	err := db.pool.QueryRow(ctx, `
		INSERT INTO users (org_id, email, email_key, name, role, lang, password_hash, subject, disabled, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		c.OrgID, c.Email, emailKey(c.Email), c.Name, string(c.Role), c.Lang, c.PasswordHash,
		nullIfEmpty(c.Subject), c.Disabled, c.Created).Scan(&c.ID)
	if err != nil {
		return userError(err, &c)
	}
	*u = c
	return nil
}

// validUser checks the fields that both CreateUser and UpdateUser set.
func validUser(u *scrutineer.User) error {
	switch {
	case u.Email == "":
		return scrutineer.Errorf(scrutineer.EInvalid, "a user needs an email")
	case !strings.Contains(u.Email, "@") || strings.ContainsAny(u.Email, " \t\r\n"):
		return scrutineer.Errorf(scrutineer.EInvalid, "%q is not an email address", u.Email)
	case !u.Role.Valid():
		return scrutineer.Errorf(scrutineer.EInvalid, "role %q is not one of ours", u.Role)
	case u.Lang != "en" && u.Lang != "fr":
		return scrutineer.Errorf(scrutineer.EInvalid, "language %q is not en or fr", u.Lang)
	case u.OrgID <= 0:
		return scrutineer.Errorf(scrutineer.EInvalid, "a user needs an organisation")
	}
	return nil
}

// userError maps a failed write of u to the error callers see.
func userError(err error, u *scrutineer.User) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case pgUniqueViolation:
			if pe.ConstraintName == "users_subject_key" {
				return scrutineer.Errorf(scrutineer.EConflict, "another user is linked to that sign-in")
			}
			return scrutineer.Errorf(scrutineer.EConflict, "a user with email %s exists", u.Email)
		case pgForeignKeyViolation:
			return scrutineer.Errorf(scrutineer.ENotFound, "organisation %d not found", u.OrgID)
		}
	}
	return fmt.Errorf("store user %s: %w", u.Email, err)
}

// PostgreSQL error codes (SQLSTATE).
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

const userColumns = `id, org_id, email, name, role, lang, password_hash, subject, disabled, created`

func scanUser(row pgx.Row) (*scrutineer.User, error) {
	var u scrutineer.User
	var subject *string
	if err := row.Scan(&u.ID, &u.OrgID, &u.Email, &u.Name, &u.Role, &u.Lang, &u.PasswordHash,
		&subject, &u.Disabled, &u.Created); err != nil {
		return nil, err
	}
	if subject != nil {
		u.Subject = *subject
	}
	u.Created = u.Created.UTC()
	return &u, nil
}

// userQuerier is a pool or a transaction.
type userQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func findUser(ctx context.Context, q userQuerier, what, where string, arg any) (*scrutineer.User, error) {
	u, err := scanUser(q.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENotFound, "user %s not found", what)
	} else if err != nil {
		return nil, fmt.Errorf("find user %s: %w", what, err)
	}
	return u, nil
}

// FindUserByID returns the user with id.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*scrutineer.User, error) {
	return findUser(ctx, db.pool, fmt.Sprint(id), `id = $1`, id)
}

// FindUserByEmail returns the user with email, compared case-insensitively.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*scrutineer.User, error) {
	return findUser(ctx, db.pool, strings.TrimSpace(email), `email_key = $1`, emailKey(email))
}

// FindUserBySubject returns the user linked to an OIDC subject.
func (db *DB) FindUserBySubject(ctx context.Context, subject string) (*scrutineer.User, error) {
	if subject == "" {
		return nil, scrutineer.Errorf(scrutineer.ENotFound, "no user is linked to an empty subject")
	}
	return findUser(ctx, db.pool, "linked to that sign-in", `subject = $1`, subject)
}

// FindUsers returns the users of an organisation (of all when orgID is 0)
// in the order they were made.
func (db *DB) FindUsers(ctx context.Context, orgID int64) ([]*scrutineer.User, error) {
	rows, err := db.pool.Query(ctx,
		`SELECT `+userColumns+` FROM users WHERE $1 = 0 OR org_id = $1 ORDER BY id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	defer rows.Close()
	out := []*scrutineer.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("find users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	return out, nil
}

// UpdateUser changes the fields of upd that are set and returns the user
// as stored. An empty Subject unlinks the user.
func (db *DB) UpdateUser(ctx context.Context, id int64, upd scrutineer.UserUpdate) (*scrutineer.User, error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("update user %d: %w", id, err)
	}
	defer tx.Rollback(ctx)
	u, err := findUser(ctx, tx, fmt.Sprint(id), `id = $1 FOR UPDATE`, id)
	if err != nil {
		return nil, err
	}
	if upd.Name != nil {
		u.Name = *upd.Name
	}
	if upd.Role != nil {
		u.Role = *upd.Role
	}
	if upd.Lang != nil {
		u.Lang = *upd.Lang
	}
	if upd.PasswordHash != nil {
		u.PasswordHash = *upd.PasswordHash
	}
	if upd.Subject != nil {
		u.Subject = *upd.Subject
	}
	if upd.Disabled != nil {
		u.Disabled = *upd.Disabled
	}
	if err := validUser(u); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `
		UPDATE users SET name = $1, role = $2, lang = $3, password_hash = $4, subject = $5, disabled = $6
		WHERE id = $7`,
		u.Name, string(u.Role), u.Lang, u.PasswordHash, nullIfEmpty(u.Subject), u.Disabled, id); err != nil {
		return nil, userError(err, u)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("update user %d: %w", id, err)
	}
	return u, nil
}

// CreateToken stores t and sets its ID and Created. Hash is the SHA-256
// of the secret.
func (db *DB) CreateToken(ctx context.Context, t *scrutineer.Token) error {
	if len(t.Hash) != sha256.Size {
		return scrutineer.Errorf(scrutineer.EInvalid, "a token hash is %d bytes, not %d", sha256.Size, len(t.Hash))
	}
	created := stamp(db.Now())
	lastUsed, expires := stampPtr(t.LastUsed), stampPtr(t.Expires)
	var id int64
	err := db.pool.QueryRow(ctx, `
		INSERT INTO tokens (user_id, name, hash, created, last_used, expires) VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`,
		t.UserID, t.Name, t.Hash, created, lastUsed, expires).Scan(&id)
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			switch pe.Code {
			case pgUniqueViolation:
				return scrutineer.Errorf(scrutineer.EConflict, "a token with that hash exists")
			case pgForeignKeyViolation:
				return scrutineer.Errorf(scrutineer.ENotFound, "user %d not found", t.UserID)
			}
		}
		return fmt.Errorf("create token: %w", err)
	}
	t.ID, t.Created, t.LastUsed, t.Expires = id, created, lastUsed, expires
	return nil
}

const tokenColumns = `id, user_id, name, hash, created, last_used, expires`

func scanToken(row pgx.Row) (*scrutineer.Token, error) {
	var t scrutineer.Token
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Created, &t.LastUsed, &t.Expires); err != nil {
		return nil, err
	}
	t.Created = t.Created.UTC()
	for _, p := range []*time.Time{t.LastUsed, t.Expires} {
		if p != nil {
			*p = p.UTC()
		}
	}
	return &t, nil
}

// FindTokenByHash returns the token whose secret hashes to hash, expired or
// not: the caller decides what an expired token means.
func (db *DB) FindTokenByHash(ctx context.Context, hash []byte) (*scrutineer.Token, error) {
	t, err := scanToken(db.pool.QueryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		// The hash stays out of the message: it stands for a secret.
		return nil, scrutineer.Errorf(scrutineer.ENotFound, "token not found")
	} else if err != nil {
		return nil, fmt.Errorf("find token: %w", err)
	}
	return t, nil
}

// FindTokens returns a user's tokens in the order they were made.
func (db *DB) FindTokens(ctx context.Context, userID int64) ([]*scrutineer.Token, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, fmt.Errorf("find tokens of user %d: %w", userID, err)
	}
	defer rows.Close()
	out := []*scrutineer.Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("find tokens of user %d: %w", userID, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find tokens of user %d: %w", userID, err)
	}
	return out, nil
}

// TouchToken records that the token was used at.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE tokens SET last_used = $1 WHERE id = $2`, stamp(at), id)
	if err != nil {
		return fmt.Errorf("touch token %d: %w", id, err)
	}
	return oneRow(tag, "token", id)
}

// DeleteToken removes a user's token; another user's token is not found.
func (db *DB) DeleteToken(ctx context.Context, userID, id int64) error {
	tag, err := db.pool.Exec(ctx, `DELETE FROM tokens WHERE id = $1 AND user_id = $2`, id, userID)
	if err != nil {
		return fmt.Errorf("delete token %d: %w", id, err)
	}
	return oneRow(tag, "token", id)
}

// oneRow returns ENotFound unless tag says a row changed.
func oneRow(tag pgconn.CommandTag, what string, id int64) error {
	if tag.RowsAffected() == 0 {
		return scrutineer.Errorf(scrutineer.ENotFound, "%s %d not found", what, id)
	}
	return nil
}

// emailKey is the form in which emails are compared: trimmed and folded
// to lower case (in Go, so that both stores fold alike).
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// stamp is t as stored: UTC, to the microsecond, which is what timestamptz
// keeps.
func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func stampPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	s := stamp(*t)
	return &s
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
