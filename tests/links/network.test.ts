// Real-network plumbing: HTTP(S) proxies from the environment (with NO_PROXY), extra headers per
// host from config, and the progress display on a terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { createNodeHttpClient } from '../../src/runtime/node/http-client.js';
import { checkLinks } from '../../src/links/checker.js';
import { checkerOptions } from '../../src/health/pipeline.js';
import { progressReporter } from '../../src/runtime/node/check-output.js';
import { html, page, startServer, testConfig, type TestServer } from './servers.js';

let site: TestServer;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  site = await startServer('127.0.0.70', (req, res) => html(res, page('Via', `<p>${req.headers['x-api-key'] ?? 'no key'}</p>`)));
  // A CONNECT proxy, as corporate proxies are.
  proxy = createServer();
  proxy.on('connect', (req, client: Socket) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(client).add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.71', () => r()));
  proxyUrl = `http://127.0.0.71:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => proxy.close(r));
  await site.close();
});

async function check(url: string, env: Record<string, string>, allowPrivate: boolean, headers: Record<string, Record<string, string>> = {}) {
  const http = createNodeHttpClient({ connectTimeoutMs: 500, firstByteTimeoutMs: 1000, allowPrivate, env });
  try {
    const [r] = await checkLinks({
      targets: [{ url, items: [] }], previous: new Map(), http, now: () => new Date(),
      options: { ...checkerOptions(testConfig({ allowPrivate, headers })), retries: 0 },
    });
    return r!;
  } finally {
    await http.close?.();
  }
}

describe('proxies from the environment', () => {
  it('HTTP_PROXY carries requests through the proxy', async () => {
    tunnels.length = 0;
    const r = await check(site.url('/a'), { HTTP_PROXY: proxyUrl }, true);
    expect(r.status).toBe('ok');
    expect(tunnels).toEqual([`127.0.0.70:${site.port}`]);
  });
  it('NO_PROXY hosts go direct', async () => {
    tunnels.length = 0;
    const r = await check(site.url('/b'), { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.70' }, true);
    expect(r.status).toBe('ok');
    expect(tunnels).toEqual([]);
  });
  it('the SSRF guard still applies to the target behind a proxy', async () => {
    tunnels.length = 0;
    const r = await check(site.url('/c'), { HTTP_PROXY: proxyUrl }, false);
    expect(r).toMatchObject({ status: 'skipped', reason: 'private-address' });
    expect(tunnels).toEqual([]);
  });
});

describe('compressed pages', () => {
  it.each(['gzip', 'br', 'deflate'])('%s is decoded', async (encoding) => {
    const zlib = await import('node:zlib');
    const body = Buffer.from(page('Komprimerad sida', '<p>Innehåll</p>'));
    const packed = encoding === 'gzip' ? zlib.gzipSync(body) : encoding === 'br' ? zlib.brotliCompressSync(body) : zlib.deflateSync(body);
    const srv = await startServer('127.0.0.72', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': encoding });
      res.end(packed);
    });
    try {
      const r = await check(srv.url('/z'), {}, true);
      expect(r).toMatchObject({ status: 'ok', title: 'Komprimerad sida' });
      expect(r.excerpt).toContain('Innehåll');
    } finally {
      await srv.close();
    }
  });
});

describe('extra headers per host', () => {
  it('sends config check.headers to that host only', async () => {
    const r = await check(site.url('/k'), {}, true, { '127.0.0.70': { 'X-Api-Key': 'secret-1' } });
    expect(r.excerpt).toContain('secret-1');
    const other = await check(site.url('/k2'), {}, true, { 'other.example': { 'X-Api-Key': 'nope' } });
    expect(other.excerpt).toContain('no key');
  });
});

describe('progress', () => {
  const sink = (tty: boolean) => {
    const w = new Writable({ write(c, _e, cb) { (w as unknown as { text: string }).text += c.toString(); cb(); } }) as Writable & { text: string; isTTY?: boolean };
    w.text = '';
    w.isTTY = tty;
    return w;
  };
  const result = (status: 'ok' | 'broken') => ({ url: `https://x.example/${status}`, status, reason: status === 'broken' ? 'http-404' : null } as never);
  it('draws a bar on a terminal', () => {
    const err = sink(true);
    const p = progressReporter(err);
    p.start(2);
    p.update({ done: 1, total: 2, failing: 1, last: result('broken') });
    p.update({ done: 2, total: 2, failing: 1, last: result('ok') });
    p.finish();
    expect(err.text).toContain('\r');
    expect(err.text).toContain('2/2 links checked, 1 broken or soft404');
  });
  it('prints plain lines otherwise, with each broken link', () => {
    const err = sink(false);
    const p = progressReporter(err);
    p.start(2);
    p.update({ done: 1, total: 2, failing: 1, last: result('broken') });
    p.update({ done: 2, total: 2, failing: 1, last: result('ok') });
    expect(err.text).not.toContain('\r');
    expect(err.text).toContain('check: broken (http-404) https://x.example/broken');
    expect(err.text.trim().split('\n').at(-1)).toBe('check: 2/2 links checked, 1 broken or soft404');
  });
});
