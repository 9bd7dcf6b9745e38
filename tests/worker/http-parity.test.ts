// The same request, the same answer: the Worker (inside workerd) and the Node server (started by
// tests/http/worker-fixture-setup.ts on 127.0.0.1) serve the same fixture files; every header
// src/serve decides must be equal, for files, pages, conditional requests and every coding. The
// differences are documented (README, "Cloudflare"): reports are stored with a gzip copy made by
// CompressionStream (no brotli in the Workers runtime, no level 9), so a report is sent in gzip or
// identity where Node may send br, and its gzip length differs; and an answer the edge will encode
// itself (a type it compresses, for a reader it gives gzip or br, with no stored copy in that
// coding) leaves the Worker with a weak ETag, no Content-Length and Vary (src/runtime/worker/edge.ts).
// (Node serves the fixture folder as it is, so it would also serve the Worker's _feedwatch/, which
// only the Worker hides.)
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { edgeCompresses } from '../../src/runtime/worker/edge.js';
import { PUBLISHED_PATHS } from '../http/fixture-site.js';
import type { WorkerFixture } from '../http/worker-fixture.js';
import { workerFetch, writeFixtureReports } from './http-helpers.js';

const fixture = inject('workerFixture') as WorkerFixture;

/** Headers of the connection, not of the answer. */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

interface Seen {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function seen(res: Response): Promise<Seen> {
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (!TRANSPORT.has(k)) headers[k] = v;
  });
  return { status: res.status, headers, body: await res.text() };
}

const ask = async (path: string, init: RequestInit) => ({
  node: await seen(await fetch(fixture.nodeUrl + path, { redirect: 'manual', ...init })),
  worker: await seen(await workerFetch(path, { redirect: 'manual', ...init })),
});

const FILES = ['/', '/health/', ...PUBLISHED_PATHS.map((p) => `/${p}`), '/inside-link.xml'];
const PAGES = ['/nope', '/news', '/news/', '/health', '/healthz/', '/news/.last-modified.json', '/%', '/a%00.xml', '/%252e%252e/x', '/health/nope.json'];
/** Accept-Encoding headers, each with the coding the edge delivers for it (README, "What the edge may change"). */
const CODINGS: Record<string, 'identity' | 'gzip' | 'br'> = {
  identity: 'identity',
  gzip: 'gzip',
  br: 'br',
  'gzip, deflate, br': 'gzip',
  'gzip, deflate, br, zstd': 'gzip',
  'br, gzip': 'br',
  'br;q=0.5, gzip;q=0.8': 'gzip',
  '*': 'identity',
};

const isReport = (path: string) => path.startsWith('/health/');

/** Node's headers as the Worker sends them when the edge is to encode the answer. */
function leftToTheEdge(headers: Record<string, string>): Record<string, string> {
  const { 'content-length': _length, ...rest } = headers;
  return { ...rest, etag: `W/${headers.etag}`, vary: 'Accept-Encoding' };
}

/** The edge encodes it: the Worker sends identity where the edge delivers gzip or br, for a type it compresses. */
const edgeEncodes = (sent: Seen, wanted: string) => sent.headers['content-encoding'] === undefined && wanted !== 'identity' && edgeCompresses(sent.headers['content-type']);

describe('the Worker answers as the Node server does', () => {
  beforeAll(async () => {
    await writeFixtureReports();
  });

  it.each(FILES)('%s: the same headers and bytes, for every coding and for HEAD', async (path) => {
    for (const [coding, wanted] of Object.entries(CODINGS)) {
      for (const method of ['GET', 'HEAD']) {
        const what = `${method} ${path} (${coding})`;
        const worker = await seen(await workerFetch(path, { method, headers: { 'accept-encoding': coding } }));
        if (isReport(path)) {
          // The documented difference: a report has gzip (of another level) and identity, no br.
          // Node, asked for what the Worker chose, answers the same but for the gzip length.
          const chosen = wanted === 'gzip' ? 'gzip' : 'identity';
          expect(worker.headers['content-encoding'] ?? 'identity', what).toBe(chosen);
          const node = await seen(await fetch(fixture.nodeUrl + path, { method, headers: { 'accept-encoding': chosen } }));
          const expected = edgeEncodes(node, wanted) ? leftToTheEdge(node.headers) : node.headers;
          const { 'content-length': workerLength, ...workerRest } = worker.headers;
          const { 'content-length': nodeLength, ...nodeRest } = expected;
          expect(workerRest, what).toEqual(nodeRest);
          if (chosen === 'identity') expect(workerLength, what).toBe(nodeLength);
          expect(worker.status, what).toBe(node.status);
          expect(worker.body, what).toBe(node.body); // as decoded by fetch
        } else {
          const node = await seen(await fetch(fixture.nodeUrl + path, { method, headers: { 'accept-encoding': coding } }));
          expect(worker.status, what).toBe(node.status);
          expect(worker.headers, what).toEqual(edgeEncodes(node, wanted) ? leftToTheEdge(node.headers) : node.headers);
          expect(worker.body, what).toBe(node.body); // as decoded by fetch
        }
      }
    }
  });

  it.each(FILES)('%s: the same 304s and 200s for If-None-Match and If-Modified-Since', async (path) => {
    const { node: first } = await ask(path, { headers: { 'accept-encoding': 'identity' } });
    const conditions: Record<string, string>[] = [
      { 'if-none-match': first.headers.etag! },
      { 'if-none-match': `W/${first.headers.etag}` },
      { 'if-none-match': '"other"' },
      { 'if-none-match': '*' },
      { 'if-modified-since': first.headers['last-modified']! },
      { 'if-modified-since': new Date(Date.parse(first.headers['last-modified']!) - 1000).toUTCString() },
      { 'if-modified-since': 'yesterday' },
    ];
    for (const condition of conditions) {
      const { node, worker } = await ask(path, { headers: { 'accept-encoding': 'identity', ...condition } });
      const what = `${path} ${JSON.stringify(condition)}`;
      expect(worker.status, what).toBe(node.status);
      expect(worker.headers, what).toEqual(node.headers);
      expect(worker.body, what).toBe(node.body);
    }
  });

  it.each(PAGES)('%s: the same page', async (path) => {
    for (const method of ['GET', 'HEAD']) {
      const { node, worker } = await ask(path, { method });
      expect(worker.status, `${method} ${path}`).toBe(node.status);
      expect(worker.headers, `${method} ${path}`).toEqual(node.headers);
      expect(worker.body, `${method} ${path}`).toBe(node.body);
    }
  });

  it('the same preflight and 405', async () => {
    const inits: RequestInit[] = [
      { method: 'OPTIONS', headers: { origin: 'https://reader.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' } },
      { method: 'OPTIONS', headers: { origin: 'https://reader.example' } },
      { method: 'POST', body: 'x' },
      { method: 'DELETE' },
    ];
    for (const init of inits) {
      const { node, worker } = await ask('/news/atom.xml', init);
      expect(worker, init.method).toEqual(node);
    }
  });
});
