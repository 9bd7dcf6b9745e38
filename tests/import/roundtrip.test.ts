// Importing a feed feedwatch built gives back its items: build the seed fixture, import its
// atom.xml (or rss.xml) into a new feeds folder, build that, and compare the two builds.
import { describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { SEED_FEEDS, SEED_ID_AUTHORITY } from '../helpers/seed.js';

interface JsonItem {
  id: string;
  title: string;
  url: string;
  date_published: string;
  date_modified: string;
  tags?: string[];
  summary?: string;
  content_html: string;
}

/** HTML that reads the same: runs of white space are one space. */
const normalize = (html: string) => html.replace(/\s+/g, ' ').trim();

async function jsonItems(out: string): Promise<JsonItem[]> {
  return (JSON.parse(await readFile(join(out, 'sbhss', 'feed.json'), 'utf8')) as { items: JsonItem[] }).items;
}

describe('round trip on the seed feed', () => {
  it.each(['atom.xml', 'rss.xml'])('import of its %s, built again: same ids, titles, dates, links, categories and HTML', async (file) => {
    const { dir, cleanup } = await tempDir('feedwatch-roundtrip-');
    try {
      const auth = ['--id-authority', SEED_ID_AUTHORITY];
      const first = await runCli(['build', '--feeds', SEED_FEEDS, '--out', join(dir, 'out1'), ...auth]);
      expect(first.code, first.stderr).toBe(0);
      const imported = await runCli(['import', join(dir, 'out1', 'sbhss', file), '--feed', 'sbhss', '--feeds', join(dir, 'feeds')]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('  items written: 3\n  skipped (already there): 0\n  updated: 0\n  converted with raw HTML kept: 0\n  could not be imported: 0\n');
      const second = await runCli(['build', '--feeds', join(dir, 'feeds'), '--out', join(dir, 'out2'), ...auth]);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toBe('');

      const before = await jsonItems(join(dir, 'out1'));
      const after = await jsonItems(join(dir, 'out2'));
      expect(before).toHaveLength(3);
      const fields = (items: JsonItem[]) => items.map((i) => ({ id: i.id, title: i.title, url: i.url, date: i.date_published, tags: i.tags, summary: i.summary }));
      expect(fields(after)).toEqual(fields(before));
      expect(after.map((i) => normalize(i.content_html))).toEqual(before.map((i) => normalize(i.content_html)));
      // Atom carries `updated` too; RSS has no such field, so there it is the date.
      expect(after.map((i) => i.date_modified)).toEqual(before.map((i) => i.date_modified));

      const yaml = await readFile(join(dir, 'feeds', 'sbhss', 'feed.yaml'), 'utf8');
      expect(yaml).toContain('title: "Småland-Blekinge-Halland South Sweden – EU-nyheter"\n');
      expect(yaml).toContain('link: https://www.sbhss.eu/\nlanguage: sv\n');
      expect(yaml).toContain('categories: ["EU", "Regional utveckling"]\n');
      if (file === 'atom.xml') {
        // Atom has the feed's own id and its author's uri; they come over as well.
        expect(yaml).toContain('author:\n  name: "Småland-Blekinge-Halland South Sweden"\n  uri: https://www.sbhss.eu/\nid: "tag:sbhss.eu,2018:sbhss"\n');
        const feed = (out: string) => readFile(join(dir, out, 'sbhss', 'atom.xml'), 'utf8');
        expect(normalize(await feed('out2'))).toBe(normalize(await feed('out1')));
      }
      // Imported again into the new folder: nothing to do.
      const again = await runCli(['import', join(dir, 'out2', 'sbhss', file), '--feed', 'sbhss', '--feeds', join(dir, 'feeds')]);
      expect(again.stdout).toContain('  items written: 0\n  skipped (already there): 3\n');
    } finally {
      await cleanup();
    }
  });

  it('keeps an edited item\'s `updated` through RSS too: atom:updated in the item', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-roundtrip-');
    try {
      const items = join(dir, 'feeds', 'news', 'items');
      await mkdir(items, { recursive: true });
      await writeFile(join(dir, 'feeds', 'news', 'feed.yaml'), 'title: N\ndescription: d\nlink: https://example.org/\nlanguage: sv\nauthor: K\n');
      await writeFile(join(items, '2024-03-01-andrad.md'), '---\ntitle: Ändrad\ndate: 2024-03-01T10:00:00+01:00\nupdated: 2024-03-05T08:30:00+01:00\nlink: https://example.org/andrad\n---\nText.\n');
      await writeFile(join(items, '2024-02-01-orord.md'), '---\ntitle: Orörd\ndate: 2024-02-01T10:00:00+01:00\nlink: https://example.org/orord\n---\nText.\n');
      expect((await runCli(['build', '--feeds', join(dir, 'feeds'), '--out', join(dir, 'out1')])).code).toBe(0);
      const rss = await readFile(join(dir, 'out1', 'news', 'rss.xml'), 'utf8');
      expect(rss).toContain('<pubDate>Fri, 01 Mar 2024 09:00:00 GMT</pubDate>\n      <atom:updated>2024-03-05T07:30:00Z</atom:updated>\n');
      expect(rss.match(/atom:updated/g)).toHaveLength(2); // the unedited item has none
      const imported = await runCli(['import', join(dir, 'out1', 'news', 'rss.xml'), '--feed', 'news', '--feeds', join(dir, 'again')]);
      expect(imported.code, imported.stderr).toBe(0);
      const names = (await readdir(join(dir, 'again', 'news', 'items'))).sort();
      expect(names).toEqual(['2024-02-01-orord.md', '2024-03-01-andrad.md']);
      expect(await readFile(join(dir, 'again', 'news', 'items', '2024-03-01-andrad.md'), 'utf8')).toContain('date: 2024-03-01T09:00:00Z\nupdated: 2024-03-05T07:30:00Z\n');
      expect(await readFile(join(dir, 'again', 'news', 'items', '2024-02-01-orord.md'), 'utf8')).not.toContain('updated:');
    } finally {
      await cleanup();
    }
  });
});
