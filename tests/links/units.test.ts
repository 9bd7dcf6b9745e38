// The checker's pure parts: text normalization and fingerprints, soft-404 phrases, Retry-After,
// charset decoding, collection from feeds, ignore rules, and the next-state rules.
import { describe, expect, it } from 'vitest';
import { excerptOf, fingerprint, normalizeText, pageChange, readPage, changeExcerpts, FINGERPRINT_VERSION } from '../../src/links/page.js';
import { saysNotFound, landedOnHome } from '../../src/links/soft404.js';
import { murmur3_128 } from '../../src/links/hash.js';
import { parseRetryAfter, backoffMs } from '../../src/links/retry.js';
import { decodeBody } from '../../src/links/decode.js';
import { collectLinks, ignoreMatcher, targetsFromUrls, unusedIgnoreRules } from '../../src/links/collect.js';
import { isPermanentMove } from '../../src/links/classify.js';
import { looksOffline } from '../../src/links/offline.js';
import { nextLinkState } from '../../src/health/state.js';
import type { Feed, LinkCheckResult } from '../../src/core/types.js';
import type { LinkState } from '../../src/core/ports.js';

const fp = async (html: string) => fingerprint(readPage(html));
const doc = (main: string, extra = '') => `<html><head><title>T</title></head><body><header>Site</header><main>${main}</main>${extra}</body></html>`;

describe('fingerprint', () => {
  it('carries its algorithm version', async () => {
    expect(await fp(doc('<p>x</p>'))).toMatch(new RegExp(`^${FINGERPRINT_VERSION}:[0-9a-f]{32}$`));
  });
  it('ignores timestamps, tokens, counters, scripts, forms, nav, ads, cookie banners and related boxes', async () => {
    const a = doc('<p>Call open.</p><p>Last updated: 2026-11-01 10:00</p><p>Uppdaterad 3 mars 2026 kl. 14:05</p><p>123 views</p><p>csrf a1b2c3d4e5f6a7b8c9d0aa11</p><p>5 minutes ago</p><form>q</form><script>1</script><div class="ad-slot">Buy A</div><div id="cookie-consent">ok</div><aside>side</aside><div class="related-articles">A</div><time>today</time>');
    const b = doc('<p>Call open.</p><p>Last updated: 2026-11-09 17:30</p><p>Uppdaterad 9 mars 2026 kl. 09:15</p><p>9,870 views</p><p>csrf ffeeddccbbaa99887766aa22</p><p>2 hours ago</p><form>r</form><script>2</script><div class="ad-slot">Buy B</div><div id="cookie-consent">no</div><aside>other</aside><div class="related-articles">B</div><time>tomorrow</time>');
    expect(await fp(a)).toBe(await fp(b));
  });
  it('sees real changes: text, title, and dates in prose', async () => {
    const base = await fp(doc('<p>The deadline is 15 March.</p>'));
    expect(await fp(doc('<p>The deadline is 20 March.</p>'))).not.toBe(base);
    expect(await fp(doc('<p>The call is cancelled.</p>'))).not.toBe(base);
    expect(await fp(doc('<p>The deadline is 15 March.</p>').replace('<title>T', '<title>U'))).not.toBe(base);
  });
  it('prefers main/article over the whole body', () => {
    expect(readPage('<body><div>menu</div><article><p>Story</p></article></body>').mainText).toBe('Story');
  });
  it('change excerpts show where the texts differ', () => {
    const c = changeExcerpts('Intro text. The deadline is 15 March. Outro.', 'Intro text. The deadline is 20 April. Outro.', 10);
    expect(c.before).toContain('15 March');
    expect(c.after).toContain('20 April');
  });
  it('excerpts leave out the page title and a first heading that repeats it', () => {
    const facts = readPage('<title>Call for proposals – Agency</title><main><h1>Call for proposals</h1><p>The deadline is 15 March.</p></main>');
    expect(excerptOf(facts)).toBe('The deadline is 15 March.');
    expect(excerptOf(readPage('<title>T</title><main><h1>Another heading</h1><p>Text.</p></main>'))).toBe('Another heading Text.');
  });
  it('a change shows the text around the difference, never the title; a title-only change shows the titles', () => {
    expect(pageChange({ excerpt: 'The deadline is 15 March.', title: 'Call' }, { excerpt: 'The deadline is 20 April.', title: 'Call' })).toEqual({ before: 'The deadline is 15 March.', after: 'The deadline is 20 April.' });
    // An excerpt kept by an earlier version began with the title.
    expect(pageChange({ excerpt: 'Call | The deadline is 15 March.', title: 'Call' }, { excerpt: 'The deadline is 20 April.', title: 'Call' }).before).toBe('The deadline is 15 March.');
    expect(pageChange({ excerpt: 'Same text.', title: 'Old name' }, { excerpt: 'Same text.', title: 'New name' })).toEqual({ before: 'title: Old name', after: 'title: New name' });
  });
  it('normalizeText folds whitespace', () => {
    expect(normalizeText('  a \n\t b ')).toBe('a b');
  });
});

