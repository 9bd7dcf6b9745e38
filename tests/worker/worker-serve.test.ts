// What only the Worker has: its assets (manifest, copies, .assetsignore), reports in R2 that change
// under it, the client's own Accept-Encoding behind the edge's, answers the edge will encode itself,
// vars checked like the environment, and a handler that keeps serving when a binding or the
// manifest is missing.
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleFetch } from '../../src/runtime/worker/fetch.js';
import type { Env } from '../../src/runtime/worker/env.js';
import { requestTarget } from '../../src/runtime/worker/http.js';
import { gzipCopyKey, reportKey, writeReports } from '../../src/runtime/worker/report-store.js';
import { ORIGIN, workerFetch, writeFixtureReports } from './http-helpers.js';

const get = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) => workerFetch(path, { ...init, headers: { 'accept-encoding': 'identity', ...headers } });

/** The real bindings, as a new env object (its vars are checked afresh) with changes. */
function envWith(changes: Record<string, unknown>): Env {
  return { ...(env as unknown as Env), ...changes } as Env;
}

async function emptyReports(): Promise<void> {
  const listed = await env.REPORTS.list();
  if (listed.objects.length) await env.REPORTS.delete(listed.objects.map((o) => o.key));
}

let errors: { mock: { calls: unknown[][] }; mockRestore(): void };
beforeEach(() => {
  errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  errors.mockRestore();
});
const logged = () => errors.mock.calls.map((c: unknown[]) => c.map(String).join(' ')).join('\n');

describe('the request', () => {
  it('reaches src/serve as received: the URL minus its origin, never normalised', () => {
    expect(requestTarget('https://feeds.example.org/news/%2e%2e/%2E%2E/x.xml?a=1')).toBe('/news/%2e%2e/%2E%2E/x.xml?a=1');
    expect(requestTarget('http://127.0.0.1:8788/a\\b')).toBe('/a\\b');
    expect(requestTarget('http://127.0.0.1:8788')).toBe('/');
    expect(requestTarget('http://h.test//etc/passwd')).toBe('//etc/passwd');
  });
});

describe('static assets', () => {
  it('never publishes its own files, dotfiles, or links that lead out of the folder', async () => {
    for (const path of ['/_feedwatch/manifest.json', '/_feedwatch/news/atom.xml.br', '/_feedwatch/', '/.assetsignore', '/escape.xml', '/escape-dir/index.html']) {
      expect((await get(path)).status, path).toBe(404);
    }
    // .assetsignore, read by wrangler's own matcher: not even the binding has these files.
    for (const path of ['/.last-modified.json', '/news/.last-modified.json', '/news/archive/.pages.json', '/.feedwatch-build.json', '/escape.xml', '/health/report.json']) {
      const res = await env.ASSETS.fetch(`http://assets.test${path}`);
      await res.body?.cancel();
      expect(res.status, path).toBe(404);
    }
    const served = await env.ASSETS.fetch('http://assets.test/news/atom.xml');
    await served.body?.cancel();
    expect(served.status).toBe(200);
  });

  it('negotiates on what the client sent, not on the Accept-Encoding the edge rewrote', async () => {
    const asEdge = (clientAcceptEncoding: string) =>
      handleFetch(new Request(`${ORIGIN}/news/atom.xml`, { headers: { 'accept-encoding': 'br, gzip' }, cf: { clientAcceptEncoding } }), env as unknown as Env);
    expect((await asEdge('gzip')).headers.get('content-encoding')).toBe('gzip');
    expect((await asEdge('')).headers.get('content-encoding')).toBeNull(); // the client sent none
    const browser = await asEdge('gzip, deflate, br');
    expect(browser.headers.get('content-encoding')).toBe('gzip');
    expect(browser.headers.get('etag')).toMatch(/-gz"$/);
    await browser.body?.cancel();
    const br = await asEdge('br, gzip');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('etag')).toMatch(/-br"$/);
    await br.body?.cancel();
  });

  it('answers with the 500 page when an asset the manifest lists is missing, and says why in the log', async () => {
    const assets = { fetch: (input: RequestInfo) => (String(input instanceof Request ? input.url : input).endsWith('/news/atom.xml') ? Promise.resolve(new Response('gone', { status: 404 })) : env.ASSETS.fetch(input)) };
    const res = await handleFetch(new Request(`${ORIGIN}/news/atom.xml`), envWith({ ASSETS: assets }));
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('500 Internal Server Error');
    expect(logged()).toContain('feedwatch: [serve] GET /news/atom.xml: asset news/atom.xml: 404');
    // HEAD and 304 never read a body.
    expect((await handleFetch(new Request(`${ORIGIN}/news/atom.xml`, { method: 'HEAD' }), envWith({ ASSETS: assets }))).status).toBe(200);
  });

  it('without a manifest or an ASSETS binding serves what it has: reports and /healthz, 404 for the rest, one log line', async () => {
    await writeFixtureReports();
    const noManifest = { fetch: () => Promise.resolve(new Response('not found', { status: 404 })) };
    for (const e of [envWith({ ASSETS: noManifest }), envWith({ ASSETS: undefined })]) {
      expect((await handleFetch(new Request(`${ORIGIN}/news/atom.xml`), e)).status).toBe(404);
      expect((await handleFetch(new Request(`${ORIGIN}/healthz`), e)).status).toBe(200);
      expect((await handleFetch(new Request(`${ORIGIN}/health/report.json`), e)).status).toBe(200);
    }
    expect(logged()).toMatch(/no _feedwatch\/manifest\.json in the static assets: feeds are not served\. Run `npm run build:worker`/);
    expect(logged()).toMatch(/no ASSETS binding/);
  });

  it('a binding that fails gives the 500 page, and is asked again next time', async () => {
    let calls = 0;
    const flaky = {
      fetch: (input: RequestInfo) => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('network down')) : env.ASSETS.fetch(input);
      },
    };
    const e = envWith({ ASSETS: flaky });
    expect((await handleFetch(new Request(`${ORIGIN}/feeds.opml`), e)).status).toBe(500);
    expect((await handleFetch(new Request(`${ORIGIN}/feeds.opml`), e)).status).toBe(200);
  });
});

