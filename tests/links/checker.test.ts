// The checker against real local servers: every status and every hostile behaviour, over two runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { runCheck, type RunCheckOutput } from '../../src/health/pipeline.js';
import { serializeReport } from '../../src/health/report-json.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { MemoryStore } from '../../src/store/memory.js';
import { createNodeHttpClient } from '../../src/runtime/node/http-client.js';
import type { LinkCheckResult, LinkTarget, ReportLink } from '../../src/core/types.js';
import { delay, html, page, startServer, testConfig, type TestServer } from './servers.js';

const servers: TestServer[] = [];
let hostNo = 2;
async function server(handler: Parameters<typeof startServer>[1]): Promise<TestServer> {
  const s = await startServer(`127.0.0.${hostNo++}`, handler);
  servers.push(s);
  return s;
}

/** The run number the servers are answering (1 or 2): pages change between runs. */
let run = 1;
let clockNow = new Date('2026-11-01T10:00:00Z');
const clock = { now: () => clockNow };
const store = new MemoryStore();
const config = testConfig();
const http = createNodeHttpClient({ connectTimeoutMs: 500, firstByteTimeoutMs: 500, allowPrivate: true });

const urls: Record<string, string> = {};
let first: RunCheckOutput;
let second: RunCheckOutput;
let byUrl1: Map<string, LinkCheckResult>;
let byUrl2: Map<string, LinkCheckResult>;
let report1: Map<string, ReportLink>;
let report2: Map<string, ReportLink>;
let servedBomb = 0;
let politeHost: TestServer;

const BIG = 50 * 1024 * 1024;

