// The W3C Feed Validator's messages as tests (CI has no Python validator; w3c-validator.ts has its
// rules). The hostile corpus is built through the command line, with archive pages, and every RSS,
// Atom and JSON Feed document is checked: "description should not contain script tag / HTML",
// "IRI found where URL expected", "Non-html tag", "contains bad characters", "Encode & and < in
// plain text using hexadecimal character references". What may remain is the one message content
// causes: "should not contain HTML" on text the author typed to look like HTML, escaped as text.
import { load } from 'cheerio/slim';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSite } from '../../src/feeds/site.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { ALLOWLIST_MARKDOWN, CONTROL, CORPUS, HOSTILE_MARKDOWN, IRI, corpusTree, writeTree } from '../helpers/hostile-corpus.js';
import { child, children, makeFeed, makeItem, parseXmlStrict, type XmlNode } from './helpers.js';
import { ACCEPTABLE_ELEMENTS, END_TAG, FULL_URI, HTML_TAGS, LOOKS_ENCODED, implausibleDate } from './w3c-validator.js';

const BASE = 'https://feeds.example.org/';
const MD = [...HOSTILE_MARKDOWN, ...ALLOWLIST_MARKDOWN];

/** What survives of a text: no XML-illegal or discouraged characters (C0/C1 controls, U+FFFD, lone surrogates). */
const survives = (s: string) =>
  s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
const decodeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);

let dir: string;
let cleanup: () => Promise<void>;
let out: string;
let buildResult: Awaited<ReturnType<typeof runCli>>;
const files = new Map<string, string>();

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('feedwatch-w3c-'));
  await writeTree(join(dir, 'feeds'), corpusTree());
  out = join(dir, 'public');
  buildResult = await runCli(
    ['build', '--feeds', join(dir, 'feeds'), '--out', out, '--base-url', BASE, '--id-authority', 'xn--exmple-cua.se,2020', '--archive-size', '10'],
    { cwd: dir },
  );
  const walk = async (d: string, prefix: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name), `${prefix}${e.name}/`);
      else if (/\.(xml|json)$/.test(e.name)) files.set(prefix + e.name, await readFile(join(d, e.name), 'utf8'));
    }
  };
  await walk(join(out, 'hostile'), '');
});
afterAll(() => cleanup());

const rssDocs = () => [...files].filter(([p]) => p.endsWith('rss.xml'));
const atomDocs = () => [...files].filter(([p]) => p.endsWith('atom.xml'));
const jsonDocs = () => [...files].filter(([p]) => p.endsWith('feed.json'));
const rssItems = () => rssDocs().flatMap(([, xml]) => children(child(parseXmlStrict(xml), 'channel')!, 'item'));
const atomEntries = () => atomDocs().flatMap(([, xml]) => children(parseXmlStrict(xml), 'entry'));
const jsonItems = () => jsonDocs().flatMap(([, json]) => JSON.parse(json).items as Record<string, string>[]);
const text = (node: XmlNode, name: string) => child(node, name)?.text;
const itemByLink = (link: string) => rssItems().find((i) => text(i, 'link') === link)!;

/** Every element of an HTML fragment, with its attributes. */
function elements(html: string): { name: string; attribs: Record<string, string> }[] {
  return load(html, null, false)('*').toArray().map((el) => el as unknown as { name: string; attribs: Record<string, string> });
}

/** The validator's HTML checks on one fragment: known tags it accepts, no event handlers, no free CSS. */
function expectAcceptableHtml(html: string, where: string): void {
  for (const { name, attribs } of elements(html)) {
    expect(HTML_TAGS.has(name), `${where}: Non-html tag <${name}>`).toBe(true);
    expect(ACCEPTABLE_ELEMENTS.has(name), `${where}: should not contain ${name} tag`).toBe(true);
    for (const [attr, value] of Object.entries(attribs)) {
      expect(attr, `${where}: should not contain ${attr} attribute`).not.toMatch(/^on/i);
      if (attr === 'style') expect(value).toMatch(/^text-align:(left|right|center)$/);
    }
  }
}

