// `feedwatch import` through the command line, from real local HTTP servers: a WordPress RSS feed
// paged with ?paged=N, an Atom feed with three RFC 5005 archive pages, JSON Feed 1.0 and 1.1.
// Ids verbatim, dates, categories, GFM tables, raw HTML kept, idempotence, --update, invalid
// entries, the body limit, the SSRF guard, --dry-run, and `build` right after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { copySeed, SEED_ID_AUTHORITY } from '../helpers/seed.js';
import { startServer, type TestServer } from '../links/servers.js';
import { ATOM, JSON_FEED, RSS, atomDoc, atomEntry, feedServer, jsonFeed10, jsonFeed11, wpFeed, wpPages, type FeedServer, type WpItem } from './sources.js';

/** Resolves on the first of the events, with every listener taken off. */
function once(emitter: NodeJS.EventEmitter, ...events: string[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const e of events) emitter.off(e, done);
      resolve();
    };
    for (const e of events) emitter.on(e, done);
  });
}

let wp: FeedServer;
let atom: FeedServer;
let json: FeedServer;

beforeAll(async () => {
  [wp, atom, json] = await Promise.all([feedServer('127.0.0.31'), feedServer('127.0.0.32'), feedServer('127.0.0.33')]);
});
afterAll(async () => {
  await Promise.all([wp.close(), atom.close(), json.close()]);
});

function serveWordPress(): void {
  const { page1, page2 } = wpPages();
  const self = wp.url('/feed/');
  wp.routes.set('/feed/', { type: RSS, body: wpFeed(page1, { self }) });
  wp.routes.set('/feed/?paged=2', { type: RSS, body: wpFeed(page2, { self }) });
  wp.routes.set('/feed/?paged=3', { type: RSS, body: wpFeed([], { self }) });
}

/** Every file below `dir` with its bytes and modification time. */
async function snapshot(dir: string): Promise<Map<string, { text: string; mtimeMs: number }>> {
  const out = new Map<string, { text: string; mtimeMs: number }>();
  if (!existsSync(dir)) return out;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(path.slice(dir.length + 1), { text: await readFile(path, 'utf8'), mtimeMs: (await stat(path)).mtimeMs });
  }
  return out;
}

const itemsOf = async (feeds: string, id: string) => (await readdir(join(feeds, id, 'items'))).sort();
const read = (feeds: string, id: string, name: string) => readFile(join(feeds, id, 'items', name), 'utf8');