beforeAll(async () => {
  // A plain page with an ETag; rejects HEAD (some servers do): the checker must not care.
  const ok = await server((req, res) => {
    if (req.method === 'HEAD') return void res.writeHead(405).end();
    const etag = '"v1"';
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    html(res, page('Regional funds', '<p id="section">Applications open for the regional fund.</p><a name="legacy">x</a>'), { etag });
  });
  urls.ok = ok.url('/page');
  urls.fragment = ok.url('/page#section');
  urls.nameFragment = ok.url('/page#legacy');
  urls.missingFragment = ok.url('/other#nowhere');
  urls.goodFragment = ok.url('/other#section');

  const big = await server((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<html><head><title>Big</title></head><body>');
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < BIG) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end('</body></html>');
    };
    res.on('error', () => {});
    pump();
  });
  urls.big = big.url('/big');

  // 64 MB of zeros, gzipped to about 64 KB.
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  const bombServer = await server((_req, res) => {
    servedBomb++;
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    res.end(bomb);
  });
  urls.bomb = bombServer.url('/bomb');

  const silent = await server(() => {
    /* never answers */
  });
  urls.silent = silent.url('/silent');

  const reset = await server((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
    res.write('<html><title>half</title>');
    setTimeout(() => req.socket.destroy(), 10);
  });
  urls.reset = reset.url('/reset');

  const redirects = await server((req, res) => {
    const path = req.url ?? '/';
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (path === '/loop-a') return void res.writeHead(302, { location: '/loop-b' }).end();
    if (path === '/loop-b') return void res.writeHead(302, { location: '/loop-a' }).end();
    if (hop) {
      const n = Number(hop[1]);
      return n === 0 ? html(res, page('End of chain', '<p>here</p>')) : void res.writeHead(302, { location: `/hop/${n - 1}` }).end();
    }
    if (path === '/old') return void res.writeHead(301, { location: '/new' }).end();
    if (path === '/new') return html(res, page('New address', '<p>Moved content.</p>'));
    if (path === '/temp') return void res.writeHead(302, { location: '/new' }).end();
    if (path === '/news/2019/article') return void res.writeHead(301, { location: '/' }).end();
    if (path === '/') return html(res, page('Home', '<p>Welcome</p>'));
    if (path === '/gone') return void res.writeHead(404).end('no');
    if (path === '/always-500') return void res.writeHead(500).end('oops');
    if (path === '/will-move') {
      return run === 1 ? html(res, page('Stays', '<p>Here for now.</p>')) : void res.writeHead(308, { location: '/moved-here' }).end();
    }
    if (path === '/moved-here') return html(res, page('Stays', '<p>Here for now.</p>'));
    if (path === '/will-break') return run === 1 ? html(res, page('Fine', '<p>Fine today.</p>')) : void res.writeHead(410).end();
    res.writeHead(404).end();
  });
  Object.assign(urls, {
    loop: redirects.url('/loop-a'), hops10: redirects.url('/hop/10'), hops11: redirects.url('/hop/11'),
    moved: redirects.url('/old'), temp: redirects.url('/temp'), home: redirects.url('/news/2019/article'),
    notFound: redirects.url('/gone'), always500: redirects.url('/always-500'), willMove: redirects.url('/will-move'),
    willBreak: redirects.url('/will-break'),
  });

  const soft = await server((_req, res) => html(res, page('Sidan kunde inte hittas', '<p>Prova att söka.</p>')));
  urls.soft404 = soft.url('/artikel/123');

  let limited = 0;
  const rateLimited = await server((_req, res) => {
    if (limited++ === 0) return void res.writeHead(429, { 'retry-after': '1' }).end();
    html(res, page('Patient', '<p>Thanks for waiting.</p>'));
  });
  urls.retryAfter = rateLimited.url('/patient');

  const walls = await server((req, res) => {
    if (req.url === '/cf') return void res.writeHead(403, { 'cf-mitigated': 'challenge', 'content-type': 'text/html' }).end('Just a moment');
    if (req.url === '/linkedin') return void res.writeHead(999).end();
    if (req.url === '/login') return void res.writeHead(401).end();
    res.writeHead(429).end();
  });
  Object.assign(urls, { cf: walls.url('/cf'), linkedin: walls.url('/linkedin'), login: walls.url('/login'), always429: walls.url('/busy') });

  let flaky = 0;
  const flakyServer = await server((_req, res) => {
    if (flaky++ < 2) return void res.writeHead(500).end();
    html(res, page('Recovered', '<p>Back.</p>'));
  });
  urls.flaky = flakyServer.url('/flaky');

  const latin = await server((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
    res.end(Buffer.from('<html><head><title>Välkommen till Göteborg – “nyheter”</title></head><body><p>Åäö</p></body></html>', 'latin1'));
  });
  // latin1 encoding of “ ” and – is lossy in Node; the title keeps å/ä/ö, which is what we check.
  urls.latin = latin.url('/sv');

  const content = await server((req, res) => {
    const stamp = run === 1 ? '2026-11-01 10:00' : '2026-11-08 16:45';
    const token = run === 1 ? 'a9f3c2e1b4d5f6a7b8c9d0e1' : '0f1e2d3c4b5a69788796a5b4';
    if (req.url === '/noisy') {
      return html(res, page('Call for proposals',
        `<p>The call for proposals is open until March.</p><p>Updated ${stamp}. ${run === 1 ? 12 : 340} views</p><span>${token}</span>` +
          `<div class="cookie-banner">We use cookies ${run}</div><div class="related">Related: story ${run === 1 ? 'A' : 'B'}</div><script>var t=${Date.now()}</script>`));
    }
    if (req.url === '/changing') {
      return html(res, page('Call for proposals', run === 1 ? '<p>The deadline is 15 March.</p>' : '<p>The call has been cancelled.</p>'));
    }
    const etag = '"stable-1"';
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    html(res, page('Stable', '<p>Nothing new.</p>'), { etag, 'last-modified': 'Sun, 01 Nov 2026 08:00:00 GMT' });
  });
  Object.assign(urls, { noisy: content.url('/noisy'), changing: content.url('/changing'), stable: content.url('/stable') });

  const closed = await server(() => {});
  urls.refused = closed.url('/x');
  await closed.close();

  politeHost = await server(async (req, res) => {
    await delay(40);
    html(res, page(`Item ${req.url}`, '<p>polite</p>'));
  });
  for (let i = 0; i < 10; i++) urls[`polite${i}`] = politeHost.url(`/p/${i}`);

  urls.mailto = 'mailto:info@example.eu';

  const targets: LinkTarget[] = Object.values(urls).map((url) => ({
    url,
    items: [{ feed: 'news', id: 'tag:x,2026:news/a', title: 'A', link: 'https://example.eu/a' }],
    ...(url.startsWith('mailto:') ? { skip: { reason: 'mailto', error: null } } : {}),
  }));
  const opts = { targets, store, http, clock, config, checker: { slowdownStartMs: 50 } };
  first = await runCheck(opts);
  byUrl1 = new Map(first.results.map((r) => [r.url, r]));
  report1 = new Map(first.report.links.map((l) => [l.url, l]));
  run = 2;
  clockNow = new Date('2026-11-08T10:00:00Z');
  second = await runCheck(opts);
  byUrl2 = new Map(second.results.map((r) => [r.url, r]));
  report2 = new Map(second.report.links.map((l) => [l.url, l]));
}, 60_000);

