// The answers that are not files: error pages, the redirect to a folder's slash, the CORS
// preflight and /healthz. Bodies are made here, as bytes.
import { escapeHtml } from '../core/text.js';
import type { RequestHeaders, ServeResponse } from './types.js';

export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';
/** Browsers may cache a CORS preflight answer this long (seconds); Chrome caps it at 7200. */
const PREFLIGHT_MAX_AGE = '7200';
/** Request headers a cross-origin reader may send when the preflight names none. */
const DEFAULT_ALLOW_HEADERS = 'If-None-Match, If-Modified-Since';

const utf8 = new TextEncoder();

const PAGE_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };

/** A small HTML page for a status; HEAD gets the same headers and no body. */
export function page(method: string, status: number, title: string, text: string, extra: Record<string, string> = {}): ServeResponse<never> {
  const body = utf8.encode(
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${status} ${escapeHtml(title)}</title></head>` +
      `<body><h1>${status} ${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/">The feeds</a></p></body></html>\n`,
  );
  return { status, headers: { ...PAGE_HEADERS, 'content-length': String(body.byteLength), ...extra }, body: method === 'HEAD' ? null : body };
}

export const notFound = (method: string) => page(method, 404, 'Not Found', 'Nothing is published at this address.');

export const badRequest = (method: string, reason: string) => page(method, 400, 'Bad Request', `The request path is not valid: ${reason}.`);

export const methodNotAllowed = (method: string) =>
  page(method, 405, 'Method Not Allowed', `${method} is not supported here; this server only publishes files (GET, HEAD).`, { allow: ALLOWED_METHODS });

export const internalError = (method: string) => page(method, 500, 'Internal Server Error', 'The file could not be read; try again.');

/** Relative links in a folder's page need the trailing slash. */
export function folderRedirect(method: string, segments: readonly string[]): ServeResponse<never> {
  const location = '/' + segments.map(encodeURIComponent).join('/') + '/';
  return page(method, 301, 'Moved Permanently', `See ${location}`, { location });
}

/** CORS preflight (any path): every origin may GET and HEAD, and send the validators. */
export function preflight(headers: RequestHeaders): ServeResponse<never> {
  return {
    status: 204,
    headers: {
      allow: ALLOWED_METHODS,
      'access-control-allow-origin': '*',
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': headers['access-control-request-headers'] ?? DEFAULT_ALLOW_HEADERS,
      'access-control-max-age': PREFLIGHT_MAX_AGE,
      'x-content-type-options': 'nosniff',
    },
    body: null,
  };
}

/** /healthz: alive since when, plus what the runtime adds (the last build and check in `run`). */
export function health(method: string, fields: Record<string, unknown>): ServeResponse<never> {
  const body = utf8.encode(JSON.stringify({ status: 'ok', ...fields }) + '\n');
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.byteLength), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    body: method === 'HEAD' ? null : body,
  };
}