describe('a WordPress feed, paged with ?paged=N', () => {
  it('imports every valid post of every page, reports the rest, and builds', async () => {
    serveWordPress();
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const argv = ['import', wp.url('/feed/'), '--feed', 'kontoret', '--feeds', feeds, '--allow-private', '--paged', '--author', 'Regionkontoret'];
      const r = await runCli(argv);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`page 2: ${wp.url('/feed/?paged=2')}: RSS 2.0, 3 entries\n`);
      // Ids that are no URIs are kept, and the loader's usual warning says what Atom readers expect.
      expect(r.stderr).toContain('2024-11-28-citat.md:5: warning: id: "wp-102@example.org" is not a URI');
      // ?paged=3 was asked for and was empty: the pages stopped there.
      expect(wp.requests.map((q) => q.path)).toEqual(['/feed/', '/feed/?paged=2', '/feed/?paged=3']);

      expect(await readFile(join(feeds, 'kontoret', 'feed.yaml'), 'utf8')).toBe(
        `# Made by \`feedwatch import\` from ${wp.url('/feed/')}. Fields: docs/content.md.\n` +
          'title: "Regionkontoret"\n' +
          'description: "Nyheter från kontoret i Bryssel"\n' +
          'link: https://example.org\n' +
          'language: sv-SE\n' +
          'author:\n  name: "Regionkontoret"\n',
      );
      expect(await itemsOf(feeds, 'kontoret')).toEqual(['2024-11-20-okad-sjofart.md', '2024-11-28-citat.md', '2024-12-02-hej-pa-er.md']);

      const first = await read(feeds, 'kontoret', '2024-12-02-hej-pa-er.md');
      expect(first).toBe(
        '---\n' +
          'title: "Hej på er: vår första nyhet"\n' +
          'date: 2024-12-02T09:00:00+01:00\n' +
          'link: https://example.org/2024/12/02/hej-pa-er/\n' +
          'id: "https://example.org/?p=101"\n' +
          'summary: "Kontoret öppnar. […]"\n' +
          'categories: ["EU", "Regional utveckling"]\n' +
          'author:\n  name: "Anna Andersson"\n' +
          '---\n' +
          'Kontoret **öppnar** i Bryssel, se [EU:s regionalpolitik](https://ec.europa.eu/regional_policy/).\n\n' +
          '| Land | Hubbar |\n| --- | --- |\n| Sverige | 2   |\n| Nederländerna | 30  |\n\n' +
          'Slut.\n',
      );
      // A guid that is no URL is the id, verbatim; so is a bare number.
      const second = await read(feeds, 'kontoret', '2024-11-28-citat.md');
      expect(second).toContain('id: "wp-102@example.org"\n');
      expect(second).toContain('title: "“Citat” & mer"\n');
      expect(second).toContain('date: 2024-11-28T15:30:00Z\n');
      // What Markdown cannot say stays HTML: the figure with its caption, sub and sup.
      expect(second).toContain('\n---\n<figure class="wp-block-image"><img src="https://example.org/wp-content/uploads/karta.png" alt="Karta" width="800" height="600"><figcaption>Kartan över regionerna</figcaption></figure>\n\nH<sub>');
      expect(second).toContain('H<sub>2</sub>O och m<sup>2</sup>.');
      const third = await read(feeds, 'kontoret', '2024-11-20-okad-sjofart.md');
      expect(third).toContain('id: "12345"\n');
      expect(third).toContain('title: "Ökad sjöfart i Øresund"\n');
      expect(third).toContain('Färjor och _hamnar_.\n\n-   Ett\n-   Två\n');

      expect(r.stdout).toContain(`import of ${wp.url('/feed/')} (RSS 2.0, 2 pages, 6 entries) into ${join(feeds, 'kontoret')}`);
      expect(r.stdout).toContain('  items written: 3\n  skipped (already there): 0\n  updated: 0\n  converted with raw HTML kept: 1\n' +
        `    ${join(feeds, 'kontoret', 'items', '2024-11-28-citat.md')}\n  could not be imported: 3\n`);
      expect(r.stdout).toContain(`    ${wp.url('/feed/')}, item 3 ("Datum saknas"): date: "yesterday" is not a date`);
      expect(r.stdout).toContain(`    ${wp.url('/feed/?paged=2')}, item 2 ("FTP-länk"): link: "ftp://example.org/file.txt" uses ftp:, but only http and https URLs are allowed`);
      expect(r.stdout).toContain(`    ${wp.url('/feed/?paged=2')}, item 3 ("https://example.org/?p=106"): no title and no content`);

      const build = await runCli(['build', '--feeds', feeds, '--out', join(dir, 'public')]);
      expect(build.code, build.stderr).toBe(0);
      const rss = await readFile(join(dir, 'public', 'kontoret', 'rss.xml'), 'utf8');
      expect(rss).toContain('<guid isPermaLink="false">wp-102@example.org</guid>');
      expect(rss).toContain('<th>Land</th>');
    } finally {
      await cleanup();
    }
  });

  it('is idempotent: a second import writes nothing; --update rewrites a changed post in its own file', async () => {
    serveWordPress();
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const argv = ['import', wp.url('/feed/'), '--feed', 'kontoret', '--feeds', feeds, '--allow-private', '--paged', '--author', 'Regionkontoret'];
      expect((await runCli(argv)).code).toBe(0);
      const before = await snapshot(feeds);
      expect(before.size).toBe(4);

      const again = await runCli(argv);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('  items written: 0\n  skipped (already there): 3\n  updated: 0\n');
      expect(again.stdout).toContain('Nothing to write: the feed is up to date.');
      expect(await snapshot(feeds)).toEqual(before);

      // The site edits a post: left alone without --update, rewritten in its own file with it.
      const { page1, page2 } = wpPages();
      page1[0]!.title = 'Hej p&#229; er: uppdaterad';
      wp.routes.set('/feed/', { type: RSS, body: wpFeed(page1, { self: wp.url('/feed/') }) });
      wp.routes.set('/feed/?paged=2', { type: RSS, body: wpFeed(page2, { self: wp.url('/feed/') }) });
      expect((await runCli(argv)).stdout).toContain('  skipped (already there): 3\n  updated: 0\n');
      expect(await snapshot(feeds)).toEqual(before);

      const updated = await runCli([...argv, '--update']);
      expect(updated.code).toBe(0);
      expect(updated.stdout).toContain('  items written: 0\n  skipped (already there): 2\n  updated: 1\n');
      const after = await snapshot(feeds);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      const changed = [...after].filter(([path, f]) => before.get(path)!.text !== f.text).map(([path]) => path);
      expect(changed).toEqual([join('kontoret', 'items', '2024-12-02-hej-pa-er.md')]);
      expect(after.get(changed[0]!)!.text).toContain('title: "Hej på er: uppdaterad"\n');
      expect(after.get(changed[0]!)!.text).toContain('id: "https://example.org/?p=101"\n');
      // --update again: the files already say what the source says.
      const same = await runCli([...argv, '--update']);
      expect(same.stdout).toContain('  skipped (already there): 3\n  updated: 0\n');
      expect(await snapshot(feeds)).toEqual(after);
    } finally {
      await cleanup();
    }
  });

  it('knows an item by its derived id too: the seed feed imported into its own folder skips every item', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = await copySeed(dir);
      const before = await snapshot(feeds);
      const auth = ['--id-authority', SEED_ID_AUTHORITY];
      expect((await runCli(['build', '--feeds', feeds, '--out', join(dir, 'public'), ...auth])).code).toBe(0);
      // The seed's items have no `id:`: their ids are tag: URIs made from the authority and the slug.
      expect(await readFile(join(dir, 'public', 'sbhss', 'atom.xml'), 'utf8')).toContain('<id>tag:sbhss.eu,2018:sbhss/skl</id>');
      const r = await runCli(['import', join(dir, 'public', 'sbhss', 'atom.xml'), '--feed', 'sbhss', '--feeds', feeds, ...auth]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('  items written: 0\n  skipped (already there): 3\n');
      expect(await snapshot(feeds)).toEqual(before);
    } finally {
      await cleanup();
    }
  });

  it('from a file: --update keeps the sources the author added to an item', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const { page1 } = wpPages();
      await writeFile(join(dir, 'feed.xml'), wpFeed(page1));
      const argv = ['import', 'feed.xml', '--feed', 'kontoret', '--feeds', 'feeds', '--author', 'Regionkontoret'];
      const r = await runCli(argv, { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('page 1: feed.xml: RSS 2.0, 3 entries\n');
      expect(r.stdout).toContain(`import of feed.xml (RSS 2.0, 1 page, 3 entries) into ${join(feeds, 'kontoret')}\n`);
      const path = join(feeds, 'kontoret', 'items', '2024-12-02-hej-pa-er.md');
      const text = await readFile(path, 'utf8');
      await writeFile(path, text.replace('---\nKontoret', 'sources: ["https://example.org/source"]\n---\nKontoret'));
      page1[0]!.title = 'Ny rubrik';
      await writeFile(join(dir, 'feed.xml'), wpFeed(page1));
      const updated = await runCli([...argv, '--update'], { cwd: dir });
      expect(updated.stdout).toContain('  updated: 1\n');
      const after = await readFile(path, 'utf8');
      expect(after).toContain('title: "Ny rubrik"\n');
      expect(after).toContain('sources: ["https://example.org/source"]\n---\n');
    } finally {
      await cleanup();
    }
  });

  it('--dry-run prints every file it would write and writes none', async () => {
    serveWordPress();
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const r = await runCli(['import', wp.url('/feed/'), '--feed', 'kontoret', '--feeds', feeds, '--allow-private', '--paged', '--author', 'Regionkontoret', '--dry-run']);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(feeds)).toBe(false);
      expect(r.stdout).toContain(`--- ${join(feeds, 'kontoret', 'feed.yaml')} (new)\n# Made by`);
      expect(r.stdout).toContain(`--- ${join(feeds, 'kontoret', 'items', '2024-12-02-hej-pa-er.md')} (new)\n---\ntitle: "Hej på er: vår första nyhet"\n`);
      expect(r.stdout).toContain('Dry run: import of');
      expect(r.stdout).toContain('  feed.yaml would be written (a new feed)\n  items would be written: 3\n');
      expect(r.stdout).toContain('Nothing was written (--dry-run).');
    } finally {
      await cleanup();
    }
  });

  it('a new feed without an author in the source needs --author: exit 2 naming it, nothing written', async () => {
    serveWordPress();
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const r = await runCli(['import', wp.url('/feed/'), '--feed', 'kontoret', '--feeds', feeds, '--allow-private']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `\nfeedwatch: [import] ${join(feeds, 'kontoret', 'feed.yaml')} cannot be made from ${wp.url('/feed/')}: ` +
          'the source names no feed author: pass --author NAME for feed.yaml\nNothing was written.\n',
      );
      expect(existsSync(feeds)).toBe(false);
    } finally {
      await cleanup();
    }
  });
});

