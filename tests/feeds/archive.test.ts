// RFC 5005 archives: pages of archiveSize items, oldest first, that never reshuffle.
import { describe, expect, it } from 'vitest';
import { parseFeed } from '@rowanmanning/feed-parser';
import { parsePagesState, planArchive, serializePagesState, type PagesState } from '../../src/feeds/archive.js';
import { renderSite, type OutputFile } from '../../src/feeds/site.js';
import type { Item } from '../../src/core/types.js';
import { child, children, makeFeed, makeItem, parseXmlStrict } from './helpers.js';

const BASE = 'https://feeds.example.org/';
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => makeItem(from + i));

function build(items: Item[], previous: PagesState | null = null) {
  const files = renderSite([makeFeed(items)], { baseUrl: BASE, archiveSize: 50, idAuthority: 'example.org,2020' }, new Map([['news', previous]])).files;
  const map = new Map<string, OutputFile>(files.map((f) => [f.path, f]));
  const state = parsePagesState(map.get('news/archive/.pages.json')?.content ?? '');
  return { map, state };
}

const linkHrefs = (xml: string, ns = '') => {
  const root = parseXmlStrict(xml);
  const scope = root.name === 'rss' ? child(root, 'channel')! : root;
  return Object.fromEntries(children(scope, `${ns}link`).filter((l) => l.attributes.rel !== 'alternate').map((l) => [l.attributes.rel, l.attributes.href]));
};
const ids = (xml: string) => parseFeed(xml).items.map((i) => i.id!.replace(/.*item-/, ''));

