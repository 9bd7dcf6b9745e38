// 30 s at 100 connections on `serve` (a child process), mixing GET, conditional GET, gzip, brotli,
// HEAD and 404, with a rebuild of the feeds in the middle. Every body must match its ETag: the ETag
// names the hash of the identity bytes plus the coding (`"<hash>"`, `"<hash>-gz"`, `"<hash>-br"`),
// so each body is decoded and hashed, and a body of the old build under an ETag of the new one (or
// the reverse) would show. No errors, and the server's memory (RSS) within 20 MB of its warm-up level,
// taken once memory has levelled off (see WINDOW_SECONDS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Pool } from 'undici';
import { tempDir } from '../helpers/cli.js';
import { ensureBuilt, root, runChild, spawnCli, type Child } from '../helpers/child.js';
import { record } from './results.js';

const SECONDS = Number(process.env.STRESS_SECONDS ?? 30);
const CONNECTIONS = 100;
const RSS_BUDGET_MB = 20;
/**
 * Load before the measured run, until the server's memory has levelled off. Its RSS grows with the
 * responses served, not with time, and in steps (flat for 15 s, then up 15 MB, on a busy machine):
 * about 75,000 responses on an idle machine (15 s at 5,000/s), but a fixed 20 s on a busy machine,
 * at 1,600/s, once left it still rising, and the measured run counted the end of the warm-up as
 * growth. So the warm-up ends at a window's end once it has served WARMUP_MIN_RESPONSES, lasted
 * WARMUP_MIN_SECONDS, and the server's RSS after a forced GC rose less than LEVEL_MB over each of the
 * last two windows; at WARMUP_MAX_SECONDS it ends anyway (and the record says it had not levelled off).
 */
const WINDOW_SECONDS = 5;
const LEVEL_MB = 1;
const WARMUP_MIN_SECONDS = Number(process.env.STRESS_WARMUP_SECONDS ?? 15);
const WARMUP_MIN_RESPONSES = Number(process.env.STRESS_WARMUP_RESPONSES ?? 100_000);
const WARMUP_MAX_SECONDS = 180;
const GC_HOOK = join(root, 'tests/helpers/gc-on-signal.mjs');

let dir = '';
let cleanup = async () => undefined as void;
let server: Child | undefined;

beforeAll(() => ensureBuilt(), 120_000);
afterAll(async () => {
  server?.process.kill('SIGKILL');
  await cleanup();
});

