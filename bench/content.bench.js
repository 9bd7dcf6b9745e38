// Benchmark of loading feeds/ (content): 10,000 generated items of about 2 KB of Markdown each,
// read from disk, validated and rendered to HTML, as `build` and `check` do before anything else.
// Prints wall and CPU time per run, and for comparison the time markdown-it alone (the full
// renderer, without the fast path) takes for the same bodies.
//
//   npx tsc -p tsconfig.json && npm run bench -- content
//   BENCH_ITEMS=2000 npm run bench -- content
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../dist/content/load.js';
import { renderWithMarkdownIt } from '../dist/content/markdown.js';
import { fsContentSource } from '../dist/runtime/node/content-source.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const WORDS = ('regionerna kommissionen sammanhållningspolitiken innovation digitalisering förslaget ' +
  'medlemsstaterna budgeten strukturfonderna kontoret Bryssel Småland Blekinge Halland företag forskning').split(' ');

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}

function itemText(i) {
  const rand = rng(i + 1);
  const sentence = (n) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ') + '.';
  const para = () => Array.from({ length: 4 }, () => sentence(9)).join(' ');
  const date = new Date(Date.UTC(2015, 0, 1) + i * 6 * 3600_000).toISOString().replace('Z', '+00:00');
  return `---\ntitle: ${JSON.stringify(sentence(6) + ` (${i})`)}\ndate: ${date}\nlink: https://www.sbhss.eu/sv/nyhet-${i}/\n` +
    `summary: ${JSON.stringify(sentence(14))}\ncategories: [EU, ${WORDS[i % WORDS.length]}]\n---\n\n` +
    [
      para(),
      `Läs mer i [kommissionens meddelande](https://ec.europa.eu/info/news/${i}) och [vår tidigare artikel](../artikel-${i - 1}/).`,
      para(),
      `- ${sentence(6)}\n- ${sentence(7)} [källa](https://www.europaportalen.se/${i})\n- ${sentence(5)}`,
      para(),
      `Kontakt: [kontoret](https://www.sbhss.eu/sv/kontakt/), se även <https://skr.se/${i}>.`,
    ].join('\n\n') + '\n';
}

const dir = mkdtempSync(join(tmpdir(), 'feedwatch-bench-content-'));
try {
  const items = join(dir, 'feeds', 'bench', 'items');
  mkdirSync(items, { recursive: true });
  writeFileSync(join(dir, 'feeds', 'bench', 'feed.yaml'),
    'title: Benchmark\ndescription: Genererade nyheter\nlink: https://www.sbhss.eu/\nlanguage: sv\nauthor:\n  name: Kontoret\n');
  let bytes = 0;
  for (let i = 0; i < ITEMS; i++) {
    const text = itemText(i);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(items, `${new Date(Date.UTC(2015, 0, 1) + i * 6 * 3600_000).toISOString().slice(0, 10)}-nyhet-${i}.md`), text);
  }
  console.log(`${ITEMS} items, ${(bytes / ITEMS / 1024).toFixed(1)} KB each on average`);

  const source = fsContentSource(join(dir, 'feeds'));
  let feeds;
  for (let run = 1; run <= RUNS; run++) {
    globalThis.gc?.();
    const cpu = process.cpuUsage();
    const start = performance.now();
    ({ feeds } = await loadContent(source, { idAuthority: null }));
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    console.log(`loadContent run ${run}: ${wall.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU, ` +
      `${feeds[0].items.length} items, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  }
  const bodies = feeds[0].items.map((it) => [it.markdown, new URL(it.link)]);
  globalThis.gc?.();
  const start = performance.now();
  for (const [markdown, base] of bodies) renderWithMarkdownIt(markdown, base);
  console.log(`for comparison, markdown-it alone on the same bodies: ${(performance.now() - start).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
