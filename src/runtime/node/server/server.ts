// The HTTP server of the output folder: what feed readers expect (feeds field notes, "HTTP"):
// exact media types, strong ETags with RFC 9110 comparison, Last-Modified from the content date,
// 304, HEAD, gzip and brotli, Cache-Control, CORS; and nothing outside the folder, ever.
import { createServer, type IncomingMessage, type Server, type ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { access, realpath, stat } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { RunError } from '../../../core/errors.js';
import { escapeHtml } from '../../../core/text.js';
import { FileCache, type FileEntry, type Location, type Variant } from './file-cache.js';
import { ifNoneMatchMatches, negotiateEncoding, notModifiedSince, type Coding } from './negotiate.js';
import { resolveRequestPath } from './request-path.js';

export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';
const INDEX_FILES = ['index.html', 'report.html'];
/** How long a graceful close waits for in-flight responses before cutting connections. */
const CLOSE_GRACE_MS = 10_000;
/** Browsers may cache a CORS preflight answer this long (seconds); Chrome caps it at 7200. */
const PREFLIGHT_MAX_AGE = 7200;

export interface FeedServerOptions {
  /** The output folder (build and check write into it). */
  root: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Cache-Control max-age in seconds (config serve.maxAge). */
  maxAge: number;
  /** Extra fields for /healthz, e.g. the last runs of `run`. */
  health?: () => Record<string, unknown>;
}

export interface FeedServer {
  server: Server;
  /** Base URL with a trailing slash, e.g. `http://localhost:8787/`. */
  url: string;
  port: number;
  /** Stops accepting connections and waits for in-flight responses. */
  close(): Promise<void>;
}

/** Resolves the folder's real path and proves it is a readable folder, or throws RunError (exit 3). */
export async function openOutputFolder(dir: string): Promise<string> {
  try {
    const real = await realpath(dir);
    if (!(await stat(real)).isDirectory()) throw new Error('not a folder');
    await access(real, fsConstants.R_OK | fsConstants.X_OK);
    return real;
  } catch (e) {
    throw new RunError(
      `cannot serve ${dir}: ${(e as Error).message}. Build the feeds first (\`feedwatch build --out ${dir}\`) or pass the right folder with --out.`,
      { cause: e },
    );
  }
}

const PAGE_HEADERS = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };

