// Helpers for D1 tests inside workerd.
import type { D1Like, D1StatementLike } from '../../src/store/d1.js';

/** Deletes every row of the application's tables (the schema and d1_migrations stay). */
export async function emptyD1(db: D1Database): Promise<void> {
  const { results } = await db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
      AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name <> 'd1_migrations'`)
    .all<{ name: string }>();
  if (results.length) await db.batch(results.map((t) => db.prepare(`DELETE FROM "${t.name}"`)));
}

export interface SentStatement {
  sql: string;
  params: unknown[];
}

/**
 * The real D1 binding, with every statement it is sent recorded: what each call carried, so tests
 * can hold the driver to D1's per-statement limits (local D1 enforces them too). `failBatch` injects
 * a failure: a batch it returns an error for is refused whole, as D1 refuses a failed transaction.
 */
export function recordingD1(db: D1Database, failBatch?: (sent: SentStatement[]) => Error | null): { db: D1Like; calls: SentStatement[][] } {
  const calls: SentStatement[][] = [];
  const real = new WeakMap<object, { stmt: D1PreparedStatement; sent: SentStatement }>();
  const wrap = (stmt: D1PreparedStatement, sent: SentStatement): D1StatementLike => {
    const w: D1StatementLike = {
      bind: (...values: unknown[]) => wrap(stmt.bind(...values), { sql: sent.sql, params: values }),
      all: () => {
        calls.push([sent]);
        return stmt.all();
      },
    };
    real.set(w, { stmt, sent });
    return w;
  };
  return {
    calls,
    db: {
      prepare: (sql: string) => wrap(db.prepare(sql), { sql, params: [] }),
      batch: (stmts: D1StatementLike[]) => {
        const inner = stmts.map((s) => real.get(s)!);
        calls.push(inner.map((i) => i.sent));
        const refused = failBatch?.(inner.map((i) => i.sent));
        if (refused) return Promise.reject(refused);
        return db.batch(inner.map((i) => i.stmt));
      },
    },
  };
}

export const utf8Bytes = (v: unknown): number => (typeof v === 'string' ? new TextEncoder().encode(v).length : 8);
