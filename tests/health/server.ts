// A local HTTP server whose answers a test changes between runs: path -> handler.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  base: string;
  routes: Map<string, Handler>;
  close(): Promise<void>;
}

export async function startServer(host = '127.0.0.1'): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const server = createServer((req, res) => {
    const handler = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (handler) handler(req, res);
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title><h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  return {
    base: `http://${host}:${port}`,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function page(title: string, text: string): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`);
  };
}

export function status(code: number, headers: Record<string, string> = {}): Handler {
  return (_req, res) => res.writeHead(code, { 'content-type': 'text/html', ...headers }).end(`<title>${code}</title><p>status ${code}</p>`);
}
