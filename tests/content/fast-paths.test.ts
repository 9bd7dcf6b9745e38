// The fast paths (plain front matter, plain Markdown) must give exactly what the full parsers give,
// or give up. Compared on the seed items (tests/fixtures/seed), generated news items, edge cases
// and random documents.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/content/diagnostics.js';
import { renderSimpleMarkdown } from '../../src/content/fast-markdown.js';
import { parseSimpleYaml } from '../../src/content/fast-yaml.js';
import { NeedsFullParser, renderCleanMarkdownWith } from '../../src/content/parsers.js';
import { sanitizeHtml } from '../../src/content/sanitize.js';
import { renderWithMarkdownIt, UNCHANGED_BY_NORMALIZE_LINK, UNCHANGED_BY_NORMALIZE_LINK_TEXT } from '../../src/content/markdown.js';
import { parseYamlDocument } from '../../src/content/yaml.js';
import { SEED_FEEDS } from '../helpers/seed.js';

const BASE = new URL('https://www.sbhss.eu/sv/nyheter/en-nyhet/');
const md = new MarkdownIt({ html: true, linkify: false, typographer: false, xhtmlOut: true });

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}
const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const SEED_ITEMS = join(SEED_FEEDS, 'sbhss/items');
const seedItems = readdirSync(SEED_ITEMS).map((f) => readFileSync(join(SEED_ITEMS, f), 'utf8'));
const seedBodies = seedItems.map((t) => t.slice(t.indexOf('\n---', 3) + 5));
const seedFrontMatter = [readFileSync(join(SEED_FEEDS, 'sbhss/feed.yaml'), 'utf8'), ...seedItems.map((t) => t.slice(4, t.indexOf('\n---', 3) + 1))];

const WORDS = 'regionerna kommissionen innovation Småland Blekinge Halland företag åäö ÅÄÖ 2018 EU:s 50 (DIH) ”citat” "quote" it\'s 100% a-b x=y #tag @user {x} ^ $ + : ; , . ? é 🇸🇪 مرحبا'.split(' ');
const INLINE = [
  '[länk](https://example.org/a)', '[rel](../a/)', '[root](/sv/)', '[frag](#x)', '<https://skr.se/1>', '<http://a.se/ö?q=1&r=2>',
  '*em*', '**strong**', '_u_', '`code`', '&amp;', '&nbsp;', '<b>x</b>', '\\*', '![img](a.png)', '[ref][]', '[x]: /u',
  '[a [b]](c)', '[a](b "t")', '[a](<b c>)', '[a](javascript:alert(1))', '[a](data:text/html,x)', '~~s~~', '~', '!', ']', '[', 'a  ', '>',
  '[ö](https://ex.se/å ä)', '[port](http://127.0.0.1:8080/a)', '<https://a.se:443/x>', '[empty port](https://a.se:/x)', '[x](https://xn--ls8h.la/)', '[y](https://☃.net/)', '[z](HTTPS://EXAMPLE.ORG/%7e)', '[p](https://a.se/%zz)',
];
const BLOCK_STARTS = ['', '', '', '- ', '# ', '## ', '1. ', '2) ', '> ', '    ', '* ', '+ ', '---', '===', '| a | b |', '<div>', '```', ' ', '-', '#'];