afterAll(async () => {
  await http.close?.();
  await Promise.all(servers.map((s) => s.close()));
});

const r1 = (key: string) => byUrl1.get(urls[key]!)!;
const r2 = (key: string) => byUrl2.get(urls[key]!)!;

describe('first run: one status per link', () => {
  it.each([
    ['ok', 'ok', null],
    ['fragment', 'ok', null],
    ['nameFragment', 'ok', null],
    ['missingFragment', 'broken', 'fragment'],
    ['goodFragment', 'ok', null],
    ['big', 'ok', null],
    ['bomb', 'ok', null],
    ['silent', 'broken', 'timeout'],
    ['reset', 'broken', 'reset'],
    ['loop', 'broken', 'redirect-loop'],
    ['hops10', 'ok', null],
    ['hops11', 'broken', 'too-many-redirects'],
    ['moved', 'moved', 'http-301'],
    ['temp', 'ok', null],
    ['home', 'soft404', 'soft404-home'],
    ['notFound', 'broken', 'http-404'],
    ['always500', 'broken', 'http-500'],
    ['soft404', 'soft404', 'soft404-title'],
    ['retryAfter', 'ok', null],
    ['cf', 'blocked', 'bot-wall'],
    ['linkedin', 'blocked', 'bot-wall'],
    ['login', 'blocked', 'http-401'],
    ['always429', 'blocked', 'http-429'],
    ['flaky', 'ok', null],
    ['latin', 'ok', null],
    ['refused', 'broken', 'refused'],
    ['mailto', 'skipped', 'mailto'],
  ])('%s is %s (%s)', (key, status, reason) => {
    expect({ status: r1(key).status, reason: r1(key).reason }).toEqual({ status, reason });
  });

  it('never sends HEAD; GET with an honest User-Agent', () => {
    const seen = servers.flatMap((s) => s.requests);
    expect(seen.some((r) => r.method === 'HEAD')).toBe(false);
    expect(seen[0]!.headers['user-agent']).toMatch(/^feedwatch\/0\.1 \(\+https?:\/\/.+\)$/);
  });

  it('records the redirect chain and where a moved link went', () => {
    expect(r1('moved').finalUrl).toBe(urls.moved!.replace('/old', '/new'));
    expect(r1('moved').redirects).toEqual([{ url: urls.moved, status: 301 }]);
    expect(r1('hops10').redirects).toHaveLength(10);
    expect(r1('temp').redirects[0]!.status).toBe(302);
    expect(report1.get(urls.moved!)!.suggestion).toMatchObject({ kind: 'moved', url: r1('moved').finalUrl });
  });

  it('reads only the capped part of huge and compressed bodies', () => {
    const bigServer = servers.find((s) => urls.big!.startsWith(s.origin))!;
    expect(bigServer.bytesWritten).toBeLessThan(BIG / 2);
    expect(r1('big').title).toBe('Big');
    expect(servedBomb).toBeGreaterThanOrEqual(1);
  });

  it('a never-answering server costs at most the timeout', () => {
    // first-byte timeout 500 ms, 3 tries with 20 ms backoff: well under the 4 s whole-check timeout
    expect(r1('silent').durationMs).toBeLessThan(4000);
  });

  it('honours Retry-After and retries 5xx', () => {
    const s = servers.find((x) => urls.retryAfter!.startsWith(x.origin))!;
    expect(s.requests.filter((r) => r.path === '/patient').length).toBeGreaterThanOrEqual(2);
    expect(r1('retryAfter').durationMs).toBeGreaterThanOrEqual(900);
    const f = servers.find((x) => urls.flaky!.startsWith(x.origin))!;
    // two 500s and the success in run 1, one request in run 2
    expect(f.requests.filter((r) => r.path === '/flaky').length).toBe(4);
  });

  it('decodes windows-1252 pages', () => {
    expect(r1('latin').title).toContain('Välkommen till Göteborg');
  });

  it('never exceeds the per-host limit', () => {
    for (const s of servers) expect(s.maxInFlight, s.origin).toBeLessThanOrEqual(2);
    expect(politeHost.maxInFlight).toBe(2);
  });

  it('reports every key, with citing items, and exit code 1', () => {
    const l = report1.get(urls.notFound!)!;
    expect(Object.keys(l).sort()).toEqual(
      ['change', 'checkedAt', 'consecutiveFailures', 'error', 'finalUrl', 'firstFailedAt', 'httpStatus', 'items', 'lastOkAt', 'reason', 'redirects', 'since', 'status', 'suggestion', 'title', 'url'].sort(),
    );
    expect(l.items).toEqual([{ feed: 'news', id: 'tag:x,2026:news/a', title: 'A', link: 'https://example.eu/a', draft: false, scheduled: false }]);
    expect(first.exitCode).toBe(1);
    expect(first.report.summary.total).toBe(Object.keys(urls).length);
    expectValidReport(serializeReport(first.report));
    expectValidReport(serializeReport(second.report));
  });
});