describe('archive pages', () => {
  it('120 items with archiveSize 50: two full archive pages, the newest 50 in the main documents', () => {
    const { map } = build(range(1, 120));
    expect([...map.keys()].filter((p) => p.includes('/archive/')).sort()).toEqual([
      'news/archive/.pages.json',
      'news/archive/1.atom.xml', 'news/archive/1.feed.json', 'news/archive/1.rss.xml',
      'news/archive/2.atom.xml', 'news/archive/2.feed.json', 'news/archive/2.rss.xml',
    ]);
    const main = map.get('news/atom.xml')!.content;
    expect(ids(main)).toEqual(range(71, 120).reverse().map((i) => String(i.slug.slice(5))));
    expect(linkHrefs(main)).toEqual({ self: `${BASE}news/atom.xml`, 'prev-archive': `${BASE}news/archive/2.atom.xml` });
    expect(main).not.toContain('fh:archive/>');

    const page1 = map.get('news/archive/1.atom.xml')!.content;
    const page2 = map.get('news/archive/2.atom.xml')!.content;
    expect(ids(page1)).toEqual(range(1, 50).reverse().map((i) => i.slug.slice(5)));
    expect(ids(page2)).toEqual(range(51, 100).reverse().map((i) => i.slug.slice(5)));
    expect(linkHrefs(page1)).toEqual({ self: `${BASE}news/archive/1.atom.xml`, current: `${BASE}news/atom.xml`, 'next-archive': `${BASE}news/archive/2.atom.xml` });
    expect(linkHrefs(page2)).toEqual({ self: `${BASE}news/archive/2.atom.xml`, current: `${BASE}news/atom.xml`, 'prev-archive': `${BASE}news/archive/1.atom.xml` });
    const fh = children(parseXmlStrict(page2), 'fh:archive');
    expect(fh).toHaveLength(1);
    // Same feed id everywhere, so an aggregator knows the pages belong together.
    expect(child(parseXmlStrict(page1), 'id')!.text).toBe(child(parseXmlStrict(main), 'id')!.text);
    // A page's date is its own newest item's, not the feed's.
    expect(child(parseXmlStrict(page1), 'updated')!.text).toBe(makeItem(50).updated.toISOString().replace('.000Z', 'Z'));
  });

  it('RSS pages carry the same links as atom:link, and fh:archive', () => {
    const { map } = build(range(1, 120));
    expect(linkHrefs(map.get('news/rss.xml')!.content, 'atom:')).toEqual({ self: `${BASE}news/rss.xml`, 'prev-archive': `${BASE}news/archive/2.rss.xml` });
    const page1 = map.get('news/archive/1.rss.xml')!.content;
    expect(linkHrefs(page1, 'atom:')).toEqual({ self: `${BASE}news/archive/1.rss.xml`, current: `${BASE}news/rss.xml`, 'next-archive': `${BASE}news/archive/2.rss.xml` });
    expect(children(child(parseXmlStrict(page1), 'channel')!, 'fh:archive')).toHaveLength(1);
  });

  it('JSON Feed pages chain from the main document towards older pages with next_url', () => {
    const { map } = build(range(1, 120));
    const main = JSON.parse(map.get('news/feed.json')!.content);
    const p2 = JSON.parse(map.get('news/archive/2.feed.json')!.content);
    const p1 = JSON.parse(map.get('news/archive/1.feed.json')!.content);
    expect(main.next_url).toBe(`${BASE}news/archive/2.feed.json`);
    expect(p2.next_url).toBe(`${BASE}news/archive/1.feed.json`);
    expect(p1.next_url).toBeUndefined();
    expect(p1.feed_url).toBe(`${BASE}news/feed.json`);
    expect(p1.items).toHaveLength(50);
    // Walking the chain reaches every item.
    const seen = new Set([...main.items, ...p2.items, ...p1.items].map((i: { id: string }) => i.id));
    expect(seen.size).toBe(120);
  });

  it('a new item changes no archive page; the page that closes a new page gains next-archive only', () => {
    const first = build(range(1, 120));
    const second = build(range(1, 121), first.state);
    for (const [path, file] of first.map) {
      if (path.includes('/archive/')) expect(second.map.get(path)!.content, path).toBe(file.content);
    }
    expect(second.map.get('news/atom.xml')!.content).not.toBe(first.map.get('news/atom.xml')!.content);

    // 149 -> 150 items: the open end fills up and becomes page 3.
    const before = build(range(1, 149), build(range(1, 120)).state);
    const after = build(range(1, 150), before.state);
    expect(after.map.has('news/archive/3.atom.xml')).toBe(true);
    expect(ids(after.map.get('news/archive/3.atom.xml')!.content)).toEqual(range(101, 150).reverse().map((i) => i.slug.slice(5)));
    for (const format of ['atom.xml', 'rss.xml', 'feed.json']) {
      expect(after.map.get(`news/archive/1.${format}`)!.content).toBe(before.map.get(`news/archive/1.${format}`)!.content);
    }
    const p2Before = before.map.get('news/archive/2.atom.xml')!.content;
    const p2After = after.map.get('news/archive/2.atom.xml')!.content;
    expect(linkHrefs(p2After)['next-archive']).toBe(`${BASE}news/archive/3.atom.xml`);
    expect(p2After.replace(/\n.*rel="next-archive".*/, '')).toBe(p2Before);
    // JSON pages link only to older pages, so page 2 does not change at all.
    expect(after.map.get('news/archive/2.feed.json')!.content).toBe(before.map.get('news/archive/2.feed.json')!.content);
  });

  it('a backdated new item joins the open end: old pages stay, and it shows in the main document', () => {
    const first = build(range(1, 120));
    const backdated = makeItem(7, { id: 'tag:example.org,2020:news/item-backdated', slug: 'item-backdated' });
    const second = build([...range(1, 120), backdated], first.state);
    for (const p of [1, 2]) expect(second.map.get(`news/archive/${p}.atom.xml`)!.content).toBe(first.map.get(`news/archive/${p}.atom.xml`)!.content);
    expect(ids(second.map.get('news/atom.xml')!.content)).toContain('backdated');
  });

  it('without a stored state, pages derive the same way again (oldest first)', () => {
    const first = build(range(1, 120));
    const again = build(range(1, 120), null);
    expect(again.map.get('news/archive/1.atom.xml')!.content).toBe(first.map.get('news/archive/1.atom.xml')!.content);
  });

  it('the page state round-trips and rejects anything unexpected', () => {
    const plan = planArchive(range(1, 120), null, 50);
    expect(parsePagesState(serializePagesState(plan.state))).toEqual(plan.state);
    expect(parsePagesState('{"version":2,"pages":[]}')).toBeNull();
    expect(parsePagesState('{"version":1,"pages":[[1]]}')).toBeNull();
    expect(parsePagesState('not json')).toBeNull();
    expect(planArchive(range(1, 49), null, 50).state.pages).toEqual([]);
  });
});
