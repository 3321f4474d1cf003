-- +goose Up
-- People, the audit log and background jobs. Times are unix microseconds
-- (UTC), the precision that PostgreSQL keeps too; raw JSON is kept byte for
-- byte as a BLOB.

CREATE TABLE organisations (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL CHECK (name <> ''),
	kind    TEXT NOT NULL CHECK (kind IN ('government', 'election_body', 'platform', 'civil_society', 'other')),
	created INTEGER NOT NULL
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	org_id        INTEGER NOT NULL REFERENCES organisations (id),
	email         TEXT NOT NULL,
	-- email_key is the email folded to lower case by the service (SQLite's
	-- lower() folds ASCII only); it makes emails unique case-insensitively.
	email_key     TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'analyst', 'viewer', 'partner')),
	lang          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	subject       TEXT UNIQUE, -- NULL when not linked
	disabled      INTEGER NOT NULL DEFAULT 0,
	created       INTEGER NOT NULL
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE tokens (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL REFERENCES users (id),
	name      TEXT NOT NULL,
	hash      BLOB NOT NULL UNIQUE,
	created   INTEGER NOT NULL,
	last_used INTEGER,
	expires   INTEGER
);
CREATE INDEX tokens_user ON tokens (user_id);

-- The audit log is append-only: the triggers refuse any change, so that
-- tampering takes deliberate DDL, and the hash chain shows what was done.
CREATE TABLE audit (
	seq        INTEGER PRIMARY KEY,
	time       INTEGER NOT NULL,
	actor_id   INTEGER NOT NULL,
	role       TEXT NOT NULL,
	action     TEXT NOT NULL,
	object     TEXT NOT NULL,
	before     BLOB,
	after      BLOB,
	rationale  TEXT NOT NULL,
	request_id TEXT NOT NULL,
	prev       BLOB,
	hash       BLOB NOT NULL
);
CREATE INDEX audit_actor ON audit (actor_id, seq);
CREATE INDEX audit_object ON audit (object, seq);

-- +goose StatementBegin
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit entries are append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit entries are append-only');
END;
-- +goose StatementEnd

CREATE TABLE jobs (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	state      TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'canceled')),
	owner_id   INTEGER NOT NULL, -- 0 for the service itself
	org_id     INTEGER NOT NULL,
	name       TEXT NOT NULL,
	params     BLOB,
	done       INTEGER NOT NULL,
	total      INTEGER NOT NULL,
	records    INTEGER NOT NULL,
	new        INTEGER NOT NULL,
	rejected   INTEGER NOT NULL,
	checkpoint BLOB,
	report     BLOB,
	error      TEXT NOT NULL,
	created    INTEGER NOT NULL,
	updated    INTEGER NOT NULL
);
CREATE INDEX jobs_org ON jobs (org_id, id);
CREATE INDEX jobs_state ON jobs (state, id);

-- +goose Down
DROP TABLE jobs;
DROP TRIGGER audit_no_delete;
DROP TRIGGER audit_no_update;
DROP TABLE audit;
DROP TABLE tokens;
DROP TABLE users;
DROP TABLE organisations;
