-- +goose Up
-- Sign-in sessions (the session manager's encoded data by token), kept in
-- the store so that they outlive a restart and serve every replica.
CREATE TABLE sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry INTEGER NOT NULL -- unix nanoseconds
);
CREATE INDEX sessions_expiry ON sessions (expiry);

-- +goose Down
DROP TABLE sessions;
