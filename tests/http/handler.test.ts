// The HTTP semantics as plain data, without sockets: request data in, response data out, files
// from a MemorySource. Web-standard only (no node:*), so this file can run in workerd too.
import { describe, expect, it } from 'vitest';
import {
  contentDateOf,
  contentHash,
  createServeHandler,
  describeFile,
  MemorySource,
  parseContentDates,
  type Coding,
  type FileEntry,
  type FileSource,
  type MemoryFile,
  type RequestHeaders,
  type ServeResponse,
} from '../../src/serve/index.js';
import { ATOM_DATE, FIXTURE_SITE, fixtureBytes } from './fixture-site.js';
import { REFUSED_TARGETS } from './contract-suite.js';

const utf8 = new TextEncoder();
const text = (body: unknown) => new TextDecoder().decode(body as Uint8Array);
/** Stand-ins for compressed copies: the semantics never look inside a body. */
const GZ = utf8.encode('gzip bytes of atom.xml');
const BR = utf8.encode('br bytes');
const MTIME = Date.parse('2020-01-02T03:04:05Z');

/** The fixture site with the content dates of its `.last-modified.json` files, as a source would read them. */
async function fixtureSource(extra: Record<string, MemoryFile> = {}): Promise<MemorySource> {
  const files: Record<string, MemoryFile> = {};
  for (const path of Object.keys(FIXTURE_SITE)) {
    const slash = path.lastIndexOf('/');
    const record = FIXTURE_SITE[`${path.slice(0, slash + 1)}.last-modified.json`];
    const dates = typeof record === 'string' ? parseContentDates(record) : {};
    files[path] = { bytes: fixtureBytes(path), lastModifiedMs: contentDateOf(dates, path.slice(slash + 1)) ?? MTIME };
  }
  files['news/atom.xml'] = { ...files['news/atom.xml']!, gzip: GZ, br: BR };
  return MemorySource.from({ ...files, ...extra });
}

/** Records what the semantics ask a source, to prove refused paths never reach it. */
function spy<E extends FileEntry, B>(inner: FileSource<E, B>) {
  const lookups: string[][] = [];
  const codings: Coding[] = [];
  const source: FileSource<E, B> = {
    lookup: (segments) => (lookups.push([...segments]), inner.lookup(segments)),
    variant: (entry, coding) => (codings.push(coding), inner.variant(entry, coding)),
  };
  return { source, lookups, codings };
}

const semantics = createServeHandler({ maxAge: 300, uptimeSeconds: () => 42.4, health: () => ({ runs: { check: null } }) });
const source = await fixtureSource();
const atom = fixtureBytes('news/atom.xml');
const atomHash = await contentHash(atom);

function get(path: string, headers: RequestHeaders = {}, method = 'GET') {
  return semantics.handle({ method, path, headers }, source);
}

const FILE_HEADERS = {
  'last-modified': 'Thu, 29 Nov 2018 10:00:00 GMT',
  'cache-control': 'public, max-age=300',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag, Last-Modified',
  'x-content-type-options': 'nosniff',
  vary: 'Accept-Encoding',
};

