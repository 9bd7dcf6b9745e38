// The whole `feedwatch check` process as a user runs it, for bench/check.bench.js: a generated
// feeds folder that cites the bench's hosts, then `node bin/feedwatch.js check --feeds DIR
// --allow-private --state TMP --out TMP` in a fresh working directory (no config file), timed from
// spawn to exit. CPU (user + sys) and peak RSS come from GNU time (/usr/bin/time) when it is there.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const GNU_TIME = '/usr/bin/time';
/** Links per item: the item's own link and nine in its text. */
const LINKS_PER_ITEM = 10;

/**
 * One feed whose items cite `count` distinct pages, spread round-robin over the hosts (link j on
 * host j % hosts), so every host has count / hosts pages. Returns the folder of feeds.
 */
export function writeFeeds(dir, count, urlOf) {
  const items = join(dir, 'feeds', 'bench', 'items');
  mkdirSync(items, { recursive: true });
  writeFileSync(
    join(dir, 'feeds', 'bench', 'feed.yaml'),
    'title: Benchmark\ndescription: Generated items citing the bench hosts\nlink: https://www.example.org/\nlanguage: en\nauthor: Bench\n',
  );
  for (let i = 0; i * LINKS_PER_ITEM < count; i++) {
    const urls = Array.from({ length: Math.min(LINKS_PER_ITEM, count - i * LINKS_PER_ITEM) }, (_, k) => urlOf(i * LINKS_PER_ITEM + k));
    const date = new Date(Date.UTC(2020, 0, 1) + i * 3600_000).toISOString().replace('.000Z', 'Z');
    const body = urls.slice(1).map((u, k) => `Paragraph ${k} of item ${i} cites [a source](${u}) about regional development.`).join('\n\n');
    writeFileSync(join(items, `${date.slice(0, 10)}-item-${i}.md`), `---\ntitle: "Item ${i}"\ndate: ${date}\nlink: ${urls[0]}\n---\n${body}\n`);
  }
  return join(dir, 'feeds');
}

/** The median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Runs `<root>/bin/feedwatch.js check` once with a fresh state file and output folder.
 * `heapLog`: also load bench/heap-probe.js, which records the live heap every 2 s (a full GC each).
 * Returns wall ms, CPU ms (user + sys), peak RSS bytes, exit code, load average at the start, and
 * checkedAt: ms from the spawn until the progress line said every link was checked.
 */
export async function runCli({ root, feeds, extraArgs = [], heapLog = false }) {
  const work = mkdtempSync(join(tmpdir(), 'feedwatch-bench-cli-'));
  const timeFile = join(work, 'time.txt');
  const heapFile = join(work, 'heap.json');
  const nodeArgs = heapLog ? ['--expose-gc', '--import', pathToFileURL(resolve('bench/heap-probe.js')).href] : [];
  const cli = [process.execPath, ...nodeArgs, join(root, 'bin', 'feedwatch.js'), 'check', '--feeds', feeds, '--allow-private',
    '--state', join(work, 'state.db'), '--out', join(work, 'public'), ...extraArgs];
  const haveTime = existsSync(GNU_TIME);
  const [cmd, ...args] = haveTime ? [GNU_TIME, '-f', '%U %S %M', '-o', timeFile, ...cli] : cli;
  // A clean environment for feedwatch: no FEEDWATCH_* or proxy variables of the caller.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^FEEDWATCH_|_proxy$|_PROXY$/.test(k)));
  if (heapLog) env.BENCH_HEAP_LOG = heapFile;
  const load = loadavg()[0];
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  // When the last link was checked (the progress line "N/N links checked"): the end of the checking phase.
  let checkedAt = NaN;
  child.stderr.on('data', (c) => {
    stderr += c;
    if (Number.isNaN(checkedAt) && /\b(\d+)\/\1 links checked/.test(stderr)) checkedAt = performance.now() - started;
  });
  const code = await new Promise((r) => child.on('close', (c) => r(c)));
  const wall = performance.now() - started;
  let cpu = NaN;
  let peak = NaN;
  if (haveTime) {
    const [user, sys, maxKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpu = (user + sys) * 1000;
    peak = maxKb * 1024;
  }
  const heap = heapLog && existsSync(heapFile) ? JSON.parse(readFileSync(heapFile, 'utf8')) : [];
  const summary = /total\s+(\d+)/.exec(stdout)?.[1];
  const okCount = /ok\s+(\d+)/.exec(stdout)?.[1];
  rmSync(work, { recursive: true, force: true });
  return { wall, cpu, peak, code, load, heap, checkedAt, total: Number(summary), ok: Number(okCount), stderr };
}
