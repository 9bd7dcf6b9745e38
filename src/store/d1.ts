// The Store on the Worker: Cloudflare D1 through its binding, in plain Workers APIs (no node:*).
// Same SQL as the SQLite driver where it is the same (schema.ts, rows.ts); the schema is made by the
// same migrations/ list, applied by `wrangler d1 migrations apply`.
//
// D1 has no BEGIN: atomicity comes from batch(), which runs its statements in one transaction.
// Lists of rows travel as ONE JSON parameter per statement (json_each, BULK_SQL), cut into chunks of
// about 1 MB, so no statement comes near D1's 100 bound parameters, 100 KB of SQL or 2 MB per value,
// and a commit of thousands of links costs a handful of queries instead of thousands.
import type { AlertEvent, CacheEntry, CheckRecord, LinkState, RunRecord, Store } from '../core/ports.js';
import { StoreError } from '../core/errors.js';
import { BULK_SQL, EPOCH, SQL } from './schema.js';
import { checkFromRow, checkParams, eventFromRow, eventParams, linkFromRow, linkParams, type Row } from './rows.js';
import { D1_DEFAULTS, D1_LIMITS, jsonChunks, megabytes, utf8Length } from './d1-chunks.js';

/** The part of the Workers D1 binding (`D1Database`) this driver uses; a real binding fits it. */
export interface D1Like {
  prepare(query: string): D1StatementLike;
  /** All statements in one transaction: all of them take effect or none. */
  batch(statements: D1StatementLike[]): Promise<{ results?: unknown[] }[]>;
}
export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  all(): Promise<{ results?: unknown[] }>;
}

export interface D1StoreOptions {
  /**
   * Called before every call to D1 with the number of statements it sends (each statement of a
   * batch counted, as D1's 1,000 queries per invocation may count them). Throw to stop: nothing of
   * that call is sent. A caller keeps its invocation's budget this way (see also `queries`).
   */
  beforeQueries?: (statements: number) => void;
  /** Target size of one JSON parameter, bytes (default 1 MB). */
  chunkBytes?: number;
  /** Largest commit, bytes of rows in its one batch (default 16 MB); a bigger run is refused. */
  maxCommitBytes?: number;
  /** Rows per query when reading every link or the whole history (default 10,000). */
  pageRows?: number;
}

type Stmt = D1StatementLike;
const MIGRATE_HINT = ' The D1 database lacks tables this feedwatch needs: apply the migrations with ' +
  '`wrangler d1 migrations apply <database>` (add --remote for the deployed database).';

function d1Error(what: 'read' | 'write', e: unknown): StoreError {
  const msg = String((e as Error)?.message ?? e).replace(/^D1_ERROR:\s*/, '');
  let hint = what === 'write' ? ' Nothing was written; the previous state stays.' : '';
  if (/no such (table|column)/i.test(msg)) hint += MIGRATE_HINT;
  else if (/TOOBIG/.test(msg)) hint += ` D1 allows ${megabytes(D1_LIMITS.rowBytes)} per row and ${D1_LIMITS.statementBytes / 1000} KB of SQL per statement.`;
  return new StoreError(`D1: cannot ${what} the state (${msg}).${hint}`, { cause: e });
}

export class D1Store implements Store {
  private sentQueries = 0;
  private sentCalls = 0;
  private closed = false;
  private readonly chunkBytes: number;
  private readonly maxCommitBytes: number;
  private readonly pageRows: number;

  constructor(private readonly db: D1Like, private readonly options: D1StoreOptions = {}) {
    this.chunkBytes = options.chunkBytes ?? D1_DEFAULTS.chunkBytes;
    this.maxCommitBytes = options.maxCommitBytes ?? D1_DEFAULTS.maxCommitBytes;
    this.pageRows = options.pageRows ?? D1_DEFAULTS.pageRows;
  }

  /** Statements sent to D1 by this store so far, every statement of a batch counted. */
  get queries(): number {
    return this.sentQueries;
  }

  /** Round trips to D1 so far (a batch is one). */
  get calls(): number {
    return this.sentCalls;
  }

  /** One call to D1: a single statement, or a batch (one transaction). Rows of each statement. */
  private async send(what: 'read' | 'write', stmts: Stmt[]): Promise<Row[][]> {
    if (this.closed) throw new StoreError('D1: the store is closed.');
    if (stmts.length === 0) return [];
    this.options.beforeQueries?.(stmts.length);
    this.sentQueries += stmts.length;
    this.sentCalls++;
    try {
      const results = stmts.length === 1 ? [await stmts[0]!.all()] : await this.db.batch(stmts);
      return results.map((r) => (r.results ?? []) as Row[]);
    } catch (e) {
      throw d1Error(what, e);
    }
  }

  /** One statement per chunk of `items`, each chunk bound as the first parameter, then `rest`. */
  private chunked(
    what: 'read' | 'write', sql: string, items: readonly unknown[], describe: (item: unknown) => string, ...rest: unknown[]
  ): { stmts: Stmt[]; bytes: number } {
    const chunks = jsonChunks(items, this.chunkBytes, describe, what);
    return { stmts: chunks.map((c) => this.db.prepare(sql).bind(c.json, ...rest)), bytes: chunks.reduce((n, c) => n + c.bytes, 0) };
  }

