// One HTTP contract, every runtime: run by node.test.ts against the Node server on a real port,
// and by the Worker's tests inside workerd. Only fetch and web-standard APIs here (no node:*),
// so the same file runs in both. The target serves FIXTURE_SITE with max-age CONTRACT_MAX_AGE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATOM_DATE, CONTRACT_MAX_AGE, FIXTURE_SITE, NEVER_SERVED, REPORT_DATE, fixtureBytes } from './fixture-site.js';

export { CONTRACT_MAX_AGE };

export interface HttpTarget {
  /** Fetches a path (`/news/atom.xml`) from the server under test. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Sends a request target exactly as written, without the URL parser's normalisation (`/../x`,
   * `%2e%2e`, backslashes, the absolute form), and returns the status and the raw answer.
   * Required when the suite is registered with `rawTargets: true`.
   */
  raw?(target: string): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: Headers;
  body: Uint8Array;
  text: string;
}

/** Every published file and the exact type a reader must get for it. */
export const CONTENT_TYPES: readonly [string, string][] = [
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
  ['/tiny.txt', 'text/plain; charset=utf-8'],
];

/** Request targets that try to leave the folder or reach what is not published: 400 or 404. */
export const REFUSED_TARGETS: readonly string[] = [
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
  '/health/.last-modified.json',
  '/news/archive/.pages.json',
  '/.feedwatch-build.json',
  '/news/%2elast-modified.json',
  '/news/archive/%2Epages.json',
  '/%',
  'http://127.0.0.1/../secret.xml',
  '/./news/atom.xml',
  '/news/./atom.xml',
  '/news/../secret.xml',
];

/** True when fetch puts `target` on the wire as written (the URL parser leaves it alone). */
function survivesUrlParsing(target: string): boolean {
  if (!target.startsWith('/')) return false;
  const u = new URL(`http://host.test${target}`);
  return u.pathname + u.search === target;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);
}

export interface SuiteOptions {
  /**
   * The runtime can put unnormalised request targets on the wire (HttpTarget.raw). Without it
   * those cases show as skipped, and fetch covers the targets that survive URL parsing unchanged.
   */
  rawTargets: boolean;
}

