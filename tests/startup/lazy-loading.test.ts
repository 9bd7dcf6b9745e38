// Modules load on first use (issue 13): help and `serve` never load the checker, SQLite, undici or
// the content parsers, and `build` loads the HTML sanitizer only when an item holds raw HTML. Each
// case is a real process (`node --import tests/helpers/load-probe.mjs bin/feedwatch.js ...`) that
// lists every module it loaded; `check` is the control that shows the probe sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cli.js';
import { ensureBuilt, runChild, spawnCli } from '../helpers/child.js';
import { writeLinkFeed } from '../helpers/link-feed.js';
import { expectValidReport } from '../helpers/report-schema.js';

const PROBE = fileURLToPath(new URL('../helpers/load-probe.mjs', import.meta.url));
/** Packages only a command's own work needs. */
const HEAVY = ['better-sqlite3', 'undici', 'cheerio', 'htmlparser2', 'markdown-it', 'yaml', 'sanitize-html', 'feed', 'node-cron', 'turndown', 'saxes'];

let tmp: { dir: string; cleanup: () => Promise<void> };
let n = 0;
beforeAll(async () => {
  ensureBuilt();
  tmp = await tempDir('feedwatch-lazy-');
}, 120_000);
afterAll(() => tmp.cleanup());

/** The packages (node_modules/<name>) and compiled folders (dist/<layer>/) among the loaded modules. */
function summarize(list: string): { packages: Set<string>; layers: Set<string> } {
  const packages = new Set<string>();
  const layers = new Set<string>();
  for (const line of list.split('\n')) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (pkg) packages.add(pkg[1]!);
    const layer = /\/dist\/([a-z-]+)\//.exec(line);
    if (layer && !pkg) layers.add(layer[1]!);
  }
  return { packages, layers };
}

/** Runs `feedwatch <args>` to its end in `cwd`; returns its exit code and what it loaded. */
async function loadedBy(args: string[], cwd = tmp.dir) {
  const file = join(tmp.dir, `loaded-${n++}.txt`);
  const r = await runChild(args, { cwd, nodeArgs: ['--import', PROBE], env: { FEEDWATCH_TEST_LOADED: file } });
  return { ...r, ...summarize(await readFile(file, 'utf8')) };
}

describe('help loads only the declarations', () => {
  for (const args of [['--help'], ['serve', '--help'], ['check', '--help'], ['build', '--help'], ['help', 'import'], ['run', '--help']]) {
    it(`feedwatch ${args.join(' ')}`, async () => {
      const r = await loadedBy(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: feedwatch/);
      expect(HEAVY.filter((p) => r.packages.has(p))).toEqual([]);
      // Only the command line's own modules and what they share: no checker, store, health or feeds code.
      expect([...r.layers].filter((l) => ['links', 'store', 'health', 'feeds', 'import', 'serve'].includes(l))).toEqual([]);
    });
  }
});

describe('serve', () => {
  it('serves without the checker, SQLite, undici or the content parsers', async () => {
    const out = join(tmp.dir, 'public');
    await mkdir(out, { recursive: true });
    const file = join(tmp.dir, 'loaded-serve.txt');
    const child = spawnCli(['serve', '--out', out, '--port', '0', '--host', '127.0.0.1'], { cwd: tmp.dir, nodeArgs: ['--import', PROBE], env: { FEEDWATCH_TEST_LOADED: file } });
    await child.stdout.waitFor(/serving .* on http:\/\/127\.0\.0\.1:\d+/);
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    const list = await readFile(file, 'utf8');
    const { packages, layers } = summarize(list);
    const files = list.split('\n');
    expect(HEAVY.filter((p) => packages.has(p))).toEqual([]);
    expect(layers.has('serve')).toBe(true);
    expect([...layers].filter((l) => ['links', 'store', 'health', 'feeds', 'import'].includes(l))).toEqual([]);
    // The command line checks arguments with content's small helpers (layout, values), never loads content.
    expect(files.filter((f) => /\/dist\/content\/(load|markdown|yaml|sanitize)\.js$/.test(f))).toEqual([]);
  });
});

