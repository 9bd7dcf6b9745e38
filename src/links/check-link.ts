// One link, one run: request it (politely, with retries and redirects), read the page, and say
// what it is. A link's failure is a value, never an exception.
import type { LinkCheckResult, LinkTarget } from '../core/types.js';
import type { LinkState } from '../core/ports.js';
import type { HttpClient, HttpResponse } from './http.js';
import type { HostGate } from './politeness.js';
import { followChain, type ChainEnd } from './fetch-chain.js';
import { blockedVerdict, httpFailureVerdict, reachableVerdict, type Verdict } from './classify.js';
import { decodeBody, isHtml } from './decode.js';
import { changeExcerpts, excerptOf, fingerprint, fingerprintVersion, readPage, FINGERPRINT_VERSION } from './page.js';
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
}

/** Fragments that are not element ids: text fragments (`#:~:text=`), "top of page". */
const NON_ID_FRAGMENT = /^(:~:|top$|$)/;
/** Previous statuses under which an unchanged page (304) keeps its verdict. */
const REVALIDATE = new Set(['ok', 'changed', 'moved']);

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
  if (f.code === 'aborted' || f.code === 'timeout') {
    return { status: 'broken', reason: 'timeout', error: f.code === 'aborted' ? `no complete answer within ${timeoutMs} ms` : f.message };
  }
  return { status: 'broken', reason: f.code, error: f.message };
}

export async function checkLink(target: LinkTarget, previous: LinkState | undefined, deps: CheckDeps): Promise<LinkCheckResult> {
  const started = Date.now();
  const result = base(target.url, deps.now().toISOString());
  const done = (r: Partial<LinkCheckResult>): LinkCheckResult => ({ ...result, ...r, durationMs: Date.now() - started });
  if (target.skip) return done({ status: 'skipped', reason: target.skip.reason, error: target.skip.error });

  let start: URL;
  try {
    start = new URL(target.url);
  } catch {
    return done({ status: 'broken', reason: 'invalid-url', error: `not a valid URL: ${target.url}` });
  }
  if (start.protocol !== 'http:' && start.protocol !== 'https:') {
    return done({ status: 'skipped', reason: 'unsupported-scheme', error: `${start.protocol} links are not checked` });
  }
  const fragment = decodeFragment(start.hash.slice(1));
  start.hash = '';

  const o = deps.options;
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = deps.signal ? AbortSignal.any([timeout, deps.signal]) : timeout;
  // Validators belong to the page they came from: send them only to that URL, and only while the
  // link is healthy (a failing or soft-404 link needs a fresh read, as urlwatch does).
  const conditionalFor = (url: string) => {
    if (!previous?.fingerprint || !REVALIDATE.has(previous.status)) return null;
    if (url !== (previous.finalUrl ?? start.href)) return null;
    const h: Record<string, string> = {};
    if (previous.etag) h['if-none-match'] = previous.etag;
    if (previous.lastModified) h['if-modified-since'] = previous.lastModified;
    return Object.keys(h).length ? h : null;
  };
  const { end, redirects } = await followChain(start, {
    http: deps.http, gate: deps.gate, now: deps.now, signal, conditionalFor,
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
  return done({ ...common, ...validators, httpStatus, ...(await readReachable(res, start.href, finalUrl, redirects, fragment, previous)) });
}

async function readReachable(
  res: HttpResponse, start: string, finalUrl: string, redirects: LinkCheckResult['redirects'], fragment: string, previous: LinkState | undefined,
): Promise<Partial<LinkCheckResult>> {
  const contentType = res.headers['content-type'];
  if (!isHtml(contentType, res.body)) {
    // Not a page (PDF, image, ...): its bytes are its fingerprint.
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', res.body));
    const fp = `${FINGERPRINT_VERSION}:${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`;
    const changed = isChange(previous?.fingerprint ?? null, fp);
    return { ...reachableVerdict({ start, finalUrl, redirects, notFoundText: false, changed }), fingerprint: fp, excerpt: null };
  }
  const facts = readPage(decodeBody(res.body, contentType));
  const fp = await fingerprint(facts);
  const excerpt = excerptOf(facts);
  const changed = isChange(previous?.fingerprint ?? null, fp);
  let verdict = reachableVerdict({ start, finalUrl, redirects, notFoundText: saysNotFound(facts.title) || saysNotFound(facts.heading), changed });
  let error: string | null = null;
  // A missing fragment is only certain when the whole page was read.
  if (fragment && !NON_ID_FRAGMENT.test(fragment) && !facts.anchors.has(fragment) && !res.truncated) {
    verdict = { status: 'broken', reason: 'fragment' };
    error = `no element with id or name "${fragment}" on ${finalUrl}`;
  }
  const change = verdict.status === 'changed' && previous?.excerpt != null ? changeExcerpts(previous.excerpt, excerpt) : null;
  return { ...verdict, error, title: facts.title, fingerprint: fp, excerpt, change };
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
