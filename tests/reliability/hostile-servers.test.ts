// Hostile servers, each a real local server on its own 127.0.0.x address, written at the socket
// level where HTTP itself is broken. Each ends in a status with a reason, within the configured
// timeouts (the whole check's budget `check.timeoutMs` is 2 s here, and its message says so), and
// with bounded memory: the client stops reading, so a server that never stops writing is cut off.
// Measured on the client's side for each: the time taken, the bytes it read from each connection
// (its sockets, from undici's diagnostics channel), and its heap and buffers during and after.
import { afterAll, describe, expect, it } from 'vitest';
import diagnostics from 'node:diagnostics_channel';
import { createServer, type Server, type Socket } from 'node:net';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
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
/** Room over the configured budget for timers firing late on a busy machine; an endless read would take far longer. */
const LATE_MS = 1500;
/** What one read may take past the header limit: the socket hands over up to 64 KiB at a time. */
const READ_SLACK = 128 * 1024;
/**
 * The most the client's heap and buffers may grow during one check of a hostile server (about 8 MB
 * measured for the endless headers, garbage included; an unbounded read at loopback speed would be
 * gigabytes), and what may stay held after it (under 1 MB measured).
 */
const PEAK_BUDGET = 32 * 1024 * 1024;
const RETAINED_BUDGET = 4 * 1024 * 1024;

// A forced GC before the baseline, so garbage of earlier tests does not count against this one.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Measured {
  result: LinkCheckResult;
  elapsedMs: number;
  /** Bytes the client read from each connection it opened (its sockets' bytesRead). */
  bytesRead: number[];
  /** The most the client's heap plus buffers (external) grew over the baseline while checking. */
  peakGrowth: number;
  /** What of that growth is still held after the check and a forced GC. */
  retainedGrowth: number;
}

/** Checks `url` as `check` does, measuring time, what the client read and how its memory grew. */
async function measured(url: string): Promise<Measured> {
  const sockets: Socket[] = [];
  const port = Number(new URL(url).port);
  const onConnected = (message: unknown) => {
    const socket = (message as { socket?: Socket }).socket;
    if (socket?.remotePort === port) sockets.push(socket);
  };
  diagnostics.subscribe('undici:client:connected', onConnected);
  gc();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const baseline = used();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, used())), 5);
  const started = performance.now();
  try {
    const result = await check(url);
    const elapsedMs = performance.now() - started;
    peak = Math.max(peak, used());
    gc();
    return { result, elapsedMs, bytesRead: sockets.map((so) => so.bytesRead), peakGrowth: peak - baseline, retainedGrowth: used() - baseline };
  } finally {
    clearInterval(sampler);
    diagnostics.unsubscribe('undici:client:connected', onConnected);
  }
}

/** Within the check's whole budget (plus timer lateness), with the client's memory bounded. */
function expectBounded(m: Measured, maxBytesPerConnection: number): void {
  expect(m.elapsedMs, 'elapsed ms').toBeLessThanOrEqual(TIMEOUT_MS + LATE_MS);
  expect(m.bytesRead.length, 'connections seen').toBeGreaterThan(0);
  for (const bytes of m.bytesRead) expect(bytes, 'bytes read from one connection').toBeLessThanOrEqual(maxBytesPerConnection);
  expect(m.peakGrowth, 'heap and buffer growth while checking').toBeLessThan(PEAK_BUDGET);
  expect(m.retainedGrowth, 'heap and buffers still held after the check').toBeLessThan(RETAINED_BUDGET);
}

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
    const m = await measured(srv.url('/headers'));
    const r = m.result;
    expect(r).toMatchObject({ status: 'broken', reason: 'network' });
    expect(r.error).toContain('larger than 256 KiB');
    // The client read the limit and one more read's worth, then closed the connection.
    expectBounded(m, MAX_HEADER_BYTES + READ_SLACK);
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
    const m = await measured(srv.url('/drip'));
    const r = m.result;
    expect(r).toMatchObject({ status: 'broken', reason: 'timeout', error: `no complete answer within ${TIMEOUT_MS} ms` });
    expect(m.elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expectBounded(m, 4096);
    // At most one byte per 200 ms over the 2 s budget (and a retry's share of it).
    expect(srv.written.reduce((a, b) => a + b, 0)).toBeLessThan(TIMEOUT_MS / 200 + 5);
  });

  it('a Content-Length longer than the body, then the connection closed, is broken (reset)', async () => {
    const srv = await rawServer('127.0.0.94', (socket) => {
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<title>Short</title>');
    });
    const m = await measured(srv.url('/short'));
    expect(m.result).toMatchObject({ status: 'broken', reason: 'reset' });
    expectBounded(m, 4096);
  });

  it('a Content-Length longer than the body, then silence, is broken (timeout)', async () => {
    const srv = await rawServer('127.0.0.94', (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<title>Short</title>');
    });
    const m = await measured(srv.url('/silent'));
    expect(m.result).toMatchObject({ status: 'broken', reason: 'timeout' });
    expectBounded(m, 4096);
  });

  it('invalid chunked encoding is broken (network)', async () => {
    const srv = await rawServer('127.0.0.95', (socket) => {
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk size\r\n0\r\n\r\n');
    });
    const m = await measured(srv.url('/chunks'));
    const r = m.result;
    expectBounded(m, 4096);
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