export function httpContractSuite(name: string, open: () => Promise<HttpTarget>, options: SuiteOptions): void {
  describe(`HTTP contract: ${name}`, () => {
    let target: HttpTarget;
    beforeAll(async () => {
      target = await open();
    });
    afterAll(async () => {
      await target?.close();
    });

    /** A request with an explicit Accept-Encoding (fetch adds its own otherwise); redirects not followed. */
    async function request(path: string, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Answer> {
      const r = await target.fetch(path, { redirect: 'manual', ...init, headers: { 'accept-encoding': 'identity', ...headers } });
      const body = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, headers: r.headers, body, text: new TextDecoder().decode(body) };
    }

    describe('content types', () => {
      it.each(CONTENT_TYPES)('%s is %s, with the file bytes', async (path, type) => {
        const r = await request(path);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe(type);
        expect(r.headers.get('x-content-type-options')).toBe('nosniff');
        expect(r.headers.get('cache-control')).toBe(`public, max-age=${CONTRACT_MAX_AGE}`);
        expect(r.headers.get('access-control-allow-origin')).toBe('*');
        expect(r.headers.get('access-control-expose-headers')).toBe('ETag, Last-Modified');
        expect(r.headers.get('content-encoding')).toBeNull();
        const file = path === '/' ? 'index.html' : path.slice(1);
        expect(sameBytes(r.body, fixtureBytes(file))).toBe(true);
        expect(Number(r.headers.get('content-length'))).toBe(r.body.byteLength);
      });

      it('serves names given percent-encoded', async () => {
        const r = await request('/news/%61tom.xml');
        expect(r.status).toBe(200);
        expect(sameBytes(r.body, fixtureBytes('news/atom.xml'))).toBe(true);
      });
    });

    describe('conditional requests', () => {
      it('gives a strong ETag and answers If-None-Match with 304 and no body (strong, weak, list, *)', async () => {
        const first = await request('/news/atom.xml');
        const etag = first.headers.get('etag')!;
        expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
        for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, `"a", W/${etag} ,"b"`, '*']) {
          const r = await request('/news/atom.xml', { 'if-none-match': header });
          expect(r.status, header).toBe(304);
          expect(r.body.byteLength).toBe(0);
          expect(r.headers.get('etag')).toBe(etag);
          expect(r.headers.get('last-modified')).toBe(first.headers.get('last-modified'));
          expect(r.headers.get('cache-control')).toBe(`public, max-age=${CONTRACT_MAX_AGE}`);
          expect(r.headers.get('access-control-allow-origin')).toBe('*');
        }
        const miss = await request('/news/atom.xml', { 'if-none-match': '"other", W/"x"' });
        expect(miss.status).toBe(200);
        expect(miss.body.byteLength).toBeGreaterThan(0);
      });

      it('gives Last-Modified from the content date and honours If-Modified-Since only without If-None-Match', async () => {
        const r = await request('/news/atom.xml');
        expect(r.headers.get('last-modified')).toBe(new Date(ATOM_DATE).toUTCString());
        expect((await request('/news/atom.xml', { 'if-modified-since': new Date(ATOM_DATE).toUTCString() })).status).toBe(304);
        expect((await request('/news/atom.xml', { 'if-modified-since': new Date(Date.parse(ATOM_DATE) + 86_400_000).toUTCString() })).status).toBe(304);
        const earlier = await request('/news/atom.xml', { 'if-modified-since': new Date(Date.parse(ATOM_DATE) - 1000).toUTCString() });
        expect(earlier.status).toBe(200);
        // RFC 9110 §13.2.2: If-None-Match decides, either way.
        const both = await request('/news/atom.xml', { 'if-modified-since': new Date().toUTCString(), 'if-none-match': '"other"' });
        expect(both.status).toBe(200);
        const etagWins = await request('/news/atom.xml', { 'if-modified-since': new Date(0).toUTCString(), 'if-none-match': r.headers.get('etag')! });
        expect(etagWins.status).toBe(304);
        const garbage = await request('/news/atom.xml', { 'if-modified-since': 'yesterday' });
        expect(garbage.status).toBe(200);
      });

      it('dates the reports by their content date too', async () => {
        for (const path of ['/health/report.json', '/health/report.html', '/health/alerts.atom', '/health/']) {
          expect((await request(path)).headers.get('last-modified'), path).toBe(new Date(REPORT_DATE).toUTCString());
        }
      });

      it('gives every file a Last-Modified, an HTTP date', async () => {
        const lm = (await request('/feeds.opml')).headers.get('last-modified')!;
        expect(new Date(lm).toUTCString()).toBe(lm);
      });
    });

    describe('compression', () => {
      it('sends gzip and brotli by Accept-Encoding, with Vary and per-coding ETags; the bytes decode to the file', async () => {
        const file = fixtureBytes('news/atom.xml');
        const plain = await request('/news/atom.xml');
        const gz = await request('/news/atom.xml', { 'accept-encoding': 'gzip' });
        const br = await request('/news/atom.xml', { 'accept-encoding': 'br, gzip, deflate' });
        expect(plain.headers.get('content-encoding')).toBeNull();
        expect(gz.headers.get('content-encoding')).toBe('gzip');
        expect(br.headers.get('content-encoding')).toBe('br');
        for (const r of [plain, gz, br]) expect(r.headers.get('vary')).toBe('Accept-Encoding');
        // fetch decodes what it receives: the decoded bytes are the file's.
        expect(sameBytes(gz.body, file)).toBe(true);
        expect(sameBytes(br.body, file)).toBe(true);
        expect(Number(gz.headers.get('content-length'))).toBeLessThan(file.byteLength);
        expect(Number(br.headers.get('content-length'))).toBeLessThan(file.byteLength);
        const plainTag = plain.headers.get('etag')!;
        expect(new Set([plainTag, gz.headers.get('etag'), br.headers.get('etag')]).size).toBe(3);
        expect(gz.headers.get('etag')).toBe(plainTag.replace(/"$/, '-gz"'));
        expect(br.headers.get('etag')).toBe(plainTag.replace(/"$/, '-br"'));
        const again = await request('/news/atom.xml', { 'accept-encoding': 'br', 'if-none-match': br.headers.get('etag')! });
        expect(again.status).toBe(304);
        expect(again.headers.get('vary')).toBe('Accept-Encoding');
        expect(again.headers.get('etag')).toBe(br.headers.get('etag'));
        // A tag names one representation: the gzip tag does not validate the identity bytes.
        expect((await request('/news/atom.xml', { 'if-none-match': gz.headers.get('etag')! })).status).toBe(200);
      });

      it('follows q-values', async () => {
        const enc = async (h: string) => (await request('/news/atom.xml', { 'accept-encoding': h })).headers.get('content-encoding') ?? 'identity';
        expect(await enc('br;q=0.5, gzip;q=0.8')).toBe('gzip');
        expect(await enc('br;q=0, gzip')).toBe('gzip');
        expect(await enc('gzip;q=0, br;q=0')).toBe('identity');
        expect(await enc('*')).toBe('identity');
        expect(await enc('identity')).toBe('identity');
        expect(await enc('x-gzip')).toBe('gzip');
      });

      it('breaks equal q-values by the client\'s order, as browsers list them', async () => {
        const gz = await request('/news/atom.xml', { 'accept-encoding': 'gzip' });
        for (const header of ['gzip, deflate, br', 'gzip, deflate, br, zstd', 'gzip, br']) {
          const r = await request('/news/atom.xml', { 'accept-encoding': header });
          expect(r.headers.get('content-encoding'), header).toBe('gzip');
          expect(r.headers.get('etag'), header).toBe(gz.headers.get('etag'));
          expect(r.headers.get('content-length'), header).toBe(gz.headers.get('content-length'));
        }
        const br = await request('/news/atom.xml', { 'accept-encoding': 'br, gzip' });
        expect(br.headers.get('content-encoding')).toBe('br');
        expect(br.headers.get('etag')).toMatch(/-br"$/);
        expect((await request('/news/atom.xml', { 'accept-encoding': 'identity, gzip' })).headers.get('content-encoding')).toBeNull();
      });

      it('does not compress images or tiny files', async () => {
        const png = await request('/logo.png', { 'accept-encoding': 'gzip, br' });
        expect(png.headers.get('content-encoding')).toBeNull();
        expect(png.headers.get('vary')).toBeNull();
        const tiny = await request('/tiny.txt', { 'accept-encoding': 'gzip, br' });
        expect(tiny.headers.get('content-encoding')).toBeNull();
        expect(tiny.text).toBe('hi');
      });
    });

    describe('methods, CORS and special pages', () => {
      it('answers HEAD with the headers of GET and no body', async () => {
        for (const encoding of ['identity', 'gzip']) {
          const g = await request('/news/feed.json', { 'accept-encoding': encoding });
          const h = await request('/news/feed.json', { 'accept-encoding': encoding }, { method: 'HEAD' });
          expect(h.status).toBe(200);
          expect(h.body.byteLength).toBe(0);
          for (const k of ['content-type', 'content-length', 'content-encoding', 'etag', 'last-modified', 'cache-control', 'vary', 'access-control-allow-origin']) {
            expect(h.headers.get(k), `${encoding} ${k}`).toBe(g.headers.get(k));
          }
        }
        const page = await request('/nope', {}, { method: 'HEAD' });
        expect(page.status).toBe(404);
        expect(page.body.byteLength).toBe(0);
      });

      it('answers a CORS preflight', async () => {
        const r = await request('/news/atom.xml', { origin: 'https://reader.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' }, { method: 'OPTIONS' });
        expect(r.status).toBe(204);
        expect(r.body.byteLength).toBe(0);
        expect(r.headers.get('access-control-allow-origin')).toBe('*');
        expect(r.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
        expect(r.headers.get('access-control-allow-headers')).toBe('if-none-match');
        expect(r.headers.get('access-control-max-age')).toBe('7200');
        expect(r.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
        expect(r.headers.get('access-control-expose-headers')).toBeNull();
        const bare = await request('/anything', { origin: 'https://reader.example', 'access-control-request-method': 'GET' }, { method: 'OPTIONS' });
        expect(bare.status).toBe(204);
        expect(bare.headers.get('access-control-allow-headers')).toBe('If-None-Match, If-Modified-Since');
      });

      it('answers 405 with Allow for other methods', async () => {
        for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
          const r = await request('/news/atom.xml', {}, { method });
          expect(r.status, method).toBe(405);
          expect(r.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
          expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
          expect(r.text).toContain('405 Method Not Allowed');
        }
      });

      it('answers 404 with a page', async () => {
        const r = await request('/nope/atom.xml');
        expect(r.status).toBe(404);
        expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(r.headers.get('cache-control')).toBe('no-cache');
        expect(r.text).toContain('404');
        expect(Number(r.headers.get('content-length'))).toBe(r.body.byteLength);
      });

      it('redirects a folder without its slash, and serves its index', async () => {
        const r = await request('/health');
        expect(r.status).toBe(301);
        expect(r.headers.get('location')).toBe('/health/');
        const page = await request('/health/');
        expect(page.status).toBe(200);
        expect(page.text).toContain('<title>Report</title>');
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect((await request('/news')).status).toBe(404); // no page in news/
        expect((await request('/news/')).status).toBe(404);
      });

      it('answers /healthz with JSON', async () => {
        const r = await request('/healthz');
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(r.headers.get('cache-control')).toBe('no-store');
        const body = JSON.parse(r.text);
        expect(body.status).toBe('ok');
        expect(typeof body.uptimeSeconds).toBe('number');
        expect(new Date(body.startedAt).toISOString()).toBe(body.startedAt);
        expect((await request('/healthz/')).status).toBe(404);
      });
    });

    describe('nothing outside the published folder, no dotfile', () => {
      const fetchable = REFUSED_TARGETS.filter(survivesUrlParsing);

      it('has dotfiles in the fixture to refuse', () => {
        expect(Object.keys(FIXTURE_SITE).filter((p) => p.split('/').some((s) => s.startsWith('.'))).length).toBeGreaterThanOrEqual(4);
        expect(fetchable.length).toBeGreaterThanOrEqual(12);
      });

      it.each(fetchable)('%s is refused (fetch)', async (path) => {
        const r = await request(path);
        expect([400, 404]).toContain(r.status);
        for (const secret of NEVER_SERVED) expect(r.text).not.toContain(secret);
      });

      describe.skipIf(!options.rawTargets)('as sent, unnormalised', () => {
        const raw = (t: string) => {
          if (!target.raw) throw new Error('registered with rawTargets: true, but the target has no raw()');
          return target.raw(t);
        };

        it.each(REFUSED_TARGETS)('%s is refused', async (t) => {
          const r = await raw(t);
          expect([400, 404]).toContain(r.status);
          for (const secret of NEVER_SERVED) expect(r.text).not.toContain(secret);
        });

        it('still serves encoded names inside the folder', async () => {
          expect((await raw('/news/%61tom.xml')).status).toBe(200);
        });
      });
    });
  });
}
