// The state schema as plain SQLite SQL, so the D1 driver can run the same statements.
// Migrations are numbered; the SQLite driver records the applied number in PRAGMA user_version.

export const MIGRATIONS: readonly string[][] = [
  // 1: links, history, events, runs, cache
  [
    `CREATE TABLE IF NOT EXISTS links (
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
    )`,
    `CREATE TABLE IF NOT EXISTS checks (
      url TEXT NOT NULL,
      checked_at TEXT NOT NULL,
      status TEXT NOT NULL,
      http_status INTEGER,
      reason TEXT
    )`,
    `CREATE INDEX IF NOT EXISTS checks_by_time ON checks (checked_at)`,
    `CREATE INDEX IF NOT EXISTS checks_by_url ON checks (url, checked_at)`,
    `CREATE TABLE IF NOT EXISTS events (
      id TEXT PRIMARY KEY,
      url TEXT NOT NULL,
      from_status TEXT,
      to_status TEXT NOT NULL,
      at TEXT NOT NULL,
      detail TEXT NOT NULL,
      delivered INTEGER NOT NULL DEFAULT 0
    )`,
    `CREATE INDEX IF NOT EXISTS events_by_time ON events (at)`,
    `CREATE TABLE IF NOT EXISTS runs (
      started_at TEXT NOT NULL,
      finished_at TEXT NOT NULL,
      links INTEGER NOT NULL,
      events INTEGER NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS cache (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      stored_at TEXT NOT NULL
    )`,
  ],
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export const SQL = {
  upsertLink: `INSERT INTO links (url, status, reason, http_status, final_url, title, etag, last_modified, fingerprint, excerpt,
      since, checked_at, last_ok_at, first_failed_at, consecutive_failures, alerted_status)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (url) DO UPDATE SET status = excluded.status, reason = excluded.reason, http_status = excluded.http_status,
      final_url = excluded.final_url, title = excluded.title, etag = excluded.etag, last_modified = excluded.last_modified,
      fingerprint = excluded.fingerprint, excerpt = excluded.excerpt, since = excluded.since, checked_at = excluded.checked_at,
      last_ok_at = excluded.last_ok_at, first_failed_at = excluded.first_failed_at,
      consecutive_failures = excluded.consecutive_failures, alerted_status = excluded.alerted_status`,
  insertCheck: `INSERT INTO checks (url, checked_at, status, http_status, reason) VALUES (?, ?, ?, ?, ?)`,
  insertEvent: `INSERT INTO events (id, url, from_status, to_status, at, detail, delivered) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO NOTHING`,
  insertRun: `INSERT INTO runs (started_at, finished_at, links, events) VALUES (?, ?, ?, ?)`,
  pruneChecks: `DELETE FROM checks WHERE checked_at < ?`,
  pruneEvents: `DELETE FROM events WHERE delivered = 1 AND at < ?`,
  selectLink: `SELECT * FROM links WHERE url = ?`,
  selectAllLinks: `SELECT * FROM links ORDER BY url`,
  historyAll: `SELECT url, checked_at, status, http_status, reason FROM checks WHERE checked_at >= ? ORDER BY checked_at, rowid`,
  historyOf: `SELECT url, checked_at, status, http_status, reason FROM checks WHERE url = ? AND checked_at >= ? ORDER BY checked_at, rowid`,
  historySince: `SELECT MIN(checked_at) AS since FROM checks`,
  events: `SELECT * FROM events ORDER BY at DESC, rowid DESC LIMIT ?`,
  undelivered: `SELECT * FROM events WHERE delivered = 0 ORDER BY at, rowid`,
  markDelivered: `UPDATE events SET delivered = 1 WHERE id = ?`,
  getCache: `SELECT value, stored_at FROM cache WHERE key = ?`,
  putCache: `INSERT INTO cache (key, value, stored_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, stored_at = excluded.stored_at`,
} as const;

/** Lowest ISO time, for "no lower bound". */
export const EPOCH = '0000-01-01T00:00:00.000Z';
