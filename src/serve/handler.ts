// Everything the server decides, once, for every runtime: plain data in ({method, path, headers}),
// plain data out ({status, headers, body}), files read through the FileSource port. What feed
// readers expect (feeds field notes, "HTTP"): exact media types, strong ETags per coding with
// RFC 9110 comparison, Last-Modified from the content date, 304, HEAD, gzip and brotli by
// q-value with Vary, Cache-Control, CORS; and nothing outside the published folder, ever.
import { etagFor, isNotModified, negotiateEncoding } from './negotiate.js';
import { badRequest, folderRedirect, health, internalError, methodNotAllowed, notFound, preflight } from './pages.js';
import { resolveRequestPath } from './request-path.js';
import type { Coding, FileEntry, FileRequest, FileResponse, FileSource, Lookup, RequestHeaders, ServeRequest, ServeResponse, Variant } from './types.js';

/** A folder's page: its index.html, or for health/ the HTML report. */
const INDEX_FILES = ['index.html', 'report.html'];

export interface ServeOptions {
  /** Cache-Control max-age in seconds (config serve.maxAge). */
  maxAge: number;
  /** Extra fields for /healthz, e.g. the last runs of `run`. */
  health?: () => Record<string, unknown>;
  /** Seconds the service has been up, for /healthz; by default since the handler was made. */
  uptimeSeconds?: () => number;
}

export interface ServeHandler {
  /** The whole answer to a request. Never rejects: a failing source gives the 500 page. */
  handle<E extends FileEntry, B>(request: ServeRequest, source: FileSource<E, B>): Promise<ServeResponse<B> | FileResponse<E, B>>;
  /**
   * The answer for a file already looked up (200, 304, or 200 without body for HEAD). Synchronous
   * and allocation-free for an entry and variant seen before: the response objects are built once
   * per entry and variant and shared, so a runtime may answer repeated requests straight from it.
   */
  respondWithFile<E extends FileEntry, B>(request: FileRequest, entry: E, variant: Variant<B>): FileResponse<E, B>;
  /** The coding to ask the source for (Accept-Encoding against the entry's codings). */
  codingFor(entry: FileEntry, headers: RequestHeaders): Coding;
}

/** GET and HEAD answer with files; OPTIONS is the preflight; anything else is 405. */
export function servesFiles(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD';
}

interface Prebuilt {
  etag: string;
  ok: FileResponse<FileEntry, unknown>;
  head: FileResponse<FileEntry, unknown>;
  notModified: FileResponse<FileEntry, unknown>;
}

export function createServeHandler(options: ServeOptions): ServeHandler {
  const cacheControl = `public, max-age=${options.maxAge}`;
  const startedAt = new Date();
  const uptimeSeconds = options.uptimeSeconds ?? (() => (Date.now() - startedAt.getTime()) / 1000);

  /**
   * Responses per entry, then per variant object. Weak both ways: a source that drops a version or
   * a compressed copy drops its responses (and the bytes they hold) with it.
   */
  const prebuilt = new WeakMap<FileEntry, WeakMap<object, Prebuilt>>();

  function build(entry: FileEntry, variant: Variant<unknown>): Prebuilt {
    const etag = etagFor(entry.hash, variant.coding);
    const notModified: Record<string, string> = {
      etag,
      'last-modified': new Date(entry.lastModifiedMs).toUTCString(),
      'cache-control': cacheControl,
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'ETag, Last-Modified',
      'x-content-type-options': 'nosniff',
      ...(entry.codings.length > 1 ? { vary: 'Accept-Encoding' } : {}),
    };
    const ok: Record<string, string> = {
      ...notModified,
      'content-type': entry.contentType,
      'content-length': String(variant.size),
      ...(variant.coding !== 'identity' ? { 'content-encoding': variant.coding } : {}),
    };
    return {
      etag,
      ok: { status: 200, headers: ok, body: variant.body, entry },
      head: { status: 200, headers: ok, body: null, entry },
      notModified: { status: 304, headers: notModified, body: null, entry },
    };
  }

  function respondWithFile<E extends FileEntry, B>(request: FileRequest, entry: E, variant: Variant<B>): FileResponse<E, B> {
    let perVariant = prebuilt.get(entry);
    if (!perVariant) prebuilt.set(entry, (perVariant = new WeakMap()));
    let set = perVariant.get(variant);
    if (!set) perVariant.set(variant, (set = build(entry, variant)));
    const answer = isNotModified(request.headers, set.etag, entry.lastModifiedMs) ? set.notModified : request.method === 'HEAD' ? set.head : set.ok;
    return answer as FileResponse<E, B>;
  }

  function codingFor(entry: FileEntry, headers: RequestHeaders): Coding {
    return entry.codings.length > 1 ? negotiateEncoding(headers['accept-encoding'], entry.codings) : 'identity';
  }

  async function lookupIndex<E extends FileEntry>(source: FileSource<E, unknown>, segments: readonly string[]): Promise<Lookup<E>> {
    for (const name of INDEX_FILES) {
      const found = await source.lookup([...segments, name]);
      if (found.kind === 'file') return found;
    }
    return { kind: 'missing' };
  }

  async function handle<E extends FileEntry, B>(request: ServeRequest, source: FileSource<E, B>): Promise<ServeResponse<B> | FileResponse<E, B>> {
    const { method, headers } = request;
    if (method === 'OPTIONS') return preflight(headers);
    if (!servesFiles(method)) return methodNotAllowed(method);
    const path = resolveRequestPath(request.path);
    if (path.kind === 'bad-request') return badRequest(method, path.reason);
    if (path.kind === 'not-found') return notFound(method);
    if (path.segments.length === 1 && path.segments[0] === 'healthz' && !path.directory) {
      return health(method, { startedAt: startedAt.toISOString(), uptimeSeconds: Math.round(uptimeSeconds()), ...options.health?.() });
    }
    try {
      let found = await source.lookup(path.segments);
      if (found.kind === 'directory') {
        found = await lookupIndex(source, path.segments);
        if (found.kind === 'file' && !path.directory && path.segments.length > 0) return folderRedirect(method, path.segments);
      }
      if (found.kind !== 'file') return notFound(method);
      const entry = found.entry;
      return respondWithFile(request, entry, await source.variant(entry, codingFor(entry, headers)));
    } catch {
      // The source could not read what it found (a disk error, a store that did not answer).
      return internalError(method);
    }
  }

  return { handle, respondWithFile, codingFor };
}