  async getLinks(urls: readonly string[]): Promise<Map<string, LinkState>> {
    const { stmts } = this.chunked('read', BULK_SQL.selectLinks, urls, (u) => `the address ${String(u).slice(0, 100)}`);
    const out = new Map<string, LinkState>();
    for (const rows of await this.send('read', stmts)) for (const r of rows) out.set(String(r.url), linkFromRow(r));
    return out;
  }

  async allLinks(): Promise<LinkState[]> {
    const out: LinkState[] = [];
    for (let after = ''; ;) {
      const [rows = []] = await this.send('read', [this.db.prepare(BULK_SQL.allLinksPage).bind(after, this.pageRows)]);
      out.push(...rows.map(linkFromRow));
      if (rows.length < this.pageRows) return out;
      after = String(rows[rows.length - 1]!.url);
    }
  }

  /**
   * One batch, so all of the run or none of it (D1 has no BEGIN). A run bigger than `maxCommitBytes`
   * is refused before anything is sent, with the previous state intact; the queue-driven checks (in
   * progress) are to commit per message of about 200 links, far below it. Queries: one per ~1 MB
   * chunk of links, of history and of events, plus the run row and, when pruning, two deletes.
   */
  async commitRun(run: RunRecord): Promise<void> {
    const rowOf = (r: unknown) => (r as unknown[])[0];
    const links = this.chunked('write', BULK_SQL.upsertLinks, run.links.map(linkParams), (r) => `the state of link ${rowOf(r)}`);
    const checks = this.chunked('write', BULK_SQL.insertChecks, run.checks.map(checkParams), (r) => `a history row of ${rowOf(r)}`);
    const events = this.chunked('write', BULK_SQL.insertEvents, run.events.map(eventParams), (r) => `alert event ${rowOf(r)}`);
    const bytes = links.bytes + checks.bytes + events.bytes;
    if (bytes > this.maxCommitBytes) {
      throw new StoreError(
        `D1: cannot write the state: this run is ${megabytes(bytes)} of rows (${run.links.length} links), more than one commit ` +
          `may carry (${megabytes(this.maxCommitBytes)}, one atomic batch). Nothing was written; the previous state stays. Commit the run in parts.`,
      );
    }
    const stmts = [...links.stmts, ...checks.stmts, ...events.stmts,
      this.db.prepare(SQL.insertRun).bind(run.startedAt, run.finishedAt, run.links.length, run.events.length)];
    if (run.pruneBefore) stmts.push(this.db.prepare(SQL.pruneChecks).bind(run.pruneBefore), this.db.prepare(SQL.pruneEvents).bind(run.pruneBefore));
    await this.send('write', stmts);
  }

  async history(urls: readonly string[] | null, since: string | null): Promise<CheckRecord[]> {
    const from = since ?? EPOCH;
    if (urls !== null) {
      const { stmts } = this.chunked('read', BULK_SQL.historyOf, urls, (u) => `the address ${String(u).slice(0, 100)}`, from);
      const rows = (await this.send('read', stmts)).flat();
      // Chunks come back one after the other: merge them into time, then insertion, order.
      rows.sort((a, b) => (String(a.checked_at) < String(b.checked_at) ? -1 : String(a.checked_at) > String(b.checked_at) ? 1 : Number(a.seq) - Number(b.seq)));
      return rows.map(checkFromRow);
    }
    const out: CheckRecord[] = [];
    for (let at = from, seq = -1; ;) {
      const [rows = []] = await this.send('read', [this.db.prepare(BULK_SQL.historyPage).bind(at, seq, this.pageRows)]);
      out.push(...rows.map(checkFromRow));
      if (rows.length < this.pageRows) return out;
      const last = rows[rows.length - 1]!;
      at = String(last.checked_at);
      seq = Number(last.seq);
    }
  }

  async historySince(): Promise<string | null> {
    const [rows = []] = await this.send('read', [this.db.prepare(SQL.historySince)]);
    return (rows[0]?.since as string | null | undefined) ?? null;
  }

  async events(limit: number): Promise<AlertEvent[]> {
    const [rows = []] = await this.send('read', [this.db.prepare(SQL.events).bind(limit)]);
    return rows.map(eventFromRow);
  }

  async undeliveredEvents(): Promise<AlertEvent[]> {
    const [rows = []] = await this.send('read', [this.db.prepare(SQL.undelivered)]);
    return rows.map(eventFromRow);
  }

  async markDelivered(ids: readonly string[]): Promise<void> {
    await this.send('write', this.chunked('write', BULK_SQL.markDelivered, ids, (id) => `event id ${String(id).slice(0, 100)}`).stmts);
  }

  async getCache(key: string): Promise<CacheEntry | null> {
    const [rows = []] = await this.send('read', [this.db.prepare(SQL.getCache).bind(key)]);
    const row = rows[0];
    return row ? { value: String(row.value), storedAt: String(row.stored_at) } : null;
  }

  async putCache(key: string, value: string, storedAt: string): Promise<void> {
    const bytes = utf8Length(key) + utf8Length(value) + utf8Length(storedAt);
    if (bytes > D1_LIMITS.rowBytes) {
      throw new StoreError(`D1: cannot write the state: the cache entry ${key.slice(0, 100)} takes ${megabytes(bytes)}, more than the ${megabytes(D1_LIMITS.rowBytes)} D1 allows in one row.`);
    }
    await this.send('write', [this.db.prepare(SQL.putCache).bind(key, value, storedAt)]);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
