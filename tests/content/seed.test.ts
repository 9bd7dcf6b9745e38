// The seed content (a copy of feeds/sbhss and its three items, in tests/fixtures/seed) loads as
// published: titles, dates, links, permanent ids and the cited sources.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { fsContentSource } from '../../src/runtime/node/content-source.js';
import { SEED_FEEDS, SEED_ID_AUTHORITY } from '../helpers/seed.js';

describe('the seed content (tests/fixtures/seed)', async () => {
  const { feeds, warnings } = await loadContent(fsContentSource(SEED_FEEDS), { idAuthority: SEED_ID_AUTHORITY });
  const feed = feeds[0]!;

  it('has one feed, sbhss, in Swedish, without warnings', () => {
    expect(warnings).toEqual([]);
    expect(feeds.map((f) => f.meta.id)).toEqual(['sbhss']);
    expect(feed.meta).toMatchObject({
      language: 'sv',
      link: 'https://www.sbhss.eu/',
      author: { name: 'Småland-Blekinge-Halland South Sweden', uri: 'https://www.sbhss.eu/' },
      atomId: 'tag:sbhss.eu,2018:sbhss',
      file: join(SEED_FEEDS, 'sbhss/feed.yaml'),
    });
    expect(feed.meta.title).toContain('Småland-Blekinge-Halland');
  });

  it('holds the three seed items, newest first, with titles, dates, links and permanent ids', () => {
    expect(feed.items.map((i) => [i.title, i.date.toISOString(), i.link, i.id])).toEqual([
      [
        '”Digitala innovationshubbar” – Vilken roll spelar de i EU:s digitaliseringsarbete?',
        '2018-11-30T09:00:00.000Z',
        'https://www.sbhss.eu/sv/digitala-innovationshubbar-vilken-roll-spelar-de-i-eu-s-digitaliseringsarbete/',
        'tag:sbhss.eu,2018:sbhss/digitala-innovationshubbar',
      ],
      [
        '”Ta inte EU-politiken från regionerna” – SKL:s uppmaning till Sveriges regering',
        '2018-11-29T10:00:00.000Z',
        'https://www.sbhss.eu/sv/ta-inte-eu-politiken-fran-regionerna-skl-s-uppmaning-till-sveriges-regering/',
        'tag:sbhss.eu,2018:sbhss/skl',
      ],
      [
        'Småland-Blekinge-Halland på European Innovation Summit i Bryssel',
        '2018-11-22T13:00:00.000Z',
        'https://www.sbhss.eu/sv/smaland-blekinge-halland-pa-european-innovation-summit/',
        'tag:sbhss.eu,2018:sbhss/european-innovation-summit',
      ],
    ]);
    for (const i of feed.items) {
      expect(i.updated).toEqual(i.date);
      expect(i.summary).toBeTruthy();
      expect(i.categories.length).toBeGreaterThan(0);
      expect(i.file).toBe(join(SEED_FEEDS, 'sbhss/items', i.file.split('/').pop()!));
    }
  });

  it('keeps the seed text verbatim and links the cited sources', () => {
    const [dih, skl, eis] = feed.items;
    expect(dih!.html).toContain('<a href="https://s3platform.jrc.ec.europa.eu/digital-innovation-hubs-tool">Se hur resten av EU jämför sig här</a>');
    expect(dih!.html).toContain('href="https://ec.europa.eu/digital-single-market/en/digital-innovation-hubs"');
    expect(dih!.html).toContain('500 miljoner euro fram till 2020');
    expect(skl!.html).toContain('Under morgondagen, fredag 30 november, ska det nya förslaget diskuteras mellan EU-medlemsländerna.');
    expect(skl!.html).toMatch(/href="https:\/\/www\.europaportalen\.se\/[^"]+"/);
    expect(skl!.html).toMatch(/href="https:\/\/skl\.se\/[^"]*"/);
    expect(eis!.html).toContain('href="https://www.knowledge4innovation.eu/european-innovation-summit"');
    expect(eis!.html).toContain('sammanhållningspolitikens strukturfonder');
  });

  it('has only absolute http(s) links in every item', () => {
    for (const i of feed.items) {
      const urls = [...i.html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
      expect(urls.length).toBeGreaterThan(0);
      for (const u of urls) expect(u).toMatch(/^https?:\/\/[^/]+\//);
    }
  });

  it('derives ids from the link host when no authority is configured', async () => {
    const { feeds: again } = await loadContent(fsContentSource(SEED_FEEDS), { idAuthority: null });
    expect(again[0]!.meta.atomId).toBe('tag:sbhss.eu,2000:sbhss');
    expect(again[0]!.items.map((i) => i.id)).toContain('tag:sbhss.eu,2000:sbhss/skl');
  });
});
