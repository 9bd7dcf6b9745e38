// One link, one run: request it (politely, with retries and redirects), read the page, and say
// what it is. A link's failure is a value, never an exception.
import type { LinkCheckResult, LinkTarget } from '../core/types.js';
import type { LinkState } from '../core/ports.js';
import type { HttpClient, HttpResponse } from './http.js';
import type { HostGate } from './politeness.js';
import { followChain, type ChainEnd } from './fetch-chain.js';
import { blockedVerdict, httpFailureVerdict, reachableVerdict, type Verdict } from './classify.js';
import { isHtml } from './decode.js';
import { detach, fingerprintBytes, fingerprintVersion, pageChange } from './page.js';
import { summarizeHtml, type HtmlReader, type PageSummary } from './page-summary.js';
import { saysNotFound } from './soft404.js';

export interface CheckOptions {
  userAgent: string;
  /** Extra request headers by host name (config `check.headers`). */
  headers: Record<string, Record<string, string>>;
  maxRedirects: number;
  retries: number;
  retryBaseMs: number;
  retryAfterCapMs: number;
  timeoutMs: number;
  maxBodyBytes: number;
}

export interface CheckDeps {
  http: HttpClient;
  gate: HostGate;
  now: () => Date;
  options: CheckOptions;
  /** Shutdown: aborts every check in flight. */
  signal?: AbortSignal;
  /** Reads HTML pages elsewhere (another thread); default: summarizeHtml in this thread. */
  readHtml?: HtmlReader;
}

/** Fragments that are not element ids: text fragments (`#:~:text=`), "top of page". */
const NON_ID_FRAGMENT = /^(:~:|top$|$)/;
/** Previous statuses under which an unchanged page (304) keeps its verdict. */
export const REVALIDATE: ReadonlySet<string> = new Set(['ok', 'changed', 'moved']);

function base(url: string, checkedAt: string): LinkCheckResult {
  return {
    url, status: 'ok', reason: null, error: null, httpStatus: null, finalUrl: null, redirects: [], title: null,
    checkedAt, etag: null, lastModified: null, fingerprint: null, excerpt: null, change: null, notModified: false, durationMs: 0,
  };
}

function failureResult(end: Exclude<ChainEnd, { kind: 'response' }>, timeoutMs: number): Verdict & { error: string } {
  if (end.kind !== 'failure') return { status: 'broken', reason: end.kind === 'bad-redirect' ? 'bad-redirect' : end.kind, error: end.message };
  const f = end.failure;
  if (f.code === 'private-address') return { status: 'skipped', reason: 'private-address', error: f.message };
  if (f.code === 'timeout') return { status: 'broken', reason: 'timeout', error: f.message || `no complete answer within ${timeoutMs} ms` };
  return { status: 'broken', reason: f.code, error: f.message };
}

/** One fetched page, before any `#fragment` of the links that cite it is looked at. */
export interface PageCheck {
  result: LinkCheckResult;
  /** ids and names on the final page; null when the page was not read (failure, 304, not HTML). */
  anchors: Set<string> | null;
  truncated: boolean;
}

/** The link as cited (with its fragment) from the check of its page. */
export function applyFragment(page: PageCheck, url: string, fragment: string): LinkCheckResult {
  const result = { ...page.result, url };
  // A missing fragment is only certain when the whole page was read.
  if (!fragment || NON_ID_FRAGMENT.test(fragment) || !page.anchors || page.truncated || page.anchors.has(fragment)) return result;
  if (!['ok', 'changed', 'moved', 'soft404'].includes(result.status)) return result;
  return { ...result, status: 'broken', reason: 'fragment', error: `no element with id or name "${fragment}" on ${result.finalUrl ?? url}`, change: null };
}

/** Splits a cited URL into the page to fetch and its fragment; null when it cannot be fetched. */
export function pageOf(url: string): { page: URL; fragment: string } | null {
  try {
    const page = new URL(url);
    if (page.protocol !== 'http:' && page.protocol !== 'https:') return null;
    const fragment = decodeFragment(page.hash.slice(1));
    page.hash = '';
    return { page, fragment };
  } catch {
    return null;
  }
}

