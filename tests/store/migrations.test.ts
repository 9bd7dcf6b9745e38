// The SQLite driver applies migrations/ the way wrangler applies it to D1 (d1_migrations table), and
// upgrades state files made before migrations existed without losing anything.
import { describe, expect, it } from 'vitest';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite.js';
import { MIGRATIONS_DIR, readMigrations, type Migration } from '../../src/store/migrations.js';
import { StoreError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/cli.js';
import { schemaShape } from './schema-shape.js';

const FIXTURE = join(__dirname, 'fixtures/state-v1.db');

function peek<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
const applied = (path: string) => peek(path, (db) => (db.prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name));
async function shape(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return await schemaShape(async (sql) => db.prepare(sql).all() as Record<string, unknown>[]);
  } finally {
    db.close();
  }
}

describe('migrations/', () => {
  it('is wrangler-shaped: numbered .sql files, the first one the initial schema', () => {
    const list = readMigrations();
    expect(list.length).toBeGreaterThanOrEqual(1);
    expect(list[0]!.name).toBe('0001_initial.sql');
    for (const m of list) expect(m.name).toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
    expect(MIGRATIONS_DIR.endsWith('/migrations/')).toBe(true);
  });

  it('a new state file gets every migration, recorded in d1_migrations, and user_version', async () => {
    const { dir, cleanup } = await tempDir();
    const path = join(dir, 'state.db');
    await SqliteStore.open(path).close();
    expect(applied(path)).toEqual(readMigrations().map((m) => m.name));
    expect(peek(path, (db) => db.pragma('user_version', { simple: true }))).toBe(readMigrations().length);
    // opening again applies nothing twice
    await SqliteStore.open(path).close();
    expect(applied(path)).toEqual(readMigrations().map((m) => m.name));
    await cleanup();
  });

  it('upgrades a state file made by feedwatch before migrations/, keeping all of its data', async () => {
    const { dir, cleanup } = await tempDir();
    const path = join(dir, 'state.db');
    await copyFile(FIXTURE, path);
    expect(peek(path, (db) => db.prepare(`SELECT name FROM sqlite_master WHERE name = 'd1_migrations'`).get())).toBeUndefined();
    const fresh = join(dir, 'fresh.db');
    await SqliteStore.open(fresh).close();

    const store = SqliteStore.open(path);
    const links = await store.allLinks();
    expect(links.map((l) => [l.url, l.status, l.consecutiveFailures])).toEqual([
      ['https://a.example/', 'ok', 0],
      ['https://b.example/x?y=1#frag', 'broken', 2],
      ['https://sv.example/åäö', 'ok', 0],
    ]);
    expect(links[1]).toMatchObject({ reason: 'http-404', httpStatus: 404, title: null, firstFailedAt: '2026-11-02T00:00:00.000Z', alertedStatus: 'broken' });
    expect(links[0]).toMatchObject({ etag: '"e"', fingerprint: 'v1:abc', excerpt: 'Title | text', checkedAt: '2026-11-02T00:00:00.000Z' });
    expect(await store.history(null, null)).toHaveLength(5);
    expect(await store.historySince()).toBe('2026-11-01T00:00:00.000Z');
    expect((await store.events(10)).map((e) => [e.id, e.delivered])).toEqual([['ev-1', false], ['ev-0', true]]);
    expect((await store.undeliveredEvents()).map((e) => e.id)).toEqual(['ev-1']);
    expect(await store.getCache('wayback:https://b.example/x?y=1#frag')).toEqual({
      value: '{"url":"https://web.archive.org/web/2026/https://b.example/x"}', storedAt: '2026-11-02T00:00:00.000Z',
    });
    // and it keeps working
    await store.commitRun({ startedAt: 'x', finishedAt: 'x', links: [{ ...links[0]!, status: 'changed' }], checks: [], events: [] });
    await store.close();

    expect(applied(path)).toEqual(readMigrations().map((m) => m.name));
    expect(await shape(path)).toEqual(await shape(fresh));
    await cleanup();
  });

  it('applies only what is new, and a failing migration leaves the file as it was', async () => {
    const { dir, cleanup } = await tempDir();
    const path = join(dir, 'state.db');
    await copyFile(FIXTURE, path);
    const base = readMigrations();
    const later: Migration[] = [...base, { name: '9001_notes.sql', sql: 'CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL);' }];
    await SqliteStore.open(path, later).close();
    expect(applied(path)).toEqual(later.map((m) => m.name));
    expect(peek(path, (db) => db.pragma('user_version', { simple: true }))).toBe(later.length);

    const broken: Migration[] = [...later, { name: '9002_bad.sql', sql: 'CREATE TABLE more (x TEXT);\nALTER TABLE nope ADD COLUMN y TEXT;' }];
    let err: unknown;
    try {
      SqliteStore.open(path, broken);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/9002_bad\.sql failed \(no such table: nope\); the state file is unchanged/);
    expect(applied(path)).toEqual(later.map((m) => m.name));
    expect(peek(path, (db) => db.prepare(`SELECT name FROM sqlite_master WHERE name = 'more'`).get())).toBeUndefined();
    const store = SqliteStore.open(path, later);
    expect((await store.allLinks()).length).toBe(3);
    await store.close();
    await cleanup();
  });

  it('a file migrated by a newer feedwatch is refused, naming the migration it does not know', async () => {
    const { dir, cleanup } = await tempDir();
    const path = join(dir, 'state.db');
    const later: Migration[] = [...readMigrations(), { name: '9001_notes.sql', sql: 'CREATE TABLE notes (id TEXT);' }];
    await SqliteStore.open(path, later).close();
    const db = new Database(path);
    db.pragma(`user_version = ${readMigrations().length}`); // as if only the migration list differed
    db.close();
    expect(() => SqliteStore.open(path)).toThrow(/written by a newer feedwatch \(migration 9001_notes\.sql\)\. Upgrade feedwatch/);
    await cleanup();
  });

  it('a misnamed file in the folder is a clear error', async () => {
    const { dir, cleanup } = await tempDir();
    await mkdir(join(dir, 'm'));
    await writeFile(join(dir, 'm', '0001_initial.sql'), 'SELECT 1;');
    await writeFile(join(dir, 'm', 'extra.sql'), 'SELECT 1;');
    expect(() => readMigrations(join(dir, 'm'))).toThrow(/extra\.sql: a migration file is named <number>_<name>\.sql/);
    await cleanup();
  });
});
