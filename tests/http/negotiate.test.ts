import { describe, expect, it } from 'vitest';
// Pure functions of src/serve: no node:*, so this file can run in workerd too.
import { ifNoneMatchMatches, negotiateEncoding, notModifiedSince } from '../../src/serve/negotiate.js';
import { resolveRequestPath } from '../../src/serve/request-path.js';
import { contentTypeFor } from '../../src/serve/content-type.js';

describe('If-None-Match (RFC 9110 §13.1.2, weak comparison)', () => {
  it.each([
    ['"abc"', '"abc"', true],
    ['W/"abc"', '"abc"', true],
    ['"abc"', 'W/"abc"', true],
    ['"x", "abc"', '"abc"', true],
    ['"x",W/"abc"', '"abc"', true],
    ['*', '"abc"', true],
    ['"abcd"', '"abc"', false],
    ['"a,bc"', '"abc"', false],
    ['"ab"', '"abc"', false],
    ['abc', '"abc"', false],
    ['', '"abc"', false],
  ])('%s against %s: %s', (header, etag, expected) => {
    expect(ifNoneMatchMatches(header, etag)).toBe(expected);
  });
});

describe('If-Modified-Since', () => {
  it('compares at one-second resolution and ignores bad dates', () => {
    const lm = Date.parse('2018-11-29T10:00:00.700Z');
    expect(notModifiedSince('Thu, 29 Nov 2018 10:00:00 GMT', lm)).toBe(true);
    expect(notModifiedSince('Thu, 29 Nov 2018 09:59:59 GMT', lm)).toBe(false);
    expect(notModifiedSince('not a date', lm)).toBe(false);
  });
});

describe('Accept-Encoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['br', 'br'],
    // Equal q: the client's first listed (browsers send `gzip, deflate, br`).
    ['gzip, br', 'gzip'],
    ['br, gzip', 'br'],
    ['gzip, deflate, br', 'gzip'],
    ['gzip, deflate, br, zstd', 'gzip'],
    ['zstd, br, gzip', 'br'],
    ['identity, gzip', 'identity'],
    ['gzip, br;q=1.0', 'gzip'],
    ['br;q=0.1, gzip;q=0.9', 'gzip'],
    ['gzip;q=0.001', 'gzip'],
    // `*` accepts, never prefers: identity unless refused.
    ['*', 'identity'],
    ['*;q=0.5', 'identity'],
    ['gzip;q=0.5, *', 'gzip'],
    ['*, identity;q=0', 'br'],
    ['br;q=0, *', 'identity'],
    ['gzip;q=0.5, identity;q=1', 'identity'],
    ['*;q=0', 'identity'],
    ['deflate', 'identity'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br;q=bad, gzip', 'gzip'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });

  it('keeps the client\'s order among the codings a file has', () => {
    expect(negotiateEncoding('br, gzip', ['gzip', 'identity'])).toBe('gzip');
    expect(negotiateEncoding('gzip, br', ['br', 'identity'])).toBe('br');
    expect(negotiateEncoding('br', ['gzip', 'identity'])).toBe('identity');
    expect(negotiateEncoding('*, identity;q=0', ['gzip', 'identity'])).toBe('gzip');
  });
});

describe('request paths', () => {
  it('maps paths to segments and refuses ways out', () => {
    expect(resolveRequestPath('/news/atom.xml?x=1')).toEqual({ kind: 'file', segments: ['news', 'atom.xml'], directory: false });
    expect(resolveRequestPath('/')).toEqual({ kind: 'file', segments: [], directory: true });
    expect(resolveRequestPath('/n%C3%A5/')).toEqual({ kind: 'file', segments: ['nå'], directory: true });
    expect(resolveRequestPath('/a/../b').kind).toBe('not-found');
    expect(resolveRequestPath('/%2e%2e/b').kind).toBe('not-found');
    expect(resolveRequestPath('/a%2f..%2f..%2fb').kind).toBe('not-found');
    expect(resolveRequestPath('/a%5cb').kind).toBe('bad-request');
    expect(resolveRequestPath('/a%00').kind).toBe('bad-request');
    expect(resolveRequestPath('/%E0%A4%A').kind).toBe('bad-request');
    expect(resolveRequestPath('etc/passwd').kind).toBe('bad-request');
    expect(resolveRequestPath('*').kind).toBe('bad-request');
  });
});

describe('content types by sniffing', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('tells RSS from Atom archive pages by the root element', () => {
    expect(contentTypeFor('news/archive/1.xml', bytes('<?xml version="1.0"?>\n<!-- <feed> in a comment? --><rss version="2.0">'))).toBe('application/rss+xml; charset=utf-8');
    expect(contentTypeFor('news/archive/1.xml', bytes('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'))).toBe('application/atom+xml; charset=utf-8');
    expect(contentTypeFor('sitemap.xml', bytes('<urlset/>'))).toBe('application/xml; charset=utf-8');
    expect(contentTypeFor('x.json', bytes('{"version": "https://jsonfeed.org/version/1.1"}'))).toBe('application/feed+json; charset=utf-8');
    expect(contentTypeFor('health/report.json', bytes('{"version": 1}'))).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('sbhss/archive/pages.json', bytes('{"pages": []}'))).toBe('application/json; charset=utf-8');
  });

  it('knows archive pages by their names (feeds: archive/<n>.<main document name>)', () => {
    expect(contentTypeFor('sbhss/archive/3.atom.xml', bytes('<rss'))).toBe('application/atom+xml; charset=utf-8');
    expect(contentTypeFor('sbhss/archive/3.rss.xml', bytes(''))).toBe('application/rss+xml; charset=utf-8');
    expect(contentTypeFor('sbhss/archive/3.feed.json', bytes('{}'))).toBe('application/feed+json; charset=utf-8');
  });
});
