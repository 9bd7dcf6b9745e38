// Markdown -> HTML: hostile input stays well-formed and inert, relative URLs become absolute.
import { load } from 'cheerio/slim';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/content/markdown.js';
import { HOSTILE_MARKDOWN } from '../helpers/hostile-corpus.js';
import { FEED_YAML, item, loadTree } from './fixtures.js';

const BASE = new URL('https://www.sbhss.eu/sv/nyheter/en-nyhet/');

/** Throws unless `html` is a well-formed XML fragment (what RSS CDATA, Atom and XHTML readers need). */
function assertWellFormed(html: string): void {
  const parser = new SaxesParser();
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(`<root>${html}</root>`).close();
}

const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('renderMarkdown on hostile input', () => {
  it.each(HOSTILE_MARKDOWN)('%s: well-formed, inert, no illegal characters', (_name, markdown) => {
    const html = renderMarkdown(markdown, BASE);
    assertWellFormed(html);
    expect(html).not.toMatch(XML_ILLEGAL);
    expect(html).not.toMatch(/<\/(content|description|entry|feed|summary|item|channel|rss)>/i);
    const $ = load(html, null, false);
    expect($('script, style, iframe, object, embed, form, input, button, base, meta, link, svg').length).toBe(0);
    $('*').each((_, el) => {
      for (const [name, value] of Object.entries((el as unknown as { attribs: Record<string, string> }).attribs)) {
        expect(name).not.toMatch(/^on/i);
        expect(name).not.toContain(':');
        if (['href', 'src', 'srcset', 'poster', 'action'].includes(name)) {
          expect(value.replace(/[\s\u0000-\u001f]/g, '')).not.toMatch(/^(javascript|vbscript|data:text)/i);
        }
      }
    });
    expect(renderMarkdown(markdown, BASE)).toBe(html); // deterministic
  });

  it('keeps Swedish letters, emoji and right-to-left text as characters', () => {
    const html = renderMarkdown('åäö ÅÄÖ 🇸🇪 👩🏽‍💻 مرحبا שלום', BASE);
    expect(html).toBe('<p>åäö ÅÄÖ 🇸🇪 👩🏽‍💻 مرحبا שלום</p>\n');
    expect(renderMarkdown('<b>åäö</b> 😀&nbsp;x', BASE)).toBe('<p><b>åäö</b> 😀\u00a0x</p>\n');
  });

  it('escapes ]]> and markup written as text', () => {
    expect(renderMarkdown('a ]]> b `<script>`', BASE)).toBe('<p>a ]]&gt; b <code>&lt;script&gt;</code></p>\n');
  });

  it('makes every relative href, src, srcset and poster absolute against the item link', () => {
    const md = [
      '[rel](../andra/) [root](/sv/) [frag](#del) [query](?q=1) [proto](//cdn.example/x) ![bild](bild.png "titel")',
      '',
      '[ref]: mal.html',
      '[ref][] [abs](https://example.org/a) [mail](mailto:info@sbhss.eu)',
      '',
      '<img src="raw.png" srcset="a.png 1x, /b.png 2x"> <video poster="p.jpg" src="v.mp4" controls></video> <a href="x/y?z=1#f">raw</a>',
    ].join('\n');
    const $ = load(renderMarkdown(md, BASE), null, false);
    const urls = $('[href], [src], [poster]').toArray().flatMap((el) => {
      const a = (el as unknown as { attribs: Record<string, string> }).attribs;
      return [a.href, a.src, a.poster].filter((v): v is string => v !== undefined);
    });
    expect(urls).toEqual([
      'https://www.sbhss.eu/sv/nyheter/andra/',
      'https://www.sbhss.eu/sv/',
      'https://www.sbhss.eu/sv/nyheter/en-nyhet/#del',
      'https://www.sbhss.eu/sv/nyheter/en-nyhet/?q=1',
      'https://cdn.example/x',
      'https://www.sbhss.eu/sv/nyheter/en-nyhet/bild.png',
      'https://www.sbhss.eu/sv/nyheter/en-nyhet/mal.html',
      'https://example.org/a',
      'mailto:info@sbhss.eu',
      'https://www.sbhss.eu/sv/nyheter/en-nyhet/raw.png',
      'https://www.sbhss.eu/sv/nyheter/en-nyhet/v.mp4',
      'https://www.sbhss.eu/sv/nyheter/en-nyhet/p.jpg',
      'https://www.sbhss.eu/sv/nyheter/en-nyhet/x/y?z=1#f',
    ]);
    expect($('img[srcset]').attr('srcset')).toBe('https://www.sbhss.eu/sv/nyheter/en-nyhet/a.png 1x, https://www.sbhss.eu/b.png 2x');
  });

  it('keeps data:image sources', () => {
    expect(renderMarkdown('![p](data:image/png;base64,iVBORw0KGgo=)', BASE)).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });
});

describe('hostile text in fields', () => {
  it('strips XML-illegal characters from every string field and keeps ]]> and markup as text', async () => {
    const { result } = await loadTree({
      'f/feed.yaml': FEED_YAML.replace('Testflöde', '"Flöde\\u0001 ]]> </title>"'),
      'f/items/2018-11-29-a.md': item(
        'title: "Rubrik\\u0000 med ]]> och <script>x</script> 🇸🇪 \\uFFFE"\n' +
          'date: 2018-11-29T10:00:00+01:00\nlink: https://www.example.se/a\n' +
          'summary: "Sammanfattning\\u000b </summary> مرحبا"\ncategories: ["EU\\u0008", "Å\\u001fÄ"]\n' +
          'author:\n  name: "Anna\\u0007 Öberg"\n',
        'Brödtext\u0001 ]]>\n',
      ),
    });
    const feed = result!.feeds[0]!;
    const i = feed.items[0]!;
    expect(feed.meta.title).toBe('Flöde ]]> </title>');
    expect(i.title).toBe('Rubrik med ]]> och <script>x</script> 🇸🇪');
    expect(i.summary).toBe('Sammanfattning </summary> مرحبا');
    expect(i.categories).toEqual(['EU', 'ÅÄ']);
    expect(i.author).toEqual({ name: 'Anna Öberg' });
    expect(i.markdown).toBe('Brödtext ]]>\n');
    expect(i.html).toBe('<p>Brödtext ]]&gt;</p>\n');
  });
});
