// `feedwatch new <feed-id> "<title>"` through the real command line: the file it writes and prints,
// slugs with Swedish and other letters, the date with the local offset, and slug collisions.
import { describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { INIT_FLAGS, now, siteDir, tree } from './helpers.js';

async function site(): Promise<string> {
  const dir = await siteDir();
  expect((await runCli(['init', ...INIT_FLAGS], { cwd: dir, now })).code).toBe(0);
  return dir;
}

/** Runs `fn` with the process in time zone `tz` (Node reads TZ whenever it changes). */
async function inTimeZone<T>(tz: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

describe('feedwatch new', () => {
  it('writes a draft named by date and slug, with the feed link plus the slug, and prints its path', async () => {
    const dir = await site();
    const r = await inTimeZone('Europe/Stockholm', () => runCli(['new', 'news', 'Åsa säger hej till Malmö'], { cwd: dir, now }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const path = join(dir, 'feeds/news/items/2026-11-28-asa-sager-hej-till-malmo.md');
    expect(r.stdout).toBe(`${path}\n`);
    expect(await readFile(path, 'utf8')).toBe([
      '---',
      'title: "Åsa säger hej till Malmö"',
      'date: 2026-11-28T11:15:00+01:00',
      'link: "https://www.example.org/asa-sager-hej-till-malmo"',
      'draft: true',
      '---',
      '',
    ].join('\n'));
  });

  it('takes the date and the day of the file name in the local time zone', async () => {
    const dir = await site();
    const late = () => new Date('2026-11-28T23:30:00Z');
    const stockholm = await inTimeZone('Europe/Stockholm', () => runCli(['new', 'news', 'Sent på kvällen'], { cwd: dir, now: late }));
    expect(stockholm.stdout).toContain('/2026-11-29-sent-pa-kvallen.md');
    expect(await readFile(stockholm.stdout.trim(), 'utf8')).toContain('date: 2026-11-29T00:30:00+01:00\n');
    const newYork = await inTimeZone('America/New_York', () => runCli(['new', 'news', 'Tidigt på kvällen'], { cwd: dir, now: late }));
    expect(await readFile(newYork.stdout.trim(), 'utf8')).toContain('date: 2026-11-28T18:30:00-05:00\n');
    expect(newYork.stdout).toContain('/2026-11-28-tidigt-pa-kvallen.md');
  });

  it('transliterates å, ä, ö, é, ß, æ and ø, and loses punctuation', async () => {
    const dir = await site();
    const cases: Array<[string, string]> = [
      ['Ärlig åsikt om öl på café', 'arlig-asikt-om-ol-pa-cafe'],
      ['Die Straße nach Øresund', 'die-strasse-nach-oresund'],
      ['Ærø: Dänemarks Insel', 'aero-danemarks-insel'],
      ['”Ta inte EU-politiken från regionerna” – SKL:s uppmaning till Sveriges regering', 'ta-inte-eu-politiken-fran-regionerna-skl-s-uppmaning-till-sveriges-regering'],
      ['”Digitala innovationshubbar” – Vilken roll spelar de i EU:s digitaliseringsarbete?', 'digitala-innovationshubbar-vilken-roll-spelar-de-i-eu-s-digitaliseringsarbete'],
    ];
    for (const [title, slug] of cases) {
      const r = await runCli(['new', 'news', title, '--date', '2026-11-20T09:00:00+01:00'], { cwd: dir, now });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(join(dir, 'feeds/news/items', `2026-11-20-${slug}.md`));
      expect(await readFile(r.stdout.trim(), 'utf8')).toContain(`link: "https://www.example.org/${slug}"\n`);
    }
  });

  it('--date, --link and --publish; the build then publishes the item', async () => {
    const dir = await site();
    const r = await runCli(['new', 'news', 'Julhälsning', '--date', '2026-11-24T09:00:00+01:00', '--link', 'https://www.example.org/sv/jul/', '--publish'], { cwd: dir, now });
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, 'feeds/news/items/2026-11-24-julhalsning.md'), 'utf8')).toBe(
      '---\ntitle: "Julhälsning"\ndate: 2026-11-24T09:00:00+01:00\nlink: "https://www.example.org/sv/jul/"\n---\n',
    );
    const build = await runCli(['build'], { cwd: dir, now });
    expect(build.code).toBe(0);
    expect(await readFile(join(dir, 'public/news/atom.xml'), 'utf8')).toContain('<id>tag:example.org,2026:news/julhalsning</id>');
  });

  it('a slug already used in the feed, on any date, is exit 2 naming the file; nothing is written', async () => {
    const dir = await site();
    await writeFile(join(dir, 'feeds/news/items/2024-01-02-hej-pa-er.md'), '---\ntitle: Hej\ndate: 2024-01-02T10:00:00+01:00\nlink: https://www.example.org/a\n---\n');
    const before = await tree(dir);
    const r = await runCli(['new', 'news', 'Hej på er!'], { cwd: dir, now });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `feedwatch: [usage] new: ${join(dir, 'feeds/news/items/2024-01-02-hej-pa-er.md')} already has the slug "hej-pa-er", and an item's id is made from its slug: ` +
        'a second one would have the same id. Choose another title (the title can be edited afterwards, the file name stays), ' +
        'or write the item by hand under another file name with an id: of its own.\n',
    );
    expect(await tree(dir)).toEqual(before);
    // Another title is the way out.
    expect((await runCli(['new', 'news', 'Hej på er igen'], { cwd: dir, now })).code).toBe(0);
  });

  it('refuses an unknown feed (listing the feeds), an invalid date and a title without a letter a-z', async () => {
    const dir = await site();
    const before = await tree(dir);
    const unknown = await runCli(['new', 'nyheter', 'Hej'], { cwd: dir, now });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`feedwatch: [usage] new: there is no feed "nyheter": ${join(dir, 'feeds/nyheter/feed.yaml')} does not exist. The feeds in ${join(dir, 'feeds')}: news. Start a site with \`feedwatch init\`, or give --feeds DIR.\n`);
    const date = await runCli(['new', 'news', 'Hej', '--date', '2026-12-24'], { cwd: dir, now });
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('new: --date "2026-12-24" has no time and offset; give a date-time with a UTC offset, e.g. 2026-05-01T08:00:00+02:00.');
    const arabic = await runCli(['new', 'news', 'مرحبا'], { cwd: dir, now });
    expect(arabic.code).toBe(2);
    expect(arabic.stderr).toContain('has no letter a-z or digit to make a file name of');
    expect(await tree(dir)).toEqual(before);
  });

  it('an invalid feed.yaml is a content error; --feeds names another content folder', async () => {
    const dir = await siteDir();
    await mkdir(join(dir, 'content/news'), { recursive: true });
    await writeFile(join(dir, 'content/news/feed.yaml'), 'title: Nyheter\n');
    const bad = await runCli(['new', 'news', 'Hej', '--feeds', 'content'], { cwd: dir, now });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^feedwatch: \[content\] 4 errors in content/);
    await writeFile(join(dir, 'content/news/feed.yaml'), 'title: N\ndescription: D\nlink: https://example.se/nyheter\nlanguage: sv\nauthor: K\n');
    const ok = await runCli(['new', 'news', 'Hej', '--feeds', 'content'], { cwd: dir, now });
    expect(ok.code).toBe(0);
    const [file] = await readdir(join(dir, 'content/news/items'));
    expect(await readFile(join(dir, 'content/news/items', file!), 'utf8')).toContain('link: "https://example.se/nyheter/hej"\n');
  });

  it('--help shows its arguments and options', async () => {
    const r = await runCli(['new', '--help']);
    expect(r.stdout.split('\n')[0]).toBe('Usage: feedwatch new [options] <feed-id> <title>');
    for (const flag of ['--date ISO', '--link URL', '--publish', '--feeds DIR']) expect(r.stdout).toContain(flag);
  });
});
