// One migration list, two drivers, one schema: the D1 database (migrated from migrations/ like
// `wrangler d1 migrations apply` does) and a SQLite state file opened by the Node driver have the same
// tables, columns, types, defaults, keys and indexes, and record the same applied migrations.
import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { schemaShape, type SchemaShape } from '../store/schema-shape.js';

const d1All = async (sql: string) => (await env.DB.prepare(sql).all<Record<string, unknown>>()).results;

describe('schema from migrations/', () => {
  it('D1 and the SQLite driver end with the same schema', async () => {
    const sqlite = inject('sqliteSchema');
    if ('error' in sqlite) throw new Error(`the SQLite driver could not make its schema:\n${sqlite.error}`);
    const d1 = await schemaShape(d1All);
    expect(d1).toEqual(sqlite);
    // and the comparison is not vacuous
    const names = (s: SchemaShape) => s.tables.map((t) => t.name);
    expect(names(d1)).toEqual(expect.arrayContaining(['links', 'checks', 'events', 'runs', 'cache', 'd1_migrations']));
    expect(d1.tables.find((t) => t.name === 'checks')!.indexes.map((i) => i.name)).toEqual(['checks_by_time', 'checks_by_url']);
  });

  it('D1 records every migration of the list, as wrangler does', async () => {
    const applied = (await d1All('SELECT name FROM d1_migrations ORDER BY id')).map((r) => r.name);
    expect(applied).toEqual(env.TEST_MIGRATIONS.map((m) => m.name));
    expect(applied[0]).toBe('0001_initial.sql');
  });
});
