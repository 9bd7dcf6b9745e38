// The three formats, parsed back with a strict XML parser, a real feed parser (RSS, Atom) and JSON.parse.
import { describe, expect, it } from 'vitest';
import { parseFeed } from '@rowanmanning/feed-parser';
import { renderSite, type OutputFile } from '../../src/feeds/site.js';
import { child, children, makeFeed, makeItem, parseXmlStrict } from './helpers.js';

const OPTIONS = { baseUrl: 'https://feeds.example.org/pub', archiveSize: 50, idAuthority: 'example.org,2020' };

function build(feed = sample()): Map<string, OutputFile> {
  return new Map(renderSite([feed], OPTIONS, new Map()).files.map((f) => [f.path, f]));
}

function sample() {
  return makeFeed(
    [
      makeItem(1, { id: 'https://example.org/items/1', summary: 'Kort sammanfattning', categories: ['EU', 'Innovation', 'EU', ' '], author: { name: 'Anna Åström' } }),
      makeItem(2, { updated: new Date('2020-02-01T12:30:00.250Z'), author: { name: 'Bo', email: 'bo@example.org' } }),
      makeItem(3),
    ],
    { categories: ['Nyheter'], copyright: '© Kontoret', image: 'https://example.org/logo.png' },
  );
}

describe('RSS 2.0', () => {
  const rss = build().get('news/rss.xml')!.content;

  it('is well-formed, declares its namespaces and has the channel fields', () => {
    const root = parseXmlStrict(rss);
    expect(root.name).toBe('rss');
    expect(root.attributes).toMatchObject({ version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom', 'xmlns:content': 'http://purl.org/rss/1.0/modules/content/', 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' });
    const channel = child(root, 'channel')!;
    expect(child(channel, 'language')!.text).toBe('sv');
    expect(child(channel, 'managingEditor')!.text).toBe('info@example.org (Kontoret)');
    // lastBuildDate is the newest item's `updated`, in English RFC 822 GMT: never the build time.
    expect(child(channel, 'lastBuildDate')!.text).toBe('Sat, 01 Feb 2020 12:30:00 GMT');
    const self = children(channel, 'atom:link').find((l) => l.attributes.rel === 'self')!;
    expect(self.attributes).toEqual({ href: 'https://feeds.example.org/pub/news/rss.xml', rel: 'self', type: 'application/rss+xml' });
  });

  it('gives guids the right isPermaLink, authors as e-mail or dc:creator, and categories', () => {
    const items = children(child(parseXmlStrict(rss), 'channel')!, 'item');
    expect(items.map((i) => child(i, 'title')!.text)).toEqual(['Item 3', 'Item 2', 'Item 1']);
    const guid = (i: number) => child(items[i]!, 'guid')!;
    expect(guid(0).text).toBe('tag:example.org,2020:news/item-3');
    expect(guid(0).attributes.isPermaLink).toBe('false');
    expect(guid(2).attributes.isPermaLink).toBe('true'); // the id is the item's own URL
    expect(child(items[1]!, 'author')!.text).toBe('bo@example.org (Bo)');
    expect(child(items[2]!, 'dc:creator')!.text).toBe('Anna Åström');
    expect(child(items[2]!, 'author')).toBeUndefined();
    expect(children(items[2]!, 'category').map((c) => c.text)).toEqual(['EU', 'Innovation']);
    expect(child(items[2]!, 'pubDate')!.text).toBe('Thu, 02 Jan 2020 00:00:00 GMT');
    expect(child(items[2]!, 'content:encoded')!.text).toBe('<p>Body 1</p>');
    expect(child(items[2]!, 'description')!.text).toBe('Kort sammanfattning');
  });

  it('reads back with a real feed parser', () => {
    const parsed = parseFeed(rss);
    expect(parsed.meta.type).toBe('rss');
    expect(parsed.title).toBe('News');
    expect(parsed.self).toBe('https://feeds.example.org/pub/news/rss.xml');
    expect(parsed.items.map((i) => [i.id, i.url, i.published?.toISOString()])).toEqual([
      ['tag:example.org,2020:news/item-3', 'https://example.org/items/3', '2020-01-04T00:00:00.000Z'],
      ['tag:example.org,2020:news/item-2', 'https://example.org/items/2', '2020-01-03T00:00:00.000Z'],
      ['https://example.org/items/1', 'https://example.org/items/1', '2020-01-02T00:00:00.000Z'],
    ]);
    expect(parsed.items[0]!.content).toBe('<p>Body 3</p>');
  });
});

describe('Atom 1.0', () => {
  const atom = build().get('news/atom.xml')!.content;

  it('is well-formed with xml:lang, a permanent id, updated from content, self and alternate links', () => {
    const root = parseXmlStrict(atom);
    expect(root.name).toBe('feed');
    expect(root.attributes).toMatchObject({ xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': 'sv' });
    expect(child(root, 'id')!.text).toBe('tag:example.org,2020:news');
    expect(child(root, 'updated')!.text).toBe('2020-02-01T12:30:00.250Z');
    const links = children(root, 'link').map((l) => [l.attributes.rel, l.attributes.href]);
    expect(links).toEqual([
      ['self', 'https://feeds.example.org/pub/news/atom.xml'],
      ['alternate', 'https://example.org/'],
    ]);
    expect(children(root, 'category').map((c) => c.attributes.term)).toEqual(['Nyheter']);
    expect(child(child(root, 'author')!, 'name')!.text).toBe('Kontoret');
  });

  it('gives entries their ids, dates, categories with term, summary and escaped HTML content', () => {
    const entries = children(parseXmlStrict(atom), 'entry');
    const e = entries[2]!;
    expect(child(e, 'id')!.text).toBe('https://example.org/items/1');
    expect(child(e, 'published')!.text).toBe('2020-01-02T00:00:00Z');
    expect(child(e, 'updated')!.text).toBe('2020-01-02T00:00:00Z');
    expect(children(e, 'category').map((c) => c.attributes)).toEqual([{ term: 'EU' }, { term: 'Innovation' }]);
    expect(child(e, 'content')!.attributes.type).toBe('html');
    expect(child(e, 'content')!.text).toBe('<p>Body 1</p>');
    expect(child(e, 'summary')!.text).toBe('Kort sammanfattning');
    expect(child(child(e, 'author')!, 'name')!.text).toBe('Anna Åström');
    expect(child(entries[1]!, 'updated')!.text).toBe('2020-02-01T12:30:00.250Z');
  });

  it('reads back with a real feed parser', () => {
    const parsed = parseFeed(atom);
    expect(parsed.meta.type).toBe('atom');
    expect(parsed.language).toBe('sv');
    expect(parsed.self).toBe('https://feeds.example.org/pub/news/atom.xml');
    expect(parsed.updated?.toISOString()).toBe('2020-02-01T12:30:00.250Z');
    expect(parsed.items.map((i) => i.id)).toEqual(['tag:example.org,2020:news/item-3', 'tag:example.org,2020:news/item-2', 'https://example.org/items/1']);
    expect(parsed.items[1]!.updated?.toISOString()).toBe('2020-02-01T12:30:00.250Z');
    expect(parsed.items[1]!.published?.toISOString()).toBe('2020-01-03T00:00:00.000Z');
    expect(parsed.items[2]!.categories.map((c) => c.term)).toEqual(['EU', 'Innovation']);
  });
});

describe('JSON Feed 1.1', () => {
  const json = JSON.parse(build().get('news/feed.json')!.content);

  it('has version 1.1, authors, language, feed and home page URLs', () => {
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.title).toBe('News');
    expect(json.home_page_url).toBe('https://example.org/');
    expect(json.feed_url).toBe('https://feeds.example.org/pub/news/feed.json');
    expect(json.language).toBe('sv');
    expect(json.authors).toEqual([{ name: 'Kontoret', url: 'mailto:info@example.org' }]);
    expect(json.author).toBeUndefined();
    expect(json.next_url).toBeUndefined();
  });

  it('gives items string ids, content_html, summary, dates and tags', () => {
    const [i3, i2, i1] = json.items;
    expect(i3.id).toBe('tag:example.org,2020:news/item-3');
    expect(i3.content_html).toBe('<p>Body 3</p>');
    expect(i3.tags).toBeUndefined();
    expect(i2.date_modified).toBe('2020-02-01T12:30:00.250Z');
    expect(i2.date_published).toBe('2020-01-03T00:00:00.000Z');
    expect(i2.authors).toEqual([{ name: 'Bo', url: 'mailto:bo@example.org' }]);
    expect(i1).toMatchObject({ id: 'https://example.org/items/1', url: 'https://example.org/items/1', title: 'Item 1', summary: 'Kort sammanfattning', tags: ['EU', 'Innovation'] });
    expect(i1.author).toBeUndefined();
  });
});

describe('index.html and feeds.opml', () => {
  const files = build();

  it('index.html autodiscovers each format and lists the items, escaped', () => {
    const page = files.get('index.html')!.content;
    expect(page).toContain('<link rel="alternate" type="application/rss+xml" title="News (RSS)" href="news/rss.xml">');
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="News (Atom)" href="news/atom.xml">');
    expect(page).toContain('<link rel="alternate" type="application/feed+json" title="News (JSON Feed)" href="news/feed.json">');
    expect(page).toContain('<a href="https://example.org/items/2" dir="auto">Item 2</a>');
    expect(page).not.toMatch(/<script|src=|@import|https?:\/\/[^"]*\.(css|js)/);
  });

  it('feeds.opml lists each feed with absolute URLs and a content date', () => {
    const root = parseXmlStrict(files.get('feeds.opml')!.content);
    const outline = child(child(root, 'body')!, 'outline')!;
    expect(outline.attributes).toMatchObject({ type: 'rss', text: 'News', xmlUrl: 'https://feeds.example.org/pub/news/rss.xml', htmlUrl: 'https://example.org/' });
    expect(child(child(root, 'head')!, 'dateModified')!.text).toBe('Sat, 01 Feb 2020 12:30:00 GMT');
  });
});

describe('determinism', () => {
  it('renders the same content to the same bytes, with nothing from the clock', () => {
    const a = renderSite([sample()], OPTIONS, new Map()).files;
    const b = renderSite([sample()], OPTIONS, new Map()).files;
    expect(b).toEqual(a);
    const year = String(new Date().getUTCFullYear());
    for (const f of a) if (f.path !== 'index.html') expect(f.content).not.toContain(year);
  });

  it('an empty feed still builds valid, dated documents', () => {
    const files = build(makeFeed([]));
    // The id authority's date (example.org,2020): plausible, and the same for the same content.
    expect(child(parseXmlStrict(files.get('news/atom.xml')!.content), 'updated')!.text).toBe('2020-01-01T00:00:00Z');
    expect(child(child(parseXmlStrict(files.get('news/rss.xml')!.content), 'channel')!, 'lastBuildDate')).toBeUndefined();
    expect(JSON.parse(files.get('news/feed.json')!.content).items).toEqual([]);
  });
});
