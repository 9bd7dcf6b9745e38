import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite.js';
import { readMigrations } from '../../src/store/migrations.js';
import { StoreError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/cli.js';
import { storeSuite } from './store-suite.js';

const SCHEMA_VERSION = readMigrations().length;

storeSuite('sqlite', async () => {
  const { dir, cleanup } = await tempDir('feedwatch-store-');
  const path = join(dir, 'sub', 'state.db');
  return { store: SqliteStore.open(path), reopen: async () => SqliteStore.open(path), cleanup };
});

describe('sqlite file', () => {
  it('uses WAL and records the schema version', async () => {
    const { dir, cleanup } = await tempDir();
    const path = join(dir, 'state.db');
    await SqliteStore.open(path).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    await cleanup();
  });

  it('a corrupt file is a StoreError that names the file and says what to do', async () => {
    const { dir, cleanup } = await tempDir();
    const path = join(dir, 'state.db');
    await writeFile(path, 'this is not a database, just text '.repeat(200));
    let err: unknown;
    try {
      SqliteStore.open(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(/move it away|restore a backup/);
    await cleanup();
  });

  it('a file from a newer feedwatch is refused', async () => {
    const { dir, cleanup } = await tempDir();
    const path = join(dir, 'state.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => SqliteStore.open(path)).toThrow(/newer/);
    await cleanup();
  });
});
