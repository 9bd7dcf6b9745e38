// The SQL of the Worker's check runs (tables in migrations/0002_check_runs.sql). Every write that a
// repeated, late or reordered message could repeat is idempotent in SQL itself: results are written
// once per (run, url), a slice commits inside a batch that first checks and then marks it committed,
// and each state change of a run is an UPDATE guarded by the state it leaves, whose RETURNING row
// tells the one caller that made the change. Every statement is counted against the invocation's
// budget before it is sent.
import { StoreError } from '../../../core/errors.js';
import type { CheckRecord } from '../../../core/ports.js';
import type { LinkStatus } from '../../../core/types.js';
import type { D1Like, D1StatementLike } from '../../../store/d1.js';
import { jsonChunks, D1_DEFAULTS } from '../../../store/d1-chunks.js';
import { guardedWrites } from '../../../store/schema.js';
import type { InvocationBudget } from './budget.js';

type Row = Record<string, unknown>;

export type RunState = 'checking' | 'finalizing' | 'reporting' | 'closed';

export interface RunRow {
  id: string;
  startedAt: string;
  state: RunState;
  links: number;
  groups: number;
  partial: boolean;
  offline: boolean | null;
  slices: number | null;
  progressAt: string;
  finishedAt: string | null;
}

export interface GroupRow {
  group: number;
  file: string;
  host: string;
  links: number;
}

/** One staged result as the consumer writes it. */
export interface ResultRow {
  url: string;
  status: LinkStatus;
  unanswered: boolean;
  /** LinkCheckResult JSON. */
  result: string;
  /** CitingItem[] JSON. */
  items: string;
}

/** How a host that answered 429 is slowed down: in which run (null: never), and the interval between requests reached. */
export interface HostSlowdown {
  run: string | null;
  ms: number;
}

/** A lease given back: free once `until < now`, with the host's slowdown as the holder leaves it. */
export interface LeaseRelease {
  holder: string;
  until: string;
  slowdown: HostSlowdown;
}

/** What a finalize slice commits; `links`, `checks` and `events` are parameter rows (store/rows.ts). */
export interface SliceCommit {
  links: unknown[][];
  checks: unknown[][];
  events: unknown[][];
  cache: Array<[string, string, string]>;
  /** [url, status, reason, the link as report.json has it, its UTF-8 bytes]. */
  report: Array<[string, string, string | null, string, number]>;
}

const runFromRow = (r: Row): RunRow => ({
  id: String(r.id),
  startedAt: String(r.started_at),
  state: String(r.state) as RunState,
  links: Number(r.links),
  groups: Number(r.groups_total),
  partial: Number(r.partial) === 1,
  offline: r.offline === null || r.offline === undefined ? null : Number(r.offline) === 1,
  slices: r.slices === null || r.slices === undefined ? null : Number(r.slices),
  progressAt: String(r.progress_at),
  finishedAt: r.finished_at === null || r.finished_at === undefined ? null : String(r.finished_at),
});

const SLICE_OPEN = 'EXISTS (SELECT 1 FROM check_run_slices WHERE run_id = ?2 AND slice = ?3 AND committed_at IS NULL)';
const SLICE_WRITES = guardedWrites(SLICE_OPEN);