/** A link that is never fetched: skipped by collect, not a URL, or not http(s). */
export function unfetchable(target: LinkTarget, now: Date): LinkCheckResult | null {
  const result = base(target.url, now.toISOString());
  if (target.skip) return { ...result, status: 'skipped', reason: target.skip.reason, error: target.skip.error };
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return { ...result, status: 'broken', reason: 'invalid-url', error: `not a valid URL: ${target.url}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ...result, status: 'skipped', reason: 'unsupported-scheme', error: `${url.protocol} links are not checked` };
  }
  return null;
}

export async function checkLink(target: LinkTarget, previous: LinkState | undefined, deps: CheckDeps): Promise<LinkCheckResult> {
  const early = unfetchable(target, deps.now());
  if (early) return early;
  const { page, fragment } = pageOf(target.url)!;
  return applyFragment(await checkPage(page, previous, deps), target.url, fragment);
}

/**
 * Fetches one page (no fragment) and classifies it. `revalidate: false` forbids a conditional
 * request (another link citing this page needs its anchors read afresh).
 */
export async function checkPage(start: URL, previous: LinkState | undefined, deps: CheckDeps, revalidate = true): Promise<PageCheck> {
  const stage = await fetchPage(start, previous, deps, revalidate);
  return typeof stage === 'function' ? await stage() : stage;
}

/** A fetched page still to be read (parsed and fingerprinted): CPU work only, no more requests. */
export type PageReader = () => PageCheck | Promise<PageCheck>;

/**
 * checkPage in two stages: the network part, then (when a page body came back) a reader for the
 * CPU part, so a caller can start its next request before it reads this page.
 */
export async function fetchPage(start: URL, previous: LinkState | undefined, deps: CheckDeps, revalidate = true): Promise<PageCheck | PageReader> {
  const started = Date.now();
  const result = base(start.href, deps.now().toISOString());
  const done = (r: Partial<LinkCheckResult>, anchors: Set<string> | null = null, truncated = false, durationMs = Date.now() - started): PageCheck => ({
    result: { ...result, ...r, durationMs },
    anchors,
    truncated,
  });
  const o = deps.options;
  // Validators belong to the page they came from: send them only to that URL, and only while the
  // link is healthy (a failing or soft-404 link needs a fresh read, as urlwatch does).
  const conditionalFor = (url: string) => {
    if (!revalidate || !previous?.fingerprint || !REVALIDATE.has(previous.status)) return null;
    if (url !== (previous.finalUrl ?? start.href)) return null;
    const h: Record<string, string> = {};
    if (previous.etag) h['if-none-match'] = previous.etag;
    if (previous.lastModified) h['if-modified-since'] = previous.lastModified;
    return Object.keys(h).length ? h : null;
  };
  const { end, redirects } = await followChain(start, {
    http: deps.http, gate: deps.gate, now: deps.now, conditionalFor, shutdown: deps.signal,
    budget: { remainingMs: o.timeoutMs, timeoutMs: o.timeoutMs },
    headersFor: (url) => ({
      'user-agent': o.userAgent,
      accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
      ...lowerKeys(o.headers[url.hostname] ?? {}),
    }),
    maxRedirects: o.maxRedirects, retries: o.retries, retryBaseMs: o.retryBaseMs,
    retryAfterCapMs: o.retryAfterCapMs, maxBodyBytes: o.maxBodyBytes,
  });
  const finalUrl = end.url;
  const common = { redirects, finalUrl: finalUrl !== start.href ? finalUrl : null };
  if (end.kind !== 'response') return done({ ...common, ...failureResult(end, o.timeoutMs) });

  const res = end.response;
  const httpStatus = res.status;
  const failed = blockedVerdict(res) ?? httpFailureVerdict(res);
  if (failed) return done({ ...common, ...failed, httpStatus, error: `HTTP ${httpStatus} from ${finalUrl}` });

  const validators = { etag: res.headers['etag'] ?? null, lastModified: res.headers['last-modified'] ?? null };
  if (res.status === 304 && previous) {
    // Unchanged since the last successful check: keep what we learned then.
    const verdict = reachableVerdict({ start: start.href, finalUrl, redirects, notFoundText: false, changed: false });
    return done({
      ...common, ...verdict, httpStatus, notModified: true, title: previous.title,
      etag: validators.etag ?? previous.etag, lastModified: validators.lastModified ?? previous.lastModified,
      fingerprint: previous.fingerprint, excerpt: previous.excerpt,
    });
  }
  const fetchedMs = Date.now() - started;
  const read = (summary: PageSummary | null, readStart: number) => {
    const r = reachable(res, summary, start.href, finalUrl, redirects, previous);
    // The time spent on this page: fetching plus reading, not any wait between the two.
    return done({ ...common, ...validators, httpStatus, ...r.fields }, r.anchors, res.truncated, fetchedMs + Date.now() - readStart);
  };
  return () => {
    const readStart = Date.now();
    if (!isHtml(res.headers['content-type'], res.body)) return read(null, readStart);
    if (!deps.readHtml) return read(summarizeHtml(res.body, res.headers['content-type']), readStart);
    const summary = deps.readHtml(res.body, res.headers['content-type']);
    return summary instanceof Promise ? summary.then((s) => read(s, readStart)) : read(summary, readStart);
  };
}

/** The verdict on a page that answered: `summary` is its HTML read, null when it is not HTML. */
function reachable(
  res: HttpResponse, summary: PageSummary | null, start: string, finalUrl: string, redirects: LinkCheckResult['redirects'], previous: LinkState | undefined,
): { fields: Partial<LinkCheckResult>; anchors: Set<string> | null } {
  if (!summary) {
    // Not a page (PDF, image, ...): its bytes are its fingerprint.
    const fp = fingerprintBytes(res.body);
    const changed = isChange(previous?.fingerprint ?? null, fp);
    return { fields: { ...reachableVerdict({ start, finalUrl, redirects, notFoundText: false, changed }), fingerprint: fp, excerpt: null }, anchors: null };
  }
  const { title, excerpt, fingerprint: fp } = summary;
  const changed = isChange(previous?.fingerprint ?? null, fp);
  const verdict = reachableVerdict({ start, finalUrl, redirects, notFoundText: saysNotFound(title) || saysNotFound(summary.heading), changed });
  const change =
    verdict.status === 'changed' && previous?.excerpt != null
      ? pageChange({ excerpt: previous.excerpt, title: previous.title }, { excerpt, title })
      : null;
  return {
    fields: { ...verdict, title: title === null ? null : detach(title), fingerprint: fp, excerpt, change },
    anchors: summary.anchors,
  };
}

/** A change needs a baseline of the same algorithm version; a new version re-baselines silently. */
function isChange(before: string | null, after: string): boolean {
  return before !== null && fingerprintVersion(before) === fingerprintVersion(after) && before !== after;
}

function decodeFragment(f: string): string {
  try {
    return decodeURIComponent(f);
  } catch {
    return f;
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
