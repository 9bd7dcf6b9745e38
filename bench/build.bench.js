// Benchmark of `feedwatch build` on 10,000 generated items of about 2 KB of Markdown each
// (paragraphs, links, a list), against the bare `feed` 6.0.0 serialization of the same items into
// all three formats. Each measurement runs in its own child process, so memory peaks never mix.
// Goal (issue 2): our whole build (loading, Markdown, archives at the default archiveSize 50,
// writing) within 1.5x of the bare serialization time, with a lower memory peak.
//
//   npm run bench -- build            (after `npx tsc -p tsconfig.json`)
//   BENCH_ITEMS=2000 BENCH_RUNS=1 npm run bench -- build
//   BENCH_RAW_HTML=1 npm run bench -- build    (every item also holds raw HTML: the sanitizer's cost;
//                                              0.1 for one item in ten)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
/** Share of items whose Markdown holds raw HTML (0 to 1): those go through the sanitizer. */
const RAW_HTML = Number(process.env.BENCH_RAW_HTML ?? 0);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GOAL_TIME_RATIO = 1.5;
const FEED_ID = 'bench';
const BASE_URL = 'https://feeds.example.org/';

// ---- the generated content (deterministic: the same items in every process) ----------------

const WORDS = ('regionerna kommissionen sammanhållningspolitiken innovation digitalisering förslaget ' +
  'medlemsstaterna budgeten strukturfonderna kontoret Bryssel Småland Blekinge Halland företag ' +
  'forskning samarbete utlysning projekt finansiering konferens ministerrådet parlamentet ' +
  'omröstning ståndpunkt hållbar tillväxt landsbygd infrastruktur kompetens').split(' ');

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}

function sentence(rand, n) {
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]);
  return words.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
}

export function generateItem(i) {
  const rand = rng(i + 1);
  const date = new Date(Date.UTC(2015, 0, 1) + i * 6 * 3600_000);
  const slug = `nyhet-${i}`;
  const title = `${sentence(rand, 6).slice(0, -1)} (${i})`;
  const para = () => Array.from({ length: 4 }, () => sentence(rand, 9)).join(' ');
  const body = [
    para(),
    `Läs mer i [kommissionens meddelande](https://ec.europa.eu/info/news/${i}) och [vår tidigare artikel](../artikel-${i - 1}/).`,
    para(),
    '- ' + sentence(rand, 6) + '\n- ' + sentence(rand, 7) + ' [källa](https://www.europaportalen.se/' + i + ')\n- ' + sentence(rand, 5),
    para(),
    `Kontakt: [kontoret](https://www.sbhss.eu/sv/kontakt/), se även <https://skr.se/${i}>.`,
  ];
  // Every 1/RAW_HTML-th item: inline raw HTML and an HTML block, as authors write them.
  if (RAW_HTML > 0 && Math.floor(i * RAW_HTML) !== Math.floor((i - 1) * RAW_HTML)) {
    body.splice(2, 0,
      `Enligt <abbr title="Europeiska kommissionen">EK</abbr> ökar budgeten<sup>1</sup> med <mark>${i % 90} procent</mark>.`,
      `<figure>\n<img src="bilder/${i}.jpg" alt="${sentence(rand, 4)}" width="640" height="360">\n<figcaption>${sentence(rand, 8)}</figcaption>\n</figure>`);
  }
  return {
    file: `${date.toISOString().slice(0, 10)}-${slug}.md`,
    title,
    date,
    link: `https://www.sbhss.eu/sv/${slug}/`,
    summary: sentence(rand, 14),
    categories: ['EU', WORDS[i % WORDS.length]],
    body: body.join('\n\n'),
  };
}

function writeContent(dir) {
  const items = join(dir, 'feeds', FEED_ID, 'items');
  mkdirSync(items, { recursive: true });
  writeFileSync(
    join(dir, 'feeds', FEED_ID, 'feed.yaml'),
    'title: Benchmark\ndescription: Genererade nyheter\nlink: https://www.sbhss.eu/\nlanguage: sv\nauthor:\n  name: Kontoret\n  email: info@sbhss.eu\n',
  );
  let bytes = 0;
  for (let i = 0; i < ITEMS; i++) {
    const it = generateItem(i);
    const text =
      `---\ntitle: ${JSON.stringify(it.title)}\ndate: ${it.date.toISOString().replace('Z', '+00:00')}\nlink: ${it.link}\n` +
      `summary: ${JSON.stringify(it.summary)}\ncategories: [${it.categories.join(', ')}]\n---\n\n${it.body}\n`;
    bytes += Buffer.byteLength(text);
    writeFileSync(join(items, it.file), text);
  }
  return bytes;
}