export const RUN_SQL = {
  openRuns: `SELECT * FROM check_runs WHERE state <> 'closed' ORDER BY started_at`,
  run: `SELECT * FROM check_runs WHERE id = ?1`,
  insertRun: `INSERT INTO check_runs (id, started_at, state, links, groups_total, progress_at) VALUES (?1, ?2, 'checking', ?3, ?4, ?2)`,
  insertGroups: `INSERT INTO check_run_groups (run_id, grp, file, host, links)
    SELECT ?2, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?1) WHERE true ON CONFLICT DO NOTHING`,
  group: `SELECT grp, file, host, links FROM check_run_groups WHERE run_id = ?1 AND grp = ?2`,
  markLost: `UPDATE check_runs SET state = 'finalizing', partial = 1, progress_at = ?2 WHERE id = ?1 AND state = 'checking' RETURNING id`,
  touch: `UPDATE check_runs SET progress_at = ?2 WHERE id = ?1`,
  checkedUrls: `SELECT url FROM check_results WHERE run_id = ?2 AND url IN (SELECT value FROM json_each(?1))`,
  /** The atomic lease: taken when free or run out (`until < now`), never from a live holder. */
  takeLease: `INSERT INTO host_leases (host, holder, until) VALUES (?1, ?2, ?3)
    ON CONFLICT (host) DO UPDATE SET holder = excluded.holder, until = excluded.until WHERE host_leases.until < ?4
    RETURNING slow_run, slow_ms`,
  leaseUntil: `SELECT until FROM host_leases WHERE host = ?1`,
  /** Given back: free once `until < now`; the host's slowdown (0003) as the holder leaves it. */
  releaseLease: `UPDATE host_leases SET until = ?3, slow_run = ?4, slow_ms = ?5 WHERE host = ?1 AND holder = ?2`,
  /** Written once per (run, url), and only while the run is checking: late messages change nothing. */
  insertResults: `INSERT INTO check_results (run_id, url, grp, host, status, unanswered, result, items)
    SELECT ?2, value ->> 0, ?3, ?4, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?1)
    WHERE EXISTS (SELECT 1 FROM check_runs WHERE id = ?2 AND state = 'checking')
    ON CONFLICT (run_id, url) DO NOTHING`,
  groupDone: `UPDATE check_run_groups SET done_at = ?3 WHERE run_id = ?1 AND grp = ?2 AND done_at IS NULL
    AND (SELECT COUNT(*) FROM check_results WHERE run_id = ?1 AND grp = ?2) >= links`,
  progress: `UPDATE check_runs SET progress_at = ?2 WHERE id = ?1 AND state = 'checking'`,
  /** The last group done: the one caller that gets a row back starts finalizing. */
  allGroupsDone: `UPDATE check_runs SET state = 'finalizing' WHERE id = ?1 AND state = 'checking'
    AND NOT EXISTS (SELECT 1 FROM check_run_groups WHERE run_id = ?1 AND done_at IS NULL) RETURNING id`,
  offlineFacts: `SELECT COUNT(*) AS total, COALESCE(SUM(status <> 'skipped' AND unanswered = 0), 0) AS answered,
    COUNT(DISTINCT CASE WHEN status <> 'skipped' THEN host END) AS hosts FROM check_results WHERE run_id = ?1`,
  sliceStarts: `SELECT url FROM (SELECT url, ROW_NUMBER() OVER (ORDER BY url) AS n FROM check_results WHERE run_id = ?1)
    WHERE (n - 1) % ?2 = 0 ORDER BY url`,
  insertSlices: `INSERT INTO check_run_slices (run_id, slice, first_url) SELECT ?2, key, value FROM json_each(?1) WHERE true ON CONFLICT DO NOTHING`,
  setSlices: `UPDATE check_runs SET offline = ?2, slices = ?3, progress_at = ?4 WHERE id = ?1 AND slices IS NULL`,
  openSlices: `SELECT slice FROM check_run_slices WHERE run_id = ?1 AND committed_at IS NULL ORDER BY slice`,
  sliceBounds: `SELECT slice, first_url, committed_at FROM check_run_slices WHERE run_id = ?1 AND slice IN (?2, ?2 + 1) ORDER BY slice`,
  sliceResults: `SELECT url, result, items FROM check_results WHERE run_id = ?1 AND url >= ?2 AND (?3 IS NULL OR url < ?3) ORDER BY url`,
  cacheEntries: `SELECT key, value, stored_at FROM cache WHERE key IN (SELECT value FROM json_each(?1))`,
  putCacheRows: `INSERT INTO cache (key, value, stored_at) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?1) WHERE ${SLICE_OPEN}
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, stored_at = excluded.stored_at`,
  insertReportLinks: `INSERT INTO check_report_links (run_id, url, status, reason, link, bytes)
    SELECT ?2, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?1) WHERE ${SLICE_OPEN} ON CONFLICT DO NOTHING`,
  sliceCommitted: `UPDATE check_run_slices SET committed_at = ?3, events = ?4 WHERE run_id = ?1 AND slice = ?2 AND committed_at IS NULL`,
  allSlicesDone: `UPDATE check_runs SET state = 'reporting', progress_at = ?2 WHERE id = ?1 AND state = 'finalizing' AND slices IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM check_run_slices WHERE run_id = ?1 AND committed_at IS NULL) RETURNING id`,
  reportCounts: `SELECT status, COUNT(*) AS n, COALESCE(SUM(reason = 'private-address'), 0) AS private, SUM(bytes) AS bytes
    FROM check_report_links WHERE run_id = ?1 GROUP BY status`,
  reportPage: `SELECT url, link FROM check_report_links WHERE run_id = ?1 AND url > ?2 ORDER BY url LIMIT ?3`,
  /** Worst first (PROBLEM_ORDER: broken, soft404, moved, changed, blocked), then muted links, at most ?4. */
  reportSelection: `SELECT url, link FROM check_report_links WHERE run_id = ?1
    AND (status IN (SELECT value FROM json_each(?2)) OR url IN (SELECT value FROM json_each(?3)))
    ORDER BY CASE status WHEN 'broken' THEN 0 WHEN 'soft404' THEN 1 WHEN 'moved' THEN 2 WHEN 'changed' THEN 3 WHEN 'blocked' THEN 4 ELSE 5 END, url
    LIMIT ?4`,
  runEvents: `SELECT COALESCE(SUM(events), 0) AS events FROM check_run_slices WHERE run_id = ?1`,
  historyCounts: `SELECT url, COUNT(*) AS checks, SUM(status IN ('ok', 'changed', 'moved')) AS up,
    SUM(status IN ('ok', 'changed', 'moved', 'broken', 'soft404')) AS tried
    FROM checks WHERE url IN (SELECT value FROM json_each(?1)) AND checked_at >= ?2 GROUP BY url`,
  historyRecent: `SELECT url, checked_at, status, http_status, reason FROM (
      SELECT url, checked_at, status, http_status, reason, rowid AS seq,
        ROW_NUMBER() OVER (PARTITION BY url ORDER BY checked_at DESC, rowid DESC) AS n
      FROM checks WHERE url IN (SELECT value FROM json_each(?1)) AND checked_at >= ?2)
    WHERE n <= ?3 ORDER BY url, checked_at, seq`,
  /** The `runs` row (0001) once per run: only while the run is still reporting. */
  insertRunRecord: `INSERT INTO runs (started_at, finished_at, links, events) SELECT ?2, ?3, ?4, ?5
    WHERE EXISTS (SELECT 1 FROM check_runs WHERE id = ?1 AND state = 'reporting')`,
  pruneChecks: `DELETE FROM checks WHERE checked_at < ?2 AND EXISTS (SELECT 1 FROM check_runs WHERE id = ?1 AND state = 'reporting')`,
  pruneEvents: `DELETE FROM events WHERE delivered = 1 AND at < ?2 AND EXISTS (SELECT 1 FROM check_runs WHERE id = ?1 AND state = 'reporting')`,
  close: `UPDATE check_runs SET state = 'closed', finished_at = ?2 WHERE id = ?1 AND state = 'reporting' RETURNING id`,
  dropResults: `DELETE FROM check_results WHERE run_id = ?1`,
  dropReportLinks: `DELETE FROM check_report_links WHERE run_id = ?1`,
  dropSlices: `DELETE FROM check_run_slices WHERE run_id = ?1`,
  dropGroups: `DELETE FROM check_run_groups WHERE run_id = ?1`,
  pruneRuns: `DELETE FROM check_runs WHERE state = 'closed' AND started_at < ?1`,
} as const;

