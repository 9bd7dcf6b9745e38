// Translates between WHATWG Request/Response and src/serve's plain data; nothing else. The path is
// the request URL minus its origin, as received: `new URL()` would resolve `..` and `%2e%2e`
// before the path guards could refuse them.
import type { Coding, RequestHeaders, ServeRequest, ServeResponse } from '../../serve/index.js';
import type { LazyBody } from './body.js';

/** `https://host:8788/a/b.xml?x` → `/a/b.xml?x`. */
export function requestTarget(url: string): string {
  const scheme = url.indexOf('://');
  const slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
  return slash < 0 ? '/' : url.slice(slash);
}

function header(headers: Headers, name: keyof RequestHeaders): string | undefined {
  return headers.get(name) ?? undefined;
}

/**
 * What the client accepts. Cloudflare's edge (and wrangler dev, which imitates it) hands the Worker
 * a normalised Accept-Encoding (`br, gzip`) and keeps the client's own in `cf.clientAcceptEncoding`
 * (empty when it sent none): negotiating on the normalised one would send br to a client that
 * asked for gzip or nothing.
 */
export function clientAcceptEncoding(request: Request): string | undefined {
  const original = (request.cf as { clientAcceptEncoding?: unknown } | undefined)?.clientAcceptEncoding;
  if (typeof original === 'string') return original === '' ? undefined : original;
  return header(request.headers, 'accept-encoding');
}

/**
 * The plain request. Its Accept-Encoding is the coding the edge will deliver (edge.ts), when the
 * edge decides one, so src/serve answers in it and the edge has nothing to re-encode; otherwise
 * the client's own header.
 */
export function toServeRequest(request: Request, edgeWants: Coding | undefined): ServeRequest {
  const h = request.headers;
  return {
    method: request.method,
    path: requestTarget(request.url),
    headers: {
      'if-none-match': header(h, 'if-none-match'),
      'if-modified-since': header(h, 'if-modified-since'),
      'accept-encoding': edgeWants ?? clientAcceptEncoding(request),
      'access-control-request-headers': header(h, 'access-control-request-headers'),
    },
  };
}

/**
 * The Response for an answer. A body src/serve made is bytes; a file's is a LazyBody, opened here
 * (may throw BodyGone). Compressed bytes go out as they are (`encodeBody: 'manual'`), or workerd
 * would compress them again.
 */
export async function toResponse(answer: ServeResponse<LazyBody>): Promise<Response> {
  const { body } = answer;
  const payload = body === null ? null : body instanceof Uint8Array ? body : await body.open();
  return new Response(payload, {
    status: answer.status,
    headers: answer.headers,
    ...(answer.headers['content-encoding'] ? { encodeBody: 'manual' as const } : {}),
  });
}
