// Suggestions: for a broken or soft-404 link, the closest archived copy from the Internet Archive's
// Wayback availability API; for a moved link, its new address. HTTP is the platform `fetch`,
// handed in by the runtime (tests pass one that msw intercepts). Lookups are cached in the store and
// asked at most once per link per week; an unreachable archive means no suggestion, never a failure.
import type { LinkState, Store } from '../core/ports.js';
import type { LinkStatus, Suggestion } from '../core/types.js';

/** https://archive.org/help/wayback_api.php */
export const WAYBACK_ENDPOINT = 'https://archive.org/wayback/available';
/** Issue #4: ask at most once per link per week. */
export const WAYBACK_CACHE_MS = 7 * 24 * 3600 * 1000;
const TIMEOUT_MS = 10_000;
/** Lookups at once: a courtesy to archive.org. */
const CONCURRENCY = 4;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface WaybackDeps {
  fetch: FetchLike;
  store: Pick<Store, 'getCache' | 'putCache'>;
  /** ISO 8601: the run's time, for the cache age. */
  now: string;
  timeoutMs?: number;
  endpoint?: string;
}

const NEEDS_ARCHIVE: ReadonlySet<LinkStatus> = new Set(['broken', 'soft404']);

/** `20130919044612` -> `2013-09-19T04:46:12.000Z`. */
function fromWaybackTime(ts: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?$/.exec(ts);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.000Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** ISO 8601 -> `YYYYMMDDhhmmss`, the form the API takes. */
function toWaybackTime(iso: string): string {
  return iso.replace(/[-:T]/g, '').slice(0, 14);
}

function parseAnswer(body: unknown): Suggestion | null {
  const closest = (body as { archived_snapshots?: { closest?: Record<string, unknown> } })?.archived_snapshots?.closest;
  if (!closest || closest.available !== true || typeof closest.url !== 'string') return null;
  if (typeof closest.status === 'string' && !/^2/.test(closest.status)) return null;
  let url: URL;
  try {
    url = new URL(closest.url);
  } catch {
    return null;
  }
  if (url.protocol === 'http:') url.protocol = 'https:'; // the archive serves every snapshot over https
  return { kind: 'archive', url: url.href, at: typeof closest.timestamp === 'string' ? fromWaybackTime(closest.timestamp) : null };
}

class Unreachable extends Error {}

/** Where a lookup is cached in the store: `{"suggestion": Suggestion | null}`. */
export function waybackCacheKey(url: string): string {
  return `wayback:${url}`;
}

async function ask(url: string, around: string | null, deps: WaybackDeps): Promise<Suggestion | null> {
  const q = new URL(deps.endpoint ?? WAYBACK_ENDPOINT);
  q.searchParams.set('url', url);
  if (around) q.searchParams.set('timestamp', toWaybackTime(around));
  let response: Response;
  try {
    response = await deps.fetch(q.href, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(deps.timeoutMs ?? TIMEOUT_MS) });
  } catch (e) {
    throw new Unreachable((e as Error).message);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Unreachable(`HTTP ${response.status}`);
  }
  try {
    return parseAnswer(await response.json());
  } catch {
    throw new Unreachable('not JSON');
  }
}

/**
 * The archived copy closest to `around` (when the link last worked), from cache when asked within
 * a week. Returns null when there is none; throws Unreachable when the archive could not answer
 * (not cached, so the next run asks again).
 */
async function archiveSuggestion(url: string, around: string | null, deps: WaybackDeps): Promise<Suggestion | null> {
  const key = waybackCacheKey(url);
  const cached = await deps.store.getCache(key);
  if (cached && Date.parse(deps.now) - Date.parse(cached.storedAt) < WAYBACK_CACHE_MS) {
    try {
      return (JSON.parse(cached.value) as { suggestion: Suggestion | null }).suggestion;
    } catch {
      // A damaged cache entry is asked again.
    }
  }
  const suggestion = await ask(url, around, deps);
  await deps.store.putCache(key, JSON.stringify({ suggestion }), deps.now);
  return suggestion;
}

/** Special-use names (RFC 6761, RFC 6762, RFC 8375) and private/loopback IP literals the archive cannot hold. */
const NON_PUBLIC_HOST =
  /^(localhost|.*\.(localhost|local|internal|test|invalid|home\.arpa)|127\..*|10\..*|192\.168\..*|172\.(1[6-9]|2\d|3[01])\..*|169\.254\..*|0\..*|\[(::1?|f[cd].*|fe[89ab].*)\])$/i;

/** Whether the Internet Archive can hold a copy: a web address on a public host. */
export function isArchivable(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !NON_PUBLIC_HOST.test(u.hostname);
  } catch {
    return false;
  }
}

export interface SuggestOptions {
  /** config alerts.wayback; when false only `moved` suggestions are made. */
  wayback: boolean;
  /**
   * Which links to ask about; default isArchivable. Private and loopback addresses are never sent
   * to archive.org (so tests against local servers never reach out); tests of the lookup itself
   * may widen it.
   */
  archivable?: (url: string) => boolean;
}

/**
 * Suggestions for the links of a run: the new address of moved links, an archived copy of broken
 * and soft-404 ones. Once the archive proves unreachable, the rest of the run does not ask.
 */
export async function suggestionsFor(states: readonly LinkState[], deps: WaybackDeps, options: SuggestOptions): Promise<Map<string, Suggestion>> {
  const out = new Map<string, Suggestion>();
  const pending: LinkState[] = [];
  for (const s of states) {
    if (s.status === 'moved' && s.finalUrl) out.set(s.url, { kind: 'moved', url: s.finalUrl, at: s.since });
    else if (options.wayback && NEEDS_ARCHIVE.has(s.status) && (options.archivable ?? isArchivable)(s.url)) pending.push(s);
  }
  let reachable = true;
  const worker = async () => {
    for (let s = pending.shift(); s && reachable; s = pending.shift()) {
      try {
        const suggestion = await archiveSuggestion(s.url, s.lastOkAt, deps);
        if (suggestion) out.set(s.url, suggestion);
      } catch (e) {
        if (e instanceof Unreachable) reachable = false;
        else throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Map order follows the states, so reports built from it stay deterministic.
  return new Map(states.filter((s) => out.has(s.url)).map((s) => [s.url, out.get(s.url)!]));
}