describe('files', () => {
  it('answers 200 with exactly these headers and the identity bytes', async () => {
    const r = await get('/news/atom.xml');
    expect(r.status).toBe(200);
    expect(r.headers).toEqual({ ...FILE_HEADERS, etag: `"${atomHash}"`, 'content-type': 'application/atom+xml; charset=utf-8', 'content-length': String(atom.byteLength) });
    expect(r.body).toEqual(atom);
  });

  it('sends the coding Accept-Encoding prefers, with its own ETag', async () => {
    const gz = await get('/news/atom.xml', { 'accept-encoding': 'gzip' });
    expect(gz.headers).toEqual({ ...FILE_HEADERS, etag: `"${atomHash}-gz"`, 'content-type': 'application/atom+xml; charset=utf-8', 'content-length': String(GZ.byteLength), 'content-encoding': 'gzip' });
    expect(gz.body).toBe(GZ);
    const br = await get('/news/atom.xml', { 'accept-encoding': 'br, gzip' });
    expect(br.headers.etag).toBe(`"${atomHash}-br"`);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body).toBe(BR);
    // Equal q-values: the one listed first.
    expect((await get('/news/atom.xml', { 'accept-encoding': 'gzip, br' })).headers.etag).toBe(`"${atomHash}-gz"`);
  });

  it('answers 304 with the validators and caching headers only, and no body', async () => {
    const r = await get('/news/atom.xml', { 'if-none-match': `W/"${atomHash}"` });
    expect(r).toMatchObject({ status: 304, body: null });
    expect(r.headers).toEqual({ ...FILE_HEADERS, etag: `"${atomHash}"` });
    expect((await get('/news/atom.xml', { 'if-modified-since': 'Thu, 29 Nov 2018 10:00:00 GMT' })).status).toBe(304);
    expect((await get('/news/atom.xml', { 'if-modified-since': 'Thu, 29 Nov 2018 10:00:00 GMT', 'if-none-match': '"x"' })).status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const g = await get('/news/atom.xml', { 'accept-encoding': 'br' });
    const h = await get('/news/atom.xml', { 'accept-encoding': 'br' }, 'HEAD');
    expect(h.status).toBe(200);
    expect(h.headers).toBe(g.headers);
    expect(h.body).toBeNull();
  });

  it('builds each answer once per version and coding, and reuses it', async () => {
    expect(await get('/news/atom.xml')).toBe(await get('/news/atom.xml'));
    expect(await get('/news/atom.xml', { 'if-none-match': '*' })).toBe(await get('/news/atom.xml', { 'if-none-match': `"${atomHash}"` }));
    const r = await get('/news/atom.xml');
    expect('entry' in r && r.entry).toMatchObject({ path: 'news/atom.xml', hash: atomHash });
    expect('entry' in (await get('/nope'))).toBe(false);
  });

  it('sends identity, still with Vary, when the source has no compressed copy', async () => {
    const md = fixtureBytes('health/report.md');
    const r = await get('/health/report.md', { 'accept-encoding': 'br, gzip' });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers.etag).toBe(`"${await contentHash(md)}"`);
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.headers['content-length']).toBe(String(md.byteLength));
  });

  it('negotiates among the codings the entry has', async () => {
    const inner = await fixtureSource();
    const gzipOnly: FileSource = {
      lookup: (segments) => {
        const found = inner.lookup(segments);
        return found.kind === 'file' ? { kind: 'file', entry: { ...found.entry, codings: ['gzip', 'identity'] } } : found;
      },
      variant: (entry, coding) => inner.variant(entry as never, coding),
    };
    const { source: watched, codings } = spy(gzipOnly);
    const r = await semantics.handle({ method: 'GET', path: '/news/atom.xml', headers: { 'accept-encoding': 'br, gzip;q=0.5' } }, watched);
    expect(codings).toEqual(['gzip']);
    expect(r.headers['content-encoding']).toBe('gzip');
  });

  it('never asks for a compressed copy of an image or a tiny file, and does not vary them', async () => {
    const { source: watched, codings } = spy(source);
    for (const path of ['/logo.png', '/tiny.txt']) {
      const r = await semantics.handle({ method: 'GET', path, headers: { 'accept-encoding': 'br, gzip' } }, watched);
      expect(r.headers.vary).toBeUndefined();
      expect(r.headers['content-encoding']).toBeUndefined();
    }
    expect(codings).toEqual(['identity', 'identity']);
  });

  it('falls back to the mtime the source gives when there is no content date', async () => {
    expect((await get('/feeds.opml')).headers['last-modified']).toBe(new Date(MTIME).toUTCString());
  });
});

