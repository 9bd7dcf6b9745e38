// The HTTP half of scripts/worker-smoke.mjs: the Worker behind `wrangler dev` (its asset router with
// run_worker_first, its imitation of the edge, workerd's HTTP server) against `feedwatch serve` over
// the same built folder. Requests go out as written (node:http, node:net), answers come back as
// received (no decompression), so what is checked is what a reader gets:
// - every path in the assets manifest and `/`, for every coding a reader may ask for, GET and HEAD:
//   status, Content-Type, ETag, Content-Encoding, Content-Length, Vary, Last-Modified, Cache-Control
//   and CORS equal to Node's; the body, decoded by its Content-Encoding, equal to the identity bytes;
//   the ETag naming that coding of those bytes (a weak one only where the edge encodes, README "What
//   the edge may change"); HEAD saying what GET says; 304 for the ETag, strong and weak;
// - a 404 and a 405 page, GET and HEAD, in every coding;
// - raw request targets (`..`, encoded dots, backslashes, dotfiles) over a socket: refused as Node
//   refuses them, except the ones the runtime normalises into a published file, which must be
//   exactly those the README lists.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/** What readers send: none, one coding, and browsers' lists (Safari; Chrome and Firefox). */
export const CODINGS = [undefined, 'identity', 'gzip', 'br', 'gzip, deflate, br', 'gzip, deflate, br, zstd'];