/** CPU time (user + system, all threads: GC included) since `start`: steadier than wall time on a busy machine. */
function cpuMs(start) {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

// ---- child processes ---------------------------------------------------------------------------

/** The bare `feed` package: the same items (Markdown rendered beforehand), rss2() + atom1() + json1(). */
async function childFeed() {
  const { Feed } = await import('feed');
  const { default: MarkdownIt } = await import('markdown-it');
  const md = new MarkdownIt();
  const items = Array.from({ length: ITEMS }, (_, i) => generateItem(i));
  for (const it of items) it.html = md.render(it.body);
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const feed = new Feed({
    id: BASE_URL, title: 'Benchmark', description: 'Genererade nyheter', link: 'https://www.sbhss.eu/', language: 'sv',
    copyright: '', updated: new Date(0), feedLinks: { rss: `${BASE_URL}${FEED_ID}/rss.xml`, atom: `${BASE_URL}${FEED_ID}/atom.xml`, json: `${BASE_URL}${FEED_ID}/feed.json` },
    author: { name: 'Kontoret', email: 'info@sbhss.eu' },
  });
  for (const it of items) {
    feed.addItem({ title: it.title, id: it.link, link: it.link, date: it.date, published: it.date, description: it.summary, content: it.html, category: it.categories.map((name) => ({ name })) });
  }
  const phases = {};
  for (const fn of ['rss2', 'atom1', 'json1']) {
    const t = performance.now();
    const out = feed[fn]();
    phases[fn] = Math.round(performance.now() - t);
    if (out.length < ITEMS) throw new Error('empty output');
  }
  return { ms: performance.now() - start, cpuMs: cpuMs(cpu0), phases };
}

/** Our whole build, in process: the code `feedwatch build` runs (dist/), with its phases timed. */
async function childBuild(dir) {
  const { resolveConfig } = await import('../dist/core/config.js');
  const { buildSite } = await import('../dist/runtime/node/commands/build.js');
  const config = resolveConfig({
    flags: { feeds: join(dir, 'feeds'), out: join(dir, 'out'), 'base-url': BASE_URL, 'archive-size': '50', 'id-authority': 'sbhss.eu,2018' },
  });
  const errors = [];
  const stderr = new Writable({ write: (c, _e, cb) => (errors.push(String(c)), cb()) });
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const { timings, report } = await buildSite({ config, stderr });
  const ms = performance.now() - start;
  const cpu = cpuMs(cpu0);
  if (errors.length) throw new Error(errors.join('').slice(0, 2000));
  return { ms, cpuMs: cpu, phases: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])), written: report.written.length };
}

async function child(kind, dir) {
  const result = kind === 'feed' ? await childFeed() : await childBuild(dir);
  // maxRSS is in kilobytes: the peak resident set of this whole process.
  process.stdout.write(JSON.stringify({ ...result, peakMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

// ---- the parent ------------------------------------------------------------------------------------

function measure(kind, dir) {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', kind, dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${kind} child failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function parent() {
  const dir = mkdtempSync(join(tmpdir(), 'feedwatch-bench-'));
  try {
    const bytes = writeContent(dir);
    console.log(`${ITEMS} items, ${(bytes / ITEMS / 1024).toFixed(1)} KB of Markdown each on average${RAW_HTML ? `, ${RAW_HTML * 100}% with raw HTML` : ''}; ${RUNS} run(s) each, median shown`);
    const bare = [];
    const ours = [];
    for (let r = 0; r < RUNS; r++) {
      bare.push(measure('feed', dir));
      rmSync(join(dir, 'out'), { recursive: true, force: true });
      ours.push(measure('build', dir)); // a first build: every file written
    }
    const rebuild = measure('build', dir); // unchanged content: nothing rewritten
    const b = { ms: median(bare.map((x) => x.ms)), peakMB: median(bare.map((x) => x.peakMB)), cpuMs: median(bare.map((x) => x.cpuMs)) };
    const o = { ms: median(ours.map((x) => x.ms)), peakMB: median(ours.map((x) => x.peakMB)), cpuMs: median(ours.map((x) => x.cpuMs)) };
    const phases = bare.find((x) => x.ms === b.ms).phases;
    console.log(`bare feed 6.0.0 rss2+atom1+json1: ${b.ms.toFixed(0)} ms (rss2 ${phases.rss2}, atom1 ${phases.atom1}, json1 ${phases.json1}), peak RSS ${b.peakMB.toFixed(0)} MB`);
    const p = (x) => `load+Markdown ${x.phases.load}, render ${x.phases.render}, write ${x.phases.write}`;
    const mid = ours.find((x) => x.ms === o.ms);
    console.log(`feedwatch build (${mid.written} files): ${o.ms.toFixed(0)} ms (${p(mid)}), peak RSS ${o.peakMB.toFixed(0)} MB`);
    console.log(`feedwatch rebuild, content unchanged (${rebuild.written} files written): ${rebuild.ms.toFixed(0)} ms (${p(rebuild)}), peak RSS ${rebuild.peakMB.toFixed(0)} MB`);
    console.log(`CPU time of the measured part: bare ${b.cpuMs.toFixed(0)} ms, feedwatch ${o.cpuMs.toFixed(0)} ms (ratio ${(o.cpuMs / b.cpuMs).toFixed(2)}x); load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
    const ratio = o.ms / b.ms;
    const ok = ratio <= GOAL_TIME_RATIO && o.peakMB < b.peakMB;
    console.log(`time ratio ${ratio.toFixed(2)}x (goal <= ${GOAL_TIME_RATIO}x); memory ${(o.peakMB / b.peakMB).toFixed(2)}x (goal < 1): ${ok ? 'goal met' : 'GOAL MISSED'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else if (process.argv[2] === '--generate') writeContent(process.argv[3]); // for profiling: node bench/build.bench.js --generate DIR
else await parent();
