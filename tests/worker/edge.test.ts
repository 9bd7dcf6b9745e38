// How the Worker reads Accept-Encoding as the edge does, and marks the answers the edge will encode
// (src/runtime/worker/edge.ts). The table is wrangler dev's own behaviour, checked with curl against
// `npm run worker:dev` on its 404 page (text/html, which the Worker always sends as identity).
import { describe, expect, it } from 'vitest';
import { edgeCoding, edgeCompresses, forTheEdge } from '../../src/runtime/worker/edge.js';

describe('the coding the edge delivers', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['identity', 'identity'],
    ['gzip, deflate, br', 'gzip'],
    ['gzip, deflate, br, zstd', 'gzip'],
    ['br, gzip', 'br'],
    ['zstd, br', 'br'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['gzip;q=0.5000, br;q=0.4', 'gzip'],
    ['identity, gzip', 'identity'],
    ['gzip;q=0, br;q=0', 'identity'],
    ['deflate', 'identity'],
    ['*', 'identity'],
    ['gzip;q=0.5, *', 'gzip'],
    // Nothing the edge can read: it leaves the coding to the Worker.
    ['x-gzip', undefined],
    ['GZIP', undefined],
    // Identity refused, nothing else: wrangler dev answers 415 itself (types it compresses).
    ['identity;q=0', undefined],
    ['*;q=0', undefined],
    ['GZIP, br', 'br'],
  ])('%s → %s', (header, coding) => {
    expect(edgeCoding(header)).toBe(coding);
  });
});

describe('the types the edge compresses', () => {
  it('are Cloudflare\'s list, by media type without parameters', () => {
    for (const t of ['text/html; charset=utf-8', 'application/rss+xml; charset=utf-8', 'application/json; charset=utf-8', 'text/plain; charset=utf-8', 'application/xml', 'image/svg+xml']) expect(edgeCompresses(t), t).toBe(true);
    for (const t of ['application/atom+xml; charset=utf-8', 'application/feed+json; charset=utf-8', 'text/x-opml; charset=utf-8', 'text/markdown; charset=utf-8', 'image/png', undefined]) expect(edgeCompresses(t), String(t)).toBe(false);
  });
});

describe('an answer left to the edge', () => {
  const answer = { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-length': '9', etag: '"abc"' }, body: null };

  it('loses its length, gets a weak tag and Vary, when the edge delivers another coding', () => {
    expect(forTheEdge(answer, answer.headers['content-type'], 'identity', 'br').headers).toEqual({ 'content-type': 'text/html; charset=utf-8', etag: 'W/"abc"', vary: 'Accept-Encoding' });
    // Never mutates what src/serve shares between requests.
    expect(answer.headers.etag).toBe('"abc"');
  });

  it('is unchanged when the edge keeps it: the same coding, no coding decided, or a type it passes as is', () => {
    expect(forTheEdge(answer, answer.headers['content-type'], 'identity', 'identity')).toBe(answer);
    expect(forTheEdge(answer, answer.headers['content-type'], 'gzip', 'gzip')).toBe(answer);
    expect(forTheEdge(answer, answer.headers['content-type'], 'identity', undefined)).toBe(answer);
    expect(forTheEdge(answer, 'application/atom+xml; charset=utf-8', 'identity', 'br')).toBe(answer);
  });
});
