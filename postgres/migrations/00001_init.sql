-- +goose Up
-- The schema's first version; the tables come in the migrations after it.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- +goose Down
DROP TABLE meta;