function randomDoc(rand: () => number): string {
  const hostility = pick(rand, [0, 0.02, 0.1, 0.3]);
  const blocks: string[] = [];
  for (let b = 0, n = 1 + Math.floor(rand() * 5); b < n; b++) {
    const lines: string[] = [];
    for (let l = 0, m = 1 + Math.floor(rand() * 3); l < m; l++) {
      const parts: string[] = [];
      for (let w = 0, k = 1 + Math.floor(rand() * 8); w < k; w++) parts.push(rand() < hostility ? pick(rand, INLINE) : pick(rand, WORDS));
      const start = rand() < hostility ? pick(rand, BLOCK_STARTS) : pick(rand, ['', '', '', '', '- ', '## ']);
      lines.push(start + parts.join(rand() < 1 - hostility ? ' ' : ''));
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.join(rand() < 0.8 ? '\n\n' : '\n\n\n') + (rand() < 0.5 ? '\n' : '');
}

/** Like the build benchmark's items: paragraphs, links, a list, an autolink. */
function newsBody(i: number): string {
  const rand = rng(i + 1);
  const sentence = (n: number) => Array.from({ length: n }, () => pick(rand, WORDS.slice(0, 8))).join(' ') + '.';
  const para = () => Array.from({ length: 4 }, () => sentence(9)).join(' ');
  return [
    '## ' + sentence(4),
    para(),
    `Läs mer i [kommissionens meddelande](https://ec.europa.eu/info/news/${i}) och [vår tidigare artikel](../artikel-${i - 1}/).`,
    `- ${sentence(6)}\n- ${sentence(7)} [källa](https://www.europaportalen.se/${i})\n- ${sentence(5)}`,
    para() + '\n' + para(),
    `Kontakt: [kontoret](https://www.sbhss.eu/sv/kontakt/), se även <https://skr.se/${i}>.`,
  ].join('\n\n') + '\n';
}

function expectSameOrGiveUp(doc: string): boolean {
  const fast = renderSimpleMarkdown(doc, md, BASE);
  if (fast !== undefined) expect(fast, JSON.stringify(doc)).toBe(renderWithMarkdownIt(doc, BASE));
  return fast !== undefined;
}

describe('fast Markdown path', () => {
  it('renders the seed items and generated news items exactly like markdown-it (and takes them)', () => {
    for (const body of seedBodies) expect(expectSameOrGiveUp(body)).toBe(true);
    for (let i = 0; i < 300; i++) expect(expectSameOrGiveUp(newsBody(i))).toBe(true);
  });

  it('matches markdown-it or gives up on 5,000 random documents full of edge cases', () => {
    const rand = rng(42);
    let taken = 0;
    for (let i = 0; i < 5000; i++) if (expectSameOrGiveUp(randomDoc(rand))) taken++;
    expect(taken).toBeGreaterThan(250); // the comparison means something only if the fast path runs
  });

  it('without markdown-it loaded (parsers.ts): the same HTML, or it asks for markdown-it', () => {
    // Nothing in this file loads the full parsers, so parsers.ts has only the fast path and its
    // link rules that pass just the URLs markdown-it leaves unchanged.
    const rand = rng(43);
    let taken = 0;
    const docs = [...seedBodies, ...Array.from({ length: 300 }, (_, i) => newsBody(i)), ...Array.from({ length: 5000 }, () => randomDoc(rand))];
    for (const doc of docs) {
      let html: string;
      try {
        html = renderCleanMarkdownWith(doc, BASE, sanitizeHtml);
      } catch (e) {
        expect(e).toBeInstanceOf(NeedsFullParser);
        continue;
      }
      taken++;
      expect(html, JSON.stringify(doc)).toBe(renderWithMarkdownIt(doc, BASE));
    }
    expect(taken).toBeGreaterThan(500);
  });

  it.each([
    '', '\n', 'a', 'a\nb', 'a\n\n\nb', '- a\n- b', '- a\n\n- b', 'a\n- b', '# h\ntext', '# h #', '#h', 'a\n===', 'a\n---',
    '1. a', '2018. a', '3.5 miljoner', 'a "b" c > d', '[a](b) [c](d)', '[a](b)(c)', '[a]', '[a] (b)', '<https://a.se>', '<mailto:a@b.se>',
    '<a@b.se>', '[a](https://a.se/(x))', 'a <https://a.se/x y>', '- [a](b)', '- # h', '- - a', '- ', 'text  \nmore', ' lead',
  ])('%j', (doc) => {
    expectSameOrGiveUp(doc);
  });
});

describe('fast front matter path', () => {
  const same = (yaml: string, offset = 1): boolean => {
    const fast = parseSimpleYaml(yaml, offset);
    if (fast !== undefined) expect(fast.root, JSON.stringify(yaml)).toEqual(parseYamlDocument(yaml, 'x', offset, new Diagnostics()));
    return fast !== undefined;
  };

  it('reads the seed files and typical front matter exactly like yaml (and takes them)', () => {
    for (const y of seedFrontMatter) expect(same(y)).toBe(true);
    expect(same('title: "Rubrik"\ndate: 2026-11-28T11:15:00+01:00\nlink: "https://www.example.org/rubrik"\ndraft: true\nauthor: Anna\n')).toBe(true);
    expect(same('title: "Rubrik \\"citat\\" \\u00e5 \\\\ x"\ndate: 2015-01-01T00:00:00.000+00:00\nlink: https://www.sbhss.eu/sv/nyhet-0/\nsummary: "Text."\ncategories: [EU, regionerna]\n')).toBe(true);
  });

  it.each([
    '', '# only a comment\n', 'title: a\n', 'title: a # comment\n', 'title: "a # b"\n', "title: 'it''s'\n", 'title: a: b\n', 'title: a #b\n',
    'title:\n', 'title: \n', 'title: ~\n', 'title: null\n', 'title: 1984\n', 'title: 0x1F\n', 'title: 1e3\n', 'title: .5\n', 'title: true\n', 'title: yes\n',
    'date: 2018-11-29\n', 'date: 2018-11-29T10:00:00+01:00\n', 'link: https://a.se/#x\n', 'title: [a, b]\n', 'title: [a, "b, c"]\n', 'title: []\n',
    'title: [a, [b]]\n', 'title: {a: b}\n', 'title: &x a\nt2: *x\n', 'title: !!str 5\n', 'title: |\n  block\n', 'title: >\n  folded\n',
    'title: a\n  continued\n', 'title: a\ntitle: b\n', 'author:\n  name: A\n  uri: https://a.se/\n', 'author:\n  name: A\n   uri: x\n',
    'sources:\n  - https://a.se/\n  - https://b.se/\n', 'sources:\n- a\n- b\n', 'sources:\n  - a\n  -  b\n', 'sources:\n  - a: b\n',
    'a: "\\x41\\u00e5\\U0001F600"\n', 'a: "\\q"\n', 'a: "x" y\n', 'a: "unclosed\n', "a: 'x\n", 'a:b\n', '- a\n', '"a": b\n', 'ä: b\n',
    'a: b\r\nc: d\r\n', 'a: b\tc\n', 'a: -b\n', 'a: ?b\n', 'a: :b\n', 'a: @b\n', 'a: `b\n', 'a: %b\n', 'a: b:\n', 'a: \'\'\n', 'a: ""\n',
    'a:\n  # c\n  b: c\n', 'a: b\n\n\nc: d\n', '---\n', 'a: b\n...\n', 'a: [b] # c\n', 'a: [b #c]\n', 'a: "\\ud83d\\ude00"\n',
    // issue 12: `author: Name` shorthand and `draft: true`, which the fast path reads itself
    'author: Anna Svensson\n', 'author: "Anna"\n', "author: 'Anna'\n", 'author: Anna # c\n', 'draft: true\n', 'draft: false\n',
    'draft: True\n', 'draft: FALSE\n', 'draft: tRue\n', 'draft: true # c\n', 'draft: "true"\n', 'a: [true, b]\n', 'a:\n  - true\n',
  ])('%j', (yaml) => {
    same(yaml);
  });
});

describe('fast paths against the full parsers on random character soup', () => {
  it('Markdown: same HTML or give up', () => {
    const CH = ['a', 'b', 'å', ' ', ' ', '\n', '\n\n', '-', '- ', '#', '# ', '[', ']', '(', ')', '<', '>', 'https://x.se/', '/rel', ':', '"', "'",
      '1.', '2)', '!', '*', '_', '&', '\\', '`', '|', '=', '~', '🇸🇪', '%20', '%', '[a](b)', '<https://a.se/>', '[x](https://ö.se/)', '\u00a0',
      '\u3000', '\u2028', '\f', '\v', 'ord ', 'text text ', '[a](https://x.se/?a=1&amp;b=2)', '[a](https://x.se/?a=1&b=2)', '<https://x.se/?a&amp;b>',
      '[a](https://x.se/\\_x)', '[a](%ZZ)', '[a](mailto:x@y.se)', '[a](//x.se)', '[a](javascript:x)', '[a](JAVASCRIPT:x)', '[ a](b)', '[a ](b)',
      '[](b)', '[a]()', '<HTTPS://X.SE>', '<https://☃.net/%41>', '[a](https://x.se/å?q=ä#ö)', '[a](<b>)'];
    let taken = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const rand = rng(seed);
      for (let i = 0; i < 10_000; i++) {
        let doc = '';
        for (let k = 0, n = 1 + Math.floor(rand() * 40); k < n; k++) doc += pick(rand, CH);
        if (expectSameOrGiveUp(doc)) taken++;
      }
    }
    expect(taken).toBeGreaterThan(500);
  });

  it('front matter: same tree or give up', () => {
    const KEYS = ['title', 'date', 'link', 'a', 'b_c', 'x-y', '  name', '  uri', '- ', '  - ', '#', '', ' ', 'ä', '"q"', 'k ', '- k'];
    const SEP = [': ', ':', ':  ', ' : ', ''];
    const VALS = ['x', 'a b', '"a"', "'a'", '"a\\"b"', "'a''b'", '[a, b]', '[]', '[a,b]', '["a", b]', '2018-11-29T10:00:00+01:00', '2018-11-29',
      '12', '1.5', 'true', 'null', '~', '', 'https://a.se/#x', 'a # c', 'a#b', '"a # b"', '"a" # c', 'a: b', 'a:', '-a', '- a', '&a x', '*a', '!x y',
      '|', '>', '"\\u00e5"', '"\\x41"', '"\\q"', '"x', "'x", 'x"', '{a: b}', 'å ä ö', '”citat”', '🇸🇪', '@x', '%x', '?x', ':x', ',x', 'x,',
      '[a, [b]]', '[a #b]', '"a" b', '  x  ', 'Yes', '0o7', '0x1F', '.inf', '1e3', '+1', '.5', '5.'];
    let taken = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const rand = rng(seed);
      for (let i = 0; i < 3000; i++) {
        let yaml = '';
        for (let k = 0, n = 1 + Math.floor(rand() * 6); k < n; k++) yaml += pick(rand, KEYS) + pick(rand, SEP) + pick(rand, VALS) + '\n';
        const fast = parseSimpleYaml(yaml, 1);
        if (fast === undefined) continue;
        taken++;
        const diagnostics = new Diagnostics();
        expect(fast.root, JSON.stringify(yaml)).toEqual(parseYamlDocument(yaml, 'x', 1, diagnostics));
        expect(diagnostics.list).toEqual([]);
      }
    }
    expect(taken).toBeGreaterThan(500);
  });
});

