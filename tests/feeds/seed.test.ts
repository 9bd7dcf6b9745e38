// The seed content: the three Swedish items of tests/fixtures/seed/sbhss (a copy of the seed
// feeds/sbhss), built through the command line and read back with a strict XML parser, a real feed
// parser and JSON.parse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { runCli, tempDir } from '../helpers/cli.js';
import { SEED_FEEDS, SEED_ID_AUTHORITY } from '../helpers/seed.js';
import { child, children, parseXmlStrict } from './helpers.js';

const BASE = 'https://feeds.sbhss.eu/';

/** What the three items must read back as, whatever the format. */
const EXPECTED = [
  {
    id: 'tag:sbhss.eu,2018:sbhss/digitala-innovationshubbar',
    title: '”Digitala innovationshubbar” – Vilken roll spelar de i EU:s digitaliseringsarbete?',
    link: 'https://www.sbhss.eu/sv/digitala-innovationshubbar-vilken-roll-spelar-de-i-eu-s-digitaliseringsarbete/',
    published: '2018-11-30T09:00:00.000Z',
    cites: 'https://s3platform.jrc.ec.europa.eu/digital-innovation-hubs-tool',
  },
  {
    id: 'tag:sbhss.eu,2018:sbhss/skl',
    title: '”Ta inte EU-politiken från regionerna” – SKL:s uppmaning till Sveriges regering',
    link: 'https://www.sbhss.eu/sv/ta-inte-eu-politiken-fran-regionerna-skl-s-uppmaning-till-sveriges-regering/',
    published: '2018-11-29T10:00:00.000Z',
    cites: 'https://www.europaportalen.se/',
  },
  {
    id: 'tag:sbhss.eu,2018:sbhss/european-innovation-summit',
    title: 'Småland-Blekinge-Halland på European Innovation Summit i Bryssel',
    link: 'https://www.sbhss.eu/sv/smaland-blekinge-halland-pa-european-innovation-summit/',
    published: '2018-11-22T13:00:00.000Z',
    cites: 'https://www.knowledge4innovation.eu/',
  },
];

let out: string;
let cleanup: () => Promise<void>;
const read = (path: string) => readFile(join(out, path), 'utf8');

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir('feedwatch-seed-'));
  out = join(dir, 'public');
  // Run from the temporary folder, so the repository's feedwatch.config.json plays no part.
  const r = await runCli(['build', '--feeds', SEED_FEEDS, '--out', out, '--base-url', BASE, '--id-authority', SEED_ID_AUTHORITY], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});
afterAll(() => cleanup());

describe('the sbhss feed', () => {
  for (const format of ['rss.xml', 'atom.xml']) {
    it(`${format}: well-formed, and a feed parser reads the three items back`, async () => {
      const text = await read(`sbhss/${format}`);
      parseXmlStrict(text);
      const feed = parseFeed(text);
      expect(feed.language).toBe('sv');
      expect(feed.self).toBe(`${BASE}sbhss/${format}`);
      expect(feed.url).toBe('https://www.sbhss.eu/');
      expect(feed.title).toMatch(/^Småland-Blekinge-Halland/);
      expect(feed.items).toHaveLength(3);
      feed.items.forEach((item, i) => {
        const want = EXPECTED[i]!;
        expect(item.id).toBe(want.id);
        expect(item.title).toBe(want.title);
        expect(item.url).toBe(want.link);
        expect(item.published?.toISOString()).toBe(want.published);
        expect(item.content).toContain(`href="${want.cites}`);
        expect(item.content).toMatch(/^<p>/);
      });
      // Content dates, never the build time.
      expect((feed.updated ?? feed.items[0]!.published)?.toISOString()).toBe(EXPECTED[0]!.published);
    });
  }

  it('rss.xml: RFC 822 dates in English and GMT, non-URL guids marked isPermaLink="false"', async () => {
    const channel = child(parseXmlStrict(await read('sbhss/rss.xml')), 'channel')!;
    expect(child(channel, 'lastBuildDate')!.text).toBe('Fri, 30 Nov 2018 09:00:00 GMT');
    const items = children(channel, 'item');
    expect(items.map((i) => child(i, 'pubDate')!.text)).toEqual(['Fri, 30 Nov 2018 09:00:00 GMT', 'Thu, 29 Nov 2018 10:00:00 GMT', 'Thu, 22 Nov 2018 13:00:00 GMT']);
    for (const item of items) expect(child(item, 'guid')!.attributes.isPermaLink).toBe('false');
  });

  it('atom.xml: xml:lang, a permanent tag: id, updated from the newest item', async () => {
    const root = parseXmlStrict(await read('sbhss/atom.xml'));
    expect(root.attributes['xml:lang']).toBe('sv');
    expect(child(root, 'id')!.text).toBe('tag:sbhss.eu,2018:sbhss');
    expect(child(root, 'updated')!.text).toBe('2018-11-30T09:00:00Z');
  });

  it('feed.json: JSON Feed 1.1 with the three items', async () => {
    const json = JSON.parse(await read('sbhss/feed.json'));
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.language).toBe('sv');
    expect(json.feed_url).toBe(`${BASE}sbhss/feed.json`);
    expect(json.home_page_url).toBe('https://www.sbhss.eu/');
    expect(json.authors[0].name).toMatch(/^Småland/);
    expect(json.items.map((i: { id: string; title: string; url: string; date_published: string }) => [i.id, i.title, i.url, i.date_published])).toEqual(
      EXPECTED.map((e) => [e.id, e.title, e.link, e.published]),
    );
    for (const [i, item] of json.items.entries()) expect(item.content_html).toContain(`href="${EXPECTED[i]!.cites}`);
  });

  it('index.html and feeds.opml list the feed', async () => {
    const page = await read('index.html');
    expect(page).toContain('<link rel="alternate" type="application/atom+xml"');
    for (const e of EXPECTED) expect(page).toContain(e.link);
    const opml = parseXmlStrict(await read('feeds.opml'));
    expect(child(child(opml, 'body')!, 'outline')!.attributes.xmlUrl).toBe(`${BASE}sbhss/rss.xml`);
  });
});