describe('an Atom feed with RFC 5005 archive pages', () => {
  function serveArchives(cycle = false): void {
    const main = atom.url('/atom.xml');
    const page = (n: number) => atom.url(`/archive/${n}.xml`);
    // Entries 1-2 on page 1 (oldest), 3-4 on page 2, 5-6 on page 3; the main document has 6-8
    // (RFC 5005 lets it overlap the newest page).
    atom.routes.set('/atom.xml', {
      type: ATOM,
      body: atomDoc({
        id: 'tag:example.org,2005:news', prevArchive: page(3),
        entries: [
          atomEntry(8, { updated: '2005-07-20T08:00:00Z', content: '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Eight <abbr title="European Union">EU</abbr></p></div></content>' }),
          atomEntry(7, { content: '<summary type="text">Only a summary, 7 &lt; 8.</summary>' }),
          atomEntry(6),
        ],
      }),
    });
    atom.routes.set('/archive/3.xml', { type: ATOM, body: atomDoc({ id: 'tag:example.org,2005:news', archive: true, prevArchive: page(2), entries: [atomEntry(6), atomEntry(5)] }) });
    atom.routes.set('/archive/2.xml', { type: ATOM, body: atomDoc({ id: 'tag:example.org,2005:news', archive: true, prevArchive: page(1), entries: [atomEntry(4), atomEntry(3, { id: 'urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6' })] }) });
    atom.routes.set('/archive/1.xml', { type: ATOM, body: atomDoc({ id: 'tag:example.org,2005:news', archive: true, prevArchive: cycle ? page(3) : undefined, entries: [atomEntry(2), atomEntry(1)] }) });
  }

  it('follows prev-archive through every page, keeps ids, dates, categories and updated', async () => {
    serveArchives();
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const r = await runCli(['import', atom.url('/atom.xml'), '--feed', 'archived', '--feeds', feeds, '--allow-private']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('(Atom 1.0, 4 pages, 9 entries)');
      expect(r.stdout).toContain('  items written: 8\n');
      expect(r.stdout).toContain('    1 entry appeared on more than one page: imported once');
      const names = await itemsOf(feeds, 'archived');
      expect(names).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `2005-07-0${n}-${n}.md`));
      const yaml = await readFile(join(feeds, 'archived', 'feed.yaml'), 'utf8');
      expect(yaml).toContain('title: "Archived News"\ndescription: "News <b>from</b> the archive"\nlink: https://news.example.org/\nlanguage: en\n');
      expect(yaml).toContain('author:\n  name: "Newsroom"\n  email: "news@example.org"\nid: "tag:example.org,2005:news"\n');
      const three = await read(feeds, 'archived', '2005-07-03-3.md');
      expect(three).toBe('---\ntitle: "Entry 3"\ndate: 2005-07-03T12:00:00+02:00\nlink: https://news.example.org/posts/3.html\n' +
        'id: "urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6"\ncategories: ["cat-1"]\n---\nText 3\n');
      const eight = await read(feeds, 'archived', '2005-07-08-8.md');
      expect(eight).toContain('date: 2005-07-08T12:00:00+02:00\nupdated: 2005-07-20T08:00:00Z\n');
      expect(eight).toContain('Eight <abbr title="European Union">EU</abbr>');
      expect(await read(feeds, 'archived', '2005-07-07-7.md')).toContain('---\nOnly a summary, 7 \\< 8.\n');
      expect((await runCli(['build', '--feeds', feeds, '--out', join(dir, 'public')])).code).toBe(0);
    } finally {
      await cleanup();
    }
  });

  it('never loops on a cycle of links, and stops at --max-pages', async () => {
    serveArchives(true);
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const before = atom.requests.length;
      const r = await runCli(['import', atom.url('/atom.xml'), '--feed', 'archived', '--feeds', feeds, '--allow-private', '--dry-run']);
      expect(r.code, r.stderr).toBe(0);
      expect(atom.requests.length - before).toBe(4);
      expect(r.stdout).toContain(`${atom.url('/archive/1.xml')}: its prev-archive link leads back to ${atom.url('/archive/3.xml')}, read already: stopped there`);

      const limited = await runCli(['import', atom.url('/atom.xml'), '--feed', 'archived', '--feeds', feeds, '--allow-private', '--max-pages', '2', '--dry-run']);
      expect(limited.stdout).toContain('(Atom 1.0, 2 pages, 5 entries)');
      expect(limited.stdout).toContain(`stopped after 2 pages (--max-pages); the next would have been ${atom.url('/archive/2.xml')}`);
      const zero = await runCli(['import', atom.url('/atom.xml'), '--feed', 'archived', '--feeds', feeds, '--max-pages', '0']);
      expect(zero.code).toBe(2);
      expect(zero.stderr).toContain('--max-pages "0" is not a whole number of 1 or more');
    } finally {
      await cleanup();
    }
  });
});

