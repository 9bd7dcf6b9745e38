// The checker's HttpClient in the Worker: the platform's fetch with redirect "manual" (the core
// follows redirects itself), the body read from the stream up to maxBodyBytes and then cancelled,
// timeouts through AbortSignal, at most PLATFORM.connections fetches in flight per invocation (a
// semaphore the invocation's messages share), every hop counted against the subrequest budget, and
// the SSRF guard on every hop: literal private addresses and private names are refused (the Worker
// cannot resolve names; README "Cloudflare").
import { failure, type HttpClient, type HttpFailure, type HttpRequestOptions, type HttpResponse, type NetworkFailureCode } from '../../../links/http.js';
import { isAddressLiteral, isPrivateAddressLiteral, isPrivateName } from '../../../links/private-address.js';
import type { InvocationBudget, Semaphore } from './budget.js';

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface FetchHttpClientOptions {
  connectTimeoutMs: number;
  /** Headers, and then the longest gap between body chunks. */
  firstByteTimeoutMs: number;
  allowPrivate: boolean;
  /** The invocation's connection slots (PLATFORM.connections). */
  connections: Semaphore;
  budget: InvocationBudget;
  /** Which literal addresses the guard refuses (default: private ranges); tests let their loopback servers through. */
  isBlockedAddress?: (address: string) => boolean;
  /** Asked before each hop: a failure stops the hop before it is counted (the consumer's own stop). */
  beforeRequest?: () => HttpFailure | null;
  /** The platform fetch; default the global one, looked up per call (msw patches it in tests). */
  fetch?: FetchFn;
}

const GUARD_HINT = 'not checked (use --allow-private for intranets)';

/** The guard's verdict on one hop's host, or null when it may be fetched. */
export function guardHost(hostname: string, isBlocked: (address: string) => boolean = isPrivateAddressLiteral): HttpFailure | null {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isAddressLiteral(host)) return isBlocked(host) ? failure('private-address', `${host} is a private or local address; ${GUARD_HINT}`) : null;
  if (isPrivateName(host)) return failure('private-address', `${host} is a private or local name; ${GUARD_HINT}`);
  return null;
}

/** What the platform's fetch threw, as a failure code. workerd's messages are terse: "Network connection lost.", "internal error". */
export function fetchFailure(e: unknown): HttpFailure {
  const err = e as { name?: string; message?: string } | undefined;
  const message = err?.message ?? String(e);
  let code: NetworkFailureCode = 'network';
  if (err?.name === 'AbortError' || err?.name === 'TimeoutError') code = 'aborted';
  else if (/dns|name not resolved|could not resolve|getaddrinfo|ENOTFOUND|no such host/i.test(message)) code = 'dns';
  else if (/certificate|tls|ssl|handshake/i.test(message)) code = 'tls';
  else if (/refused/i.test(message)) code = 'refused';
  else if (/reset|ECONNRESET|EPIPE/i.test(message)) code = 'reset';
  return failure(code, message);
}

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  });
  return out;
}

/** Reads at most `max` bytes, then cancels the stream (the rest is never downloaded). */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number, gap: () => void): Promise<{ body: Uint8Array; truncated: boolean }> {
  if (!body) return { body: new Uint8Array(0), truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      gap();
      const room = max - size;
      if (value.byteLength >= room) {
        chunks.push(value.subarray(0, room));
        size += room;
        truncated = value.byteLength > room;
        if (!truncated) {
          // Exactly full: one more read says whether anything follows.
          const next = await reader.read();
          truncated = !next.done;
        }
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return { body: out, truncated };
}

export function createFetchHttpClient(options: FetchHttpClientOptions): HttpClient {
  const isBlocked = options.isBlockedAddress ?? isPrivateAddressLiteral;
  return {
    async request(url: string, o: HttpRequestOptions): Promise<HttpResponse | HttpFailure> {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return failure('invalid-url', `not a valid URL: ${url}`);
      }
      if (!options.allowPrivate) {
        const refused = guardHost(parsed.hostname, isBlocked);
        if (refused) return refused;
      }
      const stopped = options.beforeRequest?.();
      if (stopped) return stopped;
      if (o.signal?.aborted) return failure('aborted', 'aborted');
      options.budget.take('fetch');
      const release = await options.connections.acquire();
      const controller = new AbortController();
      let timedOut = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = (ms: number) => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, ms);
      };
      const onAbort = () => controller.abort();
      o.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        if (o.signal?.aborted) return failure('aborted', 'aborted'); // while it waited for a slot
        arm(options.connectTimeoutMs + options.firstByteTimeoutMs);
        const fetchFn = options.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
        const res = await fetchFn(parsed.href, { method: o.method, headers: o.headers, redirect: 'manual', signal: controller.signal });
        const headers = headerRecord(res.headers);
        if (o.method === 'HEAD') {
          await res.body?.cancel().catch(() => undefined);
          return { kind: 'response', status: res.status, headers, body: new Uint8Array(0), truncated: false, remoteAddress: null };
        }
        arm(options.firstByteTimeoutMs);
        const { body, truncated } = await readCapped(res.body, o.maxBodyBytes, () => arm(options.firstByteTimeoutMs));
        return { kind: 'response', status: res.status, headers, body, truncated, remoteAddress: null };
      } catch (e) {
        if (o.signal?.aborted) return failure('aborted', 'aborted');
        if (timedOut) return failure('timeout', `no answer within ${options.firstByteTimeoutMs} ms`);
        return fetchFailure(e);
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
        release();
      }
    },
  };
}
