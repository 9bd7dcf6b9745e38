// Conditional requests (RFC 9110 §13), entity tags (§8.8.3) and content coding negotiation (§12.5.3).
import type { Coding, RequestHeaders } from './types.js';

/**
 * RFC 9110 §13.1.2: If-None-Match uses the weak comparison: two entity tags match when their
 * opaque tags are equal, whether or not either is marked weak (`W/"x"` matches `"x"`).
 * The header is `*` or a comma-separated list of entity tags.
 */
export function ifNoneMatchMatches(header: string, etag: string): boolean {
  if (header === etag) return true; // the common case: a reader sends back what it got
  const trimmed = header.trim();
  if (trimmed === '*') return true;
  const wanted = opaqueTag(etag);
  // Entity tags may contain commas inside quotes (RFC 9110 §8.8.3: etagc excludes only DQUOTE),
  // so scan quoted strings rather than splitting on commas.
  const tagPattern = /(?:W\/)?"([^"]*)"/g;
  for (const m of trimmed.matchAll(tagPattern)) {
    if (m[1] === wanted) return true;
  }
  return false;
}

function opaqueTag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/**
 * RFC 9110 §13.1.3: If-Modified-Since is evaluated only when If-None-Match is absent; the
 * resource is unmodified when its Last-Modified is not later than the date given.
 * An unparsable date is ignored (the full response is sent).
 */
export function notModifiedSince(header: string, lastModifiedMs: number): boolean {
  const since = Date.parse(header);
  if (Number.isNaN(since)) return false;
  // HTTP dates have one-second resolution.
  return Math.floor(lastModifiedMs / 1000) * 1000 <= since;
}

/**
 * RFC 9110 §13.2.2: If-None-Match takes precedence; If-Modified-Since counts only without it.
 * (Both apply to GET and HEAD, the only methods that answer with a file here.)
 */
export function isNotModified(headers: RequestHeaders, etag: string, lastModifiedMs: number): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) return ifNoneMatchMatches(inm, etag);
  const ims = headers['if-modified-since'];
  return ims !== undefined && notModifiedSince(ims, lastModifiedMs);
}

/** `"` + hash + suffix + `"`: one strong tag per coding of the same content (RFC 9110 §8.8.3). */
export function etagFor(hash: string, coding: Coding): string {
  return coding === 'identity' ? `"${hash}"` : `"${hash}-${coding === 'gzip' ? 'gz' : 'br'}"`;
}

/** Every coding, in the order preferred when the client ranks them equally and names none of them first. */
export const ALL_CODINGS: readonly Coding[] = Object.freeze(['br', 'gzip', 'identity'] as const);
export const IDENTITY_ONLY: readonly Coding[] = Object.freeze(['identity'] as const);

/**
 * Picks the coding for a response from Accept-Encoding with q-values (RFC 9110 §12.5.3), among
 * the codings the file has: the highest q wins, and among equal q the coding the client lists
 * first (RFC 9110 leaves that choice to the server; Cloudflare's edge and wrangler's simulator of
 * it choose the same way, so an answer passes the edge unchanged: README, "What the edge may
 * change"). Browsers send `gzip, deflate, br` and get gzip. `identity` is acceptable unless
 * refused by `identity;q=0` or `*;q=0` without naming it, and comes after every named coding of
 * the same q. `*` with a q above 0 makes the codings it covers acceptable but never preferred: a
 * client that names no coding gets identity, as with no header. When nothing acceptable is
 * available, identity is sent (no 406).
 */
export function negotiateEncoding(header: string | undefined, available: readonly Coding[] = ALL_CODINGS): Coding {
  if (!header) return 'identity';
  let ranking = rankings.get(header);
  if (!ranking) {
    ranking = rankEncodings(header);
    // Clients send a handful of distinct headers; remember them, within a bound.
    if (rankings.size >= MAX_REMEMBERED) rankings.clear();
    rankings.set(header, ranking);
  }
  if (available === ALL_CODINGS) return ranking[0] ?? 'identity';
  for (const c of ranking) if (available.includes(c)) return c;
  return 'identity';
}

const rankings = new Map<string, readonly Coding[]>();
const MAX_REMEMBERED = 256;

/** The weight of identity when not named (acceptable unless refused): below every named coding. */
const UNNAMED = 0.0001;
/** A coding accepted only through `*`: below identity, so it is sent only where identity is refused. */
const STAR_ONLY = UNNAMED / 2;

/** The acceptable codings, best first. */
function rankEncodings(header: string): readonly Coding[] {
  // Per coding name: its q and where the client listed it (a repeated name: the last one counts).
  const named = new Map<string, { q: number; at: number }>();
  let at = 0;
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.trim().split(';');
    const name = rawName?.trim().toLowerCase();
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const [key, value] = p.split('=').map((x) => x.trim());
      if (key?.toLowerCase() !== 'q') continue;
      // RFC 9110 §12.4.2: qvalue = 0[.ddd] or 1[.000]; anything else refuses the coding.
      weight = value !== undefined && /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
    }
    named.set(name === 'x-gzip' ? 'gzip' : name, { q: weight, at: at++ });
  }
  const star = named.get('*')?.q;
  const weightOf = (c: Coding): number => named.get(c)?.q ?? (c === 'identity' ? (star === 0 ? 0 : UNNAMED) : star ? STAR_ONLY : 0);
  const orderOf = (c: Coding): number => named.get(c)?.at ?? Number.MAX_SAFE_INTEGER;
  // Higher q first, then the client's order; the sort is stable, so ALL_CODINGS' order breaks what is left.
  return ALL_CODINGS.filter((c) => weightOf(c) > 0).sort((a, b) => weightOf(b) - weightOf(a) || orderOf(a) - orderOf(b));
}