describe('the hostile corpus, built', () => {
  it('builds, with archive pages, every document well-formed', () => {
    // The corpus's iframes go (no iframeHosts), and the build says so, once.
    expect(buildResult.stderr).toBe(
      `feedwatch: ${join(dir, 'feeds')}: warning: removed 4 iframes whose host is not in iframeHosts: evil.example (2), www.youtube-nocookie.com, no usable src\n` +
        '    hint: to keep them, list their host names in "iframeHosts" (feedwatch.config.json, --iframe-hosts or FEEDWATCH_IFRAME_HOSTS)\n',
    );
    expect(buildResult.code).toBe(0);
    expect([...files.keys()].filter((p) => p.startsWith('archive/')).length).toBeGreaterThanOrEqual(6);
    for (const [, xml] of [...rssDocs(), ...atomDocs()]) parseXmlStrict(xml);
  });

  it('"description should not contain script tag": a summary is text inside RSS description, not HTML', () => {
    for (const [name, value] of Object.entries(CORPUS)) {
      const item = itemByLink(`https://example.org/news/text-${name.toLowerCase()}`);
      const description = text(item, 'description')!;
      expect(elements(description), name).toEqual([]); // no tag at all: <script> is text
      expect(load(description, null, false).text()).toBe(survives(value).trim());
    }
  });

  it('"description should not contain HTML": the feed description is text inside the channel description', () => {
    for (const [path, xml] of rssDocs()) {
      const description = text(child(parseXmlStrict(xml), 'channel')!, 'description')!;
      expect(elements(description), path).toEqual([]);
      expect(load(description, null, false).text()).toBe(survives(`${CONTROL} ${CORPUS.script} & </p> R&D`));
      expect(description, 'decoded once, it has no end tag left').not.toMatch(END_TAG);
    }
  });

  it('keeps Atom summary type="text" and JSON Feed summary plain text', () => {
    for (const [name, value] of Object.entries(CORPUS)) {
      const entry = atomEntries().find((e) => child(e, 'link')!.attributes.href === `https://example.org/news/text-${name.toLowerCase()}`)!;
      expect(child(entry, 'summary')!.attributes.type).toBe('text');
      expect(text(entry, 'summary')).toBe(survives(value).trim());
      expect(jsonItems().find((i) => i.url === `https://example.org/news/text-${name.toLowerCase()}`)!.summary).toBe(survives(value).trim());
    }
  });

  it('item HTML holds only elements the validator knows and accepts, without event handlers (no "Non-html tag", no "should not contain <tag> tag")', () => {
    for (const item of rssItems()) {
      expectAcceptableHtml(text(item, 'content:encoded')!, `rss ${text(item, 'link')}`);
      expectAcceptableHtml(text(item, 'description')!, `rss description ${text(item, 'link')}`);
    }
    for (const entry of atomEntries()) expectAcceptableHtml(text(entry, 'content')!, `atom ${text(entry, 'id')}`);
    for (const item of jsonItems()) expectAcceptableHtml(item.content_html!, `json ${item.id}`);
  });

  it('shows tags HTML does not know, typed in Markdown, as the text they were', () => {
    const n = MD.findIndex(([name]) => name === 'brackets typed as text');
    const html = text(itemByLink(`https://example.org/news/md-${n}/`), 'content:encoded')!;
    const shown = load(html, null, false).text();
    expect(shown).toContain('Skriv <brackets> runt ett ord');
    expect(shown).toContain('<foo bar="1">så</foo>');
    expect(shown).toMatch(/^<brackets>$/m);
    expect(elements(html).map((e) => e.name)).toEqual(['p', 'b', 'p', 'em']); // `<b>` is HTML: bold
  });

  it('keeps the allowlisted HTML: media, pictures, figures, tables, details and phrase elements', () => {
    const n = MD.findIndex(([name]) => name === 'allowed HTML');
    const html = text(itemByLink(`https://example.org/news/md-${n}/`), 'content:encoded')!;
    const $ = load(html, null, false);
    for (const tag of ['figure', 'picture', 'source', 'img', 'figcaption', 'cite', 'video', 'track', 'audio', 'details', 'summary', 'abbr',
      'sup', 'sub', 'del', 'ins', 'mark', 'kbd', 'q', 'time', 'table', 'caption', 'thead', 'tbody', 'th', 'td', 'dl', 'dt', 'dd', 'ol', 'pre', 'code', 'h2']) {
      expect($(tag).length, tag).toBeGreaterThan(0);
    }
    expect($('video')[0]!.attribs.controls).toBe(''); // controls="": also well-formed XML
    expect($('video').attr('poster')).toBe(`https://example.org/news/md-${n}/affisch.jpg`);
    expect($('source').first().attr('srcset')).toBe(`https://example.org/news/md-${n}/bild.webp`);
    expect($('details')[0]!.attribs.open).toBe('');
    expect($('code').attr('class')).toBe('language-js');
    expect($('th[style]').first().attr('style')).toBe('text-align:left');
    expect($('h2')[0]!.attribs).toEqual({ id: 'x' }); // class and free style removed
    expect($('span')[0]!.attribs).toEqual({});
  });

  it('keeps no iframe by default', () => {
    for (const [, xml] of files) expect(xml).not.toContain('<iframe');
  });

  it('"IRI found where URL expected": every URL in RSS is a URI; Atom and JSON Feed keep the IRI', () => {
    for (const [path, xml] of rssDocs()) {
      const channel = child(parseXmlStrict(xml), 'channel')!;
      const urls = [text(channel, 'link')!, text(child(channel, 'image')!, 'url')!, text(child(channel, 'image')!, 'link')!];
      for (const link of children(channel, 'atom:link')) urls.push(link.attributes.href!);
      for (const item of children(channel, 'item')) {
        urls.push(text(item, 'link')!);
        if (child(item, 'guid')!.attributes.isPermaLink === 'true') urls.push(text(item, 'guid')!);
      }
      for (const url of urls) expect(url, `${path}: ${url}`).toMatch(FULL_URI);
    }
    expect(text(child(parseXmlStrict(files.get('rss.xml')!), 'channel')!, 'link')).toBe('https://www.xn--exmple-cua.se/');
    expect(text(itemByLink(IRI.pageUri), 'link')).toBe(IRI.pageUri);
    const permalink = itemByLink(IRI.permalinkUri);
    expect(child(permalink, 'guid')!.attributes.isPermaLink).toBe('true'); // the id is the link, written as a URI
    expect(text(permalink, 'guid')).toBe(IRI.permalinkUri);
    expect(itemByLink('https://example.org/a%7Cb%5B1%5D%7B2%7D%5E%60/%C3%B6')).toBeDefined();

    const atom = parseXmlStrict(files.get('atom.xml')!);
    const links = atomEntries().map((e) => child(e, 'link')!.attributes.href);
    expect(links).toContain(IRI.page);
    expect(links).toContain('https://example.org/a%7Cb%5B1%5D%7B2%7D%5E%60/ö'); // a valid IRI: no `|`, `[`, `{`, `^`, backquote
    expect(text(atom, 'logo')).toMatch(FULL_URI); // the validator wants a URI for the logo
    expect(jsonItems().map((i) => i.url)).toContain(IRI.page);
  });

  it('"contains bad characters": no C1 control and no U+FFFD anywhere', () => {
    for (const [path, content] of files) expect(content, path).not.toMatch(/[\u0080-\u009F\uFFFD]|\\u00[89][0-9a-f]|\\ufffd/i);
  });

  it('only "should not contain HTML" can remain, and only on text the author typed to look like HTML', () => {
    const typed = [...Object.values(CORPUS), ...MD.map(([name]) => name), '© <b>Kontoret</b> & co'];
    for (const [path, xml] of rssDocs()) {
      for (const line of xml.split('\n')) {
        const m = /^\s*<(title|category|copyright|dc:creator|author|managingEditor|description)>(.*)<\/\1>$/.exec(line);
        if (!m) continue;
        const value = decodeXml(m[2]!);
        // "Encode & and < in plain text using hexadecimal character references": the line says it is text
        if (LOOKS_ENCODED.test(value)) expect(line, `${path}: ${line.slice(0, 80)}`).toContain('&#x');
        for (const [tag] of value.matchAll(END_TAG)) {
          if (m[1] === 'description') continue; // item description is HTML, checked above
          expect(typed.some((t) => t.includes(tag)), `${path} ${m[1]}: ${tag} was typed`).toBe(true);
        }
      }
    }
  });
});