describe('second run: what changed since', () => {
  it('real content change is changed, with before/after excerpts', () => {
    expect(r2('changing').status).toBe('changed');
    expect(r2('changing').change!.before).toContain('15 March');
    expect(r2('changing').change!.after).toContain('cancelled');
  });

  it('noise alone (timestamps, tokens, counters, cookie banners, related boxes, scripts) stays ok', () => {
    expect(r1('noisy').fingerprint).toBe(r2('noisy').fingerprint);
    expect(r2('noisy').status).toBe('ok');
  });

  it('unchanged pages are revalidated with conditional requests and answered 304', () => {
    const s = servers.find((x) => urls.stable!.startsWith(x.origin))!;
    const secondRequest = s.requests.filter((r) => r.path === '/stable')[1]!;
    expect(secondRequest.headers['if-none-match']).toBe('"stable-1"');
    expect(secondRequest.headers['if-modified-since']).toBe('Sun, 01 Nov 2026 08:00:00 GMT');
    expect(r2('stable')).toMatchObject({ status: 'ok', notModified: true, httpStatus: 304, fingerprint: r1('stable').fingerprint });
    expect(r2('ok').notModified).toBe(true);
  });

  it('a page that moved permanently since is moved', () => {
    expect(r1('willMove').status).toBe('ok');
    expect(r2('willMove')).toMatchObject({ status: 'moved', reason: 'http-308', finalUrl: urls.willMove!.replace('will-move', 'moved-here') });
  });

  it('a newly broken page is broken since this run, with its first failure', () => {
    expect(r2('willBreak')).toMatchObject({ status: 'broken', reason: 'http-410' });
    const l = report2.get(urls.willBreak!)!;
    expect(l.since).toBe('2026-11-08T10:00:00.000Z');
    expect(l.firstFailedAt).toBe('2026-11-08T10:00:00.000Z');
    expect(l.lastOkAt).toBe('2026-11-01T10:00:00.000Z');
    expect(l.consecutiveFailures).toBe(1);
  });

  it('a link that stays broken keeps its since and counts failures', () => {
    const l = report2.get(urls.notFound!)!;
    expect(l.since).toBe('2026-11-01T10:00:00.000Z');
    expect(l.consecutiveFailures).toBe(2);
    expect(second.report.historySince).toBe('2026-11-01T10:00:00.000Z');
  });

  it('links that differ only by #fragment share one fetch per run', () => {
    const s = servers.find((x) => urls.ok!.startsWith(x.origin))!;
    // /page, /page#section and /page#legacy, over two runs
    expect(s.requests.filter((r) => r.path === '/page')).toHaveLength(2);
    expect(r2('fragment')).toMatchObject({ status: 'ok', notModified: true });
    // /other#nowhere was broken: the page is read afresh (no 304), and stays broken
    expect(r2('missingFragment')).toMatchObject({ status: 'broken', reason: 'fragment', notModified: false });
    expect(r2('goodFragment')).toMatchObject({ status: 'ok', notModified: false });
  });

  it('still never exceeds the per-host limit', () => {
    for (const s of servers) expect(s.maxInFlight, s.origin).toBeLessThanOrEqual(2);
  });
});
