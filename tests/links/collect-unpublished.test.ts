// The own page of a draft or a scheduled item does not exist yet: collect skips it (reason `draft`
// or `scheduled`), checks everything else the item cites, and checks the page after all when
// another item cites it.
import { describe, expect, it } from 'vitest';
import { collectLinks } from '../../src/links/collect.js';
import type { Feed, Item } from '../../src/core/types.js';

const NOW = new Date('2026-11-28T10:00:00Z');
const item = (id: string, over: Partial<Item> = {}): Item => ({
  feedId: 'news', id: `tag:x,2026:news/${id}`, slug: id, file: `${id}.md`, title: id, date: new Date('2026-11-01T10:00:00Z'),
  updated: new Date('2026-11-01T10:00:00Z'), link: `https://site.example/news/${id}`, categories: [], sources: [], markdown: '', html: '', ...over,
});
const feedOf = (...items: Item[]): Feed => ({
  meta: { id: 'news', title: 'N', description: 'd', link: 'https://site.example/', language: 'sv', author: { name: 'a' }, categories: [], file: 'feed.yaml' },
  items,
});
const byUrl = (feed: Feed, now?: Date) => new Map(collectLinks([feed], [], now ? { now } : {}).map((t) => [t.url, t]));

describe('collect: drafts and scheduled items', () => {
  it('skips a draft\'s own page (any #fragment too) and checks what its text cites', () => {
    const draft = item('d', {
      draft: true,
      html: '<p><a href="https://ec.europa.eu/x">source</a> <a href="https://site.example/news/d#more">below</a></p>',
      sources: ['https://skr.se/rapport'],
    });
    const by = byUrl(feedOf(draft), NOW);
    expect(by.get('https://site.example/news/d')!.skip).toEqual({ reason: 'draft', error: 'the item is a draft: its own page is not published yet' });
    expect(by.get('https://site.example/news/d#more')!.skip?.reason).toBe('draft');
    expect(by.get('https://ec.europa.eu/x')!.skip).toBeUndefined();
    expect(by.get('https://skr.se/rapport')!.skip).toBeUndefined();
    expect(by.get('https://ec.europa.eu/x')!.items).toEqual([{ feed: 'news', id: 'tag:x,2026:news/d', title: 'd', link: 'https://site.example/news/d', draft: true, file: 'items/d.md' }]);
  });

  it('skips the own page of an item dated after now as scheduled, only when told the time', () => {
    const later = item('later', { date: new Date('2026-12-24T08:00:00Z'), updated: new Date('2026-12-24T08:00:00Z') });
    expect(byUrl(feedOf(later), NOW).get('https://site.example/news/later')!.skip).toEqual({
      reason: 'scheduled', error: 'the item is scheduled for a later date: its own page is not published yet',
    });
    expect(byUrl(feedOf(later), new Date('2026-12-24T08:00:00Z')).get('https://site.example/news/later')!.skip).toBeUndefined();
    expect(byUrl(feedOf(later)).get('https://site.example/news/later')!.skip).toBeUndefined();
    // A draft is a draft whatever its date.
    expect(byUrl(feedOf({ ...later, draft: true }), NOW).get('https://site.example/news/later')!.skip?.reason).toBe('draft');
  });

  it('marks the citing item scheduled or draft, with its file in the feed folder, and a published one neither', () => {
    const later = item('later', { date: new Date('2026-12-24T08:00:00Z'), file: '/site/feeds/news/items/2026-12-24-later.md', sources: ['https://ec.europa.eu/y'] });
    const cited = (feed: Feed, now?: Date) => byUrl(feed, now).get('https://ec.europa.eu/y')!.items;
    expect(cited(feedOf(later), NOW)).toEqual([{ feed: 'news', id: 'tag:x,2026:news/later', title: 'later', link: 'https://site.example/news/later', scheduled: true, file: 'items/2026-12-24-later.md' }]);
    expect(cited(feedOf({ ...later, file: 'feeds\\news\\items\\2026-12-24-later.md', draft: true }), NOW)).toEqual([
      { feed: 'news', id: 'tag:x,2026:news/later', title: 'later', link: 'https://site.example/news/later', draft: true, file: 'items/2026-12-24-later.md' },
    ]);
    expect(cited(feedOf(later), new Date('2026-12-24T08:00:00Z'))).toEqual([{ feed: 'news', id: 'tag:x,2026:news/later', title: 'later', link: 'https://site.example/news/later' }]);
  });

  it('checks the page after all when a published item cites it, before or after the draft', () => {
    const draft = item('d', { draft: true });
    const citing = item('p', { html: '<p><a href="https://site.example/news/d">coming soon</a></p>' });
    for (const feed of [feedOf(draft, citing), feedOf(citing, draft)]) {
      const target = byUrl(feed, NOW).get('https://site.example/news/d')!;
      expect(target.skip).toBeUndefined();
      expect(target.items.map((i) => [i.id, i.draft ?? false])).toEqual(feed.items.map((i) => [i.id, i.draft ?? false]));
    }
  });

  it('an ignore rule still wins over draft', () => {
    const draft = item('d', { draft: true });
    const [target] = collectLinks([feedOf(draft)], [{ pattern: 'https://site.example/', reason: 'our own site' }], { now: NOW });
    expect(target!.skip).toEqual({ reason: 'ignored', error: 'our own site' });
  });
});
