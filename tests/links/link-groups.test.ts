// The Worker's unit of work: cited links cut into groups of one host each (src/links/link-groups.ts),
// and the files build:worker writes from them (src/runtime/node/worker-links.ts).
import { describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LinkTarget } from '../../src/core/types.js';
import { resolveConfig } from '../../src/core/config.js';
import { fetchHost, groupLinks, linkFiles, LINKS_DIR, LINKS_FORMAT, type LinkGroupFile, type LinksManifest } from '../../src/links/link-groups.js';
import { writeWorkerLinks } from '../../src/runtime/node/worker-links.js';
import { loadContent } from '../../src/content/load.js';
import { fsContentSource } from '../../src/runtime/node/content-source.js';
import { SEED_FEEDS } from '../helpers/seed.js';
import { tempDir } from '../helpers/cli.js';
import { writeLinkFeed } from '../helpers/link-feed.js';

const t = (url: string, skip?: LinkTarget['skip']): LinkTarget => ({ url, items: [], ...(skip ? { skip } : {}) });

describe('groupLinks', () => {
  it('one host per group, hosts in name order, links in the order given; never-fetched links in host ""', () => {
    const groups = groupLinks([
      t('https://b.example/1'), t('https://a.example/1'), t('mailto:x@y.example', { reason: 'mailto', error: null }),
      t('https://b.example/2'), t('not a url'), t('ftp://c.example/f'), t('https://A.EXAMPLE/2'),
    ]);
    expect(groups.map((g) => [g.host, g.links.map((l) => l.url)])).toEqual([
      ['', ['mailto:x@y.example', 'not a url', 'ftp://c.example/f']],
      ['a.example', ['https://a.example/1', 'https://A.EXAMPLE/2']],
      ['b.example', ['https://b.example/1', 'https://b.example/2']],
    ]);
    expect(fetchHost(t('https://x.example/', { reason: 'ignored', error: 'rule' }))).toBe('');
  });

  it('cuts a big host into groups of even size, and never cuts a page apart', () => {
    const links = Array.from({ length: 450 }, (_, i) => t(`https://big.example/p${i}`));
    expect(groupLinks(links).map((g) => g.links.length)).toEqual([150, 150, 150]);
    expect(groupLinks(links.slice(0, 200)).map((g) => g.links.length)).toEqual([200]);
    expect(groupLinks(links.slice(0, 201)).map((g) => g.links.length)).toEqual([101, 100]);

    const fragments = Array.from({ length: 7 }, (_, i) => t(`https://big.example/same#s${i}`));
    const mixed = [...links.slice(0, 4), ...fragments, ...links.slice(4, 8)];
    const groups = groupLinks(mixed, 5);
    const withSame = groups.filter((g) => g.links.some((l) => l.url.startsWith('https://big.example/same')));
    expect(withSame).toHaveLength(1);
    expect(withSame[0]!.links.filter((l) => l.url.includes('/same'))).toHaveLength(7);
    expect(groups.flatMap((g) => g.links)).toHaveLength(mixed.length);
  });

  it('linkFiles: a manifest and one file per group', () => {
    const { manifest, files } = linkFiles(groupLinks([t('https://a.example/'), t('https://b.example/')]));
    expect(manifest).toEqual({
      format: LINKS_FORMAT, total: 2,
      groups: [{ file: 'group-00001.json', host: 'a.example', urls: ['https://a.example/'] }, { file: 'group-00002.json', host: 'b.example', urls: ['https://b.example/'] }],
    });
    expect(JSON.parse(files.get('group-00002.json')!)).toEqual({ format: LINKS_FORMAT, host: 'b.example', links: [{ url: 'https://b.example/', items: [] }] });
    expect(JSON.parse(files.get('manifest.json')!)).toEqual(manifest);
  });
});

describe('writeWorkerLinks (build:worker)', () => {
  it('writes the seed feed\'s cited links with their items, and replaces an earlier list', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const { feeds } = await loadContent(fsContentSource(SEED_FEEDS), { idAuthority: 'sbhss.eu,2018' });
      const out = join(dir, 'assets');
      await mkdir(join(out, LINKS_DIR), { recursive: true });
      await writeFile(join(out, LINKS_DIR, 'group-09999.json'), '{}'); // from an older build
      const manifest = await writeWorkerLinks(feeds, resolveConfig({}), out);
      const names = (await readdir(join(out, LINKS_DIR))).sort();
      expect(names).toEqual(['manifest.json', ...manifest.groups.map((g) => g.file)].sort());
      const read = async <T>(name: string) => JSON.parse(await readFile(join(out, LINKS_DIR, name), 'utf8')) as T;
      expect(await read<LinksManifest>('manifest.json')).toEqual(manifest);
      const all = (await Promise.all(manifest.groups.map((g) => read<LinkGroupFile>(g.file)))).flatMap((g) => g.links);
      expect(all).toHaveLength(manifest.total);
      expect(all.map((l) => l.url)).toEqual(manifest.groups.flatMap((g) => g.urls));
      expect(new Set(manifest.groups.map((g) => g.host)).size).toBe(manifest.groups.length); // a small feed: one group per host
      const item = all.find((l) => l.url === 'https://www.sbhss.eu/sv/ta-inte-eu-politiken-fran-regionerna-skl-s-uppmaning-till-sveriges-regering/');
      expect(item?.items[0]).toMatchObject({ feed: 'sbhss', title: expect.stringContaining('SKL') });
    } finally {
      await cleanup();
    }
  });

  it('keeps ignore rules and unpublished pages as the Node check does', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const feedsDir = await writeLinkFeed(dir, ['https://site.example/item', 'https://intranet.example/a', 'https://ok.example/']);
      const { feeds } = await loadContent(fsContentSource(feedsDir), { idAuthority: null });
      const config = resolveConfig({ file: { check: { ignore: [{ pattern: 'https://intranet.example/', reason: 'inside' }] } } });
      const manifest = await writeWorkerLinks(feeds, config, dir, { now: new Date('2026-01-01T00:00:00Z') });
      const skipped = JSON.parse(await readFile(join(dir, LINKS_DIR, manifest.groups[0]!.file), 'utf8')) as LinkGroupFile;
      expect(skipped.host).toBe('');
      expect(skipped.links.map((l) => [l.url, l.skip?.reason]).sort()).toEqual([
        ['https://intranet.example/a', 'ignored'], ['https://site.example/item', 'scheduled'],
      ]);
    } finally {
      await cleanup();
    }
  });
});
