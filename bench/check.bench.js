// `npm run bench -- check`: the link checker against 20 local hosts (127.0.0.101-120, one server
// each, in a child process so only the checker's memory is measured) that answer after 50 ms.
//   A/B: 2,000 links at per-host 2 and 4: wall time, req/s, peak RSS, ratio to the lower bound
//        ceil(links per host / per-host limit) x 50 ms (2.5 s and 1.25 s). Goal: <= 1.2x, < 120 MB.
//   C:   the same links again: unchanged pages answered 304 (goal >= 90%).
//   R:   reference: the same 2,000 requests through the bare HttpClient.
//   D:   20,000 links at per-host 4: memory printed every 2,000 links (should stay flat).
//   G:   a 1 GiB gzip bomb: RSS growth while reading it (capped at 2 MiB).
//   P:   the whole CLI process as a user runs it (bench/check-process.js): `node bin/feedwatch.js
//        check --feeds <generated> --allow-private --state <tmp> --out <tmp>` on the same 2,000
//        links, at the defaults and at `--per-host 4 --concurrency 80` (20 hosts x 4: the global
//        limit never sets the pace), BENCH_ROUNDS rounds (default 3) interleaved; medians of wall
//        time, CPU (user + sys) and peak RSS, and the load average. Bounds 2.5 s and 1.25 s;
//        goals 1.5x of them, peak RSS <= 150 MB at the defaults.
//   L:   the whole process on 20,000 links at the defaults (bound 25 s, goal 1.3x), with the live
//        heap after a full GC every 2 s (bench/heap-probe.js): it should stay flat.
// Every run (in-process and whole-process) is also checked against the hosts' own counters: no host
// ever has more than perHost requests in flight at once; the bench exits 1 otherwise.
// BENCH_PAGE_REPEAT=1200 serves 55 KB pages instead of 1.6 KB ones (the hosts' child inherits it).
// BENCH_COMPARE_ROOT=<a checkout with bin/ and a built dist/> adds that build's CLI to every round
// of P and L (interleaved: ours, theirs, ours, ...), to compare two builds in the same session.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, runCli, writeFeeds } from './check-process.js';

const HOSTS = 20;
const DELAY_MS = 50;
/** The sentence repeated in each page: 30 makes 1.6 KB pages; BENCH_PAGE_REPEAT=1200 about 55 KB, as news pages are. */
const PAGE_REPEAT = Number(process.env.BENCH_PAGE_REPEAT ?? 30);
const hostAddress = (i) => `127.0.0.${101 + i}`;

