// `npm run bench -- check`: the link checker against 20 local hosts (127.0.0.101-120, one server
// each, in a child process so only the checker's memory is measured) that answer after 50 ms.
//   A/B: 2,000 links at per-host 2 and 4: wall time, req/s, peak RSS, ratio to the lower bound
//        ceil(links per host / per-host limit) x 50 ms (2.5 s and 1.25 s). Goal: <= 1.2x, < 120 MB.
//   C:   the same links again: unchanged pages answered 304 (goal >= 90%).
//   R:   reference: the same 2,000 requests through the bare HttpClient.
//   D:   20,000 links at per-host 4: memory printed every 2,000 links (should stay flat).
//   G:   a 1 GiB gzip bomb: RSS growth while reading it (capped at 2 MiB).
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOSTS = 20;
const DELAY_MS = 50;
const hostAddress = (i) => `127.0.0.${101 + i}`;

if (process.argv[2] === '--serve') {
  // Child: the 20 servers. Each page has an ETag and answers If-None-Match with 304.
  const body = (path) =>
    `<!doctype html><html><head><title>Article ${path}</title></head><body><main><h1>Article ${path}</h1>` +
    `<p>${'Regional development news from the EU office. '.repeat(30)}</p></main></body></html>`;
  const ports = [];
  for (let i = 0; i < HOSTS; i++) {
    const server = createServer((req, res) => {
      const etag = `"${req.url}"`;
      setTimeout(() => {
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag });
        res.end(body(req.url));
      }, DELAY_MS);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise((r) => server.listen(0, hostAddress(i), r));
    ports.push(server.address().port);
  }
  process.send({ ports });
  // Never outlive the benchmark (e.g. when its output pipe closes early).
  process.on('disconnect', () => process.exit(0));
} else {
  const { runCheck } = await import('../dist/health/pipeline.js');
  const { SqliteStore } = await import('../dist/store/sqlite.js');
  const { createNodeHttpClient } = await import('../dist/runtime/node/http-client.js');
  const { resolveConfig } = await import('../dist/core/config.js');

  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: 'inherit' });
  const { ports } = await new Promise((r) => child.once('message', r));
  const dir = mkdtempSync(join(tmpdir(), 'feedwatch-bench-'));
  const mb = (n) => (n / 1024 / 1024).toFixed(1);

  const targets = (count, tag) =>
    Array.from({ length: count }, (_, i) => ({ url: `http://${hostAddress(i % HOSTS)}:${ports[i % HOSTS]}/${tag}/${i}`, items: [] }));

  async function measure(label, { count, perHost, store, tag, every = 0 }) {
    const config = resolveConfig({ flags: { 'allow-private': true, 'per-host': String(perHost), concurrency: String(HOSTS * perHost) } });
    const http = createNodeHttpClient({ connectTimeoutMs: 5000, firstByteTimeoutMs: 5000, allowPrivate: true });
    global.gc?.();
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const out = await runCheck({
      targets: targets(count, tag), store, http, clock: { now: () => new Date() }, config,
      onProgress: (p) => {
        if (every && p.done % every === 0) {
          const m = process.memoryUsage();
          // Live heap: what is still referenced after a full GC (results, state), not garbage V8 has yet to collect.
          global.gc?.();
          const live = process.memoryUsage().heapUsed;
          console.log(`   ${String(p.done).padStart(6)} links  rss ${mb(m.rss)} MB  heap ${mb(m.heapUsed)} MB  live heap after GC ${mb(live)} MB`);
        }
      },
    });
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    await http.close();
    const bound = Math.ceil(count / HOSTS / perHost) * DELAY_MS;
    const notModified = out.results.filter((r) => r.notModified).length;
    const ok = out.results.filter((r) => r.status === 'ok').length;
    const odd = out.results.find((r) => r.status !== 'ok');
    if (odd) console.log(`   not ok: ${odd.url} ${odd.status} ${odd.reason} ${odd.error ?? ''}`);
    console.log(
      `${label}: ${count} links, per-host ${perHost}: ${(wall / 1000).toFixed(2)} s, ${Math.round(count / (wall / 1000))} req/s, ` +
        `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, bound ${(bound / 1000).toFixed(2)} s, ratio ${(wall / bound).toFixed(2)}x, peak RSS ${mb(peak)} MB, ok ${ok}, 304 ${notModified} (${((notModified / count) * 100).toFixed(0)}%)`,
    );
    return { wall, bound, peak, notModified, ok };
  }

  // Reference: the same requests through the bare HttpClient (no checker, no parsing, no store),
  // to show how close this machine gets to the bound at all.
  async function raw(perHost) {
    const http = createNodeHttpClient({ connectTimeoutMs: 5000, firstByteTimeoutMs: 5000, allowPrivate: true });
    const started = performance.now();
    await Promise.all(Array.from({ length: HOSTS }, (_, h) => Promise.all(Array.from({ length: perHost }, async (_, w) => {
      for (let i = w; i < 2000 / HOSTS; i += perHost) {
        await http.request(`http://${hostAddress(h)}:${ports[h]}/raw/${i}`, { method: 'GET', headers: {}, maxBodyBytes: 1 << 21 });
      }
    }))));
    const wall = performance.now() - started;
    await http.close();
    const bound = Math.ceil(2000 / HOSTS / perHost) * DELAY_MS;
    console.log(`raw HttpClient: 2000 requests, per-host ${perHost}: ${(wall / 1000).toFixed(2)} s, ratio ${(wall / bound).toFixed(2)}x`);
  }

  const results = {};
  // BENCH_RUNS=A,B limits the runs (for profiling); default all.
  const want = new Set((process.env.BENCH_RUNS ?? 'R,A,B,C,D,G').split(','));
  const none = { wall: 0, bound: 1, peak: 0, notModified: 2000 };
  Object.assign(results, { a: none, b: none, c: none, d: none });
  try {
    const storeA = SqliteStore.open(join(dir, 'a.db'));
    if (want.has('R')) {
      await raw(2);
      await raw(4);
    }
    if (want.has('A')) results.a = await measure('A', { count: 2000, perHost: 2, store: storeA, tag: 'a' });
    await storeA.close();
    const storeB = SqliteStore.open(join(dir, 'b.db'));
    if (want.has('B')) results.b = await measure('B', { count: 2000, perHost: 4, store: storeB, tag: 'b' });
    if (want.has('C')) results.c = await measure('C (second run, unchanged)', { count: 2000, perHost: 4, store: storeB, tag: 'b' });
    await storeB.close();
    const storeD = SqliteStore.open(join(dir, 'd.db'));
    if (want.has('D')) results.d = await measure('D', { count: 20000, perHost: 4, store: storeD, tag: 'd', every: 2000 });
    await storeD.close();
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  if (want.has('G')) {
    // A 1 GiB gzip bomb (about 1 MB on the wire): the capped, streaming read must not raise memory.
    const { createGzip } = await import('node:zlib');
    const { createServer: createHttp } = await import('node:http');
    const gz = createGzip({ level: 9 });
    const parts = [];
    gz.on('data', (c) => parts.push(c));
    const zero = Buffer.alloc(1 << 20);
    for (let i = 0; i < 1024; i++) if (!gz.write(zero)) await new Promise((r) => gz.once('drain', r));
    await new Promise((r) => { gz.once('end', r); gz.end(); });
    const bomb = Buffer.concat(parts);
    const server = createHttp((_q, res) => { res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }); res.end(bomb); });
    await new Promise((r) => server.listen(0, '127.0.0.99', r));
    const http = createNodeHttpClient({ connectTimeoutMs: 1000, firstByteTimeoutMs: 5000, allowPrivate: true });
    global.gc?.();
    const before = process.memoryUsage.rss();
    let peak = before;
    const iv = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    const t0 = performance.now();
    const r = await http.request(`http://127.0.0.99:${server.address().port}/`, { method: 'GET', headers: {}, maxBodyBytes: 2 << 20 });
    clearInterval(iv);
    console.log(`G: gzip bomb ${mb(bomb.length)} MB -> 1024 MiB: kept ${r.body.length} bytes (truncated ${r.truncated}) in ${(performance.now() - t0).toFixed(0)} ms, RSS growth ${mb(peak - before)} MB`);
    await http.close();
    server.close();
  }
  const goals = [
    want.has('A') && ['A within 1.2x of 2.5 s', results.a.wall / results.a.bound <= 1.2],
    want.has('B') && ['B within 1.2x of 1.25 s', results.b.wall / results.b.bound <= 1.2],
    want.has('A') && want.has('B') && ['A and B peak RSS < 120 MB', results.a.peak < 120 * 2 ** 20 && results.b.peak < 120 * 2 ** 20],
    want.has('C') && ['C answered >= 90% by 304', results.c.notModified / 2000 >= 0.9],
  ].filter(Boolean);
  for (const [goal, met] of goals) console.log(`${met ? 'met   ' : 'MISSED'} ${goal}`);
}