export class RunDb {
  constructor(private readonly db: D1Like, private readonly budget: InvocationBudget, private readonly chunkBytes: number = D1_DEFAULTS.chunkBytes) {}

  private stmt(sql: string, ...params: unknown[]): D1StatementLike {
    return this.db.prepare(sql).bind(...params);
  }

  /** One call: a statement, or a batch (one transaction). Rows of each statement. */
  private async send(stmts: D1StatementLike[]): Promise<Row[][]> {
    if (stmts.length === 0) return [];
    this.budget.take('d1', stmts.length);
    try {
      const results = stmts.length === 1 ? [await stmts[0]!.all()] : await this.db.batch(stmts);
      return results.map((r) => (r.results ?? []) as Row[]);
    } catch (e) {
      const msg = String((e as Error)?.message ?? e).replace(/^D1_ERROR:\s*/, '');
      const hint = /no such (table|column)/i.test(msg) ? ' Apply the migrations: `wrangler d1 migrations apply <database>` (--remote for the deployed one).' : '';
      throw new StoreError(`D1: a check-run query failed (${msg}).${hint}`, { cause: e });
    }
  }

  /** One statement per ~1 MB chunk of `rows`, each bound as ?1, then `rest`. */
  private chunked(sql: string, rows: readonly unknown[], what: string, ...rest: unknown[]): D1StatementLike[] {
    return jsonChunks(rows, this.chunkBytes, (r) => `${what} ${String((r as unknown[])[0] ?? r).slice(0, 100)}`).map((c) => this.stmt(sql, c.json, ...rest));
  }

