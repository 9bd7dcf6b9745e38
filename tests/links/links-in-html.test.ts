// collect's linksInHtml reads hrefs with the parser's events instead of a cheerio document (issue
// 13: it runs on every item of every check). It must find exactly what the document reading found:
// `a[href], area[href]` in document order, trimmed, entities decoded, empty ones left out.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { load } from 'cheerio/slim';
import { linksInHtml } from '../../src/links/collect.js';

/** The reading before: a cheerio document and a CSS selector. */
function byDocument(html: string): string[] {
  const $ = load(html);
  const out: string[] = [];
  $('a[href], area[href]').each((_, el) => {
    const href = $(el).attr('href')?.trim();
    if (href) out.push(href);
  });
  return out;
}

const PIECES = ['<a href="', '">', '<area href=', ' ', '&amp;', '&#38;', '&notanentity;', '&lt', '<script>', '</script>', '<style>', '</style>',
  '<!--', '-->', 'x', '"', "'", '<svg>', '</svg>', '<math>', '</math>', '<textarea>', '</textarea>', '<title>', '</title>', "<a href='", "'>",
  '<p>', '</a>', 'HREF', '<A ', '=', '<![CDATA[', ']]>', '<noscript>', '</noscript>', '<xmp>', '</xmp>', '<plaintext>', '\n', '<a href=x href=y>'];

describe('linksInHtml', () => {
  it('finds what the document reading finds, on cases written out', () => {
    for (const html of ['<a href="x">a</a><AREA HREF=" y ">', '<a href="a&amp;b&#x26;c">', '<a href="1" href="2">', '<p><a>no</a><a href="">e</a><a href="  ">s</a>',
      '<svg><a href="svg">x</a></svg>', '<script><a href="in-script"></script><a href="after">', '<!-- <a href="c"> --><a href="d">', '<a href=unq&amp;uoted>']) {
      expect(linksInHtml(html), html).toEqual(byDocument(html));
    }
    expect(linksInHtml('<p><a href=" https://example.org/a?x=1&amp;y=2 ">a</a> <area href="/b"></p>')).toEqual(['https://example.org/a?x=1&y=2', '/b']);
  });

  it('finds what the document reading finds, on fuzzed markup', () => {
    const markup = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), { maxLength: 14 }).map((p) => p.join(''));
    fc.assert(fc.property(markup, (html) => {
      expect(linksInHtml(html)).toEqual(byDocument(html));
    }), { seed: 13, numRuns: 5_000 });
  });
});