describe('build loads the sanitizer only for raw HTML', () => {
  it('without raw HTML: markdown-it for emphasis, no sanitizer, no SQLite, no HTTP client', async () => {
    const dir = join(tmp.dir, 'plain');
    const feeds = await writeLinkFeed(dir, ['https://site.example/a'], { body: 'Plain *Markdown* with [a link](https://site.example/b) and <https://site.example/c>.' });
    const r = await loadedBy(['build', '--feeds', feeds, '--out', join(dir, 'public')], dir);
    expect(r.code).toBe(0);
    expect(r.packages.has('markdown-it')).toBe(true); // the fast path gives up on emphasis
    expect(r.packages.has('yaml')).toBe(false); // plain front matter: the fast path reads it
    expect(['sanitize-html', 'better-sqlite3', 'undici', 'cheerio'].filter((p) => r.packages.has(p))).toEqual([]);
    const rss = await readFile(join(dir, 'public', 'news', 'rss.xml'), 'utf8');
    expect(rss).toContain('Plain <em>Markdown</em> with <a href="https://site.example/b">a link</a> and <a href="https://site.example/c">https://site.example/c</a>.');
  });

  it('plain front matter and Markdown: neither yaml nor markdown-it; YAML the fast path gives up on loads yaml', async () => {
    const dir = join(tmp.dir, 'plainer');
    const feeds = await writeLinkFeed(dir, ['https://site.example/a'], { body: 'Plain text with [a link](https://site.example/b) and <https://site.example/c>.' });
    const r = await loadedBy(['build', '--feeds', feeds, '--out', join(dir, 'public')], dir);
    expect(r.code).toBe(0);
    expect(['markdown-it', 'yaml', 'sanitize-html'].filter((p) => r.packages.has(p))).toEqual([]);
    const rss = await readFile(join(dir, 'public', 'news', 'rss.xml'), 'utf8');
    expect(rss).toContain('<p>Plain text with <a href="https://site.example/b">a link</a> and <a href="https://site.example/c">https://site.example/c</a>.</p>');

    // A block scalar: the fast front matter reader gives up, yaml reads it, the item is the same otherwise.
    const item = join(feeds, 'news', 'items', '2026-03-01-item.md');
    await writeFile(item, (await readFile(item, 'utf8')).replace('title: "Item"', 'title: |-\n  Block title'));
    const again = await loadedBy(['build', '--feeds', feeds, '--out', join(dir, 'public')], dir);
    expect(again.code).toBe(0);
    expect(again.packages.has('yaml')).toBe(true);
    expect(again.packages.has('markdown-it')).toBe(false);
    expect(await readFile(join(dir, 'public', 'news', 'rss.xml'), 'utf8')).toContain('<title>Block title</title>');
  });

  it('with raw HTML in an item: the sanitizer is loaded and used', async () => {
    const dir = join(tmp.dir, 'raw');
    const feeds = await writeLinkFeed(dir, ['https://site.example/a'], { body: 'Text with <b>raw HTML</b> and <span onclick="x()">more</span>.' });
    const r = await loadedBy(['build', '--feeds', feeds, '--out', join(dir, 'public')], dir);
    expect(r.code).toBe(0);
    expect(r.packages.has('sanitize-html')).toBe(true);
    const rss = await readFile(join(dir, 'public', 'news', 'rss.xml'), 'utf8');
    expect(rss).toContain('<b>raw HTML</b>');
    expect(rss).not.toContain('onclick');
  });
});

describe('the probe sees what a command loads', () => {
  it('check of the feeds loads SQLite, undici and the page parser (not yaml or markdown-it for plain content)', async () => {
    const dir = join(tmp.dir, 'check');
    const feeds = await writeLinkFeed(dir, ['http://127.0.0.1:1/refused'], { body: 'Cites [a page](http://127.0.0.1:1/other).' });
    const r = await loadedBy(['check', '--feeds', feeds, '--out', join(dir, 'public'), '--state', join(dir, 'state.db'), '--allow-private', '--retries', '0'], dir);
    expect(r.code).toBe(1); // the links are broken (refused)
    expect(['better-sqlite3', 'undici', 'htmlparser2'].filter((p) => !r.packages.has(p))).toEqual([]);
    expect(['markdown-it', 'yaml'].filter((p) => r.packages.has(p))).toEqual([]);
    expect(r.layers.has('links')).toBe(true);
    const json = await readFile(join(dir, 'public', 'health', 'report.json'), 'utf8');
    expectValidReport(json);
    const report = JSON.parse(json);
    expect(report.links.map((l: { url: string }) => l.url).sort()).toEqual(['http://127.0.0.1:1/other', 'http://127.0.0.1:1/refused']);
  });
});
