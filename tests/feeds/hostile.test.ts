// Whatever the text holds, every output stays well-formed XML or valid JSON, and the text survives
// (minus the characters XML forbids).
import { describe, expect, it } from 'vitest';
import { parseFeed } from '@rowanmanning/feed-parser';
import { renderSite } from '../../src/feeds/site.js';
import { CONTROL, CORPUS } from '../helpers/hostile-corpus.js';
import { child, children, makeFeed, makeItem, parseXmlStrict } from './helpers.js';

/** What survives: the corpus minus XML-illegal characters. */
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE]|\uD800/g, '');

function site() {
  const items = Object.entries(CORPUS).map(([name, text], n) =>
    makeItem(n, {
      id: `tag:example.org,2020:news/${name}`,
      title: text,
      summary: text,
      html: `<p>${text}</p>`,
      categories: [text],
      author: { name: text },
    }),
  );
  const feed = makeFeed(items, { title: CORPUS.cdata!, description: CONTROL + CORPUS.script, author: { name: CORPUS.rtl! } });
  return new Map(renderSite([feed], { baseUrl: 'https://feeds.example.org/', archiveSize: 50, idAuthority: null }, new Map()).files.map((f) => [f.path, f.content]));
}

describe('hostile text', () => {
  const files = site();
  const byId = (name: string) => `tag:example.org,2020:news/${name}`;

  it('builds well-formed RSS whose text survives', () => {
    const xml = files.get('news/rss.xml')!;
    const items = children(child(parseXmlStrict(xml), 'channel')!, 'item');
    for (const [name, text] of Object.entries(CORPUS)) {
      const item = items.find((i) => child(i, 'guid')!.text === byId(name))!;
      expect(child(item, 'title')!.text).toBe(clean(text));
      // description holds HTML: the plain-text summary is in it as escaped text
      expect(child(item, 'description')!.text).toBe(clean(text).replace(/[&<>]/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt' })[c]};`));
      expect(child(item, 'content:encoded')!.text).toBe(`<p>${clean(text)}</p>`);
      expect(child(item, 'dc:creator')!.text).toBe(clean(text));
    }
    expect(parseFeed(xml).items).toHaveLength(Object.keys(CORPUS).length);
  });

  it('builds well-formed Atom whose text survives', () => {
    const xml = files.get('news/atom.xml')!;
    const root = parseXmlStrict(xml);
    expect(child(root, 'title')!.text).toBe(CORPUS.cdata);
    for (const [name, text] of Object.entries(CORPUS)) {
      const entry = children(root, 'entry').find((e) => child(e, 'id')!.text === byId(name))!;
      expect(child(entry, 'title')!.text).toBe(clean(text));
      expect(child(entry, 'summary')!.text).toBe(clean(text));
      expect(child(entry, 'content')!.text).toBe(`<p>${clean(text)}</p>`);
      expect(child(entry, 'category')!.attributes.term).toBe(clean(text).trim());
    }
    const parsed = parseFeed(xml);
    expect(parsed.items.find((i) => i.id === byId('emoji'))!.title).toBe(CORPUS.emoji);
  });

  it('builds valid JSON Feed whose text survives', () => {
    const json = JSON.parse(files.get('news/feed.json')!);
    for (const [name, text] of Object.entries(CORPUS)) {
      const item = json.items.find((i: { id: string }) => i.id === byId(name));
      expect(item.title).toBe(clean(text));
      expect(item.content_html).toBe(`<p>${clean(text)}</p>`);
    }
    expect(files.get('news/feed.json')!).not.toMatch(/\\u00(0[0-8bcef]|1[0-9a-f])|\\ud800/i);
  });

  it('keeps index.html and feeds.opml well-formed and escaped', () => {
    parseXmlStrict(files.get('feeds.opml')!);
    const page = files.get('index.html')!;
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain(CORPUS.emoji);
  });
});
