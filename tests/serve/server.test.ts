import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rename, writeFile, utimes, symlink, unlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { startFeedServer, type FeedServer } from '../../src/runtime/node/server/server.js';
import { tempDir } from '../helpers/cli.js';
import { ATOM_DATE, get, rawGet, writeSampleOutput } from './fixtures.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let out: string;
let server: FeedServer;
let base: string;

beforeAll(async () => {
  tmp = await tempDir('feedwatch-serve-');
  ({ out } = await writeSampleOutput(tmp.dir));
  server = await startFeedServer({ root: out, host: '127.0.0.1', port: 0, maxAge: 300, health: () => ({ runs: { check: null } }) });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
  await tmp?.cleanup();
});

describe('serve: content types', () => {
  it.each([
    ['/news/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['/news/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/news/feed.json', 'application/feed+json; charset=utf-8'],
    ['/news/archive/2018.xml', 'application/atom+xml; charset=utf-8'],
    ['/news/archive/2017.xml', 'application/rss+xml; charset=utf-8'],
    ['/news/archive/2018.json', 'application/feed+json; charset=utf-8'],
    ['/news/archive/1.atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/news/archive/1.rss.xml', 'application/rss+xml; charset=utf-8'],
    ['/news/archive/1.feed.json', 'application/feed+json; charset=utf-8'],
    ['/news/archive/pages.json', 'application/json; charset=utf-8'],
    ['/feeds.opml', 'text/x-opml; charset=utf-8'],
    ['/', 'text/html; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/health/report.json', 'application/json; charset=utf-8'],
    ['/health/report.html', 'text/html; charset=utf-8'],
    ['/health/report.md', 'text/markdown; charset=utf-8'],
    ['/health/alerts.atom', 'application/atom+xml; charset=utf-8'],
    ['/logo.png', 'image/png'],
  ])('%s is %s, with the file bytes', async (path, type) => {
    const r = await get(base + path);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    expect(r.headers['access-control-allow-origin']).toBe('*');
    const file = path === '/' ? 'index.html' : path.slice(1);
    expect(r.body.equals(await readFile(join(out, file)))).toBe(true);
    expect(Number(r.headers['content-length'])).toBe(r.body.byteLength);
  });

  it('serves a symlink that stays inside the folder', async () => {
    const r = await get(`${base}/inside-link.xml`);
    expect(r.status).toBe(200);
    expect(r.body.equals(await readFile(join(out, 'news/atom.xml')))).toBe(true);
  });
});

describe('serve: conditional requests', () => {
  it('gives a strong ETag and answers If-None-Match with 304 and no body (strong, weak, list, *)', async () => {
    const first = await get(`${base}/news/atom.xml`);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, `"a", W/${etag} ,"b"`, '*']) {
      const r = await get(`${base}/news/atom.xml`, { headers: { 'If-None-Match': header } });
      expect(r.status, header).toBe(304);
      expect(r.body.byteLength).toBe(0);
      expect(r.headers.etag).toBe(etag);
      expect(r.headers['last-modified']).toBe(first.headers['last-modified']);
      expect(r.headers['cache-control']).toBe('public, max-age=300');
    }
    const miss = await get(`${base}/news/atom.xml`, { headers: { 'If-None-Match': '"other", W/"x"' } });
    expect(miss.status).toBe(200);
    expect(miss.body.byteLength).toBeGreaterThan(0);
  });

  it('takes Last-Modified from .last-modified.json and honours If-Modified-Since only without If-None-Match', async () => {
    const r = await get(`${base}/news/atom.xml`);
    expect(r.headers['last-modified']).toBe(new Date(ATOM_DATE).toUTCString());
    const later = await get(`${base}/news/atom.xml`, { headers: { 'If-Modified-Since': new Date(ATOM_DATE).toUTCString() } });
    expect(later.status).toBe(304);
    const earlier = await get(`${base}/news/atom.xml`, { headers: { 'If-Modified-Since': new Date(Date.parse(ATOM_DATE) - 1000).toUTCString() } });
    expect(earlier.status).toBe(200);
    const both = await get(`${base}/news/atom.xml`, { headers: { 'If-Modified-Since': new Date().toUTCString(), 'If-None-Match': '"other"' } });
    expect(both.status).toBe(200);
    const garbage = await get(`${base}/news/atom.xml`, { headers: { 'If-Modified-Since': 'yesterday' } });
    expect(garbage.status).toBe(200);
  });

  it('falls back to the mtime when the folder has no content date for the file', async () => {
    const when = new Date('2020-01-02T03:04:05Z');
    await utimes(join(out, 'feeds.opml'), when, when);
    const r = await get(`${base}/feeds.opml`);
    expect(r.headers['last-modified']).toBe(when.toUTCString());
  });

  it('keeps ETag and Last-Modified after an identical atomic rewrite, and changes the ETag with the bytes', async () => {
    const before = await get(`${base}/news/atom.xml`);
    const bytes = await readFile(join(out, 'news/atom.xml'));
    await writeFile(join(out, 'news/.atom.tmp'), bytes);
    await rename(join(out, 'news/.atom.tmp'), join(out, 'news/atom.xml'));
    const same = await get(`${base}/news/atom.xml`);
    expect(same.headers.etag).toBe(before.headers.etag);
    expect(same.headers['last-modified']).toBe(before.headers['last-modified']);

    await writeFile(join(out, 'news/rss.xml'), (await readFile(join(out, 'news/rss.xml'), 'utf8')).replace('Nyheter', 'Nytt'));
    const rssAfter = await get(`${base}/news/rss.xml`);
    expect(rssAfter.body.toString()).toContain('<title>Nytt</title>');
    const stale = await get(`${base}/news/rss.xml`, { headers: { 'If-None-Match': before.headers.etag as string } });
    expect(stale.status).toBe(200);
  });
});

