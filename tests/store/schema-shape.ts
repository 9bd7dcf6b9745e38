// The schema of a SQLite database (SQLite file or D1) as plain data: tables with their columns,
// indexes with their columns. Both drivers' schemas are compared through it. No node:* imports:
// it runs inside workerd too.

export type SqlAll = (sql: string) => Promise<Record<string, unknown>[]>;

export interface SchemaShape {
  tables: {
    name: string;
    columns: { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }[];
    indexes: { name: string; unique: number; origin: string; partial: number; columns: string[] }[];
  }[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The schema the SQLite driver made from migrations/ (tests/store/sqlite-schema-setup.ts), or why it could not. */
    sqliteSchema: SchemaShape | { error: string };
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** SQLite's own tables (sqlite_sequence, ...) and D1's (_cf_METADATA, ...) are not the application's. */
const OWN_TABLES = `SELECT name FROM sqlite_master WHERE type = 'table'
  AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY name`;

export async function schemaShape(all: SqlAll): Promise<SchemaShape> {
  const tables: SchemaShape['tables'] = [];
  for (const { name } of await all(OWN_TABLES)) {
    const table = String(name);
    const columns = (await all(`PRAGMA table_info(${quote(table)})`)).map((c) => ({
      name: String(c.name), type: String(c.type), notnull: Number(c.notnull), dflt_value: c.dflt_value ?? null, pk: Number(c.pk),
    }));
    const indexes: SchemaShape['tables'][number]['indexes'] = [];
    for (const i of await all(`PRAGMA index_list(${quote(table)})`)) {
      const cols = (await all(`PRAGMA index_info(${quote(String(i.name))})`)).sort((a, b) => Number(a.seqno) - Number(b.seqno));
      indexes.push({ name: String(i.name), unique: Number(i.unique), origin: String(i.origin), partial: Number(i.partial), columns: cols.map((c) => String(c.name)) });
    }
    indexes.sort((a, b) => (a.name < b.name ? -1 : 1));
    tables.push({ name: table, columns, indexes });
  }
  return { tables };
}