/** Headers src/serve decides; the Worker's must equal Node's. */
const COMPARED = ['content-type', 'etag', 'content-encoding', 'content-length', 'vary', 'last-modified', 'cache-control', 'access-control-allow-origin', 'access-control-expose-headers', 'x-content-type-options', 'allow'];

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** One request; the body as received (bytes, still encoded). */
export function request(base, path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined));
    const req = httpRequest(base + path, { method, headers: clean, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The request line exactly as written, over its own connection; the status, headers and raw text.
 * Done when the answer is complete (by Content-Length or the last chunk): wrangler dev holds a
 * connection open for seconds after `Connection: close`.
 */
export function rawRequest(port, target) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n`);
    });
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const headers = {};
      for (const line of text.slice(0, end < 0 ? text.length : end).split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), headers, text });
    };
    const complete = () => {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const head = data.subarray(0, end).toString('latin1');
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (length) return data.length >= end + 4 + Number(length[1]);
      if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) return data.subarray(-5).toString('latin1') === '0\r\n\r\n';
      return false;
    };
    socket.setTimeout(10_000, () => {
      socket.destroy();
      if (!settled) reject(new Error(`no complete answer to GET ${target} within 10 s`));
    });
    socket.on('data', (c) => {
      data = Buffer.concat([data, c]);
      if (complete()) finish();
    });
    socket.on('end', finish);
    socket.on('error', (e) => {
      if (!settled) reject(e);
    });
  });
}

/** src/serve's content hash (SHA-256, base64url, 27 characters): what every ETag is made of. */
const contentHash = (bytes) => createHash('sha256').update(bytes).digest('base64url').slice(0, 27);

/** The bytes a reader gets after undoing Content-Encoding; throws on a coding the server never sends. */
function decode(body, coding) {
  if (coding === undefined) return body;
  if (coding === 'gzip') return gunzipSync(body);
  if (coding === 'br') return brotliDecompressSync(body);
  throw new Error(`unexpected Content-Encoding ${coding}`);
}

const SUFFIX = { identity: '', gzip: '-gz', br: '-br' };
const show = (v) => (v === undefined ? 'none' : JSON.stringify(v));

export function httpChecks({ worker, node, workerPort, nodePort, check }) {
  /**
   * One answer holds together: decoded per its Content-Encoding it is `identity`; its ETag names that
   * coding of those bytes (strong), or is the weak tag of an answer the edge encoded; its
   * Content-Length, when given, is the length sent.
   */
  function consistent(what, r, identity) {
    const coding = r.headers['content-encoding'];
    let decoded;
    try {
      decoded = decode(r.body, coding);
    } catch (e) {
      check(false, `${what}: the body does not decode as Content-Encoding ${show(coding)} (${e.message}; first bytes ${r.body.subarray(0, 4).toString('hex')})`);
      return;
    }
    check(decoded.equals(identity), `${what}: the body decoded per Content-Encoding ${show(coding)} is the identity bytes`);
    const hash = contentHash(identity);
    const etag = r.headers.etag;
    const weak = etag?.startsWith('W/');
    const strongTag = `"${hash}${SUFFIX[coding ?? 'identity'] ?? '?'}"`;
    check(weak ? /^W\/"[\w-]+(-gz|-br)?"$/.test(etag) && etag.includes(`"${hash}`) : etag === strongTag, `${what}: ETag ${show(etag)} names the ${coding ?? 'identity'} bytes sent (${strongTag})`);
    if (r.headers['content-length'] !== undefined) check(Number(r.headers['content-length']) === r.body.length, `${what}: Content-Length ${r.headers['content-length']} is the ${r.body.length} bytes sent`);
    check(!weak || r.headers['content-length'] === undefined, `${what}: a weak ETag (the edge encoded it) comes without Content-Length`);
  }

  /**
   * wrangler dev's proxy in front of the Worker streams every text/html answer through its live-reload
   * HTMLRewriter, so a GET of HTML comes without Content-Length (README, "Only in wrangler dev").
   */
  const streamedByDevProxy = (r) => r.headers['content-type']?.startsWith('text/html') && r.headers['content-length'] === undefined;

  /** HEAD answers what GET answers, without a body. */
  function sameAsGet(what, head, get) {
    check(head.status === get.status && head.body.length === 0, `${what}: HEAD ${head.status} without a body, as GET ${get.status}`);
    for (const name of COMPARED) {
      if (name === 'content-length' && streamedByDevProxy(get)) continue;
      check(head.headers[name] === get.headers[name], `${what}: HEAD ${name} ${show(head.headers[name])}, GET ${show(get.headers[name])}`);
    }
  }

  /** The Worker's answer has Node's headers, but where it leaves the coding to the edge (a weak ETag). */
  function likeNode(what, w, n) {
    check(w.status === n.status, `${what}: status ${w.status} on the Worker, ${n.status} on Node`);
    const edgeEncoded = w.headers.etag?.startsWith('W/') && n.headers['content-encoding'] === undefined;
    for (const name of COMPARED) {
      if (edgeEncoded && ['etag', 'content-encoding', 'content-length', 'vary'].includes(name)) continue;
      if (name === 'content-length' && streamedByDevProxy(w)) continue;
      check(w.headers[name] === n.headers[name], `${what}: ${name} ${show(w.headers[name])} on the Worker, ${show(n.headers[name])} on Node`);
    }
    if (edgeEncoded) check(w.headers.etag === `W/${n.headers.etag}` && w.headers.vary === 'Accept-Encoding', `${what}: encoded by the edge, so W/${n.headers.etag} and Vary (got ${show(w.headers.etag)}, ${show(w.headers.vary)})`);
  }

  /** A file: every coding, GET and HEAD, against Node and against its own bytes, then 304s. */
  async function file(path, { compareWithNode = true } = {}) {
    const identity = (await request(worker, path, { headers: { 'accept-encoding': 'identity' } })).body;
    for (const coding of CODINGS) {
      const headers = { 'accept-encoding': coding };
      const what = `${path} (Accept-Encoding ${show(coding)})`;
      const get = await request(worker, path, { headers });
      const head = await request(worker, path, { method: 'HEAD', headers });
      check(get.status === 200, `GET ${what}: 200 (got ${get.status})`);
      consistent(`GET ${what}`, get, identity);
      sameAsGet(what, head, get);
      if (compareWithNode) {
        const nodeGet = await request(node, path, { headers });
        likeNode(`GET ${what}`, get, nodeGet);
        likeNode(`HEAD ${what}`, head, await request(node, path, { method: 'HEAD', headers }));
        consistent(`GET ${what} on Node`, nodeGet, identity);
      }
      for (const tag of [get.headers.etag, get.headers.etag?.startsWith('W/') ? get.headers.etag.slice(2) : `W/${get.headers.etag}`]) {
        const again = await request(worker, path, { headers: { ...headers, 'if-none-match': tag } });
        check(again.status === 304 && again.body.length === 0 && again.headers.etag === get.headers.etag, `GET ${what} with If-None-Match ${tag}: 304, no body, ETag ${get.headers.etag} (got ${again.status}, ${show(again.headers.etag)})`);
        // wrangler dev names a coding on a 304 (README): it must be the one the 200 was sent in.
        const named = again.headers['content-encoding'];
        if (get.headers['content-encoding'] !== undefined) check(named === undefined || named === get.headers['content-encoding'], `GET ${what} with If-None-Match: a 304 naming Content-Encoding ${show(named)} for a ${get.headers['content-encoding']} answer`);
      }
    }
  }

  /** A page (404, 405): Node's status and page, GET and HEAD alike, in every coding. */
  async function page(path, method, status) {
    for (const coding of CODINGS) {
      const headers = { 'accept-encoding': coding };
      const what = `${method} ${path} (Accept-Encoding ${show(coding)})`;
      const w = await request(worker, path, { method, headers });
      const n = await request(node, path, { method, headers });
      check(w.status === status && n.status === status, `${what}: ${status} (Worker ${w.status}, Node ${n.status})`);
      for (const name of ['content-type', 'allow', 'cache-control']) check(w.headers[name] === n.headers[name], `${what}: ${name} ${show(w.headers[name])} on the Worker, ${show(n.headers[name])} on Node`);
      let same = false;
      try {
        same = decode(w.body, w.headers['content-encoding']).equals(decode(n.body, n.headers['content-encoding']));
      } catch (e) {
        check(false, `${what}: ${e.message}`);
      }
      check(same, `${what}: Node's page, once decoded`);
      if (w.headers['content-length'] !== undefined) check(Number(w.headers['content-length']) === w.body.length, `${what}: Content-Length is the bytes sent`);
      if (method === 'GET') sameAsGet(what, await request(worker, path, { method: 'HEAD', headers }), w);
    }
  }

  /**
   * Raw targets: each refused by Node; on the Worker, the status Node gives the target as the URL
   * parser resolves it (the runtime resolves it before the Worker runs). The ones that resolve to a
   * published file are served: they must be exactly `documented`.
   */
  async function rawTargets(refused, documented, assets) {
    const secrets = await dotfileContents(assets);
    const served = [];
    for (const target of [...refused, ...documented]) {
      const n = await rawRequest(nodePort, target);
      const w = await rawRequest(workerPort, target);
      check(n.status === 400 || n.status === 404, `raw ${target}: refused by Node (got ${n.status})`);
      for (const secret of secrets) check(!w.text.includes(secret), `raw ${target}: the Worker's answer holds no dotfile's content`);
      const resolved = new URL(target, 'http://127.0.0.1').pathname;
      if (/^http:\/\/[^/]+\/\.\.\//.test(target)) {
        // workerd cannot parse an absolute-form target with `..` and answers 500 itself (README).
        check(w.status !== 200, `raw ${target}: not served by the Worker (got ${w.status})`);
        continue;
      }
      const expected = resolved === target ? n : await rawRequest(nodePort, resolved);
      check(w.status === expected.status, `raw ${target}: ${w.status} on the Worker, ${expected.status} on Node for ${resolved}, as the runtime resolves it`);
      if (w.status === 200) {
        served.push(target);
        check(w.headers.etag === expected.headers.etag && w.headers['content-type'] === expected.headers['content-type'], `raw ${target}: the file at ${resolved} (ETag ${show(w.headers.etag)}, Node ${show(expected.headers.etag)})`);
      }
    }
    check(served.length === documented.length && served.every((t) => documented.includes(t)), `raw targets served by the Worker (${served.join(' ')}) are exactly the README's (${documented.join(' ')})`);
  }

  return { file, page, rawTargets, consistent, sameAsGet };
}

/** The bytes of every dotfile in the built folder, none of which may ever be served. */
async function dotfileContents(assets) {
  const found = [];
  for (const name of ['.last-modified.json', '.feedwatch-build.json']) {
    try {
      const text = await readFile(join(assets, name), 'utf8');
      if (text.length > 20) found.push(text.slice(0, 200));
    } catch {
      // not written by this build
    }
  }
  return found;
}
