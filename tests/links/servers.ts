// Real local HTTP servers for the checker's tests: each on its own 127.0.0.x address (a distinct
// host for per-host limits), port 0. Each counts requests and the most it ever had in flight.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolveConfig, type Config } from '../../src/core/config.js';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface TestServer {
  host: string;
  port: number;
  /** http://127.0.0.x:port */
  origin: string;
  url(path: string): string;
  requests: SeenRequest[];
  inFlight: number;
  maxInFlight: number;
  /** Bytes of response bodies written (to show a capped read stopped early). */
  bytesWritten: number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, server: TestServer) => void | Promise<void>;

export async function startServer(host: string, handler: Handler): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const state: TestServer = {
    host, port: 0, origin: '', url: (p) => `${state.origin}${p}`, requests: [], inFlight: 0, maxInFlight: 0, bytesWritten: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer((req, res) => {
    state.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let counted = true;
    const done = () => {
      if (counted) state.inFlight--;
      counted = false;
    };
    res.on('close', done);
    const write = res.write.bind(res);
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk && typeof (chunk as { length?: number }).length === 'number') state.bytesWritten += (chunk as { length: number }).length;
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof res.write;
    Promise.resolve(handler(req, res, state)).catch((e) => {
      res.destroy(e as Error);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://${host}:${state.port}`;
  return state;
}

export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function html(res: ServerResponse, body: string, headers: Record<string, string> = {}, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
}

export function page(title: string, main: string, extra = ''): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><nav>Home | News</nav><main><h1>${title}</h1>${main}</main>${extra}<footer>© 2026 Example</footer></body></html>`;
}

/** Defaults with small timeouts and retry delays so the suite stays fast. */
export function testConfig(check: Partial<Config['check']> = {}): Config {
  const config = resolveConfig({});
  Object.assign(config.check, {
    allowPrivate: true, connectTimeoutMs: 500, firstByteTimeoutMs: 500, timeoutMs: 4000, retries: 2, retryBaseMs: 20,
    retryAfterCapMs: 3000, maxBodyBytes: 256 * 1024, concurrency: 32, perHost: 2,
  }, check);
  return config;
}
