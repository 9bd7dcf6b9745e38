// `feedwatch build` through the real command line, on content written to a temporary folder.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { runCli, tempDir } from '../helpers/cli.js';
import { parseXmlStrict } from './helpers.js';

const BASE = 'https://feeds.example.org/';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function project(): Promise<{ feeds: string; out: string; dir: string }> {
  const { dir, cleanup } = await tempDir('feedwatch-build-');
  cleanups.push(cleanup);
  const feeds = join(dir, 'feeds');
  await writeFeed(feeds, 'news', 3);
  return { feeds, out: join(dir, 'public'), dir };
}

async function writeFeed(feeds: string, id: string, count: number): Promise<void> {
  await mkdir(join(feeds, id, 'items'), { recursive: true });
  await writeFile(
    join(feeds, id, 'feed.yaml'),
    `title: Nyheter ${id}\ndescription: Från kontoret\nlink: https://example.org/${id}/\nlanguage: sv\nauthor:\n  name: Kontoret\n  email: info@example.org\n`,
  );
  for (let n = 1; n <= count; n++) await writeItem(feeds, id, n);
}

async function writeItem(feeds: string, id: string, n: number, edits: { title?: string; link?: string; fileDate?: string } = {}): Promise<string> {
  const day = String(n).padStart(2, '0');
  const file = join(feeds, id, 'items', `${edits.fileDate ?? `2020-03-${day}`}-nyhet-${n}.md`);
  await writeFile(
    file,
    `---\ntitle: ${JSON.stringify(edits.title ?? `Nyhet ${n} om EU`)}\ndate: 2020-03-${day}T10:00:00+01:00\nlink: ${edits.link ?? `https://example.org/${id}/nyhet-${n}/`}\n---\n\nText ${n} med [en källa](https://ec.europa.eu/${n}).\n`,
  );
  return file;
}

function build(p: { feeds: string; out: string }, ...extra: string[]) {
  // In the project's own folder: the repository's feedwatch.config.json (its idAuthority) is not this content's.
  return runCli(['build', '--feeds', p.feeds, '--out', p.out, '--base-url', BASE, ...extra], { cwd: dirname(p.feeds) });
}

/** Every file under `dir` with its bytes and mtime. */
async function snapshot(dir: string): Promise<Map<string, { bytes: string; mtime: number }>> {
  const result = new Map<string, { bytes: string; mtime: number }>();
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else result.set(relative(dir, path), { bytes: (await readFile(path)).toString('base64'), mtime: (await stat(path)).mtimeMs });
    }
  };
  await walk(dir);
  return result;
}

const read = (out: string, path: string) => readFile(join(out, path), 'utf8');

