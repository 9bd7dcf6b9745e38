// D1's limits, and cutting lists of rows into statement parameters that stay within them.
// Plain functions: no Workers or Node APIs, so the same code runs (and is tested) in both.
import { StoreError } from '../core/errors.js';

/** Limits of Cloudflare D1 (developers.cloudflare.com/d1/platform/limits), the same on the Paid plan. */
export const D1_LIMITS = {
  /** Bound parameters per statement. Local D1 enforces it ("too many SQL variables"). */
  paramsPerStatement: 100,
  /** SQL text per statement; bound values do not count. Local D1 enforces it ("statement too long"). */
  statementBytes: 100_000,
  /** One string, BLOB or row. Local D1 enforces it ("string or blob too big"). */
  rowBytes: 2_000_000,
  /** Queries per Worker invocation. Not enforced locally: the store counts them (D1Store.queries). */
  queriesPerInvocation: 1_000,
} as const;

/**
 * What the D1 store aims for: one JSON parameter of about 1 MB (half the value limit, so a single
 * large row still fits beside nothing else), and at most 16 MB of rows in one commit batch, a bound
 * of ours that keeps a commit well inside the Worker's 128 MB and D1's 30 s per batch.
 */
export const D1_DEFAULTS = { chunkBytes: 1_000_000, maxCommitBytes: 16_000_000, pageRows: 10_000 } as const;

/** UTF-8 length of a string, without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * JSON of one row. A lone surrogate (JSON.stringify writes it as a `\udXXX` escape) becomes U+FFFD,
 * as it would when bound as a parameter, so both drivers store the same text.
 */
function rowJson(row: unknown): string {
  const json = JSON.stringify(row);
  if (!/\\u[dD][89a-fA-F]/.test(json)) return json;
  const fix = (v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\ufffd') : v);
  return JSON.stringify(Array.isArray(row) ? row.map(fix) : fix(row));
}

export interface JsonChunk {
  /** A JSON array of the rows: the one parameter of a json_each statement. */
  json: string;
  bytes: number;
  rows: number;
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;

/**
 * Cuts `rows` (each an array in column order, or a single value) into JSON arrays of about
 * `chunkBytes`, in order. A row too big for D1 on its own is a StoreError naming it (`describe`),
 * thrown before anything is sent.
 */
export function jsonChunks(
  rows: readonly unknown[], chunkBytes: number, describe: (row: unknown) => string, what: 'read' | 'write' = 'write',
): JsonChunk[] {
  const out: JsonChunk[] = [];
  let parts: string[] = [];
  let size = 2;
  const flush = () => {
    if (parts.length) out.push({ json: `[${parts.join(',')}]`, bytes: size, rows: parts.length });
    parts = [];
    size = 2;
  };
  for (const row of rows) {
    const json = rowJson(row);
    const bytes = utf8Length(json);
    if (bytes + 2 > D1_LIMITS.rowBytes) {
      throw new StoreError(
        `D1: cannot ${what} the state: ${describe(row)} takes ${mb(bytes)}, more than the ${mb(D1_LIMITS.rowBytes)} D1 allows in one row. ` +
          (what === 'write' ? 'Nothing was written; the previous state stays. ' : '') +
          'A field that large is a feedwatch bug (please report it); until it is fixed, `check.ignore` on that URL lets the other links be recorded.',
      );
    }
    if (parts.length && size + 1 + bytes > chunkBytes) flush();
    size += bytes + (parts.length ? 1 : 0);
    parts.push(json);
  }
  flush();
  return out;
}

export { mb as megabytes };