describe('JSON Feed', () => {
  it('1.0: ids as given (a number as its text), summary, tags, external_url monitored; --language for the feed', async () => {
    json.routes.set('/feed.json', { type: JSON_FEED, body: JSON.stringify(jsonFeed10()) });
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const argv = ['import', json.url('/feed.json'), '--feed', 'micro', '--feeds', feeds, '--allow-private'];
      const without = await runCli(argv);
      expect(without.code).toBe(2);
      expect(without.stderr).toContain('the source names no language: pass --language LANG (e.g. --language sv) for feed.yaml');
      expect(existsSync(feeds)).toBe(false);

      const r = await runCli([...argv, '--language', 'sv']);
      expect(r.code, r.stderr).toBe(0);
      expect(await readFile(join(feeds, 'micro', 'feed.yaml'), 'utf8')).toContain('language: sv\nauthor:\n  name: "Cecilia Ceder"\n  uri: https://micro.example.org/about\n');
      expect(await itemsOf(feeds, 'micro')).toEqual(['2024-01-04-utan-titel.md', '2024-01-05-forsta.md']);
      expect(await read(feeds, 'micro', '2024-01-05-forsta.md')).toBe(
        '---\ntitle: "Första"\ndate: 2024-01-05T10:00:00+01:00\nupdated: 2024-01-06T10:00:00+01:00\n' +
          'link: https://micro.example.org/2024/01/05/forsta\nid: "42"\nsummary: "Ett första inlägg."\ncategories: ["Ett", "Två"]\n' +
          'sources: ["https://example.com/source"]\n---\nHej [källa](https://example.com/source).\n',
      );
      const untitled = await read(feeds, 'micro', '2024-01-04-utan-titel.md');
      expect(untitled).toContain('title: "Ett inlägg utan titel, skrivet som ren text med <vinkelparenteser> och…"\n');
      expect(untitled).toContain('\n---\nEtt inlägg utan titel, skrivet som ren text med \\<vinkelparenteser> och \\*stjärnor\\*.\n');
      expect(r.stdout).toContain('    1 entry had no title: made from the start of the text');
      expect(r.stdout).toContain('    attachments of 1 entry not imported: items have no such field');
      expect((await runCli(['build', '--feeds', feeds, '--out', join(dir, 'public')])).code).toBe(0);
    } finally {
      await cleanup();
    }
  });

  it('keeps numeric ids verbatim: no rounding of a long number, no dropped zero, nothing taken from inside a text', async () => {
    // Written by hand: JSON.stringify could not even express these numbers as they are.
    const body = `{"version": "https://jsonfeed.org/version/1.1", "title": "Siffror", "home_page_url": "https://num.example.org/",
      "language": "sv", "authors": [{"name": "Nils"}], "items": [
      {"id":12345678901234567891, "url": "https://num.example.org/lang", "title": "Långt", "content_text": "Ett \\"id\\": 7 i texten.", "date_published": "2024-02-01T10:00:00Z"},
      {"title": "Decimal", "id" :  1.50 , "url": "https://num.example.org/decimal", "content_html": "<p>x</p>", "date_published": "2024-02-02T10:00:00Z"},
      {"\\u0069d": -2E3, "url": "https://num.example.org/exp", "title": "Exponent", "content_text": "y", "date_published": "2024-02-03T10:00:00Z"}
    ]}`;
    json.routes.set('/numbers.json', { type: JSON_FEED, body });
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const r = await runCli(['import', json.url('/numbers.json'), '--feed', 'num', '--feeds', feeds, '--allow-private']);
      expect(r.code, r.stderr).toBe(0);
      expect(await itemsOf(feeds, 'num')).toEqual(['2024-02-01-lang.md', '2024-02-02-decimal.md', '2024-02-03-exp.md']);
      expect(await read(feeds, 'num', '2024-02-01-lang.md')).toContain('id: "12345678901234567891"\n');
      expect(await read(feeds, 'num', '2024-02-01-lang.md')).toContain('Ett "id": 7 i texten.');
      expect(await read(feeds, 'num', '2024-02-02-decimal.md')).toContain('id: "1.50"\n');
      expect(await read(feeds, 'num', '2024-02-03-exp.md')).toContain('id: "-2E3"\n');
      // The ids read back as written: a second import finds every one of them.
      const again = await runCli(['import', json.url('/numbers.json'), '--feed', 'num', '--feeds', feeds, '--allow-private']);
      expect(again.stdout).toContain('  items written: 0\n  skipped (already there): 3\n');
      // A text that is not JSON is still said as it came, with the source's position.
      json.routes.set('/broken.json', { type: JSON_FEED, body: '{"items": [{"id": 12, }]}' });
      const broken = await runCli(['import', json.url('/broken.json'), '--feed', 'num', '--feeds', feeds, '--allow-private']);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toContain('it looks like JSON but does not parse (');
      expect(broken.stderr).toContain('position 22');
    } finally {
      await cleanup();
    }
  });

  it('1.1: authors, language, and next_url paging', async () => {
    json.routes.set('/v11.json', { type: JSON_FEED, body: JSON.stringify(jsonFeed11(json.url('/v11-2.json'))) });
    json.routes.set('/v11-2.json', {
      type: JSON_FEED,
      body: JSON.stringify(jsonFeed11(undefined, [{ id: 'urn:uuid:5b1f-0', url: 'https://office.example.org/posts/zero', title: 'Zero', content_html: '<p>Zero.</p>', date_published: '2024-03-01T09:00:00Z' }])),
    });
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const r = await runCli(['import', json.url('/v11.json'), '--feed', 'office', '--feeds', feeds, '--allow-private']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('(JSON Feed 1.1, 2 pages, 2 entries)');
      expect(await readFile(join(feeds, 'office', 'feed.yaml'), 'utf8')).toContain('language: en-GB\nauthor:\n  name: "The Office"\n');
      expect(await read(feeds, 'office', '2024-03-02-one.md')).toContain('id: "urn:uuid:5b1f-1"\ncategories: ["A"]\nauthor:\n  name: "Dana Dahl"\n  email: "dana@example.org"\n');
      expect(await itemsOf(feeds, 'office')).toEqual(['2024-03-01-zero.md', '2024-03-02-one.md']);
    } finally {
      await cleanup();
    }
  });
});