/** Every date element of an RSS, Atom or OPML document, and JSON Feed's date fields, with their text. */
function datesOf(path: string, content: string): [string, string][] {
  if (path.endsWith('.json') && !path.endsWith('feed.json')) return [];
  if (path.endsWith('.json')) {
    const doc = JSON.parse(content) as { items: Record<string, string>[] };
    return doc.items.flatMap((i) => ['date_published', 'date_modified'].filter((k) => i[k]).map((k): [string, string] => [k, i[k]!]));
  }
  return [...content.matchAll(/<(lastBuildDate|pubDate|updated|published|dateModified|dateCreated)>([^<]*)</g)].map((m): [string, string] => [m[1]!, m[2]!]);
}

describe('"Implausible date"', () => {
  it('the hostile corpus: no date before 1990 or in the future', () => {
    for (const [path, content] of files) {
      for (const [name, value] of datesOf(path, content)) expect(implausibleDate(value), `${path} ${name} ${value}`).toBe(false);
    }
  });

  it('a new site (init, build) and a feed of drafts only: RSS has no date, Atom the id authority\'s day', async () => {
    const { dir: d, cleanup: done } = await tempDir('feedwatch-empty-');
    try {
      const year = new Date().getUTCFullYear();
      const init = await runCli(['init', '--feed', 'news', '--title', 'Nyheter', '--link', 'https://www.example.org/', '--language', 'sv', '--author', 'Kontoret'], { cwd: d });
      expect(init.code, init.stderr).toBe(0);
      await mkdir(join(d, 'feeds/drafts/items'), { recursive: true });
      await writeFile(join(d, 'feeds/drafts/feed.yaml'), 'title: Utkast\ndescription: Bara utkast\nlink: https://www.example.org/utkast/\nlanguage: sv\nauthor: Kontoret\nidAuthority: example.org,2019-05\n');
      await writeFile(join(d, 'feeds/drafts/items/2020-03-01-utkast.md'), '---\ntitle: Utkast\ndate: 2020-03-01T10:00:00+01:00\nlink: https://www.example.org/utkast/1\ndraft: true\n---\nText.\n');
      const build = await runCli(['build'], { cwd: d });
      expect(build.code, build.stderr).toBe(0);
      const read = (path: string) => readFile(join(d, 'public', path), 'utf8');
      const expected: Record<string, string> = { news: `${year}-01-01T00:00:00Z`, drafts: '2019-05-01T00:00:00Z' };
      for (const feed of ['news', 'drafts']) {
        const rss = await read(`${feed}/rss.xml`);
        expect(child(parseXmlStrict(rss), 'channel')!.children.map((c) => c.name)).not.toContain('lastBuildDate');
        expect(rss).not.toMatch(/pubDate/);
        expect(text(parseXmlStrict(await read(`${feed}/atom.xml`)), 'updated')).toBe(expected[feed]);
        for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
          for (const [name, value] of datesOf(file, await read(`${feed}/${file}`))) expect(implausibleDate(value), `${feed}/${file} ${name} ${value}`).toBe(false);
        }
      }
      for (const [name, value] of datesOf('feeds.opml', await read('feeds.opml'))) expect(implausibleDate(value), `feeds.opml ${name} ${value}`).toBe(false);
      // Deterministic: a second build gives the same bytes.
      const before = await read('news/atom.xml');
      expect((await runCli(['build'], { cwd: d })).code).toBe(0);
      expect(await read('news/atom.xml')).toBe(before);
    } finally {
      await done();
    }
  });
});