describe('serve: the in-memory cache follows the disk', () => {
  it('picks up a new content date in .last-modified.json', async () => {
    await get(`${base}/news/rss.xml`);
    await get(`${base}/news/rss.xml`); // now on the fast path
    await writeFile(join(out, 'news/.last-modified.json'), JSON.stringify({ 'atom.xml': ATOM_DATE, 'rss.xml': '2019-01-01T00:00:00Z' }));
    const r = await get(`${base}/news/rss.xml`);
    expect(r.headers['last-modified']).toBe('Tue, 01 Jan 2019 00:00:00 GMT');
  });

  it('stops serving a symlink that is swapped to point outside, and a file that is removed', async () => {
    await writeFile(join(out, 'swap-target.xml'), '<feed xmlns="http://www.w3.org/2005/Atom"><title>inside</title></feed>');
    await symlink(join(out, 'swap-target.xml'), join(out, 'swap.xml'));
    expect((await get(`${base}/swap.xml`)).status).toBe(200);
    expect((await get(`${base}/swap.xml`)).status).toBe(200);
    await unlink(join(out, 'swap.xml'));
    await symlink(join(tmp.dir, 'secret.xml'), join(out, 'swap.xml'));
    const r = await get(`${base}/swap.xml`);
    expect(r.status).toBe(404);
    expect(r.body.toString()).not.toContain('outside the output folder');
    await rm(join(out, 'swap-target.xml'));
    await unlink(join(out, 'swap.xml'));
    expect((await get(`${base}/swap.xml`)).status).toBe(404);
  });

  it('serves compressed variants from memory and recompresses changed content', async () => {
    const path = join(out, 'health/report.md');
    const a = await get(`${base}/health/report.md`, { headers: { 'Accept-Encoding': 'br' } });
    const b = await get(`${base}/health/report.md`, { headers: { 'Accept-Encoding': 'br' } });
    expect(b.body.equals(a.body)).toBe(true);
    await writeFile(path, `# Report v2\n\n${'- broken\n'.repeat(80)}`);
    const c = await get(`${base}/health/report.md`, { headers: { 'Accept-Encoding': 'br' } });
    expect(brotliDecompressSync(c.body).toString()).toContain('Report v2');
    expect(c.headers.etag).not.toBe(a.headers.etag);
  });
});