describe('repeated ids and footnotes', () => {
  const post = (n: number, o: Partial<WpItem> = {}): WpItem => ({
    title: `Inl&#228;gg ${n}`, link: `https://example.org/p/${n}/`, guid: `https://example.org/?p=${n}`,
    pubDate: `Mon, 0${n} Dec 2024 09:00:00 +0100`, content: `<p>Text ${n}.</p>`, ...o,
  });

  it('imports an entry repeated on a later page once, and lists any other repeat of an id with its reason', async () => {
    const self = wp.url('/dup/');
    wp.routes.set('/dup/', { type: RSS, body: wpFeed([post(1), post(2), post(3, { guid: 'https://example.org/?p=1', title: 'Annat inl&#228;gg' })], { self }) });
    // Page 2 overlaps page 1 (a post published between the two requests): the same entry again.
    // It also reuses the id of post 2 for another page of the site.
    wp.routes.set('/dup/?paged=2', { type: RSS, body: wpFeed([post(2), post(4), post(5, { guid: 'https://example.org/?p=4' }), post(6, { guid: 'https://example.org/?p=2' })], { self }) });
    wp.routes.set('/dup/?paged=3', { type: RSS, body: wpFeed([], { self }) });
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const r = await runCli(['import', self, '--feed', 'dup', '--feeds', feeds, '--allow-private', '--paged', '--author', 'Kontoret']);
      expect(r.code, r.stderr).toBe(0);
      expect(await itemsOf(feeds, 'dup')).toEqual(['2024-12-01-1.md', '2024-12-02-2.md', '2024-12-04-4.md']);
      expect(await read(feeds, 'dup', '2024-12-01-1.md')).toContain('title: "Inlägg 1"\n');
      expect(r.stdout).toContain('  items written: 3\n');
      expect(r.stdout).toContain('  could not be imported: 3\n' +
        `    ${self}, item 3 ("Annat inlägg"): duplicate id of item 1 on the same page ("https://example.org/?p=1"): only the first is taken\n` +
        `    ${wp.url('/dup/?paged=2')}, item 3 ("Inlägg 5"): duplicate id of item 2 on the same page ("https://example.org/?p=4"): only the first is taken\n` +
        `    ${wp.url('/dup/?paged=2')}, item 4 ("Inlägg 6"): the id "https://example.org/?p=2" is also that of ${self}, item 2, which has another link ` +
        '(https://example.org/p/2/, here https://example.org/p/6/): only the first is taken\n');
      expect(r.stdout).toContain('1 entry appeared on more than one page: imported once');
    } finally {
      await cleanup();
    }
  });

  it('keeps a list whose items have ids (WordPress footnotes) as one HTML list, from a file', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const source = join(dir, 'wp.xml');
      await writeFile(source, wpFeed([post(1, {
        content: '<p>Text<sup><a href="#fn1" id="fnref1">1</a></sup>.</p>\n<ol class="footnotes"><li id="fn1">Note text <a href="#fnref1">&#8617;</a></li>\n<li id="fn2">Two</li></ol>',
      })]));
      const feeds = join(dir, 'feeds');
      const r = await runCli(['import', source, '--feed', 'notes', '--feeds', feeds, '--author', 'Kontoret']);
      expect(r.code, r.stderr).toBe(0);
      const text = await read(feeds, 'notes', '2024-12-01-1.md');
      expect(text).toContain('\n<ol class="footnotes"><li id="fn1">Note text <a href="#fnref1">↩</a></li><li id="fn2">Two</li></ol>\n');
      expect(text).not.toMatch(/^<li/m);
      const build = await runCli(['build', '--feeds', feeds, '--out', join(dir, 'public')]);
      expect(build.code, build.stderr).toBe(0);
      const html = JSON.parse(await readFile(join(dir, 'public/notes/feed.json'), 'utf8')).items[0].content_html as string;
      expect(html).toMatch(/<ol><li id="fn1">Note text <a href="[^"]*#fnref1">↩<\/a><\/li>\s*<li id="fn2">Two<\/li><\/ol>/);
    } finally {
      await cleanup();
    }
  });
});