describe('murmur3 x86 128', () => {
  it('matches the reference vectors', () => {
    const e = new TextEncoder();
    expect(murmur3_128(e.encode(''))).toBe('00000000000000000000000000000000');
    expect(murmur3_128(e.encode('The quick brown fox jumps over the lazy dog'))).toBe('2f1583c3ecee2c675d7bf66ce5e91d2c');
  });
});

describe('soft 404', () => {
  it.each([
    'Sidan kunde inte hittas', 'Sidan hittades inte – Region Halland', 'Page not found | Example', '404 - Not Found', 'Seite nicht gefunden',
    'Page introuvable', 'Pagina non trovata', 'Página no encontrada', 'Pagina niet gevonden', 'Strony nie znaleziono', 'Sivua ei löytynyt', 'Η σελίδα δεν βρέθηκε',
  ])('%s says not found', (t) => expect(saysNotFound(t)).toBe(true));
  it.each(['Regional funds open for applications', 'Peugeot 404 at the car museum', 'Missing persons not found after long search in the northern forests of Lapland'])(
    '%s is an ordinary title',
    (t) => expect(saysNotFound(t)).toBe(false),
  );
  it('a deep link that lands on a home page', () => {
    expect(landedOnHome('https://skl.se/ekonomi/artikel.html', 'https://skr.se/')).toBe(true);
    expect(landedOnHome('https://skl.se/ekonomi/artikel.html', 'https://skr.se/sv/')).toBe(true);
    expect(landedOnHome('https://a.se/', 'https://b.se/')).toBe(false);
    expect(landedOnHome('https://a.se/x', 'https://a.se/y')).toBe(false);
  });
});

describe('moved', () => {
  const hop = (url: string, status = 301) => [{ url, status }];
  it('a permanent hop to another address is a move', () => {
    expect(isPermanentMove('https://a.se/old', 'https://a.se/new', hop('https://a.se/old'))).toBe(true);
    expect(isPermanentMove('https://skl.se/x', 'https://skr.se/x', hop('https://skl.se/x', 308))).toBe(true);
  });
  it('temporary hops and canonical spellings (https, www, trailing slash) are not', () => {
    expect(isPermanentMove('https://a.se/old', 'https://a.se/new', hop('https://a.se/old', 302))).toBe(false);
    expect(isPermanentMove('http://a.se/x', 'https://www.a.se/x/', hop('http://a.se/x'))).toBe(false);
    expect(isPermanentMove('https://www.a.se/x/', 'https://a.se/x', hop('https://www.a.se/x/'))).toBe(false);
    expect(isPermanentMove('https://a.se/x?id=1', 'https://a.se/x?id=2', hop('https://a.se/x?id=1'))).toBe(true);
  });
});

