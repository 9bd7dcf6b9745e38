// Hostile servers, each a real local server on its own 127.0.0.x address, written at the socket
// level where HTTP itself is broken. Each ends in a status with a reason, within the configured
// timeouts (the whole check's budget `check.timeoutMs` is 2 s here, and its message says so), and
// with bounded memory: the client stops reading, so a server that never stops writing is cut off.
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createNodeHttpClient, MAX_HEADER_BYTES } from '../../src/runtime/node/http-client.js';
import { checkLinks } from '../../src/links/checker.js';
import { checkerOptions } from '../../src/health/pipeline.js';
import type { LinkCheckResult } from '../../src/core/types.js';
import { html, page, startServer, testConfig } from '../links/servers.js';

interface RawServer {
  url(path: string): string;
  /** Bytes written on each connection, in order. */
  written: number[];
  close(): Promise<void>;
}

const open: RawServer[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

/** A TCP server that answers each connection with `respond` (after reading the request head). */
async function rawServer(host: string, respond: (socket: Socket, count: (n: number) => void) => void): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const written: number[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const index = written.push(0) - 1;
    let head = '';
    socket.on('data', function onData(chunk) {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      respond(socket, (n) => (written[index]! += n));
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  const s: RawServer = {
    url: (path) => `http://${host}:${port}${path}`,
    written,
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const so of sockets) so.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  (s as RawServer & { timers: Set<NodeJS.Timeout> }).timers = timers;
  open.push(s);
  return s;
}

/** Writes `next()` whenever the socket drains, until it closes: a server that never stops. */
function floodUntilClosed(socket: Socket, count: (n: number) => void, next: () => string): void {
  const pump = () => {
    while (!socket.destroyed) {
      const chunk = next();
      count(chunk.length);
      if (!socket.write(chunk)) return void socket.once('drain', pump);
    }
  };
  pump();
}

const TIMEOUT_MS = 2000;

async function check(url: string): Promise<LinkCheckResult> {
  const config = testConfig({ connectTimeoutMs: 500, firstByteTimeoutMs: 500, timeoutMs: TIMEOUT_MS, retries: 1, maxBodyBytes: 64 * 1024 });
  const http = createNodeHttpClient({ connectTimeoutMs: 500, firstByteTimeoutMs: 500, allowPrivate: true });
  try {
    const [r] = await checkLinks({ targets: [{ url, items: [] }], previous: new Map(), http, now: () => new Date(), options: checkerOptions(config) });
    return r!;
  } finally {
    await http.close?.();
  }
}

describe('hostile and odd servers', () => {
  it('a page with 1,000 Set-Cookie headers (about 30 KB) is ok, as in a browser', async () => {
    const cookies = Array.from({ length: 1000 }, (_, i) => `c${i}=${'v'.repeat(20)}; Path=/`);
    const site = await startServer('127.0.0.91', (_req, res) => html(res, page('Many cookies', '<p>fine</p>'), { 'set-cookie': cookies } as never));
    try {
      const r = await check(site.url('/cookies'));
      expect(r).toMatchObject({ status: 'ok', title: 'Many cookies' });
    } finally {
      await site.close();
    }
  });

  it('endless response headers end as broken (network) at the header limit; the server is cut off', async () => {
    let n = 0;
    const srv = await rawServer('127.0.0.92', (socket, count) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n');
      floodUntilClosed(socket, count, () => `X-Filler-${n++}: ${'a'.repeat(1000)}\r\n`);
    });
    const r = await check(srv.url('/headers'));
    expect(r).toMatchObject({ status: 'broken', reason: 'network' });
    expect(r.error).toContain('larger than 256 KiB');
    // Each attempt was cut off soon after the limit: what the server got to write is the limit plus
    // what the kernel's socket buffers took (about 4 MB on loopback here), not an endless read.
    expect(srv.written.length).toBeGreaterThan(0);
    for (const bytes of srv.written) expect(bytes).toBeLessThan(MAX_HEADER_BYTES + 8 * 1024 * 1024);
  });

  it('a body that drips one byte every 200 ms forever ends as broken (timeout) within check.timeoutMs', async () => {
    const srv = await rawServer('127.0.0.93', (socket, count) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n');
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        count(1);
        socket.write('1\r\na\r\n');
      }, 200);
      (srv as unknown as { timers: Set<NodeJS.Timeout> }).timers.add(timer);
    });
    const r = await check(srv.url('/drip'));
    expect(r).toMatchObject({ status: 'broken', reason: 'timeout', error: `no complete answer within ${TIMEOUT_MS} ms` });
    // At most one byte per 200 ms over the 2 s budget (and a retry's share of it).
    expect(srv.written.reduce((a, b) => a + b, 0)).toBeLessThan(TIMEOUT_MS / 200 + 5);
  });

  it('a Content-Length longer than the body, then the connection closed, is broken (reset)', async () => {
    const srv = await rawServer('127.0.0.94', (socket) => {
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<title>Short</title>');
    });
    const r = await check(srv.url('/short'));
    expect(r).toMatchObject({ status: 'broken', reason: 'reset' });
  });

  it('a Content-Length longer than the body, then silence, is broken (timeout)', async () => {
    const srv = await rawServer('127.0.0.94', (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<title>Short</title>');
    });
    const r = await check(srv.url('/silent'));
    expect(r).toMatchObject({ status: 'broken', reason: 'timeout' });
  });

  it('invalid chunked encoding is broken (network)', async () => {
    const srv = await rawServer('127.0.0.95', (socket) => {
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk size\r\n0\r\n\r\n');
    });
    const r = await check(srv.url('/chunks'));
    expect(r.status).toBe('broken');
    expect(['network', 'reset']).toContain(r.reason);
    expect(r.error).toBeTruthy();
  });

  it.each(['data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'javascript:alert(1)'])('a redirect to %s is broken (bad-redirect) and never followed', async (location) => {
    const site = await startServer('127.0.0.96', (_req, res) => void res.writeHead(302, { location }).end());
    try {
      const r = await check(site.url('/go'));
      expect(r).toMatchObject({ status: 'broken', reason: 'bad-redirect' });
      expect(r.error).toContain('redirect to unsupported scheme');
      expect(site.requests).toHaveLength(1);
    } finally {
      await site.close();
    }
  });
});