describe('iframeHosts', () => {
  async function project(config?: unknown) {
    const p = { ...(await tempDir('feedwatch-iframes-')), env: {} as Record<string, string> };
    await writeTree(join(p.dir, 'feeds'), {
      'news/feed.yaml': 'title: Nyheter\ndescription: Från kontoret\nlink: https://example.org/\nlanguage: sv\nauthor:\n  name: Kontoret\n',
      'news/items/2020-03-01-film.md':
        '---\ntitle: Film\ndate: 2020-03-01T10:00:00+01:00\nlink: https://example.org/film/\n---\n\n' +
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315" allowfullscreen onload="x()"></iframe>\n\n' +
        '<iframe src="https://player.vimeo.com/video/1"></iframe>\n\n<iframe src="https://evil.example/x">reserv</iframe>\n\nText.\n',
    });
    if (config) await writeFile(join(p.dir, 'feedwatch.config.json'), JSON.stringify(config));
    const build = (...extra: string[]) =>
      runCli(['build', '--feeds', join(p.dir, 'feeds'), '--out', join(p.dir, 'public'), '--base-url', BASE, ...extra], { cwd: p.dir, env: p.env });
    const iframes = async () => load(JSON.parse(await readFile(join(p.dir, 'public', 'news', 'feed.json'), 'utf8')).items[0].content_html, null, false)('iframe')
      .toArray().map((el) => (el as unknown as { attribs: Record<string, string> }).attribs);
    return { ...p, build, iframes };
  }

  it('removes every iframe by default', async () => {
    const p = await project();
    try {
      const r = await p.build();
      expect(r.code).toBe(0);
      expect(await p.iframes()).toEqual([]);
      // Said once per build: how many, from which hosts, and the setting that keeps them.
      expect(r.stderr).toBe(
        `feedwatch: ${join(p.dir, 'feeds')}: warning: removed 3 iframes whose host is not in iframeHosts: evil.example, player.vimeo.com, www.youtube-nocookie.com\n` +
          '    hint: to keep them, list their host names in "iframeHosts" (feedwatch.config.json, --iframe-hosts or FEEDWATCH_IFRAME_HOSTS)\n',
      );
    } finally {
      await p.cleanup();
    }
  });

  it('keeps iframes from the listed hosts only, from the flag, the environment or the config file', async () => {
    const p = await project({ iframeHosts: ['player.vimeo.com'] });
    try {
      const one = await p.build('--iframe-hosts', '["www.youtube-nocookie.com"]');
      expect(one.code).toBe(0);
      expect(await p.iframes()).toEqual([{ src: 'https://www.youtube-nocookie.com/embed/abc', width: '560', height: '315', allowfullscreen: '' }]);
      expect(one.stderr).toContain('warning: removed 2 iframes whose host is not in iframeHosts: evil.example, player.vimeo.com\n');
      p.env.FEEDWATCH_IFRAME_HOSTS = '["www.youtube-nocookie.com", "player.vimeo.com"]';
      const two = await p.build();
      expect(two.code).toBe(0);
      expect(two.stderr).toContain('warning: removed 1 iframe whose host is not in iframeHosts: evil.example\n');
      expect((await p.iframes()).map((a) => a.src)).toEqual(['https://www.youtube-nocookie.com/embed/abc', 'https://player.vimeo.com/video/1']);
      delete p.env.FEEDWATCH_IFRAME_HOSTS;
      expect((await p.build()).code).toBe(0);
      expect((await p.iframes()).map((a) => a.src)).toEqual(['https://player.vimeo.com/video/1']);
    } finally {
      await p.cleanup();
    }
  });

  it('refuses a URL or anything else that is not a host name (exit 2, nothing written)', async () => {
    const p = await project();
    try {
      for (const bad of ['["https://www.youtube.com/"]', '["www.youtube.com/embed"]', '"www.youtube.com"', '[1]']) {
        const r = await p.build('--iframe-hosts', bad);
        expect(r.code, bad).toBe(2);
        expect(r.stderr).toMatch(/iframeHosts|iframe-hosts/);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
      await expect(readdir(join(p.dir, 'public'))).rejects.toThrow();
    } finally {
      await p.cleanup();
    }
  });

  it('is listed by build --help', async () => {
    const r = await runCli(['build', '--help']);
    expect(r.stdout).toMatch(/--iframe-hosts .*FEEDWATCH_IFRAME_HOSTS/s);
  });
});

describe('ids and hubs that are IRIs', () => {
  it('keeps an IRI id as written (ids never change), as no permalink, and warns with its URI form', async () => {
    const { dir: d, cleanup: done } = await tempDir('feedwatch-iri-id-');
    try {
      await writeTree(join(d, 'feeds'), {
        'news/feed.yaml': 'title: Nyheter\ndescription: Från kontoret\nlink: https://example.org/\nlanguage: sv\nauthor:\n  name: Kontoret\n',
        'news/items/2020-03-01-arende.md': `---\ntitle: Ärende\ndate: 2020-03-01T10:00:00+01:00\nlink: ${IRI.permalink}\nid: ${IRI.permalink}\n---\n\nText.\n`,
      });
      const r = await runCli(['build', '--feeds', join(d, 'feeds'), '--out', join(d, 'public'), '--base-url', BASE], { cwd: d });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`warning: id: "${IRI.permalink}" is an IRI, not a URI`);
      expect(r.stderr).toContain(`write it as ${IRI.permalinkUri}`);
      const item = child(child(parseXmlStrict(await readFile(join(d, 'public/news/rss.xml'), 'utf8')), 'channel')!, 'item')!;
      expect(text(item, 'guid')).toBe(IRI.permalink);
      expect(child(item, 'guid')!.attributes.isPermaLink).toBe('false');
      expect(text(item, 'link')).toBe(IRI.permalinkUri);
    } finally {
      await done();
    }
  });

  it('writes WebSub hubs as URIs in RSS and as IRIs in Atom', () => {
    const site = renderSite([makeFeed([makeItem(1)])], { baseUrl: BASE, archiveSize: 50, idAuthority: null, hubs: ['https://hub.exämple.se/ö'] }, new Map());
    const content = (path: string) => site.files.find((f) => f.path === path)!.content;
    expect(content('news/rss.xml')).toContain('<atom:link href="https://hub.xn--exmple-cua.se/%C3%B6" rel="hub"/>');
    expect(content('news/atom.xml')).toContain('<link rel="hub" href="https://hub.exämple.se/ö"/>');
  });
});