describe('answers the edge will encode', () => {
  // The edge delivers gzip or br for these types to a reader that names it first (src/runtime/worker/edge.ts).
  it('are sent in the edge\'s coding when the Worker has that copy: the same strong ETag as Node', async () => {
    for (const [header, coding] of [['gzip, deflate, br', 'gzip'], ['gzip, deflate, br, zstd', 'gzip'], ['br, gzip', 'br'], ['gzip;q=0.5000, br;q=0.4', 'gzip']] as const) {
      const r = await get('/index.html', { 'accept-encoding': header });
      expect(r.headers.get('content-encoding'), header).toBe(coding);
      expect(r.headers.get('etag'), header).toMatch(coding === 'gzip' ? /^"[\w-]+-gz"$/ : /^"[\w-]+-br"$/);
      expect(r.headers.get('content-length'), header).not.toBeNull();
      await r.body?.cancel();
    }
  });

  it('read Accept-Encoding as the edge does: `*` names no coding, one it cannot read is left to the Worker', async () => {
    const star = await get('/index.html', { 'accept-encoding': '*' });
    expect(star.headers.get('content-encoding')).toBeNull();
    expect(star.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    await star.body?.cancel();
    const xgzip = await get('/index.html', { 'accept-encoding': 'x-gzip' });
    expect(xgzip.headers.get('content-encoding')).toBe('gzip');
    await xgzip.body?.cancel();
  });

  it('without a copy in that coding go out as identity for the edge to encode: weak ETag, no Content-Length, Vary; HEAD and 304 alike', async () => {
    await writeFixtureReports();
    const identity = await get('/health/report.json');
    const tag = identity.headers.get('etag')!;
    const body = await identity.text();
    for (const method of ['GET', 'HEAD']) {
      const r = await get('/health/report.json', { 'accept-encoding': 'br, gzip' }, { method });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-encoding')).toBeNull();
      expect(r.headers.get('etag')).toBe(`W/${tag}`);
      expect(r.headers.get('content-length')).toBeNull();
      expect(r.headers.get('vary')).toBe('Accept-Encoding');
      expect(await r.text()).toBe(method === 'GET' ? body : '');
    }
    for (const validator of [`W/${tag}`, tag]) {
      const again = await get('/health/report.json', { 'accept-encoding': 'br', 'if-none-match': validator });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(`W/${tag}`);
    }
    // A tiny file of a type the edge compresses has no copy at all; an image is never compressed.
    const tiny = await get('/tiny.txt', { 'accept-encoding': 'gzip' });
    expect(tiny.headers.get('etag')).toMatch(/^W\/"[\w-]+"$/);
    expect(tiny.headers.get('content-length')).toBeNull();
    expect(await tiny.text()).toBe('hi');
    const png = await get('/logo.png', { 'accept-encoding': 'gzip' });
    expect(png.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(png.headers.get('content-length')).not.toBeNull();
    await png.body?.cancel();
    // report.md: a type the edge passes as it is, so identity keeps its strong tag and length.
    const md = await get('/health/report.md', { 'accept-encoding': 'br' });
    expect(md.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(md.headers.get('content-length')).not.toBeNull();
    await md.body?.cancel();
  });

  it('include the pages: a 404 or 405 for a reader the edge gives gzip has no Content-Length, the same for HEAD', async () => {
    for (const [path, method, status] of [['/nope', 'GET', 404], ['/nope', 'HEAD', 404], ['/news/atom.xml', 'POST', 405]] as const) {
      const r = await get(path, { 'accept-encoding': 'gzip, deflate, br' }, { method });
      expect(r.status).toBe(status);
      expect(r.headers.get('content-length')).toBeNull();
      expect(r.headers.get('vary')).toBe('Accept-Encoding');
      await r.body?.cancel();
    }
    const plain = await get('/nope');
    expect(plain.headers.get('content-length')).not.toBeNull();
    expect(plain.headers.get('vary')).toBeNull();
    await plain.body?.cancel();
  });
});

describe('reports in R2', () => {
  beforeEach(emptyReports);

  it('before any check there is no report: /health and /health/ are 404', async () => {
    expect((await get('/health')).status).toBe(404);
    expect((await get('/health/')).status).toBe(404);
    expect((await get('/health/report.json')).status).toBe(404);
  });

  it('a new version gets a new ETag, the old one no longer validates, and its gzip copy is removed', async () => {
    const at = new Date('2026-11-27T06:00:04Z');
    const v1 = JSON.stringify({ version: 2, links: [], pad: 'a'.repeat(500) });
    await writeReports(env.REPORTS, [{ name: 'report.json', body: v1, lastModified: at }]);
    const first = await get('/health/report.json');
    expect(await first.text()).toBe(v1);
    const tag1 = first.headers.get('etag')!;
    const gz1 = await get('/health/report.json', { 'accept-encoding': 'gzip' });
    expect(gz1.headers.get('etag')).toBe(tag1.replace(/"$/, '-gz"'));
    expect(await gz1.text()).toBe(v1);
    expect((await get('/health/report.json', { 'if-none-match': tag1 })).status).toBe(304);

    const later = new Date('2026-11-27T12:00:00Z');
    const v2 = JSON.stringify({ version: 2, links: [], pad: 'b'.repeat(500) });
    await writeReports(env.REPORTS, [{ name: 'report.json', body: v2, lastModified: later }]);
    const second = await get('/health/report.json', { 'if-none-match': tag1 });
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(v2);
    expect(second.headers.get('etag')).not.toBe(tag1);
    expect(second.headers.get('last-modified')).toBe(later.toUTCString());
    const keys = (await env.REPORTS.list()).objects.map((o) => o.key).sort();
    expect(keys).toEqual([gzipCopyKey('report.json', second.headers.get('etag')!.slice(1, -1)), reportKey('report.json')].sort());
  });

  it('writes nothing when a report is unchanged; small or incompressible reports have no copy', async () => {
    const at = new Date('2026-11-27T06:00:04Z');
    await writeReports(env.REPORTS, [{ name: 'report.md', body: '# Report\n', lastModified: at }]);
    const before = await env.REPORTS.head(reportKey('report.md'));
    await writeReports(env.REPORTS, [{ name: 'report.md', body: new TextEncoder().encode('# Report\n'), lastModified: at }]);
    expect((await env.REPORTS.head(reportKey('report.md')))!.version).toBe(before!.version);
    const res = await get('/health/report.md', { 'accept-encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect((await env.REPORTS.list()).objects).toHaveLength(1);
  });

  it('a report replaced between its lookup and its read is answered from the new version', async () => {
    const at = new Date('2026-11-27T06:00:04Z');
    const old = `<!doctype html><title>old</title>${'<p>x</p>'.repeat(100)}`;
    const fresh = `<!doctype html><title>new</title>${'<p>y</p>'.repeat(100)}`;
    await writeReports(env.REPORTS, [{ name: 'report.html', body: old, lastModified: at }]);
    let swapped = false;
    const racing = {
      head: async (key: string) => {
        const found = await env.REPORTS.head(key);
        if (!swapped && key === reportKey('report.html')) {
          swapped = true; // a check run finishes right after this lookup
          await writeReports(env.REPORTS, [{ name: 'report.html', body: fresh, lastModified: new Date('2026-11-27T12:00:00Z') }]);
        }
        return found;
      },
      get: (key: string, options?: R2GetOptions) => env.REPORTS.get(key, options),
    };
    for (const coding of ['identity', 'gzip']) {
      swapped = false;
      await writeReports(env.REPORTS, [{ name: 'report.html', body: old, lastModified: at }]);
      const res = await handleFetch(new Request(`${ORIGIN}/health/`, { headers: { 'accept-encoding': coding } }), envWith({ REPORTS: racing }));
      expect(res.status, coding).toBe(200);
      expect(res.headers.get('content-encoding') ?? 'identity', coding).toBe(coding);
      // Straight from the handler, not through HTTP: nothing decoded the body yet.
      const body = coding === 'gzip' ? res.body!.pipeThrough(new DecompressionStream('gzip')) : res.body;
      expect(await new Response(body).text(), coding).toBe(fresh);
    }
  });

  it('refuses names that are not report file names, before writing anything', async () => {
    for (const name of ['../x', 'a/b.json', '.hidden', '', 'x%2f']) {
      await expect(writeReports(env.REPORTS, [{ name: 'report.json', body: '{}', lastModified: new Date() }, { name, body: 'x', lastModified: new Date() }])).rejects.toThrow(/is not a report file name/);
    }
    expect((await env.REPORTS.list()).objects).toHaveLength(0);
  });

  it('an object put into the bucket by hand, without its metadata, is not served and the log says why', async () => {
    await env.REPORTS.put(reportKey('report.json'), '{}');
    expect((await get('/health/report.json')).status).toBe(404);
    expect(logged()).toContain('health/report.json in the REPORTS bucket has no feedwatch metadata');
  });
});

describe('vars', () => {
  it('are checked like the environment: a bad one is one log line naming it, its setting keeps the default, the rest is served', async () => {
    const e = envWith({ FEEDWATCH_MAX_AGE: 'soon', FEEDWATCH_WEBHOOK: 'hooks.example/T0/secret-token', FEEDWATCH_MAXAGE: '60' });
    const res = await handleFetch(new Request(`${ORIGIN}/news/atom.xml`), e);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    await handleFetch(new Request(`${ORIGIN}/feeds.opml`), e);
    expect(errors).toHaveBeenCalledTimes(1); // once per isolate, not per request
    const message = logged();
    expect(message).toMatch(/^feedwatch: \[config\] 3 problems in the Worker's vars; those settings keep their default/);
    expect(message).toContain('wrangler var FEEDWATCH_MAX_AGE: serve.maxAge must be an integer (got "soon")');
    expect(message).toContain('wrangler var FEEDWATCH_WEBHOOK: alerts.webhook must be an absolute http(s) URL');
    expect(message).toContain('wrangler var FEEDWATCH_MAXAGE is not a feedwatch setting; did you mean FEEDWATCH_MAX_AGE?');
    expect(message).not.toContain('secret-token');
  });

  it('take the types wrangler.toml gives them: a number is a number', async () => {
    const res = await handleFetch(new Request(`${ORIGIN}/news/atom.xml`), envWith({ FEEDWATCH_MAX_AGE: 60 }));
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    await res.body?.cancel();
    expect(errors).not.toHaveBeenCalled();
  });
});