describe('serve: compression', () => {
  it('sends gzip and brotli by Accept-Encoding, with Vary and per-coding ETags; the bytes decompress to the file', async () => {
    const file = await readFile(join(out, 'news/atom.xml'));
    const plain = await get(`${base}/news/atom.xml`);
    const gz = await get(`${base}/news/atom.xml`, { headers: { 'Accept-Encoding': 'gzip' } });
    const br = await get(`${base}/news/atom.xml`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    for (const r of [plain, gz, br]) expect(r.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gz.body).equals(file)).toBe(true);
    expect(brotliDecompressSync(br.body).equals(file)).toBe(true);
    expect(gz.body.byteLength).toBeLessThan(file.byteLength);
    const tags = new Set([plain.headers.etag, gz.headers.etag, br.headers.etag]);
    expect(tags.size).toBe(3);
    expect(gz.headers.etag).toBe((plain.headers.etag as string).replace(/"$/, '-gz"'));
    const again = await get(`${base}/news/atom.xml`, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.etag as string } });
    expect(again.status).toBe(304);
    expect(again.headers.vary).toBe('Accept-Encoding');
  });

  it('follows q-values', async () => {
    const enc = async (h: string) => (await get(`${base}/news/atom.xml`, { headers: { 'Accept-Encoding': h } })).headers['content-encoding'] ?? 'identity';
    expect(await enc('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(await enc('br;q=0, gzip')).toBe('gzip');
    expect(await enc('gzip;q=0, br;q=0')).toBe('identity');
    expect(await enc('*')).toBe('br');
    expect(await enc('identity')).toBe('identity');
    expect(await enc('x-gzip')).toBe('gzip');
  });

  it('does not compress images or tiny files', async () => {
    const png = await get(`${base}/logo.png`, { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
    const tiny = await get(`${base}/tiny.txt`, { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('hi');
  });
});

describe('serve: methods, CORS and special pages', () => {
  it('answers HEAD with the headers of GET and no body', async () => {
    const g = await get(`${base}/news/feed.json`);
    const h = await get(`${base}/news/feed.json`, { method: 'HEAD' });
    expect(h.status).toBe(200);
    expect(h.body.byteLength).toBe(0);
    for (const k of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control']) expect(h.headers[k], k).toBe(g.headers[k]);
  });

  it('answers a CORS preflight', async () => {
    const r = await get(`${base}/news/atom.xml`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://reader.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' },
    });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    expect(r.headers['access-control-allow-headers']).toBe('if-none-match');
    expect(r.headers['access-control-expose-headers']).toBeUndefined();
  });

  it('answers 405 with Allow for other methods', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await get(`${base}/news/atom.xml`, { method });
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });

  it('answers 404 with a page', async () => {
    const r = await get(`${base}/nope/atom.xml`);
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body.toString()).toContain('404');
  });

  it('redirects a folder without its slash, and serves its index', async () => {
    const r = await get(`${base}/health`);
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/health/');
    const page = await get(`${base}/health/`);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Report</title>');
    expect((await get(`${base}/news`)).status).toBe(404); // no page in news/
  });

  it('answers /healthz with JSON', async () => {
    const r = await get(`${base}/healthz`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(r.body.toString());
    expect(body.status).toBe('ok');
    expect(typeof body.uptimeSeconds).toBe('number');
    expect(body.runs).toEqual({ check: null });
  });
});

describe('serve: nothing outside the output folder', () => {
  it.each([
    '/../etc/passwd',
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E/secret.xml',
    '/%252e%252e/secret.xml',
    '/..%2fsecret.xml',
    '/..%5c..%5cetc/passwd',
    '/..\\..\\etc\\passwd',
    '/a%00.xml',
    '/news/atom.xml%00.png',
    '//etc/passwd',
    '/%2f%2fetc/passwd',
    '/escape.xml',
    '/escape-dir/',
    '/escape-dir/index.html',
    '/.last-modified.json',
    '/news/.last-modified.json',
    '/news/%2elast-modified.json',
    '/%',
    'http://127.0.0.1/../secret.xml',
    '/./news/atom.xml',
    '/news/./atom.xml',
    '/news/../secret.xml',
  ])('%s is refused', async (target) => {
    const r = await rawGet(server.port, target);
    expect([400, 404]).toContain(r.status);
    expect(r.text).not.toContain('outside the output folder');
    expect(r.text).not.toContain('secret index');
    expect(r.text).not.toContain('root:');
  });

  it('still serves encoded names inside the folder', async () => {
    const r = await rawGet(server.port, '/news/%61tom.xml');
    expect(r.status).toBe(200);
  });
});