describe('pages and special answers', () => {
  const PAGE = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };

  it('404: an HTML page; HEAD gets its headers only', async () => {
    const r = await get('/nope/atom.xml');
    expect(r.status).toBe(404);
    expect(r.headers).toEqual({ ...PAGE, 'content-length': String((r.body as Uint8Array).byteLength) });
    expect(text(r.body)).toContain('<h1>404 Not Found</h1><p>Nothing is published at this address.</p>');
    const h = await get('/nope/atom.xml', {}, 'HEAD');
    expect(h.headers).toEqual(r.headers);
    expect(h.body).toBeNull();
  });

  it('405 with Allow, naming the method (escaped)', async () => {
    const r = await get('/news/atom.xml', {}, 'PROPFIND');
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(text(r.body)).toContain('PROPFIND is not supported here');
    expect(text((await get('/', {}, '<b>')).body)).toContain('&lt;b&gt; is not supported');
  });

  it('400 names what is wrong with the path', async () => {
    for (const [path, reason] of [
      ['/a%5cb', 'backslash in path'],
      ['/a\\b', 'backslash in path'],
      ['/a%00', 'null byte in path'],
      ['/%E0%A4%A', 'malformed percent-encoding'],
      ['etc/passwd', 'the path must start with /'],
      ['*', 'the path must start with /'],
    ]) {
      const r = await get(path!);
      expect(r.status, path).toBe(400);
      expect(text(r.body)).toContain(`The request path is not valid: ${reason}.`);
    }
  });

  it('301 to the folder with its slash, the location encoded', async () => {
    const s = await fixtureSource({ 'nå/index.html': { bytes: utf8.encode('<title>nå</title>'), lastModifiedMs: MTIME } });
    const r = await semantics.handle({ method: 'GET', path: '/n%C3%A5?x=1', headers: {} }, s);
    expect(r.status).toBe(301);
    expect(r.headers).toMatchObject({ ...PAGE, location: '/n%C3%A5/' });
    expect((await semantics.handle({ method: 'GET', path: '/n%C3%A5/', headers: {} }, s)).status).toBe(200);
    expect((await get('/')).headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('the CORS preflight, for any path', async () => {
    for (const path of ['/news/atom.xml', '/../x', '*']) {
      const r = await get(path, { 'access-control-request-headers': 'if-none-match, x-custom' }, 'OPTIONS');
      expect(r).toEqual({
        status: 204,
        headers: {
          allow: 'GET, HEAD, OPTIONS',
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, HEAD, OPTIONS',
          'access-control-allow-headers': 'if-none-match, x-custom',
          'access-control-max-age': '7200',
          'x-content-type-options': 'nosniff',
        },
        body: null,
      });
    }
  });

  it('/healthz: status, since when, uptime and what the runtime adds; never cached', async () => {
    const r = await get('/healthz');
    expect(r.headers).toEqual({ 'content-type': 'application/json; charset=utf-8', 'content-length': String((r.body as Uint8Array).byteLength), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    const body = JSON.parse(text(r.body));
    expect(body).toEqual({ status: 'ok', startedAt: body.startedAt, uptimeSeconds: 42, runs: { check: null } });
    expect(Date.parse(body.startedAt)).toBeLessThanOrEqual(Date.now());
    expect((await get('/healthz', {}, 'HEAD')).body).toBeNull();
    expect((await get('/healthz?x=1')).status).toBe(200);
  });

  it('500 when the source fails, never a rejection', async () => {
    const broken: FileSource = {
      lookup: async () => {
        throw new Error('EIO');
      },
      variant: () => {
        throw new Error('unreachable');
      },
    };
    const r = await semantics.handle({ method: 'GET', path: '/news/atom.xml', headers: {} }, broken);
    expect(r.status).toBe(500);
    expect(text(r.body)).toContain('The file could not be read; try again.');
  });

  it('writes every header name in lower case', async () => {
    const answers: ServeResponse<unknown>[] = [
      await get('/news/atom.xml', { 'accept-encoding': 'gzip' }),
      await get('/news/atom.xml', { 'if-none-match': '*' }),
      await get('/nope'),
      await get('/x', {}, 'POST'),
      await get('/health'),
      await get('/x', {}, 'OPTIONS'),
      await get('/healthz'),
      await get('/%'),
    ];
    for (const a of answers) for (const name of Object.keys(a.headers)) expect(name).toBe(name.toLowerCase());
  });
});

describe('path guards', () => {
  it.each([...REFUSED_TARGETS, '/a/../b', '/%2e%2e/b', '/a%2f..%2f..%2fb', '/news/archive/%2Epages.json', '/news/archive/.pages.json/'])(
    '%s is refused, and the source only ever sees plain names',
    async (target) => {
      const { source: watched, lookups } = spy(source);
      const r = await semantics.handle({ method: 'GET', path: target, headers: {} }, watched);
      expect([400, 404]).toContain(r.status);
      for (const segments of lookups) {
        for (const s of segments) expect(s === '' || s.startsWith('.') || /[\\/%\0]/.test(s), JSON.stringify(segments)).toBe(false);
      }
    },
  );

  it('the dotfiles are in the source, yet never served', async () => {
    expect(source.lookup(['news', 'archive', '.pages.json']).kind).toBe('file');
    expect((await get('/news/archive/.pages.json')).status).toBe(404);
  });
});

describe('describing files', () => {
  it('hashes with SHA-256, base64url, 27 characters', async () => {
    expect(await contentHash(utf8.encode('abc'))).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaO');
    expect(await contentHash(new Uint8Array())).toBe('47DEQpj8HBSa-_TImW-5JCeuQeR');
  });

  it('gives text of some size every coding, and images and tiny files identity only', async () => {
    expect((await describeFile('news/atom.xml', atom, 0)).codings).toEqual(['br', 'gzip', 'identity']);
    expect((await describeFile('logo.png', fixtureBytes('logo.png'), 0)).codings).toEqual(['identity']);
    expect((await describeFile('tiny.txt', fixtureBytes('tiny.txt'), 0)).codings).toEqual(['identity']);
    expect(await describeFile('news/archive/2017.xml', fixtureBytes('news/archive/2017.xml'), 5)).toMatchObject({ contentType: 'application/rss+xml; charset=utf-8', lastModifiedMs: 5 });
  });

  it('reads content dates leniently: a damaged record or a bad date is no date', () => {
    expect(parseContentDates('{"atom.xml": "2018-11-29T10:00:00.000Z"}')).toEqual({ 'atom.xml': ATOM_DATE });
    expect(parseContentDates('not json')).toEqual({});
    expect(parseContentDates('[1]')).toEqual({});
    expect(parseContentDates('null')).toEqual({});
    const dates = { 'atom.xml': ATOM_DATE, 'rss.xml': 'soon', 'n.json': 5 };
    expect(contentDateOf(dates, 'atom.xml')).toBe(Date.parse(ATOM_DATE));
    expect(contentDateOf(dates, 'rss.xml')).toBeUndefined();
    expect(contentDateOf(dates, 'n.json')).toBeUndefined();
    expect(contentDateOf(dates, 'constructor')).toBeUndefined();
  });

  it('MemorySource knows files, folders and nothing', () => {
    expect(source.lookup([]).kind).toBe('directory');
    expect(source.lookup(['news']).kind).toBe('directory');
    expect(source.lookup(['news', 'archive']).kind).toBe('directory');
    expect(source.lookup(['news', 'atom.xml']).kind).toBe('file');
    expect(source.lookup(['news', 'atom']).kind).toBe('missing');
  });
});
