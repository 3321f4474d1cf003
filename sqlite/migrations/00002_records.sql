-- +goose Up
-- Records are kept whole as JSON (doc, exactly as Record.AppendJSON writes
-- it) so that they read back as they were put, Raw included; the other
-- columns are what the filters and the keyset order need. Times are unix
-- nanoseconds. Records are never changed once stored.
CREATE TABLE posts (
	seq      INTEGER PRIMARY KEY, -- the rowid, shared with post_text
	platform TEXT NOT NULL,
	id       TEXT NOT NULL,
	time     INTEGER NOT NULL,
	account  TEXT NOT NULL,
	lang     TEXT NOT NULL,
	doc      BLOB NOT NULL,
	UNIQUE (platform, id)
);
-- Newest first, and by author. Ties in time are few, and SQLite sorts
-- them as it goes; leaving platform and id out keeps the indexes small,
-- which is what ingest speed depends on.
CREATE INDEX posts_time ON posts (time);
CREATE INDEX posts_account ON posts (account, time);

-- What each post shares: its URLs and hashtags and the posts it reposts,
-- answers and quotes, as the record gives them.
CREATE TABLE post_objects (
	object TEXT NOT NULL,
	post   INTEGER NOT NULL REFERENCES posts (seq),
	PRIMARY KEY (object, post)
) WITHOUT ROWID;

-- Full text of posts; contentless, since the text is in posts.doc and
-- posts are never changed or deleted.
CREATE VIRTUAL TABLE post_text USING fts5 (
	text, title,
	content = '',
	tokenize = 'unicode61 remove_diacritics 2'
);

-- Handles and names are kept folded (lower case, without diacritics) for
-- prefix search.
CREATE TABLE accounts (
	seq      INTEGER PRIMARY KEY,
	platform TEXT NOT NULL,
	id       TEXT NOT NULL,
	handle   TEXT NOT NULL,
	name     TEXT NOT NULL,
	doc      BLOB NOT NULL,
	UNIQUE (platform, id)
);
CREATE INDEX accounts_handle ON accounts (handle);
CREATE INDEX accounts_name ON accounts (name);

CREATE TABLE ads (
	seq      INTEGER PRIMARY KEY,
	platform TEXT NOT NULL,
	id       TEXT NOT NULL,
	account  TEXT NOT NULL,
	start    INTEGER, -- NULL when the record gives none
	doc      BLOB NOT NULL,
	UNIQUE (platform, id)
);

-- +goose Down
DROP TABLE ads;
DROP TABLE accounts;
DROP TABLE post_text;
DROP TABLE post_objects;
DROP TABLE posts;