describe('normalizeLink shortcut', () => {
  it('URLs it skips are ones markdown-it leaves unchanged', () => {
    const PREFIXES = ['https://a.se/', 'http://EXAMPLE.org/', 'https://x.y-z.se/', '/', '../', './', '#', '?', 'https://xn--ls8h.la/', 'http://127.0.0.1/',
      'http://127.0.0.1:8080/', 'https://a.se:443/', 'https://a.se:0/', 'https://a.se:/', 'http://a.se:080/', 'https://xn--ls8h.la:1/', 'https://a.se:65536/'];
    const PARTS = ['http://', 'https://', 'mailto:', '//', 'www.', 'EXAMPLE', '.org', ':80', ':', '/', '/a', '?', '#', '!', '$', '&', "'", '(', ')',
      '*', '+', ',', ';', '=', '-', '.', '_', '~', 'A', 'z', '0', 'xn--ls8h', '..', '/./', 'javascript:', 'data:', '@', '%41', '%', 'å', ' ', '[', ']'];
    const rand = rng(7);
    let tested = 0;
    for (let i = 0; i < 50_000; i++) {
      let url = pick(rand, PREFIXES);
      for (let j = 0, k = Math.floor(rand() * 10); j < k; j++) url += pick(rand, PARTS);
      if (!UNCHANGED_BY_NORMALIZE_LINK.test(url)) continue;
      tested++;
      expect(md.normalizeLink(url), url).toBe(url);
    }
    expect(tested).toBeGreaterThan(5000);
  });

  it('URLs the normalizeLinkText and validateLink shortcuts skip are ones markdown-it leaves unchanged and accepts', () => {
    const PREFIXES = ['https://a.se/', 'http://EXAMPLE.org/', 'https://x.y-z.se/', '/', '../', './', '#', '?', 'https://xn--ls8h.la/', 'http://127.0.0.1/',
      'http://127.0.0.1:8080/', 'https://a.se:443/', 'https://a.se:0/', 'https://a.se:/', 'http://a.se:080/', 'https://xn--ls8h.la:1/', 'https://a.se:65536/'];
    const PARTS = ['http://', 'https://', 'mailto:', '//', 'www.', 'EXAMPLE', '.org', ':80', ':', '/', '/a', '?', '#', '!', '$', '&', "'", '(', ')',
      '*', '+', ',', ';', '=', '-', '.', '_', '~', 'A', 'z', '0', 'xn--ls8h', 'XN--LS8H', '..', '/./', 'javascript:', 'data:', 'file:', '@', '%41', '%', 'å', ' ', '[', ']'];
    const rand = rng(11);
    let tested = 0;
    for (let i = 0; i < 50_000; i++) {
      let url = pick(rand, PREFIXES);
      for (let j = 0, k = Math.floor(rand() * 10); j < k; j++) url += pick(rand, PARTS);
      if (UNCHANGED_BY_NORMALIZE_LINK.test(url)) expect(md.validateLink(url), url).toBe(true);
      if (!UNCHANGED_BY_NORMALIZE_LINK_TEXT(url)) continue;
      tested++;
      expect(md.normalizeLinkText(url), url).toBe(url);
    }
    expect(tested).toBeGreaterThan(4000);
  });
});