function sendPage(req: IncomingMessage, res: ServerResponse, status: number, title: string, text: string, extra: OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${status} ${escapeHtml(title)}</title></head>` +
      `<body><h1>${status} ${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/">The feeds</a></p></body></html>\n`,
  );
  res.writeHead(status, { ...PAGE_HEADERS, 'Content-Length': body.byteLength, ...extra });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function createRequestHandler(cache: FileCache, options: Pick<FeedServerOptions, 'maxAge' | 'health'>) {
  const cacheControl = `public, max-age=${options.maxAge}`;
  const startedAt = new Date();

  function sendHealth(req: IncomingMessage, res: ServerResponse): void {
    const body = Buffer.from(
      JSON.stringify({ status: 'ok', startedAt: startedAt.toISOString(), uptimeSeconds: Math.round(process.uptime()), ...options.health?.() }) + '\n',
    );
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.byteLength, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** Headers of a file's 200 and 304 answers, per coding, built once per version of the file. */
  const headerSets = new WeakMap<FileEntry, Map<Coding, { ok: OutgoingHttpHeaders; notModified: OutgoingHttpHeaders }>>();

  function headersFor(entry: FileEntry, variant: Variant) {
    let perCoding = headerSets.get(entry);
    if (!perCoding) headerSets.set(entry, (perCoding = new Map()));
    let set = perCoding.get(variant.coding);
    if (!set) {
      // Lower-case names: the same on the wire for HTTP/1.1 readers, and node:http lower-cases
      // each name it inspects, which is cheaper when there is nothing to change.
      const notModified: OutgoingHttpHeaders = {
        etag: variant.etag,
        'last-modified': entry.lastModified,
        'cache-control': cacheControl,
        'access-control-allow-origin': '*',
        'access-control-expose-headers': 'ETag, Last-Modified',
        'x-content-type-options': 'nosniff',
        ...(entry.compressible ? { vary: 'Accept-Encoding' } : {}),
      };
      const ok: OutgoingHttpHeaders = {
        ...notModified,
        'content-type': entry.contentType,
        'content-length': variant.bytes.byteLength,
        ...(variant.coding !== 'identity' ? { 'content-encoding': variant.coding } : {}),
      };
      set = { ok, notModified };
      perCoding.set(variant.coding, set);
    }
    return set;
  }

  function sendFile(req: IncomingMessage, res: ServerResponse, entry: FileEntry, variant: Variant): void {
    const headers = headersFor(entry, variant);
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    // RFC 9110 §13.2.2: If-None-Match takes precedence; If-Modified-Since only without it.
    const notModified = inm !== undefined ? ifNoneMatchMatches(inm, variant.etag) : ims !== undefined && notModifiedSince(ims, entry.lastModifiedMs);
    if (notModified) {
      res.writeHead(304, headers.notModified);
      res.end();
      return;
    }
    res.writeHead(200, headers.ok);
    res.end(req.method === 'HEAD' ? undefined : variant.bytes);
  }

  /**
   * Request targets already resolved to a file: a repeated request skips parsing and path checks
   * and costs two stats. Bounded, because targets with query strings are endless.
   */
  const routes = new Map<string, Location>();
  const MAX_ROUTES = 1024;

  /** Serves a repeated request for an unchanged file synchronously; false when the slow path must run. */
  function tryFastPath(req: IncomingMessage, res: ServerResponse, target: string): boolean {
    const location = routes.get(target);
    if (!location) return false;
    const entry = cache.fresh(location);
    if (!entry) return false;
    const coding = entry.compressible ? negotiateEncoding(req.headers['accept-encoding']) : 'identity';
    const variant = cache.readyVariant(entry, coding);
    if (!variant) return false;
    sendFile(req, res, entry, variant);
    return true;
  }

  function remember(target: string, entry: FileEntry): void {
    if (routes.size >= MAX_ROUTES) routes.clear();
    routes.set(target, entry.location);
  }

  /** A folder's page: its index.html, or for health/ the HTML report. */
  async function lookupIndex(segments: string[]) {
    for (const name of INDEX_FILES) {
      const found = await cache.lookup([...segments, name]);
      if (found.kind === 'file') return found;
    }
    return { kind: 'missing' } as const;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        Allow: ALLOWED_METHODS,
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'If-None-Match, If-Modified-Since',
        'Access-Control-Max-Age': PREFLIGHT_MAX_AGE,
        'X-Content-Type-Options': 'nosniff',
      });
      res.end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendPage(req, res, 405, 'Method Not Allowed', `${method} is not supported here; this server only publishes files (GET, HEAD).`, { Allow: ALLOWED_METHODS });
      return;
    }
    const path = resolveRequestPath(target);
    if (path.kind === 'bad-request') return sendPage(req, res, 400, 'Bad Request', `The request path is not valid: ${path.reason}.`);
    if (path.kind === 'not-found') return sendPage(req, res, 404, 'Not Found', 'Nothing is published at this address.');
    if (path.segments.length === 1 && path.segments[0] === 'healthz' && !path.directory) return sendHealth(req, res);
    let found = await cache.lookup(path.segments);
    if (found.kind === 'directory') {
      found = await lookupIndex(path.segments);
      if (found.kind === 'file' && !path.directory && path.segments.length > 0) {
        // Relative links in the folder's page need the trailing slash.
        const location = '/' + path.segments.map(encodeURIComponent).join('/') + '/';
        return sendPage(req, res, 301, 'Moved Permanently', `See ${location}`, { Location: location });
      }
    }
    if (found.kind !== 'file') return sendPage(req, res, 404, 'Not Found', 'Nothing is published at this address.');
    const entry = found.entry;
    remember(target, entry);
    const coding = entry.compressible ? negotiateEncoding(req.headers['accept-encoding']) : 'identity';
    sendFile(req, res, entry, await cache.variant(entry, coding));
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method;
    try {
      if ((method === 'GET' || method === 'HEAD') && tryFastPath(req, res, req.url ?? '/')) return;
    } catch {
      // Anything odd (a stat error) takes the slow path, which answers it properly.
    }
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendPage(req, res, 500, 'Internal Server Error', 'The file could not be read; try again.');
      else res.destroy(e as Error);
    });
  };
}

function displayUrl(host: string, port: number): string {
  const shown = host === '' || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

/** Opens the folder and listens; throws RunError (exit 3) for an unreadable folder or a busy port. */
export async function startFeedServer(options: FeedServerOptions): Promise<FeedServer> {
  const root = await openOutputFolder(options.root);
  const cache = new FileCache(root);
  const server = createServer(createRequestHandler(cache, options));
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      const where = `${options.host}:${options.port}`;
      const hint =
        e.code === 'EADDRINUSE'
          ? `port ${options.port} on ${options.host} is in use (another program, or another feedwatch, listens there). Stop it, or pick another port with --port N (0: any free port).`
          : e.code === 'EACCES'
            ? `not allowed to listen on ${where} (ports below 1024 need privileges). Pick a port above 1023 with --port.`
            : e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND'
              ? `${options.host} is not an address of this machine. Use --host localhost, 127.0.0.1 or 0.0.0.0.`
              : `cannot listen on ${where}: ${e.message}.`;
      reject(new RunError(hint, { cause: e }));
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: displayUrl(options.host, port),
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