if (process.argv[2] === '--serve') {
  // Child: the 20 servers. Each page has an ETag and answers If-None-Match with 304.
  const body = (path) =>
    `<!doctype html><html><head><title>Article ${path}</title></head><body><main><h1>Article ${path}</h1>` +
    `<p>${'Regional development news from the EU office. '.repeat(PAGE_REPEAT)}</p></main></body></html>`;
  const ports = [];
  // Each host's own count of requests in flight (from arrival until its answer is sent), and the
  // most it ever had at once since the last reset: the bench's proof of politeness.
  const active = new Array(HOSTS).fill(0);
  const most = new Array(HOSTS).fill(0);
  let requests = 0;
  for (let i = 0; i < HOSTS; i++) {
    const server = createServer((req, res) => {
      const etag = `"${req.url}"`;
      requests++;
      most[i] = Math.max(most[i], ++active[i]);
      setTimeout(() => {
        active[i]--;
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
  // 'stats': the most in flight per host since the last 'stats', and the requests seen; then reset.
  process.on('message', (m) => {
    if (m !== 'stats') return;
    process.send({ most: [...most], requests });
    most.fill(0);
    requests = 0;
  });
  // Never outlive the benchmark (e.g. when its output pipe closes early).
  process.on('disconnect', () => process.exit(0));
} else {
  const { runCheck } = await import('../dist/health/pipeline.js');
  const { SqliteStore } = await import('../dist/store/sqlite.js');
  const { createNodeHttpClient } = await import('../dist/runtime/node/http-client.js');
  const { resolveConfig } = await import('../dist/core/config.js');

  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: 'inherit' });
  const { ports } = await new Promise((r) => child.once('message', r));
  // Politeness, as the hosts saw it: checked after every run.
  const violations = [];
  const hostStats = () => new Promise((r) => { child.once('message', r); child.send('stats'); });
  async function assertPolite(label, perHost) {
    const { most, requests } = await hostStats();
    const worst = Math.max(...most);
    if (worst > perHost) violations.push(`${label}: a host had ${worst} requests in flight at once (perHost ${perHost}): ${most.join(' ')}`);
    return { worst, requests };
  }
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
    const { worst } = await assertPolite(label, perHost);
    console.log(`   most requests in flight at one host: ${worst} (perHost ${perHost})`);
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
    await assertPolite(`raw per-host ${perHost}`, perHost);
  }

  // ---- the whole CLI process ----------------------------------------------------------------
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
  const ours = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const theirs = process.env.BENCH_COMPARE_ROOT ? resolve(process.env.BENCH_COMPARE_ROOT) : null;
  const builds = theirs ? [['ours', ours], ['compare', theirs]] : [['ours', ours]];
  const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const pageUrl = (tag) => (j) => `http://${hostAddress(j % HOSTS)}:${ports[j % HOSTS]}/${tag}/${j}`;
  /** One whole-process run; prints it and checks politeness. */
  async function cliRun(label, { root, feeds, perHost, extraArgs, heapLog, links }) {
    const r = await runCli({ root, feeds, extraArgs, heapLog });
    const { worst, requests } = await assertPolite(label, perHost);
    const bound = Math.ceil(links / HOSTS / perHost) * DELAY_MS;
    console.log(`${label}: ${sec(r.wall)} (${(r.wall / bound).toFixed(2)}x of ${sec(bound)}), CPU ${sec(r.cpu)}, peak RSS ${mb(r.peak)} MB, ` +
      `load ${r.load.toFixed(2)}, exit ${r.code}, ${r.ok}/${r.total} ok, ${requests} requests, most in flight at one host ${worst}`);
    if (r.code !== 0 || r.ok !== links) violations.push(`${label}: exit ${r.code}, ${r.ok} of ${links} links ok\n${r.stderr.slice(-2000)}`);
    return { ...r, bound };
  }
  /** Whole process: 2,000 links at the defaults and at per-host 4, ROUNDS interleaved rounds. */
  async function processRuns() {
    const dir = mkdtempSync(join(tmpdir(), 'feedwatch-bench-feeds-'));
    const feeds = writeFeeds(dir, 2000, pageUrl('p'));
    const cases = [
      { name: 'defaults', perHost: 2, extraArgs: [] },
      { name: 'per-host 4', perHost: 4, extraArgs: ['--per-host', '4', '--concurrency', String(HOSTS * 4)] },
    ];
    const runs = new Map();
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        for (const c of cases) for (const [who, root] of builds) {
          const label = `P ${who} ${c.name}, round ${round}`;
          const r = await cliRun(label, { root, feeds, perHost: c.perHost, extraArgs: c.extraArgs, links: 2000 });
          const key = `${who} ${c.name}`;
          runs.set(key, [...(runs.get(key) ?? []), r]);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const out = {};
    for (const [key, rs] of runs) {
      const m = { wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), peak: median(rs.map((r) => r.peak)), maxPeak: Math.max(...rs.map((r) => r.peak)), bound: rs[0].bound };
      console.log(`P ${key}: median of ${rs.length}: ${sec(m.wall)}, ${(m.wall / m.bound).toFixed(2)}x of ${sec(m.bound)}, CPU ${sec(m.cpu)}, ` +
        `peak RSS ${mb(m.peak)} MB (highest ${mb(m.maxPeak)} MB), load ${rs.map((r) => r.load.toFixed(2)).join(' ')}`);
      out[key] = m;
    }
    if (theirs) for (const c of cases) {
      const a = out[`ours ${c.name}`];
      const b = out[`compare ${c.name}`];
      console.log(`P ${c.name}: ours / compare: wall ${(a.wall / b.wall).toFixed(2)}, CPU ${(a.cpu / b.cpu).toFixed(2)}, peak RSS ${(a.peak / b.peak).toFixed(2)}`);
    }
    return out;
  }
  /** Whole process: 20,000 links at the defaults, with the live heap every 2 s. */
  async function largeRun() {
    const dir = mkdtempSync(join(tmpdir(), 'feedwatch-bench-feeds-'));
    const feeds = writeFeeds(dir, 20000, pageUrl('l'));
    const out = {};
    try {
      for (const [who, root] of builds) {
        const r = await cliRun(`L ${who} 20,000 links, defaults`, { root, feeds, perHost: 2, links: 20000, heapLog: true });
        console.log(`   live heap after GC every 2 s (MB): ${r.heap.map((h) => mb(h.heap)).join(' ')}; last link checked at ${sec(r.checkedAt)}`);
        console.log(`   RSS at the same moments (MB): ${r.heap.map((h) => mb(h.rss)).join(' ')}`);
        out[who] = r;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return out;
  }

  const results = {};
  // BENCH_RUNS=A,B limits the runs (for profiling); default all.
  const want = new Set((process.env.BENCH_RUNS ?? 'R,A,B,C,D,G,P,L').split(','));
  console.log(`load average at the start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${new Date().toISOString()})`);
  let whole = null;
  let large = null;
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
    if (want.has('P')) whole = await processRuns();
    if (want.has('L')) large = await largeRun();
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
  if (whole) {
    const d = whole['ours defaults'];
    const b = whole['ours per-host 4'];
    goals.push(
      [`whole process, defaults: median ${sec(d.wall)} within 1.5x of 2.5 s`, d.wall <= 1.5 * 2500],
      [`whole process, defaults: peak RSS ${mb(d.maxPeak)} MB <= 150 MB`, d.maxPeak <= 150 * 2 ** 20],
      [`whole process, per-host 4: median ${sec(b.wall)} within 1.5x of 1.25 s`, b.wall <= 1.5 * 1250],
    );
  }
  if (large?.ours) {
    // Flat: while links are checked the live heap grows by the results kept (about 0.4-0.5 KB a
    // link), never by anything per link in flight; < 1 KB a link (20 MB) counts as flat. The samples
    // after the last link (the commit and the reports of 20,000 links) are left out.
    const during = large.ours.heap.filter((h) => h.s * 1000 <= large.ours.checkedAt).map((h) => h.heap);
    const growth = during.length > 2 ? during[during.length - 1] - during[0] : NaN;
    goals.push(
      [`whole process, 20,000 links at the defaults: ${sec(large.ours.wall)} within 1.3x of 25 s`, large.ours.wall <= 1.3 * 25_000],
      [`whole process, 20,000 links: live heap grew ${mb(growth)} MB while checking (${during.length} samples; flat: < 20 MB)`, growth < 20 * 2 ** 20],
    );
  }
  for (const [goal, met] of goals) console.log(`${met ? 'met   ' : 'MISSED'} ${goal}`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${new Date().toISOString()})`);
  for (const v of violations) console.log(`FAILED ${v}`);
  if (violations.length) process.exitCode = 1;
  else console.log('politeness: no host ever had more than perHost requests in flight');
}
