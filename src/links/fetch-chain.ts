// One link's requests: each hop through the host gate, retried with backoff on 5xx/408/429 and
// network errors, redirects followed by hand (the chain recorded), loops and long chains caught.
import type { RedirectHop } from '../core/types.js';
import type { HttpClient, HttpFailure, HttpResponse, NetworkFailureCode } from './http.js';
import type { HostGate } from './politeness.js';
import { backoffMs, isRetryableStatus, parseRetryAfter, sleep } from './retry.js';

/** Redirect statuses that carry a Location (RFC 9110 §15.4). 300 and 304 are not followed. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Permanent redirects (RFC 9110 §15.4.2, §15.4.9): the source moved. */
export const PERMANENT = new Set([301, 308]);
/** Network failures worth another try; dns, tls and the SSRF guard will not change in a second. */
const RETRYABLE_FAILURES = new Set<NetworkFailureCode>(['timeout', 'reset', 'refused', 'network']);

export interface ChainOptions {
  http: HttpClient;
  gate: HostGate;
  now: () => Date;
  headersFor: (url: URL) => Record<string, string>;
  /** Conditional-request headers to send to this exact URL, if any. */
  conditionalFor: (url: string) => Record<string, string> | null;
  maxRedirects: number;
  retries: number;
  retryBaseMs: number;
  retryAfterCapMs: number;
  maxBodyBytes: number;
  /**
   * Milliseconds of request time left for this link (`check.timeoutMs`), spent only while a request
   * is in flight: waiting in the politeness gate or for a backoff is not the server's slowness, and a
   * host we slowed down ourselves must not turn into false timeouts.
   */
  budget: { remainingMs: number; timeoutMs: number };
  /** Shutdown: stops waits and requests at once. */
  shutdown?: AbortSignal;
}

/** One request within the link's time budget. */
async function timedRequest(url: URL, headers: Record<string, string>, o: ChainOptions): Promise<HttpResponse | HttpFailure> {
  if (o.budget.remainingMs <= 0) return { kind: 'failure', code: 'timeout', message: `no complete answer within ${o.budget.timeoutMs} ms` };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), o.budget.remainingMs);
  const onShutdown = () => controller.abort();
  o.shutdown?.addEventListener('abort', onShutdown, { once: true });
  const started = Date.now();
  try {
    const answer = await o.http.request(url.href, { method: 'GET', headers, signal: controller.signal, maxBodyBytes: o.maxBodyBytes });
    if (answer.kind === 'failure' && controller.signal.aborted && !o.shutdown?.aborted) {
      return { kind: 'failure', code: 'timeout', message: `no complete answer within ${o.budget.timeoutMs} ms` };
    }
    return answer;
  } finally {
    clearTimeout(timer);
    o.shutdown?.removeEventListener('abort', onShutdown);
    o.budget.remainingMs -= Date.now() - started;
  }
}

export type ChainEnd =
  | { kind: 'response'; url: string; response: HttpResponse; conditional: boolean }
  | { kind: 'failure'; url: string; failure: HttpFailure }
  | { kind: 'redirect-loop' | 'too-many-redirects' | 'bad-redirect'; url: string; message: string };

export interface ChainResult {
  end: ChainEnd;
  redirects: RedirectHop[];
}

async function requestWithRetries(url: URL, conditional: Record<string, string> | null, o: ChainOptions): Promise<HttpResponse | HttpFailure> {
  const headers = { ...o.headersFor(url), ...(conditional ?? {}) };
  let last: HttpResponse | HttpFailure | undefined;
  for (let attempt = 0; ; attempt++) {
    last = await o.gate.run(url.hostname, () => timedRequest(url, headers, o), o.shutdown);
    if (o.shutdown?.aborted || o.budget.remainingMs <= 0) return last;
    let wait: number;
    if (last.kind === 'failure') {
      if (!RETRYABLE_FAILURES.has(last.code)) return last;
      wait = backoffMs(attempt, o.retryBaseMs);
    } else {
      if (!isRetryableStatus(last.status) || last.status >= 600 || last.headers['cf-mitigated']) return last;
      if (last.status === 429) o.gate.slowDown(url.hostname);
      const retryAfter = parseRetryAfter(last.headers['retry-after'], o.now());
      wait = retryAfter !== null ? Math.min(retryAfter, o.retryAfterCapMs) : backoffMs(attempt, o.retryBaseMs);
    }
    if (attempt >= o.retries) return last;
    if (!(await sleep(wait, o.shutdown))) return last;
  }
}

export async function followChain(start: URL, o: ChainOptions): Promise<ChainResult> {
  const redirects: RedirectHop[] = [];
  const seen = new Set<string>();
  let current = start;
  for (;;) {
    seen.add(current.href);
    const conditional = o.conditionalFor(current.href);
    const answer = await requestWithRetries(current, conditional, o);
    if (answer.kind === 'failure') return { end: { kind: 'failure', url: current.href, failure: answer }, redirects };
    const location = answer.headers['location'];
    if (!REDIRECTS.has(answer.status) || !location) {
      return { end: { kind: 'response', url: current.href, response: answer, conditional: conditional !== null }, redirects };
    }
    redirects.push({ url: current.href, status: answer.status });
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return { end: { kind: 'bad-redirect', url: current.href, message: `invalid Location header: ${location}` }, redirects };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return { end: { kind: 'bad-redirect', url: current.href, message: `redirect to unsupported scheme: ${next.href}` }, redirects };
    }
    next.hash = '';
    if (seen.has(next.href)) {
      return { end: { kind: 'redirect-loop', url: next.href, message: `redirect loop: ${next.href} was already visited` }, redirects };
    }
    if (redirects.length > o.maxRedirects) {
      return { end: { kind: 'too-many-redirects', url: next.href, message: `more than ${o.maxRedirects} redirects` }, redirects };
    }
    current = next;
  }
}
