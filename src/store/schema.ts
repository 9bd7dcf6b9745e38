// The SQL both SQL drivers run (SQLite on Node, D1 on the Worker). The tables themselves are made by
// the migration list in migrations/ (wrangler's D1 format), which both drivers apply.

/** The table wrangler (`d1 migrations apply`) records applied migrations in; the SQLite driver keeps the same. */
export const MIGRATIONS_TABLE = 'd1_migrations';
export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE}(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

// Column orders; rows.ts builds parameter arrays in exactly these orders.
const LINK_COLUMNS = ['url', 'status', 'reason', 'http_status', 'final_url', 'title', 'etag', 'last_modified', 'fingerprint', 'excerpt',
  'since', 'checked_at', 'last_ok_at', 'first_failed_at', 'consecutive_failures', 'alerted_status'] as const;
const CHECK_COLUMNS = ['url', 'checked_at', 'status', 'http_status', 'reason'] as const;
const EVENT_COLUMNS = ['id', 'url', 'from_status', 'to_status', 'at', 'detail', 'delivered'] as const;

const list = (cols: readonly string[]) => cols.join(', ');
/** One row from bound parameters. */
const values = (cols: readonly string[]) => `VALUES (${cols.map(() => '?').join(', ')})`;
/**
 * Many rows from ONE bound parameter: a JSON array of rows, each row an array in column order. D1
 * allows 100 bound parameters per statement but 2 MB per value, so one statement carries thousands
 * of rows. `WHERE true` is SQLite's required disambiguation before an upsert's ON CONFLICT.
 */
const fromJson = (cols: readonly string[], where = 'true') => `SELECT ${cols.map((_, i) => `value ->> ${i}`).join(', ')} FROM json_each(?) WHERE ${where}`;
/** `x IN (...)` over one bound JSON array of values. */
const inJson = (col: string) => `${col} IN (SELECT value FROM json_each(?))`;

const upsertLinkTail = `ON CONFLICT (url) DO UPDATE SET ${LINK_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`;
const insertLinks = `INSERT INTO links (${list(LINK_COLUMNS)})`;
const insertChecks = `INSERT INTO checks (${list(CHECK_COLUMNS)})`;
const insertEvents = `INSERT INTO events (${list(EVENT_COLUMNS)})`;
const historyColumns = 'url, checked_at, status, http_status, reason';

/** Statements with one row's parameters: the SQLite driver runs them row by row inside a transaction. */
export const SQL = {
  upsertLink: `${insertLinks} ${values(LINK_COLUMNS)} ${upsertLinkTail}`,
  insertCheck: `${insertChecks} ${values(CHECK_COLUMNS)}`,
  insertEvent: `${insertEvents} ${values(EVENT_COLUMNS)} ON CONFLICT (id) DO NOTHING`,
  insertRun: `INSERT INTO runs (started_at, finished_at, links, events) VALUES (?, ?, ?, ?)`,
  pruneChecks: `DELETE FROM checks WHERE checked_at < ?`,
  pruneEvents: `DELETE FROM events WHERE delivered = 1 AND at < ?`,
  selectLink: `SELECT * FROM links WHERE url = ?`,
  selectAllLinks: `SELECT * FROM links ORDER BY url`,
  historyAll: `SELECT ${historyColumns} FROM checks WHERE checked_at >= ? ORDER BY checked_at, rowid`,
  historyOf: `SELECT ${historyColumns} FROM checks WHERE url = ? AND checked_at >= ? ORDER BY checked_at, rowid`,
  historySince: `SELECT MIN(checked_at) AS since FROM checks`,
  events: `SELECT * FROM events ORDER BY at DESC, rowid DESC LIMIT ?`,
  undelivered: `SELECT * FROM events WHERE delivered = 0 ORDER BY at, rowid`,
  markDelivered: `UPDATE events SET delivered = 1 WHERE id = ?`,
  getCache: `SELECT value, stored_at FROM cache WHERE key = ?`,
  putCache: `INSERT INTO cache (key, value, stored_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, stored_at = excluded.stored_at`,
} as const;

/**
 * Statements over many rows, each list passed as one JSON parameter (see `fromJson`): the D1 driver
 * sends these, chunked by size. Paged reads continue after the last row of the previous page.
 */
export const BULK_SQL = {
  upsertLinks: `${insertLinks} ${fromJson(LINK_COLUMNS)} ${upsertLinkTail}`,
  insertChecks: `${insertChecks} ${fromJson(CHECK_COLUMNS)}`,
  insertEvents: `${insertEvents} ${fromJson(EVENT_COLUMNS)} ON CONFLICT (id) DO NOTHING`,
  markDelivered: `UPDATE events SET delivered = 1 WHERE ${inJson('id')}`,
  selectLinks: `SELECT * FROM links WHERE ${inJson('url')}`,
  /** Params: first url of the page is after this url, page size. */
  allLinksPage: `SELECT * FROM links WHERE url > ? ORDER BY url LIMIT ?`,
  /** Params: urls (JSON), since. With rowid, so chunks merge in insertion order. */
  historyOf: `SELECT rowid AS seq, ${historyColumns} FROM checks WHERE ${inJson('url')} AND checked_at >= ? ORDER BY checked_at, rowid`,
  /** Params: (checked_at, rowid) of the last row seen (since and -1 for the first page), page size. */
  historyPage: `SELECT rowid AS seq, ${historyColumns} FROM checks WHERE (checked_at, rowid) > (?, ?) ORDER BY checked_at, rowid LIMIT ?`,
} as const;

/** Lowest ISO time, for "no lower bound". */
export const EPOCH = '0000-01-01T00:00:00.000Z';

/**
 * BULK_SQL's writes of links, history and events, each taking effect only while `guard` holds: SQL
 * over parameters numbered from ?2 (the rows' JSON is ?1). Inside one atomic batch that ends by
 * making the guard false, a repeated batch writes nothing (the Worker's finalize slices, issue 10).
 */
export function guardedWrites(guard: string): { upsertLinks: string; insertChecks: string; insertEvents: string } {
  return {
    upsertLinks: `${insertLinks} ${fromJson(LINK_COLUMNS, guard)} ${upsertLinkTail}`,
    insertChecks: `${insertChecks} ${fromJson(CHECK_COLUMNS, guard)}`,
    insertEvents: `${insertEvents} ${fromJson(EVENT_COLUMNS, guard)} ON CONFLICT (id) DO NOTHING`,
  };
}
