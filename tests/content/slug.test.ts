// Slugs from titles (src/content/slug.ts): the file names `feedwatch new` writes, and the ids made of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SLUG_LENGTH, slugify } from '../../src/content/slug.js';
import { parseItemFileName } from '../../src/content/layout.js';
import { SEED_FEEDS } from '../helpers/seed.js';

describe('slugify', () => {
  it('strips accents and writes out ß, æ and ø, as the issue lists them', () => {
    expect(slugify('å ä ö é')).toBe('a-a-o-e');
    expect(slugify('Å Ä Ö É')).toBe('a-a-o-e');
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('Æble og Øl')).toBe('aeble-og-ol');
    expect(slugify('Crème brûlée à la carte')).toBe('creme-brulee-a-la-carte');
  });

  it('gives the seed items the slugs of their WordPress links', () => {
    const items = join(SEED_FEEDS, 'sbhss/items');
    const seed = readdirSync(items).map((f) => {
      const text = readFileSync(join(items, f), 'utf8');
      return { title: JSON.parse(/^title: (.*)$/m.exec(text)![1]!) as string, link: /^link: (.*)$/m.exec(text)![1]! };
    });
    const lastSegment = (link: string) => new URL(link).pathname.split('/').filter(Boolean).pop();
    const skl = seed.find((s) => s.title.includes('SKL:s'))!;
    expect(slugify(skl.title)).toBe('ta-inte-eu-politiken-fran-regionerna-skl-s-uppmaning-till-sveriges-regering');
    expect(slugify(skl.title)).toBe(lastSegment(skl.link));
    const hubs = seed.find((s) => s.title.includes('innovationshubbar'))!;
    expect(slugify(hubs.title)).toBe(lastSegment(hubs.link));
    const summit = seed.find((s) => s.title.includes('Summit'))!;
    expect(slugify(summit.title)).toBe('smaland-blekinge-halland-pa-european-innovation-summit-i-bryssel');
  });

  it('more Swedish titles', () => {
    expect(slugify('Sammanhållningspolitiken efter 2027: vad händer nu?')).toBe('sammanhallningspolitiken-efter-2027-vad-hander-nu');
    expect(slugify('Öresundsregionen – ”Gränslöst samarbete”')).toBe('oresundsregionen-granslost-samarbete');
    expect(slugify('Kommissionens förslag för EU:s långtidsbudget')).toBe('kommissionens-forslag-for-eu-s-langtidsbudget');
  });

  it('joins words with one hyphen, drops punctuation and emoji, keeps apostrophes out of words', () => {
    expect(slugify('  Hello,   World!  ')).toBe('hello-world');
    expect(slugify("It's the EU’s call")).toBe('its-the-eus-call');
    expect(slugify('🇸🇪 Sverige 🇸🇪')).toBe('sverige');
    expect(slugify('a -- b __ c')).toBe('a-b-c');
  });

  it('is empty without a Latin letter or digit, and cut between words after 80 characters', () => {
    expect(slugify('مرحبا')).toBe('');
    expect(slugify('!!!')).toBe('');
    const long = slugify('Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore');
    expect(long.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(long).toBe('lorem-ipsum-dolor-sit-amet-consectetur-adipiscing-elit-sed-do-eiusmod-tempor');
    expect(slugify('x'.repeat(200))).toBe('x'.repeat(MAX_SLUG_LENGTH));
  });

  it('always makes a valid item file name', () => {
    for (const title of ['Å', 'é-é', '2018', 'a.b', 'ÆØÅ æøå', 'Ĳssel', 'ﬁne', 'Ⅻ']) {
      const slug = slugify(title);
      if (slug) expect(parseItemFileName(`2026-01-01-${slug}.md`), title).toEqual({ date: '2026-01-01', slug });
    }
  });
});