describe('Retry-After and backoff', () => {
  const now = new Date('2026-11-01T10:00:00Z');
  it('parses seconds, HTTP dates and 1m30s', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('1m30s', now)).toBe(90_000);
    expect(parseRetryAfter('Sun, 01 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
  it('backs off exponentially with jitter', () => {
    expect(backoffMs(0, 100, () => 0)).toBe(50);
    expect(backoffMs(0, 100, () => 1)).toBe(100);
    expect(backoffMs(3, 100, () => 1)).toBe(800);
  });
});

describe('charset decoding', () => {
  const latin = Buffer.from('<title>Göteborg</title>', 'latin1');
  it('by header, <meta> and BOM', () => {
    expect(decodeBody(latin, 'text/html; charset=ISO-8859-1')).toContain('Göteborg');
    expect(decodeBody(Buffer.concat([Buffer.from('<meta charset="windows-1252">'), latin]), 'text/html')).toContain('Göteborg');
    expect(decodeBody(Buffer.from('\ufeff<title>Göteborg</title>', 'utf8'), 'text/html; charset=iso-8859-1')).toContain('Göteborg');
    expect(decodeBody(Buffer.from('<title>Göteborg</title>', 'utf8'), 'text/html; charset=bogus')).toContain('Göteborg');
  });
});

const item = (id: string, html: string, sources: string[] = []) => ({
  feedId: 'news', id, slug: id, file: `${id}.md`, title: id.toUpperCase(), date: new Date(), updated: new Date(),
  link: `https://site.example/news/${id}`, categories: [], sources, markdown: '', html,
});
const feed: Feed = {
  meta: { id: 'news', title: 'N', description: 'd', link: 'https://site.example/', language: 'sv', author: { name: 'a' }, categories: [], file: 'feed.yaml' },
  items: [
    item('a', '<p><a href="https://ec.europa.eu/x">EU</a> <a href="mailto:x@y.se">mail</a> <a href="tel:+46">tel</a> <a href="javascript:void(0)">js</a> <a href="/rel">rel</a> <a href="#top">top</a> <a href="https://tracker.example/p">t</a></p>', ['https://ec.europa.eu/x', 'https://source.example/report.pdf']),
    item('b', '<p><a href="https://ec.europa.eu/x">same again</a></p>'),
  ],
};

describe('collect', () => {
  const targets = collectLinks([feed], [{ pattern: 'https://tracker.example/', reason: 'analytics, not a source' }]);
  const by = new Map(targets.map((t) => [t.url, t]));
  it('finds body links, sources and item links, deduplicated with every citing item', () => {
    expect(by.get('https://ec.europa.eu/x')!.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(by.has('https://source.example/report.pdf')).toBe(true);
    expect(by.has('https://site.example/news/a')).toBe(true);
    expect(by.has('https://site.example/rel')).toBe(true);
    expect([...by.keys()].some((u) => u.includes('#top'))).toBe(false);
  });
  it('skips mailto:, tel:, javascript: and ignored links with a reason', () => {
    expect(by.get('mailto:x@y.se')!.skip).toEqual({ reason: 'mailto', error: null });
    expect(by.get('tel:+46')!.skip!.reason).toBe('tel');
    expect(by.get('javascript:void(0)')!.skip!.reason).toBe('javascript');
    expect(by.get('https://tracker.example/p')!.skip).toEqual({ reason: 'ignored', error: 'analytics, not a source' });
  });
  it('ignore rules: prefixes and /regex/', () => {
    const m = ignoreMatcher([{ pattern: '/^https:\\/\\/(www\\.)?linkedin\\.com\\//i', reason: 'bot wall' }]);
    expect(m('https://www.LinkedIn.com/in/x')?.reason).toBe('bot wall');
    expect(m('https://example.com/')).toBeNull();
    expect(targetsFromUrls(['https://a.example/', 'https://a.example/'])).toHaveLength(1);
    // A /g rule keeps no position from one address to the next.
    const g = ignoreMatcher([{ pattern: '/example/g', reason: 'all' }]);
    expect([g('https://a.example/'), g('https://b.example/'), g('https://c.example/')].map((r) => r?.reason)).toEqual(['all', 'all', 'all']);
  });
  it('names the ignore rules that matched no link; a rule shadowed by an earlier one still matched', () => {
    const rules = [
      { pattern: 'https://tracker.example/', reason: 'used' },
      { pattern: '/tracker/', reason: 'shadowed, still used' },
      { pattern: 'mailto:', reason: 'never tried: mailto links are skipped before the rules' },
      { pattern: 'https://old.example/', reason: 'unused' },
    ];
    expect(unusedIgnoreRules(rules, collectLinks([feed], rules)).map((r) => r.reason)).toEqual(['never tried: mailto links are skipped before the rules', 'unused']);
  });
  it('the citing item carries draft only when it is one', () => {
    const draft = { ...feed, items: [{ ...feed.items[0]!, draft: true }, feed.items[1]!] };
    const cited = collectLinks([draft]).find((t) => t.url === 'https://ec.europa.eu/x')!;
    expect(cited.items).toEqual([
      { feed: 'news', id: 'a', title: 'A', link: 'https://site.example/news/a', draft: true, file: 'items/a.md' },
      { feed: 'news', id: 'b', title: 'B', link: 'https://site.example/news/b' },
    ]);
  });
});

describe('next state', () => {
  const result = (over: Partial<LinkCheckResult>): LinkCheckResult => ({
    url: 'https://a.example/', status: 'ok', reason: null, error: null, httpStatus: 200, finalUrl: null, redirects: [], title: 'T',
    checkedAt: '2026-11-02T00:00:00.000Z', etag: '"e2"', lastModified: null, fingerprint: 'v1:new', excerpt: 'new', change: null,
    notModified: false, durationMs: 1, ...over,
  });
  const prev: LinkState = {
    url: 'https://a.example/', status: 'ok', reason: null, httpStatus: 200, finalUrl: null, title: 'T', etag: '"e1"', lastModified: null,
    fingerprint: 'v1:old', excerpt: 'old', since: '2026-10-01T00:00:00.000Z', checkedAt: '2026-11-01T00:00:00.000Z',
    lastOkAt: '2026-11-01T00:00:00.000Z', firstFailedAt: null, consecutiveFailures: 0, alertedStatus: 'ok',
  };
  it('a first check starts its status now', () => {
    expect(nextLinkState(undefined, result({}))).toMatchObject({ since: '2026-11-02T00:00:00.000Z', lastOkAt: '2026-11-02T00:00:00.000Z', alertedStatus: null });
  });
  it('same status keeps since; success moves the baseline', () => {
    expect(nextLinkState(prev, result({}))).toMatchObject({ since: prev.since, fingerprint: 'v1:new', etag: '"e2"', alertedStatus: 'ok' });
  });
  it('failure keeps the last good validators and fingerprint and counts', () => {
    const s1 = nextLinkState(prev, result({ status: 'broken', reason: 'http-500', fingerprint: null, etag: null }));
    expect(s1).toMatchObject({ fingerprint: 'v1:old', etag: '"e1"', firstFailedAt: '2026-11-02T00:00:00.000Z', consecutiveFailures: 1, lastOkAt: prev.lastOkAt });
    const s2 = nextLinkState(s1, result({ status: 'soft404', checkedAt: '2026-11-03T00:00:00.000Z' }));
    expect(s2).toMatchObject({ firstFailedAt: '2026-11-02T00:00:00.000Z', consecutiveFailures: 2, since: '2026-11-03T00:00:00.000Z', fingerprint: 'v1:old' });
  });
  it('blocked is never a success and never a failure', () => {
    const s = nextLinkState(prev, result({ status: 'blocked', fingerprint: null }));
    expect(s).toMatchObject({ fingerprint: 'v1:old', lastOkAt: prev.lastOkAt, consecutiveFailures: 0 });
  });
});

describe('offline runs', () => {
  const failed = (url: string, over: Partial<LinkCheckResult> = {}): LinkCheckResult => ({
    url, status: 'broken', reason: 'dns', error: 'getaddrinfo EAI_AGAIN', httpStatus: null, finalUrl: null, redirects: [], title: null,
    checkedAt: '2026-11-02T00:00:00.000Z', etag: null, lastModified: null, fingerprint: null, excerpt: null, change: null,
    notModified: false, durationMs: 1, ...over,
  });
  it('every link failing before an answer on three or more hosts looks offline', () => {
    expect(looksOffline([failed('https://a.example/'), failed('https://b.example/', { reason: 'network' }), failed('https://c.example/x', { reason: 'timeout' })])).toBe(true);
  });
  it('two hosts, an HTTP answer, a redirect, or a TLS failure is evidence about the links', () => {
    expect(looksOffline([failed('https://a.example/'), failed('https://b.example/'), failed('https://b.example/2')])).toBe(false);
    expect(looksOffline([failed('https://a.example/'), failed('https://b.example/'), failed('https://c.example/', { reason: 'http-404', httpStatus: 404 })])).toBe(false);
    expect(looksOffline([failed('https://a.example/'), failed('https://b.example/'), failed('https://c.example/', { redirects: [{ url: 'https://c.example/', status: 301 }] })])).toBe(false);
    expect(looksOffline([failed('https://a.example/'), failed('https://b.example/'), failed('https://c.example/', { reason: 'tls' })])).toBe(false);
  });
  it('skipped links do not count either way; an empty run is not offline', () => {
    expect(looksOffline([])).toBe(false);
    const skipped = failed('mailto:x@example.org', { status: 'skipped', reason: 'mailto' });
    expect(looksOffline([skipped, failed('https://a.example/'), failed('https://b.example/'), failed('https://c.example/')])).toBe(true);
  });
});