  async openRuns(): Promise<RunRow[]> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.openRuns)]);
    return rows.map(runFromRow);
  }

  async run(id: string): Promise<RunRow | null> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.run, id)]);
    return rows[0] ? runFromRow(rows[0]) : null;
  }

  /** The run and its groups, in one transaction. */
  async createRun(id: string, startedAt: string, links: number, groups: readonly Omit<GroupRow, 'group'>[]): Promise<void> {
    const rows = groups.map((g, i) => [i, g.file, g.host, g.links]);
    await this.send([this.stmt(RUN_SQL.insertRun, id, startedAt, links, groups.length), ...this.chunked(RUN_SQL.insertGroups, rows, 'group', id)]);
  }

  async group(run: string, group: number): Promise<GroupRow | null> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.group, run, group)]);
    const r = rows[0];
    return r ? { group: Number(r.grp), file: String(r.file), host: String(r.host), links: Number(r.links) } : null;
  }

  /** A checking run whose messages were lost: on to finalizing, marked partial. True for the caller that did it. */
  async markLost(id: string, now: string): Promise<boolean> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.markLost, id, now)]);
    return rows.length > 0;
  }

  async touch(id: string, now: string): Promise<void> {
    await this.send([this.stmt(RUN_SQL.touch, id, now)]);
  }

  /** Which of these URLs already have a result in the run. */
  async checkedUrls(run: string, urls: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const rows of await this.send(this.chunked(RUN_SQL.checkedUrls, urls, 'the address', run))) for (const r of rows) out.add(String(r.url));
    return out;
  }

  /**
   * Takes the host's lease until `until`, if it is free or has run out at `now`, with the slowdown the
   * host was left with; else says until when it is held.
   */
  async takeLease(host: string, holder: string, until: string, now: string): Promise<{ taken: true; slowdown: HostSlowdown } | { taken: false; until: string | null }> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.takeLease, host, holder, until, now)]);
    const r = rows[0];
    if (r) return { taken: true, slowdown: { run: r.slow_run === null || r.slow_run === undefined ? null : String(r.slow_run), ms: Number(r.slow_ms ?? 0) } };
    const [held = []] = await this.send([this.stmt(RUN_SQL.leaseUntil, host)]);
    return { taken: false, until: held[0] ? String(held[0].until) : null };
  }

  async releaseLease(host: string, lease: LeaseRelease): Promise<void> {
    await this.send([this.releaseStmt(host, lease)]);
  }

  private releaseStmt(host: string, lease: LeaseRelease): D1StatementLike {
    return this.stmt(RUN_SQL.releaseLease, host, lease.holder, lease.until, lease.slowdown.run, lease.slowdown.ms);
  }

  /**
   * A message's results in one transaction: the results (once per url, only while the run is
   * checking), the group done when all its links have one, the run's progress, the lease given back,
   * and the run on to finalizing when every group is done. True for the one caller that moved it there.
   */
  async writeResults(
    run: string, group: GroupRow, results: readonly ResultRow[], now: string, lease: LeaseRelease | null,
  ): Promise<{ finalizing: boolean }> {
    const rows = results.map((r) => [r.url, r.status, r.unanswered ? 1 : 0, r.result, r.items]);
    const stmts = [
      ...this.chunked(RUN_SQL.insertResults, rows, 'the result of', run, group.group, group.host),
      this.stmt(RUN_SQL.groupDone, run, group.group, now),
      this.stmt(RUN_SQL.progress, run, now),
      this.stmt(RUN_SQL.allGroupsDone, run),
    ];
    if (lease) stmts.push(this.releaseStmt(group.host, lease));
    const out = await this.send(stmts);
    return { finalizing: (out[stmts.length - (lease ? 2 : 1)] ?? []).length > 0 };
  }

  /** The run on to finalizing when no group is open (a run of no groups at all, too). True for the caller that moved it. */
  async allGroupsDone(run: string): Promise<boolean> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.allGroupsDone, run)]);
    return rows.length > 0;
  }

  async offlineFacts(run: string): Promise<{ total: number; answered: number; hosts: number }> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.offlineFacts, run)]);
    const r = rows[0] ?? {};
    return { total: Number(r.total ?? 0), answered: Number(r.answered ?? 0), hosts: Number(r.hosts ?? 0) };
  }

  /** Cuts the run's results into slices of `size` (by URL order) and records whether it looked offline; once. */
  async createSlices(run: string, size: number, offline: boolean, now: string): Promise<void> {
    const [starts = []] = await this.send([this.stmt(RUN_SQL.sliceStarts, run, size)]);
    const urls = starts.map((r) => String(r.url));
    await this.send([...this.chunked(RUN_SQL.insertSlices, urls, 'slice start', run), this.stmt(RUN_SQL.setSlices, run, offline ? 1 : 0, urls.length, now)]);
  }

  /** The run on to reporting when every slice is committed (a run with no results has none). True for the caller that moved it. */
  async slicesDone(run: string, now: string): Promise<boolean> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.allSlicesDone, run, now)]);
    return rows.length > 0;
  }

  /** Cache entries (Wayback lookups) by key, in one query per ~1 MB of keys. */
  async cacheEntries(keys: readonly string[]): Promise<Map<string, { value: string; storedAt: string }>> {
    const out = new Map<string, { value: string; storedAt: string }>();
    for (const rows of await this.send(this.chunked(RUN_SQL.cacheEntries, keys, 'cache key'))) {
      for (const r of rows) out.set(String(r.key), { value: String(r.value), storedAt: String(r.stored_at) });
    }
    return out;
  }

  async openSlices(run: string): Promise<number[]> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.openSlices, run)]);
    return rows.map((r) => Number(r.slice));
  }

  /** The slice's results (url order), or null when it is committed already (or unknown). */
  async sliceResults(run: string, slice: number): Promise<Array<{ url: string; result: string; items: string }> | null> {
    const [bounds = []] = await this.send([this.stmt(RUN_SQL.sliceBounds, run, slice)]);
    const own = bounds.find((b) => Number(b.slice) === slice);
    if (!own || own.committed_at !== null) return null;
    const next = bounds.find((b) => Number(b.slice) === slice + 1);
    const [rows = []] = await this.send([this.stmt(RUN_SQL.sliceResults, run, String(own.first_url), next ? String(next.first_url) : null)]);
    return rows.map((r) => ({ url: String(r.url), result: String(r.result), items: String(r.items) }));
  }

  /**
   * One slice in one transaction: states, history, events and cache entries (none for an offline
   * run), report rows, the slice marked committed; every write guarded by the slice being open, so a
   * repeated slice message writes nothing. True for the caller that committed the run's last slice.
   */
  async commitSlice(run: string, slice: number, c: SliceCommit, events: number, now: string): Promise<{ reporting: boolean }> {
    const stmts = [
      ...this.chunked(SLICE_WRITES.upsertLinks, c.links, 'the state of', run, slice),
      ...this.chunked(SLICE_WRITES.insertChecks, c.checks, 'a history row of', run, slice),
      ...this.chunked(SLICE_WRITES.insertEvents, c.events, 'alert event', run, slice),
      ...this.chunked(RUN_SQL.putCacheRows, c.cache, 'cache entry', run, slice),
      ...this.chunked(RUN_SQL.insertReportLinks, c.report, 'the report of', run, slice),
      this.stmt(RUN_SQL.sliceCommitted, run, slice, now, events),
      this.stmt(RUN_SQL.allSlicesDone, run, now),
    ];
    const out = await this.send(stmts);
    return { reporting: (out[out.length - 1] ?? []).length > 0 };
  }

  /** Links per status, links skipped as private addresses, and the bytes of every link's report.json text. */
  async reportCounts(run: string): Promise<{ byStatus: Map<string, number>; privateSkipped: number; bytes: number }> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.reportCounts, run)]);
    const byStatus = new Map<string, number>();
    let privateSkipped = 0;
    let bytes = 0;
    for (const r of rows) {
      byStatus.set(String(r.status), Number(r.n));
      if (String(r.status) === 'skipped') privateSkipped += Number(r.private ?? 0);
      bytes += Number(r.bytes ?? 0);
    }
    return { byStatus, privateSkipped, bytes };
  }

  /** report.json's links after `after` (url order): one query. */
  async reportPage(run: string, after: string, limit: number): Promise<Array<{ url: string; link: string }>> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.reportPage, run, after, limit)]);
    return rows.map((r) => ({ url: String(r.url), link: String(r.link) }));
  }

  /** Links with one of these statuses or one of these URLs, at most `limit`. */
  async reportSelection(run: string, statuses: readonly string[], urls: readonly string[], limit: number): Promise<string[]> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.reportSelection, run, JSON.stringify(statuses), JSON.stringify(urls), limit)]);
    return rows.map((r) => String(r.link));
  }

  async runEvents(run: string): Promise<number> {
    const [rows = []] = await this.send([this.stmt(RUN_SQL.runEvents, run)]);
    return Number(rows[0]?.events ?? 0);
  }

  /** For each URL with history since `since`: its newest `recent` checks (oldest first) and its counts. */
  async historyDigest(urls: readonly string[], since: string, recent: number, urlsPerQuery = 100): Promise<Map<string, { recent: CheckRecord[]; checks: number; up: number; tried: number }>> {
    const out = new Map<string, { recent: CheckRecord[]; checks: number; up: number; tried: number }>();
    for (let i = 0; i < urls.length; i += urlsPerQuery) {
      const list = JSON.stringify(urls.slice(i, i + urlsPerQuery));
      const [counts = [], rows = []] = await this.send([this.stmt(RUN_SQL.historyCounts, list, since), this.stmt(RUN_SQL.historyRecent, list, since, recent)]);
      for (const c of counts) out.set(String(c.url), { recent: [], checks: Number(c.checks), up: Number(c.up), tried: Number(c.tried) });
      for (const r of rows) {
        const url = String(r.url);
        out.get(url)?.recent.push({
          url, checkedAt: String(r.checked_at), status: String(r.status) as LinkStatus,
          httpStatus: r.http_status === null || r.http_status === undefined ? null : Number(r.http_status),
          reason: r.reason === null || r.reason === undefined ? null : String(r.reason),
        });
      }
    }
    return out;
  }

  /**
   * Closes a reporting run in one transaction: (unless offline) its `runs` row and the history
   * pruning, then the state. True for the caller that closed it.
   */
  async closeRun(run: string, finishedAt: string, record: { startedAt: string; links: number; events: number } | null, pruneBefore: string): Promise<boolean> {
    const stmts: D1StatementLike[] = [];
    if (record) {
      stmts.push(
        this.stmt(RUN_SQL.insertRunRecord, run, record.startedAt, finishedAt, record.links, record.events),
        this.stmt(RUN_SQL.pruneChecks, run, pruneBefore),
        this.stmt(RUN_SQL.pruneEvents, run, pruneBefore),
      );
    }
    stmts.push(this.stmt(RUN_SQL.close, run, finishedAt));
    const out = await this.send(stmts);
    return (out[out.length - 1] ?? []).length > 0;
  }

  /** Drops a closed run's staging rows, and closed runs older than `before`. */
  async dropStaging(run: string, before: string): Promise<void> {
    await this.send([RUN_SQL.dropResults, RUN_SQL.dropReportLinks, RUN_SQL.dropSlices, RUN_SQL.dropGroups].map((sql) => this.stmt(sql, run)).concat(this.stmt(RUN_SQL.pruneRuns, before)));
  }
}
