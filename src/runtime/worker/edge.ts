// What Cloudflare's edge does to a Worker's answer on the way to the reader, and how the Worker
// answers so that every ETag still names the bytes the reader gets (README, "What the edge may
// change"). For the content types listed below, the edge delivers the coding it picks from the
// reader's Accept-Encoding: it keeps an answer already in that coding and re-encodes any other.
// On the platform the edge then weakens the ETag itself; wrangler dev's simulator of the edge
// (miniflare's ensureAcceptableEncoding) re-encodes but keeps a strong ETag, naming bytes it no
// longer sends. So the Worker asks src/serve for the edge's pick, and an answer it cannot give in
// that coding (no stored copy) goes out marked for the edge to encode: a weak ETag, no length.
import type { Coding, ServeResponse } from '../../serve/index.js';

/**
 * Types the edge compresses, by their media type without parameters: Cloudflare's list
 * (developers.cloudflare.com/speed/optimization/content/compression/), the one wrangler dev uses.
 */
const EDGE_COMPRESSED = new Set([
  'text/html', 'text/richtext', 'text/plain', 'text/css', 'text/x-script', 'text/x-component',
  'text/x-java-source', 'text/x-markdown', 'application/javascript', 'application/x-javascript',
  'text/javascript', 'text/js', 'image/x-icon', 'image/vnd.microsoft.icon', 'application/x-perl',
  'application/x-httpd-cgi', 'text/xml', 'application/xml', 'application/rss+xml',
  'application/vnd.api+json', 'application/x-protobuf', 'application/json', 'multipart/bag',
  'multipart/mixed', 'application/xhtml+xml', 'font/ttf', 'font/otf', 'font/x-woff', 'image/svg+xml',
  'application/vnd.ms-fontobject', 'application/ttf', 'application/x-ttf', 'application/otf',
  'application/x-otf', 'application/truetype', 'application/opentype', 'application/x-opentype',
  'application/font-woff', 'application/eot', 'application/font', 'application/font-sfnt',
  'application/wasm', 'application/javascript-binast', 'application/manifest+json',
  'application/ld+json', 'application/graphql+json', 'application/geo+json',
]);

/** True when the edge compresses answers of this Content-Type (`text/html; charset=utf-8`: yes). */
export function edgeCompresses(contentType: string | undefined): boolean {
  return contentType !== undefined && EDGE_COMPRESSED.has(contentType.split(';')[0]!.trim().toLowerCase());
}

/**
 * One Accept-Encoding element as wrangler's simulator of the edge reads it (its pattern as is, the
 * unescaped dot included): a lower-case name or `*`, at most a q. Anything else it skips.
 */
const ELEMENT = /^([a-z]+|\*)(?:\s*;\s*q=(\d+(?:.\d+)?))?$/;

/**
 * The coding the edge delivers to a reader with this Accept-Encoding: the first of gzip and br by
 * q, then by the reader's order, unless identity comes before both. Undefined when the edge
 * leaves the coding to the Worker: no header, no element it can read (`x-gzip`, `GZIP`), or
 * identity refused with neither gzip nor br acceptable (wrangler dev answers that with its own 415).
 */
export function edgeCoding(acceptEncoding: string | undefined): Coding | undefined {
  if (acceptEncoding === undefined) return undefined;
  const elements: { name: string; q: number }[] = [];
  for (const part of acceptEncoding.split(',')) {
    const m = ELEMENT.exec(part.trim());
    if (m) elements.push({ name: m[1]!, q: m[2] === undefined ? 1 : parseFloat(m[2]) });
  }
  if (elements.length === 0) return undefined;
  elements.sort((a, b) => b.q - a.q); // stable: the reader's order among equal q
  let identityRefused = false;
  for (const { name, q } of elements) {
    if (q === 0) identityRefused ||= name === 'identity' || name === '*';
    else if (name === 'gzip' || name === 'br' || name === 'identity') return name;
  }
  return identityRefused ? undefined : 'identity';
}

/**
 * The answer as sent when the edge will encode it: a body (or HEAD, or 304) of a type the edge
 * compresses, in `sent` coding, for a reader the edge gives `wanted`. The ETag turns weak (the
 * edge's bytes are not the Worker's), Content-Length goes (the edge sends it chunked; HEAD then
 * says the same as GET) and Vary says the bytes depend on Accept-Encoding. Anything else unchanged.
 */
export function forTheEdge<B>(answer: ServeResponse<B>, contentType: string | undefined, sent: Coding, wanted: Coding | undefined): ServeResponse<B> {
  if (wanted === undefined || wanted === sent || !edgeCompresses(contentType)) return answer;
  const { 'content-length': _length, etag, ...headers } = answer.headers;
  return {
    ...answer,
    headers: { ...headers, ...(etag ? { etag: etag.startsWith('W/') ? etag : `W/${etag}` } : {}), vary: 'Accept-Encoding' },
  };
}
