// What only the Node server has: a disk under it (symlinks, mtimes, files that change while it
// runs) and its own compression. Everything both runtimes answer alike is in the HTTP contract
// suite (tests/http/contract-suite.ts, run against this server by tests/http/node.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rename, writeFile, utimes, symlink, unlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { startFeedServer, type FeedServer } from '../../src/runtime/node/server/server.js';
import { contentHash } from '../../src/serve/index.js';
import { tempDir } from '../helpers/cli.js';
import { ATOM_DATE, get, writeSampleOutput } from './fixtures.js';

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

describe('serve: files on disk', () => {
  it('serves a symlink that stays inside the folder', async () => {
    const r = await get(`${base}/inside-link.xml`);
    expect(r.status).toBe(200);
    expect(r.body.equals(await readFile(join(out, 'news/atom.xml')))).toBe(true);
  });
});

describe('serve: conditional requests', () => {
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
  it('sends gzip and brotli by Accept-Encoding, with Vary and per-coding ETags; the bytes on the wire decompress to the file', async () => {
    const file = await readFile(join(out, 'news/atom.xml'));
    const plain = await get(`${base}/news/atom.xml`);
    const gz = await get(`${base}/news/atom.xml`, { headers: { 'Accept-Encoding': 'gzip' } });
    const br = await get(`${base}/news/atom.xml`, { headers: { 'Accept-Encoding': 'br, gzip, deflate' } });
    // A browser's header: equal q-values, gzip listed first.
    const browser = await get(`${base}/news/atom.xml`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(browser.headers['content-encoding']).toBe('gzip');
    expect(browser.headers.etag).toBe(gz.headers.etag);
    expect(browser.body.equals(gz.body)).toBe(true);
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
});

describe('serve: /healthz', () => {
  it('adds what the runtime reports (the last runs of `run`)', async () => {
    const r = await get(`${base}/healthz`);
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body.toString());
    expect(body.status).toBe('ok');
    expect(typeof body.uptimeSeconds).toBe('number');
    expect(body.runs).toEqual({ check: null });
  });
});

describe('serve: ETags', () => {
  it('are made of the SHA-256 of the bytes, as node:crypto computes it', async () => {
    const file = await readFile(join(out, 'news/feed.json'));
    const expected = createHash('sha256').update(file).digest('base64url').slice(0, 27);
    expect(await contentHash(file)).toBe(expected);
    const r = await get(`${base}/news/feed.json`);
    expect(r.headers.etag).toBe(`"${expected}"`);
  });
});
