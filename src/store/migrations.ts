// The migration list in migrations/ (wrangler's D1 format: `0001_<name>.sql`, ...), applied to a
// SQLite file the way `wrangler d1 migrations apply` applies it to D1: each file not yet named in the
// d1_migrations table runs, then its name is recorded there. So a state file and a D1 database that
// saw the same list have the same schema. Node only (reads the folder); D1 gets the list from wrangler.
import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../core/errors.js';
import { CREATE_MIGRATIONS_TABLE, MIGRATIONS_TABLE } from './schema.js';

export interface Migration {
  /** The file name, as wrangler records it: `0001_initial.sql`. */
  name: string;
  sql: string;
}

/** migrations/ at the package root: two levels above this file in src/store/ and in dist/store/ alike. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

const NAME = /^(\d+)_[\w.-]+\.sql$/;

/** The list in order of its numbers, as wrangler applies it. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.sql'));
  } catch (e) {
    throw new StoreError(`cannot read the migrations folder ${dir} (${(e as Error).message}); reinstall feedwatch.`, { cause: e });
  }
  const bad = names.find((n) => !NAME.test(n));
  if (bad) throw new StoreError(`${join(dir, bad)}: a migration file is named <number>_<name>.sql, e.g. 0002_runs.sql.`);
  const num = (n: string) => Number(NAME.exec(n)![1]);
  return names
    .sort((a, b) => num(a) - num(b) || (a < b ? -1 : 1))
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * State files made before migrations/ existed record their schema only in PRAGMA user_version: version
 * N means the first N migrations of the list (version 1 = 0001_initial.sql, the one schema they had).
 */
function legacyApplied(db: Database.Database, migrations: readonly Migration[]): string[] {
  const version = Number(db.pragma('user_version', { simple: true }));
  return migrations.slice(0, version).map((m) => m.name);
}

/**
 * Brings the file up to the list, in one transaction (a failing migration leaves the file as it was).
 * PRAGMA user_version is kept at the number of migrations applied, so a feedwatch from before
 * migrations/ refuses a file that a newer one has changed.
 */
export function migrate(db: Database.Database, path: string, migrations: readonly Migration[]): void {
  const known = new Set(migrations.map((m) => m.name));
  const newer = (what: string) =>
    new StoreError(`${path}: the state file was written by a newer feedwatch (${what}). Upgrade feedwatch to use it.`);
  db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > migrations.length) throw newer(`schema version ${version}, this one knows ${migrations.length}`);
    const hadTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE) !== undefined;
    db.exec(CREATE_MIGRATIONS_TABLE);
    const record = db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES (?)`);
    if (!hadTable) for (const name of legacyApplied(db, migrations)) record.run(name);
    const applied = new Set((db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE}`).all() as { name: string }[]).map((r) => r.name));
    const unknown = [...applied].find((n) => !known.has(n));
    if (unknown) throw newer(`migration ${unknown}`);
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      try {
        db.exec(m.sql);
      } catch (e) {
        throw new StoreError(`${path}: migration ${m.name} failed (${(e as Error).message}); the state file is unchanged.`, { cause: e });
      }
      record.run(m.name);
    }
    if (version !== migrations.length) db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
