-- Migration number: 0001
-- The state schema as feedwatch 0.1 created it (links, history, events, runs, cache).
-- Applied by `wrangler d1 migrations apply` on D1 and by the SQLite driver (src/store/sqlite.ts) on
-- Node, both recording it in the d1_migrations table. Never edit a migration once released: add the
-- next number instead. IF NOT EXISTS because state files made before migrations existed already
-- have these tables.

CREATE TABLE IF NOT EXISTS links (
  url TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  reason TEXT,
  http_status INTEGER,
  final_url TEXT,
  title TEXT,
  etag TEXT,
  last_modified TEXT,
  fingerprint TEXT,
  excerpt TEXT,
  since TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  last_ok_at TEXT,
  first_failed_at TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  alerted_status TEXT
);

CREATE TABLE IF NOT EXISTS checks (
  url TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  status TEXT NOT NULL,
  http_status INTEGER,
  reason TEXT
);
CREATE INDEX IF NOT EXISTS checks_by_time ON checks (checked_at);
CREATE INDEX IF NOT EXISTS checks_by_url ON checks (url, checked_at);

CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  at TEXT NOT NULL,
  detail TEXT NOT NULL,
  delivered INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS events_by_time ON events (at);

CREATE TABLE IF NOT EXISTS runs (
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  links INTEGER NOT NULL,
  events INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS cache (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  stored_at TEXT NOT NULL
);
