// The checker's HttpClient on Node: undici with per-origin connection pools, connect / first-byte
// timeouts, the SSRF guard at connect time, HTTP(S) proxies from the environment, no automatic
// redirects, and bodies decompressed as a stream and cut at maxBodyBytes (a compression bomb or a
// 50 MB page never sits in memory).
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Dispatcher, EnvHttpProxyAgent as UndiciEnvHttpProxyAgent } from 'undici';
import { isIP } from 'node:net';
import { failure, type HttpClient, type HttpFailure, type HttpRequestOptions, type HttpResponse, type NetworkFailureCode } from '../../links/http.js';
import { exchange } from './http-exchange.js';
import { guardedLookup, isPrivateAddress, PrivateAddressError, systemResolver, type Resolver } from './address-guard.js';

// undici's index loads all of undici (fetch, WebSocket, caches, mocks, ...): 9 MB of RSS the
// checker never uses (bench/check.bench.js: peak RSS goal, issue 3). Only the parts used here are loaded,
// plus what undici's index itself does for them: give every dispatcher the request/connect API
// (the proxy agent tunnels through `connect`).
const requireUndici = createRequire(import.meta.url);
const Agent = requireUndici('undici/lib/dispatcher/agent') as typeof UndiciAgent;
/** The proxy agent, loaded only when a proxy is configured. */
const envHttpProxyAgent = () => requireUndici('undici/lib/dispatcher/env-http-proxy-agent') as typeof UndiciEnvHttpProxyAgent;
Object.assign((requireUndici('undici/lib/dispatcher/dispatcher') as { prototype: object }).prototype, requireUndici('undici/lib/api'));

export interface NodeHttpClientOptions {
  connectTimeoutMs: number;
  /** Headers, and then the gap between body chunks. */
  firstByteTimeoutMs: number;
  allowPrivate: boolean;
  resolver?: Resolver;
  /** Which resolved addresses the guard refuses; default: private, loopback, link-local, ULA, CGNAT, metadata. Tests narrow it. */
  isBlockedAddress?: (address: string) => boolean;
  /** Proxy settings; default: HTTP_PROXY / HTTPS_PROXY / NO_PROXY from this environment. */
  env?: Record<string, string | undefined>;
}

/**
 * Response headers read before a page is given up (undici's default is Node's 16 KiB). Browsers take
 * far more: Chromium grows its header buffer to 256 KiB (kMaxHeaderBufSize in
 * net/http/http_stream_parser.cc) before it fails with ERR_RESPONSE_HEADERS_TOO_BIG, and pages with a
 * thousand Set-Cookie headers (about 30 KB) load fine in it. So a browser-like limit: such pages are
 * not `broken`, and endless headers still end at 256 KiB (`network`), with the headers timeout as
 * the other bound.
 */
export const MAX_HEADER_BYTES = 256 * 1024;

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA', 'ESERVFAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_CLOSED']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$|ERR_OSSL)/;

/** Turns whatever undici or the socket threw into a failure value with a stable code. */
export function toFailure(e: unknown): HttpFailure {
  for (let err = e as { code?: string; name?: string; message?: string; cause?: unknown } | undefined, depth = 0; err && depth < 5; err = err.cause as typeof err, depth++) {
    const code = err.code ?? '';
    const message = err.message ?? String(err);
    let kind: NetworkFailureCode | null = null;
    if (code === 'UND_ERR_HEADERS_OVERFLOW') return failure('network', `the response headers are larger than ${MAX_HEADER_BYTES / 1024} KiB, more than browsers accept`);
    if (err instanceof PrivateAddressError || code === 'EFEEDWATCH_PRIVATE') kind = 'private-address';
    else if (DNS_CODES.has(code)) kind = 'dns';
    else if (code === 'ECONNREFUSED') kind = 'refused';
    else if (TIMEOUT_CODES.has(code)) kind = 'timeout';
    else if (TLS_CODE.test(code)) kind = 'tls';
    else if (RESET_CODES.has(code)) kind = 'reset';
    else if (err.name === 'AbortError' || err.name === 'TimeoutError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') kind = 'aborted';
    if (kind) return failure(kind, message);
    if (!err.cause) return failure(/ENETUNREACH|EHOSTUNREACH/.test(code) ? 'network' : 'network', message);
  }
  return failure('network', String(e));
}

function proxyConfigured(env: Record<string, string | undefined>): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

export function createNodeHttpClient(options: NodeHttpClientOptions): HttpClient {
  const resolver = options.resolver ?? systemResolver;
  const isBlocked = options.isBlockedAddress ?? isPrivateAddress;
  const env = options.env ?? process.env;
  const useProxy = proxyConfigured(env);
  const timeouts = { headersTimeout: options.firstByteTimeoutMs, bodyTimeout: options.firstByteTimeoutMs, maxHeaderSize: MAX_HEADER_BYTES };
  // Through a proxy the socket goes to the proxy (often on a private address): the guard then
  // checks the target's own addresses before each request instead.
  const dispatcher: Dispatcher = useProxy
    ? new (envHttpProxyAgent())({
        ...timeouts,
        connect: { timeout: options.connectTimeoutMs },
        httpProxy: env.HTTP_PROXY ?? env.http_proxy,
        httpsProxy: env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy,
        noProxy: env.NO_PROXY ?? env.no_proxy,
      })
    : new Agent({
        ...timeouts,
        connect: { timeout: options.connectTimeoutMs, lookup: guardedLookup(resolver, options.allowPrivate, isBlocked) as never },
      });

  async function precheck(hostname: string): Promise<HttpFailure | null> {
    if (options.allowPrivate) return null;
    const ip = hostname.replace(/^\[|\]$/g, '');
    // Sockets skip `lookup` for literal addresses, so those are checked here.
    if (isIP(ip)) return isBlocked(ip) ? toFailure(new PrivateAddressError(hostname, ip)) : null;
    if (!useProxy) return null;
    try {
      const bad = (await resolver(hostname)).find((a) => isBlocked(a.address));
      return bad ? toFailure(new PrivateAddressError(hostname, bad.address)) : null;
    } catch (e) {
      return toFailure(e);
    }
  }

  return {
    async request(url: string, o: HttpRequestOptions): Promise<HttpResponse | HttpFailure> {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return failure('invalid-url', `not a valid URL: ${url}`);
      }
      const refused = await precheck(parsed.hostname);
      if (refused) return refused;
      try {
        const { status, headers, body, truncated } = await exchange(dispatcher, parsed, o);
        return { kind: 'response', status, headers, body: o.method === 'HEAD' ? new Uint8Array(0) : body, truncated, remoteAddress: null };
      } catch (e) {
        return toFailure(o.signal?.aborted ? Object.assign(new Error('aborted'), { name: 'AbortError', cause: e }) : e);
      }
    },
    close: () => dispatcher.close(),
  };
}