async function writeFeeds(root: string, title: string): Promise<void> {
  for (const feed of ['alfa', 'beta', 'gamma']) {
    await mkdir(join(root, 'feeds', feed, 'items'), { recursive: true });
    await writeFile(join(root, 'feeds', feed, 'feed.yaml'), `title: "${title} ${feed}"\ndescription: Load\nlink: https://site.example/\nlanguage: sv\nauthor:\n  name: Kontoret\n`);
    for (let i = 0; i < 150; i++) {
      const day = new Date(Date.UTC(2015, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      await writeFile(join(root, 'feeds', feed, 'items', `${day}-n${i}.md`), `---\ntitle: "Nyhet ${i}"\ndate: ${day}T10:00:00+01:00\nlink: https://site.example/${feed}/${i}\n---\n${'Text om regionerna och [källan](https://source.example/). '.repeat(20)}\n`);
    }
  }
}

async function files(root: string, out: string): Promise<string[]> {
  const found: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = join(root, e.name);
    if (e.isDirectory()) found.push(...(await files(p, out)));
    else found.push('/' + relative(out, p));
  }
  return found;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('base64url');

describe('serve under load', () => {
  it(`${SECONDS} s at ${CONNECTIONS} connections (after a warm-up until memory levels off) with a rebuild: every body matches its ETag, no errors, bounded memory`, async () => {
    const t = await tempDir('feedwatch-stress-serve-');
    dir = t.dir;
    cleanup = t.cleanup;
    await writeFeeds(dir, 'Före');
    const build = ['build', '--feeds', 'feeds', '--out', 'public', '--archive-size', '20'];
    expect((await runChild(build, { cwd: dir })).code).toBe(0);
    const out = join(dir, 'public');
    const paths = await files(out, out);
    // --expose-gc and a SIGUSR2 hook: the test asks for a full GC and reads the memory held after it.
    server = spawnCli(['serve', '--out', 'public', '--port', '0', '--host', '127.0.0.1'], { cwd: dir, nodeArgs: ['--expose-gc', '--import', GC_HOOK] });
    const [, url] = await server.stdout.waitFor(/serving .* on (http:\S+)/);
    const origin = new URL(url!).origin;
    const pid = server.process.pid!;
    let gcs = 0;
    /** The server's RSS (MB) right after a full GC of its heap. */
    const rssAfterGc = async (): Promise<number> => {
      const n = ++gcs;
      server!.process.kill('SIGUSR2');
      const [, bytes] = await server!.stderr.waitFor(new RegExp(`feedwatch-test: gc #${n} rss=(\\d+)`), 30_000);
      return Number(bytes) / 2 ** 20;
    };
    const pool = new Pool(origin, { connections: CONNECTIONS, pipelining: 1 });

    const counts: Record<string, number> = { get: 0, gzip: 0, br: 0, conditional: 0, notModified: 0, head: 0, notFound: 0 };
    const problems: string[] = [];
    const identityOf = new Map<string, string>(); // ETag -> hash of the identity bytes it was served with
    const lastEtag = new Map<string, string>(); // path + coding -> last ETag seen
    let newTitles = 0;
    let rebuilt = false;
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);

    const verify = (path: string, coding: string, status: number, headers: Record<string, string | string[] | undefined>, body: Buffer) => {
      const etag = String(headers.etag ?? '');
      const m = /^"([A-Za-z0-9_-]+?)(-gz|-br)?"$/.exec(etag);
      if (!m) return void problems.push(`${path} ${coding}: ETag ${etag}`);
      const encoding = String(headers['content-encoding'] ?? 'identity');
      const suffix = encoding === 'gzip' ? '-gz' : encoding === 'br' ? '-br' : undefined;
      if (m[2] !== suffix) problems.push(`${path}: ETag ${etag} for content-encoding ${encoding}`);
      const identity = encoding === 'gzip' ? gunzipSync(body) : encoding === 'br' ? brotliDecompressSync(body) : body;
      const hash = sha(identity);
      // The hash named in the ETag is the hash of these bytes...
      if (!hash.startsWith(m[1]!)) problems.push(`${path} ${encoding}: body hashes to ${hash.slice(0, m[1]!.length)}, ETag says ${m[1]}`);
      // ...and an ETag is always served with the same bytes, whatever the coding.
      const seen = identityOf.get(m[1]!);
      if (seen && seen !== hash) problems.push(`${path}: ETag ${etag} served with two different bodies`);
      identityOf.set(m[1]!, hash);
      lastEtag.set(`${path} ${coding}`, etag);
      if (rebuilt && /Efter/.test(identity.toString('utf8'))) newTitles++;
      if (status !== 200) problems.push(`${path}: status ${status}`);
    };

    const one = async () => {
      const r = random();
      const path = paths[Math.floor(random() * paths.length)]!;
      if (r < 0.1) {
        const res = await pool.request({ path: `/missing-${Math.floor(random() * 1e6)}.xml`, method: 'GET' });
        await res.body.dump();
        counts.notFound!++;
        if (res.statusCode !== 404) problems.push(`missing: status ${res.statusCode}`);
        return;
      }
      if (r < 0.2) {
        const res = await pool.request({ path, method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
        await res.body.dump();
        counts.head!++;
        if (res.statusCode !== 200 || !res.headers.etag) problems.push(`HEAD ${path}: ${res.statusCode}`);
        return;
      }
      const coding = r < 0.4 ? 'identity' : r < 0.6 ? 'gzip' : r < 0.8 ? 'br' : 'conditional';
      const accept = coding === 'conditional' ? (random() < 0.5 ? 'gzip' : 'br') : coding;
      const headers: Record<string, string> = { 'accept-encoding': accept };
      const known = lastEtag.get(`${path} ${accept}`);
      if (coding === 'conditional' && known) headers['if-none-match'] = known;
      const res = await pool.request({ path, method: 'GET', headers });
      const body = Buffer.from(await res.body.arrayBuffer());
      if (res.statusCode === 304) {
        counts.notModified!++;
        if (body.length) problems.push(`${path}: a 304 with a body`);
        return;
      }
      counts[coding === 'identity' ? 'get' : coding === 'conditional' ? 'conditional' : coding]!++;
      verify(path, accept, res.statusCode, res.headers, body);
    };

    const started = Date.now();
    const at = () => (Date.now() - started) / 1000;
    // Until the warm-up is over, the load has no end; then it runs SECONDS more.
    let deadline = Infinity;
    let warmedUp = () => undefined as void;
    const warmupOver = new Promise<void>((r) => (warmedUp = r));
    const rss: { at: number; mb: number }[] = [];
    const sampler = setInterval(() => rss.push({ at: at(), mb: rssMb(pid) }), 1000);
    let errors = 0;
    const worker = async () => {
      while (Date.now() < deadline) {
        try {
          await one();
        } catch (e) {
          errors++;
          if (errors < 5) problems.push(`request failed: ${(e as Error).message}`);
        }
      }
    };
    const responses = () => Object.values(counts).reduce((a, b) => a + b, 0);
    const levels: { at: number; mb: number }[] = [];
    let levelled = false;
    let warmupSeconds = 0;
    let warmupResponses = 0;
    let measuredFrom = Infinity;
    let rebuildSeconds = NaN;
    const warmup = (async () => {
      try {
        for (;;) {
          await new Promise((r) => setTimeout(r, WINDOW_SECONDS * 1000));
          levels.push({ at: at(), mb: await rssAfterGc() });
          const [a, b, c] = levels.slice(-3).map((l) => l.mb);
          levelled = levels.length >= 3 && b! - a! < LEVEL_MB && c! - b! < LEVEL_MB && at() >= WARMUP_MIN_SECONDS && responses() >= WARMUP_MIN_RESPONSES;
          if (levelled || at() >= WARMUP_MAX_SECONDS) break;
        }
      } finally {
        warmupSeconds = at();
        warmupResponses = responses();
        measuredFrom = Date.now();
        deadline = measuredFrom + SECONDS * 1000;
        warmedUp();
      }
    })();
    const rebuild = (async () => {
      await warmupOver;
      await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 2));
      const from = Date.now();
      // The load goes on until the rebuild is done and 5 s more, so a slow rebuild (a busy machine)
      // is still followed by load that sees the new build.
      const planned = deadline;
      deadline = Infinity;
      try {
        await writeFeeds(dir, 'Efter');
        const r = await runChild(build, { cwd: dir });
        rebuilt = true;
        return r.code;
      } finally {
        rebuildSeconds = (Date.now() - from) / 1000;
        deadline = Math.max(planned, Date.now() + 5000);
      }
    })();
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const loadEnded = Date.now();
    clearInterval(sampler);
    await warmup;
    const rebuildCode = await rebuild;
    await pool.close();
    // Once the load is over: what the server still holds after a full GC.
    const endAfterGc = await rssAfterGc();

    // The warm-up level: the highest RSS of its last window (no GC forced: as in the measured run),
    // and the level after a forced GC at its end.
    const warmStart = warmupSeconds - WINDOW_SECONDS;
    const warm = Math.max(...rss.filter((s) => s.at >= warmStart && s.at <= warmupSeconds).map((s) => s.mb));
    const warmAfterGc = levels.at(-1)!.mb;
    const after = rss.filter((s) => s.at > warmupSeconds + 0.5).map((s) => s.mb);
    const peak = Math.max(...after);
    const total = responses();
    const measuredResponses = total - warmupResponses;
    const measuredSeconds = (loadEnded - measuredFrom) / 1000;
    record('serve under load', [
      `${warmupSeconds.toFixed(0)} s of warm-up (${warmupResponses} responses; ${levelled ? `RSS levelled off: under ${LEVEL_MB} MB over each of the last two ${WINDOW_SECONDS} s windows, after a forced GC` : `ended at the cap of ${WARMUP_MAX_SECONDS} s: RSS had not levelled off, or too few responses`}), then ${measuredSeconds.toFixed(0)} s measured, ${CONNECTIONS} connections, ${paths.length} files, rebuild after ${SECONDS / 2} s of it (exit ${rebuildCode}, ${rebuildSeconds.toFixed(1)} s):`,
      `${total} responses in all, ${measuredResponses} measured (${(measuredResponses / measuredSeconds).toFixed(0)}/s): ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}; ${errors} errors; ${problems.length} body/ETag problems; ${newTitles} bodies of the new build after it.`,
      `server RSS: ${rss[0]?.mb.toFixed(1)} MB at start; after each ${WINDOW_SECONDS} s warm-up window and a forced GC: ${levels.map((l) => l.mb.toFixed(1)).join(', ')} MB;`,
      `warm-up level ${warm.toFixed(1)} MB (highest of its last window), peak ${peak.toFixed(1)} MB in the measured ${measuredSeconds.toFixed(0)} s (+${(peak - warm).toFixed(1)} MB; budget ${RSS_BUDGET_MB} MB), last ${after.at(-1)?.toFixed(1)} MB;`,
      `after a forced GC: ${warmAfterGc.toFixed(1)} MB at the end of the warm-up, ${endAfterGc.toFixed(1)} MB after the load (+${(endAfterGc - warmAfterGc).toFixed(1)} MB).`,
      `RSS every 5 s (MB): ${rss.filter((_, i) => i % 5 === 4).map((s) => s.mb.toFixed(0)).join(', ')}.`,
    ]);
    expect(rebuildCode).toBe(0);
    expect(problems).toEqual([]);
    expect(errors).toBe(0);
    expect(newTitles).toBeGreaterThan(0);
    expect(counts.notModified).toBeGreaterThan(0);
    expect(peak - warm).toBeLessThanOrEqual(RSS_BUDGET_MB);
    // Like with like: what is held after a full GC, at the end of the warm-up and after the load.
    expect(endAfterGc - warmAfterGc).toBeLessThanOrEqual(RSS_BUDGET_MB);
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    server = undefined;
  });
});
