// The Store on Node: one SQLite file through better-sqlite3, in WAL mode. Every run is committed in
// one transaction, so a process killed at any moment leaves the previous state intact. The SQL
// itself is plain SQLite (schema.ts), and the schema comes from the migration list in migrations/,
// the same the D1 driver's database gets from wrangler.
import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AlertEvent, CacheEntry, CheckRecord, LinkState, RunRecord, Store } from '../core/ports.js';
import { StoreError } from '../core/errors.js';
import { EPOCH, SQL } from './schema.js';
import { migrate, readMigrations, type Migration } from './migrations.js';
import { checkFromRow, checkParams, eventFromRow, eventParams, linkFromRow, linkParams, type Row } from './rows.js';

/** SQLite's codes for a full or failing disk: the file is fine, the room or the device is not. */
const DISK_CODES = /^SQLITE_(FULL|IOERR)/;

/** What to do about a failure of the state file: never "move it away" when only the disk is full. */
function advice(e: unknown): string {
  const code = String((e as { code?: string })?.code ?? '');
  if (DISK_CODES.test(code)) {
    return 'The disk may be full or failing: free some space (or check the device) and run again; the state file keeps its last committed run.';
  }
  return 'If the file is damaged, move it away to start afresh (link history is lost) or restore a backup; check that the folder is writable.';
}

function fail(path: string, what: string, e: unknown): never {
  const msg = (e as Error)?.message ?? String(e);
  throw new StoreError(`${path}: cannot ${what} the state file (${msg}). ${advice(e)}`, { cause: e });
}

export class SqliteStore implements Store {
  private constructor(private readonly db: Database.Database, private readonly path: string) {}

  /** `migrations`: the list to apply, migrations/ by default (tests give their own). */
  static open(path: string, migrations: readonly Migration[] = readMigrations()): SqliteStore {
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:') {
        if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
          throw new StoreError(`${path}: cannot open the state file: it is a folder. Give --state a file name (default .feedwatch/state.db).`);
        }
        mkdirSync(dirname(path), { recursive: true });
      }
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a crash may lose the last run, never corrupt the file (SQLite docs, "WAL").
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      migrate(db, path, migrations);
      return new SqliteStore(db, path);
    } catch (e) {
      db?.close();
      if (e instanceof StoreError) throw e;
      return fail(path, 'open', e);
    }
  }

  private run<T>(what: string, fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (e) {
      if (e instanceof StoreError) return Promise.reject(e);
      const extra = DISK_CODES.test(String((e as { code?: string }).code ?? '')) ? ` ${advice(e)}` : '';
      return Promise.reject(new StoreError(`${this.path}: cannot ${what} the state file (${(e as Error).message}).${extra}`, { cause: e }));
    }
  }

  getLinks(urls: readonly string[]): Promise<Map<string, LinkState>> {
    return this.run('read', () => {
      const stmt = this.db.prepare(SQL.selectLink);
      const out = new Map<string, LinkState>();
      this.db.transaction(() => {
        for (const url of urls) {
          const row = stmt.get(url) as Row | undefined;
          if (row) out.set(url, linkFromRow(row));
        }
      })();
      return out;
    });
  }

  allLinks(): Promise<LinkState[]> {
    return this.run('read', () => (this.db.prepare(SQL.selectAllLinks).all() as Row[]).map(linkFromRow));
  }

  commitRun(run: RunRecord): Promise<void> {
    return this.run('write', () => {
      const upsert = this.db.prepare(SQL.upsertLink);
      const check = this.db.prepare(SQL.insertCheck);
      const event = this.db.prepare(SQL.insertEvent);
      this.db.transaction(() => {
        for (const l of run.links) upsert.run(...linkParams(l));
        for (const c of run.checks) check.run(...checkParams(c));
        for (const e of run.events) event.run(...eventParams(e));
        this.db.prepare(SQL.insertRun).run(run.startedAt, run.finishedAt, run.links.length, run.events.length);
        if (run.pruneBefore) {
          this.db.prepare(SQL.pruneChecks).run(run.pruneBefore);
          this.db.prepare(SQL.pruneEvents).run(run.pruneBefore);
        }
      })();
    });
  }

  history(urls: readonly string[] | null, since: string | null): Promise<CheckRecord[]> {
    return this.run('read', () => {
      const from = since ?? EPOCH;
      if (urls === null) return (this.db.prepare(SQL.historyAll).all(from) as Row[]).map(checkFromRow);
      const stmt = this.db.prepare(SQL.historyOf);
      const rows = urls.flatMap((u) => (stmt.all(u, from) as Row[]).map(checkFromRow));
      return rows.sort((a, b) => (a.checkedAt < b.checkedAt ? -1 : a.checkedAt > b.checkedAt ? 1 : 0));
    });
  }

  historySince(): Promise<string | null> {
    return this.run('read', () => ((this.db.prepare(SQL.historySince).get() as Row | undefined)?.since as string | null) ?? null);
  }

  events(limit: number): Promise<AlertEvent[]> {
    return this.run('read', () => (this.db.prepare(SQL.events).all(limit) as Row[]).map(eventFromRow));
  }

  undeliveredEvents(): Promise<AlertEvent[]> {
    return this.run('read', () => (this.db.prepare(SQL.undelivered).all() as Row[]).map(eventFromRow));
  }

  markDelivered(ids: readonly string[]): Promise<void> {
    return this.run('write', () => {
      const stmt = this.db.prepare(SQL.markDelivered);
      this.db.transaction(() => ids.forEach((id) => stmt.run(id)))();
    });
  }

  getCache(key: string): Promise<CacheEntry | null> {
    return this.run('read', () => {
      const row = this.db.prepare(SQL.getCache).get(key) as Row | undefined;
      return row ? { value: String(row.value), storedAt: String(row.stored_at) } : null;
    });
  }

  putCache(key: string, value: string, storedAt: string): Promise<void> {
    return this.run('write', () => void this.db.prepare(SQL.putCache).run(key, value, storedAt));
  }

  close(): Promise<void> {
    return this.run('close', () => void (this.db.open && this.db.close()));
  }
}

export function openSqliteStore(path: string): Store {
  return SqliteStore.open(path);
}
