// The parts of import one at a time: item files the loader reads back exactly whatever the text,
// slugs, dates, HTML to Markdown (GFM tables, raw HTML for what Markdown cannot say), the feed
// readers, and the page walk (cycles, --max-pages, a repeated ?paged= page).
import { beforeAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/content/diagnostics.js';
import { readItem } from '../../src/content/item-file.js';
import { readFeedMeta } from '../../src/content/feed-file.js';
import { loadFullParsers } from '../../src/content/parsers.js';
import { renderMarkdown } from '../../src/content/markdown.js';
import { crawl, type PageLoader } from '../../src/import/crawl.js';
import { importDate } from '../../src/import/dates.js';
import { feedYamlText, itemFileText, type ItemFields } from '../../src/import/item-text.js';
import { parseFeedDocument } from '../../src/import/parse.js';
import { slugify } from '../../src/content/slug.js';
import { slugFromLink, uniqueSlug } from '../../src/import/slug.js';
import { NotAFeedError } from '../../src/import/source.js';
import { htmlToMarkdown } from '../../src/import/to-markdown.js';
import { atomDoc, atomEntry, wpFeed } from './sources.js';

// readItem and readFeedMeta call yaml and markdown-it when their fast paths give up; the loader and
// the commands load them first (src/content/parsers.ts), as this file does.
beforeAll(() => loadFullParsers());

const enc = new TextEncoder();
const doc = (text: string | Uint8Array, label = 'https://example.org/feed', contentType?: string) => ({
  label, location: label, body: typeof text === 'string' ? enc.encode(text) : text, ...(contentType ? { contentType } : {}),
});

describe('item files read back exactly through the content loader', () => {
  const hostile = [
    'A: B', '"quoted" start', "'single'", '- dash', '[bracket', '{brace', '*star', '&anchor', '!tag', '%percent', '@at', '`tick',
    '# hash', 'a # not a comment', '2018', 'true', 'null', '~', 'yes', '0x1F', '1e3', 'back\\slash', 'tab\there', 'line\nbreak',
    'sep\u2028arator', 'emoji 🎉 and עברית', 'Småland – ”citat”', '---', '...', 'ends with colon:', '  ',
  ];
  it.each(hostile.filter((t) => t.trim() !== ''))('title %j', (title) => {
    const f: ItemFields = {
      title, date: '2024-01-02T10:00:00+01:00', link: 'https://example.org/a?b=1&c=2#frag', id: title, summary: title,
      categories: [title, 'x, y'], author: { name: title, email: 'a@example.org', uri: 'https://example.org/' }, sources: ['https://example.org/s'],
    };
    const text = itemFileText(f, '---\nBody *text*.');
    const d = new Diagnostics();
    const item = readItem('news', 'slug', text, 'x.md', d);
    expect(d.list.filter((x) => x.severity === 'error')).toEqual([]);
    expect(item).toMatchObject({ id: title, title, link: f.link, summary: title, categories: [title, 'x, y'], sources: f.sources, author: f.author, markdown: '---\nBody *text*.\n' });
    expect(item!.date.toISOString()).toBe('2024-01-02T09:00:00.000Z');
  });

  it('URLs are plain when safe and quoted when YAML could misread them', () => {
    for (const link of ['https://example.org/a:', 'https://example.org/a b', "https://example.org/it's", 'https://example.org/[x]', 'https://example.org/ #x']) {
      const text = itemFileText({ title: 'T', date: '2024-01-02T10:00:00Z', link, id: 'i', categories: [], sources: [] }, '');
      const d = new Diagnostics();
      const item = readItem('news', 'slug', text, 'x.md', d);
      // Whatever the loader thinks of such a URL, it reads the text that was written.
      if (item) expect(item.link).toBe(link);
      else expect(d.list[0]!.message).toContain(JSON.stringify(link));
    }
    expect(itemFileText({ title: 'T', date: '2024-01-02T10:00:00Z', link: 'https://example.org/a', id: 'i', categories: [], sources: [] }, ''))
      .toBe('---\ntitle: "T"\ndate: 2024-01-02T10:00:00Z\nlink: https://example.org/a\nid: "i"\n---\n');
  });

  it('feed.yaml too', () => {
    const text = feedYamlText({ title: 'A: "B"', description: '#1', link: 'https://example.org/', language: 'sv-SE', author: { name: 'true' }, id: '123', copyright: '©', categories: ['a, b'] }, 'file\nwith newline');
    const d = new Diagnostics();
    const meta = readFeedMeta('news', text, 'feed.yaml', d);
    expect(d.list.map((x) => x.message)).toEqual(['"123" is not a URI; Atom readers expect one']);
    expect(meta).toMatchObject({ title: 'A: "B"', description: '#1', language: 'sv-SE', author: { name: 'true' }, atomId: '123', copyright: '©', categories: ['a, b'] });
  });
});

describe('slugs', () => {
  it('transliterates, lowercases and joins words with one hyphen', () => {
    expect(slugify('Hej på er: år, älv, ö')).toBe('hej-pa-er-ar-alv-o');
    expect(slugify('Café Straße Ærø Øresund œuvre')).toBe('cafe-strasse-aero-oresund-oeuvre');
    expect(slugify('  --Déjà vu!!  ')).toBe('deja-vu');
    expect(slugify('🎉')).toBe('');
    expect(slugify('a'.repeat(50) + ' ' + 'b'.repeat(50)).length).toBeLessThanOrEqual(80);
    expect(slugify('a'.repeat(50) + ' ' + 'b'.repeat(50))).toBe('a'.repeat(50));
  });
  it('comes from the link path when it has one', () => {
    expect(slugFromLink('https://example.org/2024/11/20/%C3%B6kad-sj%C3%B6fart/')).toBe('okad-sjofart');
    expect(slugFromLink('https://example.org/news/item.html?x=1')).toBe('item');
    expect(slugFromLink('https://example.org/?p=123')).toBe('');
    expect(slugFromLink('https://example.org/index.php')).toBe('');
    expect(uniqueSlug('a', new Set(['a', 'a-2']))).toBe('a-3');
  });
});

describe('dates', () => {
  it.each([
    ['Thu, 29 Nov 2018 10:00:00 GMT', '2018-11-29T10:00:00Z'],
    ['Thu, 29 Nov 2018 11:00:00 +0100', '2018-11-29T11:00:00+01:00'],
    ['29 Nov 2018 05:00 EST', '2018-11-29T05:00:00-05:00'],
    ['Sat, 01 Dec 18 23:30:00 -0330', '2018-12-01T23:30:00-03:30'],
    ['Mon, 2 December 2024 09:00:00 +01:00', '2024-12-02T09:00:00+01:00'],
    ['2018-11-29T11:00:00.5+01:00', '2018-11-29T11:00:00.5+01:00'],
  ])('%s -> %s', (text, iso) => {
    const d = importDate(text);
    expect(typeof d === 'string' ? d : d.text).toBe(iso);
  });
  it('refuses what is not a date with the reason', () => {
    expect(importDate('yesterday')).toContain('is not a date');
    expect(importDate('Thu, 29 Nov 2018 10:00:00')).toBe('"Thu, 29 Nov 2018 10:00:00" has no time zone');
    expect(importDate('Thu, 29 Nov 2018 10:00:00 XYZ')).toContain('unknown time zone "XYZ"');
    expect(importDate('Fri, 30 Feb 2018 10:00:00 GMT')).toContain('not a real date');
    expect(importDate('2018-11-29')).toContain('has no time and offset');
  });
  it('keeps the day as the site saw it', () => {
    expect((importDate('Thu, 29 Nov 2018 23:30:00 -0500') as { day: string }).day).toBe('2018-11-29');
  });
});

describe('HTML to Markdown', () => {
  const md = (html: string) => htmlToMarkdown(html);
  const render = (markdown: string) => renderMarkdown(markdown, new URL('https://example.org/post/'));

  it('tables with a header row become GFM tables, with their alignment', () => {
    const r = md('<table><thead><tr><th>A</th><th align="right">B</th></tr></thead><tbody><tr><td>1</td><td>2 | 3</td></tr></tbody></table>');
    expect(r).toEqual({ markdown: '| A   | B   |\n| --- | ---: |\n| 1   | 2 \\| 3 |', rawHtml: false });
    expect(render(r.markdown)).toContain('<th style="text-align:right">B</th>');
  });
  it.each([
    ['a table without a header row', '<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>', '<td>b</td>'],
    ['merged cells', '<table><tr><th>a</th><th>b</th></tr><tr><td colspan="2">c</td></tr></table>', '<td colspan="2">c</td>'],
    ['a list in a cell', '<table><tr><th>a</th></tr><tr><td><ul><li>x</li></ul></td></tr></table>', '<td><ul><li>x</li></ul></td>'],
    ['a caption', '<table><caption>C</caption><tr><th>a</th><th>b</th></tr></table>', '<caption>C</caption>'],
    ['a figure with a caption', '<figure><img src="a.png" alt="A"><figcaption>Cap</figcaption></figure>', '<figcaption>Cap</figcaption></figure>'],
    ['a heading that is a link target', '<h2 id="part-2">Part 2</h2>', '<h2 id="part-2">Part 2</h2>'],
    ['text in another language', '<p lang="en">Hello</p>', '<p lang="en">Hello</p>'],
    ['preformatted text that is not code', '<pre>a\n\n  b\n\n\nc</pre><p>after</p>', '<pre>a\n\n  b\n\n\nc</pre>\n<p>after</p>'],
    ['an empty anchor', '<p>x <a id="more"></a>y</p>', '<a id="more"></a>'],
    ['sub and sup', '<p>H<sub>2</sub>O</p>', '<p>H<sub>2</sub>O</p>'],
  ])('%s stays HTML', (_what, html, rendered) => {
    const r = md(html);
    expect(r.rawHtml).toBe(true);
    // Rendered back (sanitized as every raw HTML is), the HTML is whole: a blank line inside a
    // raw HTML block would have ended it and left the rest to be read as Markdown.
    const out = renderMarkdown(r.markdown, new URL('https://example.org/post/'));
    expect(out).toContain(rendered);
  });
  it('an embed is kept in the item as written; what is published is the build sanitizer\'s decision', () => {
    const r = md('<p>x</p><iframe src="https://video.example/embed/1"></iframe><script>alert(1)</script>');
    expect(r).toEqual({ markdown: 'x\n\n<iframe src="https://video.example/embed/1"></iframe>\n\n<script>alert(1)</script>', rawHtml: true });
    expect(renderMarkdown(r.markdown, new URL('https://example.org/'))).not.toContain('<script');
  });
  it('presentation is dropped, content is not', () => {
    const r = md('<div class="entry"><p class="x" style="color:red">A <span class="y">b</span> <a href="https://e.org/" rel="nofollow" target="_blank">c</a></p><figure class="wp-block-image"><img src="i.png" alt="I" srcset="i2.png 2x" width="10"></figure></div>');
    expect(r).toEqual({ markdown: 'A b [c](https://e.org/)\n\n![I](i.png)', rawHtml: false });
  });
  it('escapes text that Markdown would read as markup', () => {
    const r = md('<p>1. not a list; &lt;b&gt;not bold&lt;/b&gt;; &amp;copy; is text; *stars* and _under_ [x](y)</p>');
    expect(r.rawHtml).toBe(false);
    expect(render(r.markdown)).toBe('<p>1. not a list; &lt;b&gt;not bold&lt;/b&gt;; &amp;copy; is text; *stars* and _under_ [x](y)</p>\n');
  });
  it('keeps code, lists, quotes, headings, breaks, strikethrough and task lists in Markdown', () => {
    const html = '<h2>T</h2><pre><code class="language-js">let a = 1;\n\nx &lt; y</code></pre><blockquote><p>q</p></blockquote><ol start="3"><li>c</li><li>d<ul><li>e</li></ul></li></ol>' +
      '<p>a<br>b <del>gone</del> <code>x&lt;y</code> <a href="https://e.org/a b(c)">l</a></p><ul><li><input type="checkbox" checked> done</li></ul>';
    const r = md(html);
    expect(r.rawHtml).toBe(false);
    expect(r.markdown).toContain('```js\nlet a = 1;\n\nx < y\n```');
    const out = render(r.markdown);
    for (const part of ['<h2>T</h2>', '<code class="language-js">let a = 1;\n\nx &lt; y\n</code>', '<blockquote>\n<p>q</p>\n</blockquote>', '<ol start="3">', '<ul>\n<li>e</li>', 'a<br />\nb', '<s>gone</s>', '<code>x&lt;y</code>', 'href="https://e.org/a%20b(c)"']) {
      expect(out).toContain(part);
    }
  });
});

describe('feed documents', () => {
  it('RSS: guid verbatim, isPermaLink guid as the link, content:encoded over description, dc:creator, categories', () => {
    const page = parseFeedDocument(doc(wpFeed([
      { title: 'A', guid: 'https://example.org/a', permaLink: true, pubDate: 'Mon, 02 Dec 2024 09:00:00 +0000', creator: 'Ann', categories: ['X', 'Y'], description: 'Sum', content: '<p>Full</p>' },
      { title: 'B', guid: '  not-a-url  ', link: '/relative/b', pubDate: 'Mon, 02 Dec 2024 09:00:00 +0000', description: '<p>Only</p>' },
    ])));
    expect(page.format).toBe('RSS 2.0');
    expect(page.channel).toMatchObject({ title: 'Regionkontoret', link: 'https://example.org', language: 'sv-SE', description: 'Nyheter från kontoret i Bryssel' });
    expect(page.entries[0]).toMatchObject({ id: 'https://example.org/a', link: 'https://example.org/a', authors: [{ name: 'Ann' }], categories: ['X', 'Y'], summary: { type: 'html', value: 'Sum' }, content: { type: 'html', value: '<p>Full</p>' } });
    expect(page.entries[1]).toMatchObject({ id: 'not-a-url', link: 'https://example.org/relative/b', content: { type: 'html', value: '<p>Only</p>' } });
    expect(page.entries[1]!.summary).toBeUndefined();
  });
  it('RSS descriptions are HTML: text escaped inside them comes back as the text', () => {
    const page = parseFeedDocument(doc('<rss version="2.0"><channel><title>T</title><description>A &amp;lt;b&amp;gt; &amp;amp; C</description>' +
      '<item><title>a &lt; b</title><description>x &amp;lt;script&amp;gt;</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;Body&lt;/p&gt;</content:encoded></item></channel></rss>'));
    expect(page.channel.description).toBe('A <b> & C');
    expect(page.entries[0]).toMatchObject({ title: { type: 'text', value: 'a < b' }, summary: { type: 'html', value: 'x &lt;script&gt;' }, content: { type: 'html', value: '<p>Body</p>' } });
  });
  it('Atom: xml:base, xhtml content, out-of-line content noted, prev-archive resolved', () => {
    const text = atomDoc({ id: 'urn:x', prevArchive: 'archive/1.xml', entries: [atomEntry(1, { content: '<content src="https://example.org/1.html" type="text/html"/>' })] });
    const page = parseFeedDocument(doc(text, 'https://feeds.example.org/atom.xml'));
    expect(page.links.prevArchive).toBe('https://news.example.org/archive/1.xml');
    expect(page.entries[0]).toMatchObject({ id: 'tag:example.org,2005:entry-1', link: 'https://news.example.org/posts/1.html', leftOut: ['content (out of line, src)'] });
    expect(page.entries[0]!.content).toBeUndefined();
  });
  it('decodes the encoding the document declares', () => {
    const latin1 = Uint8Array.from([...enc.encode('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>'), 0xc5, 0x72, 0x65, ...enc.encode('</title></channel></rss>')]);
    expect(parseFeedDocument(doc(latin1)).channel.title).toBe('Åre');
    expect(parseFeedDocument(doc(latin1, 'x', 'text/xml; charset=windows-1252')).channel.title).toBe('Åre');
  });
  it.each([
    ['<html><body>hi</body></html>', 'it is an HTML page, not a feed'],
    ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', 'RSS 1.0 (RDF)'],
    ['<feed xmlns="http://purl.org/atom/ns#"/>', 'an Atom feed of another version'],
    ['<opml version="2.0"/>', 'the root element <opml>'],
    ['{"title": "x"}', 'not a JSON Feed'],
    ['{"version": "https://jsonfeed.org/version/1.1"}', 'without an "items" list'],
    ['{', 'does not parse'],
    ['hello', 'neither XML'],
    ['<rss><channel></rss>', 'not well-formed XML'],
    ['<rss>&nbsp;</rss>', 'not well-formed XML'],
  ])('%s is not a feed: %s', (text, message) => {
    expect(() => parseFeedDocument(doc(text))).toThrow(NotAFeedError);
    expect(() => parseFeedDocument(doc(text))).toThrow(message);
  });
  it('refuses bytes that are not the encoding they claim', () => {
    expect(() => parseFeedDocument(doc(Uint8Array.from([0x3c, 0x72, 0xff, 0x3e])))).toThrow('not valid utf-8');
    expect(() => parseFeedDocument(doc('<rss/>', 'x', 'text/xml; charset=klingon'))).toThrow('"klingon", which is not known');
  });
});

describe('the page walk', () => {
  const rss = (n: number, next?: string, ids = [`id-${n}`]) =>
    wpFeed(ids.map((id) => ({ title: id, guid: id, link: `https://example.org/${id}`, pubDate: 'Mon, 02 Dec 2024 09:00:00 +0000', content: '<p>x</p>' })), { self: 'x' })
      .replace('</channel>', next ? `<atom:link rel="next" href="${next}"/></channel>` : '</channel>');
  const loader = (pages: Record<string, string | 'missing'>, asked: string[]): PageLoader => async (location) => {
    asked.push(location);
    const body = pages[location];
    if (body === undefined) throw new Error(`no page ${location}`);
    return body === 'missing' ? 'missing' : doc(body, location);
  };

  it('follows next links, never twice to one page', async () => {
    const asked: string[] = [];
    const r = await crawl('https://a.example/1', loader({ 'https://a.example/1': rss(1, '/2'), 'https://a.example/2': rss(2, 'https://a.example/1') }, asked), { maxPages: 100, paged: false });
    expect(asked).toEqual(['https://a.example/1', 'https://a.example/2']);
    expect(r.pages).toHaveLength(2);
    expect(r.notes).toEqual(['https://a.example/2: its next link leads back to https://a.example/1, read already: stopped there']);
  });
  it('does not follow a web link from a file, or a file link from the web', async () => {
    const asked: string[] = [];
    const r = await crawl('file:///feeds/1.xml', loader({ 'file:///feeds/1.xml': rss(1, 'https://a.example/2') }, asked), { maxPages: 100, paged: false });
    expect(r.notes[0]).toContain('is on the web; a file import follows only links of its own kind: not followed');
    const web = await crawl('https://a.example/1', loader({ 'https://a.example/1': rss(1, 'file:///etc/passwd') }, asked), { maxPages: 100, paged: false });
    expect(web.notes[0]).toContain('is a file; a web import follows only links of its own kind: not followed');
  });
  it('--paged: stops at a repeated page, at a missing one, and at --max-pages', async () => {
    const asked: string[] = [];
    const base = 'https://a.example/feed/';
    const repeated = await crawl(base, loader({ [base]: rss(1), [`${base}?paged=2`]: rss(2), [`${base}?paged=3`]: rss(2) }, asked), { maxPages: 100, paged: true });
    expect(repeated.pages).toHaveLength(2);
    expect(repeated.notes).toEqual([`${base}?paged=3 repeats an earlier page: stopped there`]);
    const missing = await crawl(base, loader({ [base]: rss(1), [`${base}?paged=2`]: 'missing' }, asked), { maxPages: 100, paged: true });
    expect(missing.pages).toHaveLength(1);
    const limited = await crawl(base, loader({ [base]: rss(1), [`${base}?paged=2`]: rss(2) }, asked), { maxPages: 2, paged: true });
    expect(limited.notes).toEqual([`stopped after 2 pages (--max-pages); the next would have been ${base}?paged=3`]);
  });
});