describe('feedwatch build', () => {
  it('writes the three formats, index.html and feeds.opml, and says where they are', async () => {
    const p = await project();
    const r = await build(p);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${BASE}news/atom.xml`);
    expect(r.stdout).toContain(join(p.out, 'news', 'rss.xml'));
    const atom = parseFeed(await read(p.out, 'news/atom.xml'));
    expect(atom.items.map((i) => i.title)).toEqual(['Nyhet 3 om EU', 'Nyhet 2 om EU', 'Nyhet 1 om EU']);
    expect(atom.self).toBe(`${BASE}news/atom.xml`);
    const rss = parseFeed(await read(p.out, 'news/rss.xml'));
    expect(rss.items.map((i) => i.id)).toEqual(atom.items.map((i) => i.id));
    const json = JSON.parse(await read(p.out, 'news/feed.json'));
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(atom.items.map((i) => i.id));
    expect(await read(p.out, 'index.html')).toContain('href="news/atom.xml"');
    parseXmlStrict(await read(p.out, 'feeds.opml'));
    const lm = JSON.parse(await read(p.out, 'news/.last-modified.json'));
    expect(lm).toEqual({ 'atom.xml': '2020-03-03T09:00:00.000Z', 'feed.json': '2020-03-03T09:00:00.000Z', 'rss.xml': '2020-03-03T09:00:00.000Z' });
    expect(JSON.parse(await read(p.out, '.last-modified.json'))).toEqual({ 'feeds.opml': '2020-03-03T09:00:00.000Z', 'index.html': '2020-03-03T09:00:00.000Z' });
  });

  it('builds unchanged content to byte-identical files and rewrites none of them', async () => {
    const p = await project();
    expect((await build(p, '--archive-size', '2')).code).toBe(0);
    const first = await snapshot(p.out);
    await new Promise((r) => setTimeout(r, 20));
    const again = await build(p, '--archive-size', '2');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 files written/);
    expect(await snapshot(p.out)).toEqual(first);
  });

  it('keeps item ids when a title, link or file date is edited', async () => {
    const p = await project();
    await build(p);
    const ids = (await parseFeed(await read(p.out, 'news/atom.xml'))).items.map((i) => i.id);
    await rename(join(p.feeds, 'news/items/2020-03-02-nyhet-2.md'), join(p.feeds, 'news/items/2021-01-01-nyhet-2.md'));
    await writeItem(p.feeds, 'news', 2, { title: 'Ny rubrik', link: 'https://example.org/news/ny-adress/', fileDate: '2021-01-01' });
    expect((await build(p)).code).toBe(0);
    const after = parseFeed(await read(p.out, 'news/atom.xml'));
    expect(after.items.map((i) => i.id)).toEqual(ids);
    expect(after.items[1]!.title).toBe('Ny rubrik');
  });

  it('exits 2 on invalid content, names the file, and changes nothing in the output folder', async () => {
    const p = await project();
    await build(p);
    await writeFile(join(p.out, 'keep.txt'), 'mine');
    const before = await snapshot(p.out);
    await writeFile(join(p.feeds, 'news/items/2020-03-09-trasig.md'), '---\ntitle: Trasig\ndate: 2020-03-32\n---\n\nText\n');
    await writeItem(p.feeds, 'news', 4);
    const r = await build(p);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2020-03-09-trasig.md');
    expect(await snapshot(p.out)).toEqual(before);
  });

  it('removes the outputs of a deleted feed that it wrote itself, and nothing else', async () => {
    const p = await project();
    await writeFeed(p.feeds, 'old', 1);
    await build(p);
    await mkdir(join(p.out, 'health'), { recursive: true });
    await writeFile(join(p.out, 'health', 'report.json'), '{}');
    await writeFile(join(p.out, 'old', 'notes.txt'), 'not ours');
    const { rm } = await import('node:fs/promises');
    await rm(join(p.feeds, 'old'), { recursive: true });
    const r = await build(p);
    expect(r.code).toBe(0);
    const files = [...(await snapshot(p.out)).keys()].sort();
    expect(files).toContain('health/report.json');
    expect(files).toContain('old/notes.txt');
    expect(files.filter((f) => f.startsWith('old/'))).toEqual(['old/.last-modified.json', 'old/notes.txt']);
    expect(await read(p.out, 'index.html')).not.toContain('old/atom.xml');
  });

  it('writes archive pages under <feed>/archive/ with a page record, and keeps them on rebuild', async () => {
    const p = await project();
    for (let n = 4; n <= 7; n++) await writeItem(p.feeds, 'news', n);
    expect((await build(p, '--archive-size', '3')).code).toBe(0);
    const pages = JSON.parse(await read(p.out, 'news/archive/.pages.json'));
    expect(pages.pages).toHaveLength(2);
    const page1 = parseFeed(await read(p.out, 'news/archive/1.atom.xml'));
    expect(page1.items.map((i) => i.title)).toEqual(['Nyhet 3 om EU', 'Nyhet 2 om EU', 'Nyhet 1 om EU']);
    const before = await read(p.out, 'news/archive/1.rss.xml');
    await writeItem(p.feeds, 'news', 8);
    await build(p, '--archive-size', '3');
    expect(await read(p.out, 'news/archive/1.rss.xml')).toBe(before);
  });

  it('prints content warnings to stderr and still builds', async () => {
    const p = await project();
    const file = join(p.feeds, 'news/items/2020-03-01-nyhet-1.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('title:', 'titel: x\ntitle:'));
    const r = await build(p);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/2020-03-01-nyhet-1\.md:\d+: warning: titel:/);
    expect(r.stderr).toContain('title');
  });

  it('rebuilds the archive page record when it is unreadable, with a warning', async () => {
    const p = await project();
    for (let n = 4; n <= 7; n++) await writeItem(p.feeds, 'news', n);
    await build(p, '--archive-size', '3');
    const page1 = await read(p.out, 'news/archive/1.atom.xml');
    await writeFile(join(p.out, 'news/archive/.pages.json'), '{ broken');
    const r = await build(p, '--archive-size', '3');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pages\.json: warning: unreadable archive page record/);
    expect(await read(p.out, 'news/archive/1.atom.xml')).toBe(page1);
    expect(JSON.parse(await read(p.out, 'news/archive/.pages.json')).pages).toHaveLength(2);
  });

  it('declares WebSub hubs in every main document, not in archive pages', async () => {
    const p = await project();
    for (let n = 4; n <= 7; n++) await writeItem(p.feeds, 'news', n);
    const hub = 'https://hub.example.org/';
    expect((await build(p, '--archive-size', '3', '--websub-hubs', JSON.stringify([hub]))).code).toBe(0);
    const atom = await read(p.out, 'news/atom.xml');
    const rss = await read(p.out, 'news/rss.xml');
    parseXmlStrict(atom);
    parseXmlStrict(rss);
    expect(atom).toContain(`<link rel="hub" href="${hub}"/>`);
    expect(rss).toContain(`<atom:link href="${hub}" rel="hub"/>`);
    expect(JSON.parse(await read(p.out, 'news/feed.json')).hubs).toEqual([{ type: 'WebSub', url: hub }]);
    expect(await read(p.out, 'news/archive/1.atom.xml')).not.toContain('rel="hub"');
    expect(JSON.parse(await read(p.out, 'news/archive/1.feed.json')).hubs).toBeUndefined();
  });

  it('resolves the default feeds/ and public/ against the working directory', async () => {
    const p = await project();
    const r = await runCli(['build', '--base-url', BASE], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(await read(join(p.dir, 'public'), 'news/atom.xml')).toContain('<feed');
  });
});
