// globalSetup of the `workers` vitest project, run in Node before the Worker tests: opens a fresh
// SQLite state file with the real driver (which applies migrations/) and hands its schema to
// tests/worker/schema.test.ts, which compares it with the schema D1 got from the same list.
import type { TestProject } from 'vitest/node';
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite.js';
import { schemaShape } from './schema-shape.js';

export async function setup(project: TestProject): Promise<void> {
  // Not tests/helpers/cli.ts's tempDir: that module loads the whole command line.
  const dir = await mkdtemp(join(tmpdir(), 'feedwatch-schema-'));
  try {
    const path = join(dir, 'state.db');
    await SqliteStore.open(path).close();
    const db = new Database(path, { readonly: true });
    try {
      project.provide('sqliteSchema', await schemaShape(async (sql) => db.prepare(sql).all() as Record<string, unknown>[]));
    } finally {
      db.close();
    }
  } catch (e) {
    // Reported by the test that needs it, not as a crash of the whole run.
    project.provide('sqliteSchema', { error: (e as Error).stack ?? String(e) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
