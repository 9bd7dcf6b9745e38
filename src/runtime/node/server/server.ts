// The HTTP server of the output folder, for Node: it translates IncomingMessage and ServerResponse
// to and from the plain data of src/serve, which decides every status, header and body, and
// hands it the disk through FileCache. Repeated requests for unchanged files are answered
// synchronously from responses src/serve built once (the fast path below).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { access, realpath, stat } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { RunError } from '../../../core/errors.js';
import { createServeHandler, internalError, servesFiles, type ServeResponse } from '../../../serve/index.js';
import { FileCache, type Location } from './file-cache.js';

/** How long a graceful close waits for in-flight responses before cutting connections. */
const CLOSE_GRACE_MS = 10_000;

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

/** Writes an answer of src/serve; its header objects are shared, and node:http only reads them. */
function send(res: ServerResponse, answer: ServeResponse<Buffer>): void {
  res.writeHead(answer.status, answer.headers);
  if (answer.body === null) res.end();
  else res.end(answer.body);
}

export function createRequestHandler(cache: FileCache, options: Pick<FeedServerOptions, 'maxAge' | 'health'>) {
  const semantics = createServeHandler({ maxAge: options.maxAge, ...(options.health ? { health: options.health } : {}), uptimeSeconds: () => process.uptime() });

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
    const variant = cache.readyVariant(entry, semantics.codingFor(entry, req.headers));
    if (!variant) return false;
    send(res, semantics.respondWithFile(req, entry, variant));
    return true;
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method;
    const target = req.url ?? '/';
    try {
      if (servesFiles(method) && tryFastPath(req, res, target)) return;
    } catch {
      // Anything odd (a stat error) takes the slow path, which answers it properly.
    }
    semantics
      .handle({ method: method ?? 'GET', path: target, headers: req.headers }, cache)
      .then((answer) => {
        if ('entry' in answer) {
          if (routes.size >= MAX_ROUTES) routes.clear();
          routes.set(target, answer.entry.location);
        }
        send(res, answer);
      })
      .catch((e: unknown) => {
        if (!res.headersSent) send(res, internalError(method ?? 'GET'));
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
          ? `port ${options.port} on ${options.host} is in use (another program, or another feedwatch, listens there). Stop it, or pick another port with --port PORT (0: any free port).`
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
