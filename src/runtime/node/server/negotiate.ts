// Conditional requests (RFC 9110 §13) and content coding negotiation (RFC 9110 §12.5.3).

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

export type Coding = 'br' | 'gzip' | 'identity';

/**
 * Picks the coding for a response from Accept-Encoding with q-values (RFC 9110 §12.5.3).
 * Among the acceptable codings with the highest q, prefers br, then gzip, then identity.
 * `identity` is acceptable unless refused by `identity;q=0` or `*;q=0` without naming it.
 */
export function negotiateEncoding(header: string | undefined): Coding {
  if (!header) return 'identity';
  const known = negotiated.get(header);
  if (known) return known;
  const coding = pickEncoding(header);
  // Clients send a handful of distinct headers; remember them, within a bound.
  if (negotiated.size >= MAX_REMEMBERED) negotiated.clear();
  negotiated.set(header, coding);
  return coding;
}

const negotiated = new Map<string, Coding>();
const MAX_REMEMBERED = 256;

function pickEncoding(header: string): Coding {
  const q = new Map<string, number>();
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
    q.set(name === 'x-gzip' ? 'gzip' : name, weight);
  }
  const star = q.get('*');
  const weightOf = (c: Coding): number => q.get(c) ?? (c === 'identity' ? (star === 0 ? 0 : 0.001) : star ?? 0);
  let best: Coding = 'identity';
  let bestQ = -1;
  for (const c of ['br', 'gzip', 'identity'] as const) {
    const w = weightOf(c);
    if (w > 0 && w > bestQ) {
      best = c;
      bestQ = w;
    }
  }
  // Nothing acceptable: RFC 9110 §12.5.3 allows sending identity anyway rather than a 406.
  return best;
}