describe('what import refuses', () => {
  it('a private address without --allow-private: exit 2 saying how to allow it, no request made', async () => {
    serveWordPress();
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const before = wp.requests.length;
      const r = await runCli(['import', wp.url('/feed/'), '--feed', 'kontoret', '--feeds', join(dir, 'feeds'), '--author', 'X']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^feedwatch: \\[import\\] refused ${wp.url('/feed/').replace(/[.?/]/g, '\\$&')}: 127\\.0\\.0\\.31 is a private or local address \\(the SSRF guard\\)\\. To import from your own network or this machine, pass --allow-private\\.\n$`));
      expect(wp.requests.length).toBe(before);
      expect(existsSync(join(dir, 'feeds'))).toBe(false);
    } finally {
      await cleanup();
    }
  });

  it('a feed over 50 MiB: exit 2 naming the URL and the limit; the server streamed it, the client stopped reading', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let served = 0;
    const big: TestServer = await startServer('127.0.0.34', async (_req, res) => {
      res.writeHead(200, { 'content-type': RSS });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>');
      // 60 MiB from one reused 1 MiB buffer, waiting for the socket to drain: never held whole.
      for (let i = 0; i < 60 && !res.destroyed; i++) {
        // Both listeners go once either fires: a 'close' listener left per chunk made Node warn (MaxListenersExceededWarning).
        if (!res.write(chunk)) await once(res, 'drain', 'close');
        served = i + 1;
      }
      res.end('</title></channel></rss>');
    });
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const r = await runCli(['import', big.url('/feed'), '--feed', 'big', '--feeds', join(dir, 'feeds'), '--allow-private', '--author', 'X']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`feedwatch: [import] ${big.url('/feed')} is larger than 50 MiB, the most import reads of one document; nothing was written.`);
      expect(served).toBeLessThan(60);
      expect(existsSync(join(dir, 'feeds'))).toBe(false);
    } finally {
      await big.close();
      await cleanup();
    }
  });

  it('a page that is not a feed, a feed that is not well-formed, a missing --feed: exit 2, nothing written', async () => {
    wp.routes.set('/page', { type: 'text/html', body: `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>Hi</body></html>` });
    wp.routes.set('/broken.xml', { type: RSS, body: '<?xml version="1.0"?>\n<rss version="2.0"><channel>\n<title>A & B</title></channel></rss>' });
    const { dir, cleanup } = await tempDir('feedwatch-import-');
    try {
      const feeds = join(dir, 'feeds');
      const page = await runCli(['import', wp.url('/page'), '--feed', 'x', '--feeds', feeds, '--allow-private']);
      expect(page.code).toBe(2);
      expect(page.stderr).toBe(`feedwatch: [import] ${wp.url('/page')} is not a feed this command reads: it is an HTML page, not a feed; the page names its feed: ${wp.url('/feed/')}. Nothing was written.\n`);
      const broken = await runCli(['import', wp.url('/broken.xml'), '--feed', 'x', '--feeds', feeds, '--allow-private']);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/is not a feed this command reads: it is not well-formed XML: 3:\d+: /);
      const noFeed = await runCli(['import', wp.url('/feed/'), '--feeds', feeds]);
      expect(noFeed.code).toBe(2);
      expect(noFeed.stderr).toBe('feedwatch: [usage] import: missing --feed ID: the feed to import into, e.g. --feed news (feeds/news/).\nUsage: feedwatch import [options] <url-or-file>\n');
      await mkdir(join(feeds, 'news'), { recursive: true });
      await writeFile(join(feeds, 'news', 'feed.yaml'), 'title: T\n');
      const tooDeep = await runCli(['import', wp.url('/feed/'), '--feed', 'news', '--feeds', join(feeds, 'news'), '--allow-private']);
      expect(tooDeep.code).toBe(2);
      expect(tooDeep.stderr).toBe(`feedwatch: [usage] import: ${join(feeds, 'news')} is a feed folder (it has feed.yaml), not the folder that holds the feeds: pass --feeds ${feeds}.\n`);
      const missing = await runCli(['import', join(dir, 'nope.xml'), '--feed', 'x', '--feeds', feeds]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('nope.xml does not exist; give a feed file or an http(s) URL.');
      const gone = await runCli(['import', wp.url('/gone.xml'), '--feed', 'x', '--feeds', feeds, '--allow-private']);
      expect(gone.code).toBe(3);
      expect(gone.stderr).toContain(`${wp.url('/gone.xml')} answered HTTP 404, not a feed; nothing was written.`);
      expect([...(await snapshot(feeds)).keys()]).toEqual([join('news', 'feed.yaml')]);
    } finally {
      await cleanup();
    }
  });
});
