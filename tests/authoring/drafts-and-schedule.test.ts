// Drafts and scheduled items through the real command line: build leaves drafts out and holds later
// items back until the cut-off (--now, FEEDWATCH_NOW) passes, byte for byte the same for the same
// cut-off; a preview (--drafts --future) needs its own --out and never writes the archive page
// record; check still checks a draft's sources but not its own page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { runCli } from '../helpers/cli.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { page, startServer, type TestServer } from '../health/server.js';
import { siteDir, tree } from './helpers.js';

const CUTOFF = '2026-11-28T10:00:00Z';

function itemText(title: string, date: string, link: string, extra = '', body = 'Text.'): string {
  return `---\ntitle: ${JSON.stringify(title)}\ndate: ${date}\nlink: ${link}\n${extra}---\n${body}\n`;
}

/** A site whose feed has two published items, a draft and two items dated after CUTOFF. */
async function site(linkBase = 'https://www.example.org'): Promise<string> {
  const dir = await siteDir();
  const items = join(dir, 'feeds/news/items');
  await mkdir(items, { recursive: true });
  await writeFile(join(dir, 'feeds/news/feed.yaml'), `title: Nyheter\ndescription: Från kontoret\nlink: ${linkBase}/\nlanguage: sv\nauthor: Kontoret\n`);
  await writeFile(join(dir, 'feedwatch.config.json'), JSON.stringify({ baseUrl: 'https://feeds.example.org/', idAuthority: 'example.org,2026' }));
  await writeFile(join(items, '2026-10-01-forsta.md'), itemText('Första', '2026-10-01T10:00:00+02:00', `${linkBase}/forsta`));
  await writeFile(join(items, '2026-11-01-andra.md'), itemText('Andra', '2026-11-01T10:00:00+01:00', `${linkBase}/andra`));
  await writeFile(join(items, '2026-11-20-utkast.md'), itemText('Utkastet', '2026-11-20T10:00:00+01:00', `${linkBase}/utkast`, 'draft: true\n',
    `Se [källan](${linkBase}/kalla) och [sidan själv](${linkBase}/utkast#mer).`));
  await writeFile(join(items, '2026-12-24-jul.md'), itemText('Julafton', '2026-12-24T09:00:00+01:00', `${linkBase}/jul`));
  await writeFile(join(items, '2027-01-01-nyar.md'), itemText('Nyår', '2027-01-01T00:00:00+01:00', `${linkBase}/nyar`));
  return dir;
}

/** Item titles of an RSS, Atom or JSON feed file. */
async function titles(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  if (path.endsWith('.json')) return (JSON.parse(text) as { items: { title: string }[] }).items.map((i) => i.title);
  return parseFeed(text).items.map((i) => i.title ?? '');
}

describe('build: drafts and scheduled items', () => {
  it('leaves drafts out, holds later items back, and says how many and until when', async () => {
    const dir = await site();
    const r = await runCli(['build', '--now', CUTOFF], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('news: Nyheter (2 items; 2 held back, 1 draft)\n');
    expect(r.stdout).toContain('Held back 2 scheduled items until their dates: the next 2026-12-24T08:00:00Z, the last 2026-12-31T23:00:00Z (cut-off 2026-11-28T10:00:00Z).\n');
    expect(r.stdout).toContain('Left out 1 draft (draft: true).\n');
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) expect(await titles(join(dir, 'public/news', file))).toEqual(['Andra', 'Första']);
    for (const file of ['news/rss.xml', 'news/atom.xml', 'news/feed.json', 'index.html', 'feeds.opml']) {
      const text = await readFile(join(dir, 'public', file), 'utf8');
      for (const hidden of ['Utkastet', 'utkast', 'Julafton', 'Nyår', 'nyar']) expect(text, `${hidden} in ${file}`).not.toContain(hidden);
    }
  });

  it('publishes a held item once the cut-off passes its date; one item is said as such', async () => {
    const dir = await site();
    const r = await runCli(['build', '--now', '2026-12-24T09:00:00+01:00'], { cwd: dir });
    expect(r.stdout).toContain('Held back 1 scheduled item until 2026-12-31T23:00:00Z (cut-off 2026-12-24T08:00:00Z).\n');
    expect(await titles(join(dir, 'public/news/atom.xml'))).toEqual(['Julafton', 'Andra', 'Första']);
  });

  it('the same content and the same cut-off give the same bytes, from --now or FEEDWATCH_NOW', async () => {
    const dir = await site();
    expect((await runCli(['build', '--now', CUTOFF, '--out', 'a'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['build', '--out', 'b'], { cwd: dir, env: { FEEDWATCH_NOW: '2026-11-28T11:00:00+01:00' } })).code).toBe(0);
    // The clock of the machine is later than both: it would have published Julafton.
    const a = await tree(join(dir, 'a'));
    expect(Object.keys(a).length).toBeGreaterThan(5);
    expect(await tree(join(dir, 'b'))).toEqual(a);
    // The flag wins over the variable.
    const flag = await runCli(['build', '--now', CUTOFF, '--out', 'c'], { cwd: dir, env: { FEEDWATCH_NOW: '2027-06-01T00:00:00Z' } });
    expect(flag.stdout).toContain('(cut-off 2026-11-28T10:00:00Z)');
    expect(await tree(join(dir, 'c'))).toEqual(a);
  });

  it('an invalid --now or FEEDWATCH_NOW is exit 2, and nothing is built', async () => {
    const dir = await site();
    const flag = await runCli(['build', '--now', '2026-11-28'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('feedwatch: [usage] build: --now "2026-11-28" has no time and offset; give a date-time with a UTC offset, e.g. 2026-05-01T08:00:00+02:00.\nUsage: feedwatch build [options]\n');
    const env = await runCli(['build'], { cwd: dir, env: { FEEDWATCH_NOW: 'tomorrow' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toBe('feedwatch: [config] environment variable FEEDWATCH_NOW "tomorrow" is not an ISO 8601 date-time; give a date-time with a UTC offset, e.g. 2026-05-01T08:00:00+02:00.\n');
    expect(existsSync(join(dir, 'public'))).toBe(false);
  });

  it('drafts and held items never enter the archive page record', async () => {
    const dir = await site();
    expect((await runCli(['build', '--now', CUTOFF, '--archive-size', '1'], { cwd: dir })).code).toBe(0);
    const record = JSON.parse(await readFile(join(dir, 'public/news/archive/.pages.json'), 'utf8'));
    expect(record.pages).toEqual([['tag:example.org,2026:news/forsta'], ['tag:example.org,2026:news/andra']]);
  });
});

describe('build --drafts --future: the preview', () => {
  it('needs an --out other than the configured one: exit 2 saying why, nothing written', async () => {
    const dir = await site();
    const before = await tree(dir);
    for (const args of [['--drafts', '--future'], ['--drafts', '--out', 'public'], ['--future', '--out', './public/']]) {
      const r = await runCli(['build', ...args], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^feedwatch: \[usage\] build: --(drafts|future)( and --future)? makes? a preview with unpublished items, so it needs an --out of its own: .*public is the configured output folder, the one readers get\. Add e\.g\. --out preview/);
    }
    // The configured folder is what the config file names: there, `public` is any other folder.
    await writeFile(join(dir, 'feedwatch.config.json'), JSON.stringify({ out: 'site', baseUrl: 'https://feeds.example.org/' }));
    expect((await runCli(['build', '--drafts', '--out', 'site'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['build', '--drafts', '--out', 'other'], { cwd: dir, env: { FEEDWATCH_OUT: 'other' } })).code).toBe(2);
    const withoutPreview = { ...(await tree(dir)) };
    delete withoutPreview['feedwatch.config.json'];
    const beforeRest = { ...before };
    delete beforeRest['feedwatch.config.json'];
    expect(withoutPreview).toEqual(beforeRest);
  });

  it('refuses an --out inside the configured output (served with it), or one that holds it, also through a symbolic link', async () => {
    const dir = await site();
    expect((await runCli(['build', '--now', CUTOFF], { cwd: dir })).code).toBe(0);
    const published = await tree(join(dir, 'public'));
    await symlink(join(dir, 'public'), join(dir, 'served'));
    const cases: [string[], RegExp][] = [
      [['--drafts', '--future', '--out', 'public/preview'], /: \S*public\/preview is inside \S*public, the configured output folder, the one readers get\. Add e\.g\. --out preview/],
      [['--drafts', '--out', join(dir, 'public', 'a', 'b')], /public\/a\/b is inside \S*public, the configured output folder/],
      [['--future', '--out', 'served/preview'], /: \S*served\/preview is inside \S*public, the configured output folder/],
      [['--drafts', '--out', '.'], /: \S+ holds \S*public, the configured output folder, the one readers get\./],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['build', ...args, '--now', CUTOFF], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^feedwatch: \[usage\] build: --(drafts|future)( and --future)? makes? a preview with unpublished items, so it needs an --out of its own: /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await tree(join(dir, 'public'))).toEqual(published);
    expect(existsSync(join(dir, 'public/preview'))).toBe(false);
    // A folder beside it, even one whose name starts the same, is another folder.
    expect((await runCli(['build', '--drafts', '--out', 'public-preview', '--now', CUTOFF], { cwd: dir })).code).toBe(0);
    expect(await titles(join(dir, 'public-preview/news/atom.xml'))).toContain('Utkastet');
  });

  it('publishes drafts and later items into its own folder, and writes no archive page record', async () => {
    const dir = await site();
    expect((await runCli(['build', '--now', CUTOFF, '--archive-size', '1'], { cwd: dir })).code).toBe(0);
    const published = await tree(join(dir, 'public'));
    // A draft older than every published item: only the published record keeps it off their pages.
    await writeFile(join(dir, 'feeds/news/items/2026-09-01-gammalt.md'), itemText('Gammalt utkast', '2026-09-01T10:00:00+02:00', 'https://www.example.org/gammalt', 'draft: true\n'));
    const r = await runCli(['build', '--drafts', '--future', '--out', 'preview', '--now', CUTOFF, '--archive-size', '1'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('news: Nyheter (6 items, 6 archive pages)\n');
    expect(r.stdout).toContain('Preview with drafts and items dated after 2026-11-28T10:00:00Z; the archive page record was not written.\n');
    expect(await titles(join(dir, 'preview/news/atom.xml'))).toEqual(['Nyår']);
    const archived = [];
    for (let n = 1; n <= 6; n++) archived.push(...(await titles(join(dir, `preview/news/archive/${n}.atom.xml`))));
    // The published pages first, as the configured output's record has them; the rest after.
    expect(archived).toEqual(['Första', 'Andra', 'Gammalt utkast', 'Utkastet', 'Julafton', 'Nyår']);
    expect(existsSync(join(dir, 'preview/news/archive/.pages.json'))).toBe(false);
    expect(await tree(join(dir, 'public'))).toEqual(published);
    // The next real build still has only the published items on its pages.
    expect((await runCli(['build', '--now', CUTOFF, '--archive-size', '1'], { cwd: dir })).code).toBe(0);
    expect(await tree(join(dir, 'public'))).toEqual(published);
  });

  it('--drafts alone leaves later items held', async () => {
    const dir = await site();
    const r = await runCli(['build', '--drafts', '--out', 'preview', '--now', CUTOFF], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Preview with drafts; the archive page record was not written.');
    expect(await titles(join(dir, 'preview/news/atom.xml'))).toEqual(['Utkastet', 'Andra', 'Första']);
  });

  it('--help names the options', async () => {
    const r = await runCli(['build', '--help']);
    for (const flag of ['--drafts', '--future', '--now ISO', 'FEEDWATCH_NOW']) expect(r.stdout).toContain(flag);
  });
});

describe('check: drafts and scheduled items', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('127.0.0.1');
    for (const path of ['/forsta', '/andra', '/kalla']) server.routes.set(path, page(path.slice(1), 'Text.'));
  });
  afterAll(() => server.close());

  it('checks a draft\'s sources, skips its own page (draft) and a later item\'s (scheduled), and marks the draft in report.json', async () => {
    const dir = await site(server.base);
    const requested: string[] = [];
    server.routes.set('/utkast', (req, res) => (requested.push(req.url!), res.writeHead(404).end()));
    server.routes.set('/jul', (req, res) => (requested.push(req.url!), res.writeHead(404).end()));
    const now = () => new Date(CUTOFF);
    const r = await runCli(['check', '--allow-private', '--no-wayback', '--format', 'json'], { cwd: dir, now });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expectValidReport(report);
    expectValidReport(await readFile(join(dir, 'public/health/report.json'), 'utf8'));
    const by = new Map<string, { status: string; reason: string | null; items: { id: string; draft: boolean }[] }>(report.links.map((l: { url: string }) => [l.url, l]));
    expect(by.get(`${server.base}/kalla`)).toMatchObject({ status: 'ok', items: [{ id: 'tag:example.org,2026:news/utkast', draft: true }] });
    expect(by.get(`${server.base}/utkast`)).toMatchObject({ status: 'skipped', reason: 'draft', items: [{ draft: true }] });
    expect(by.get(`${server.base}/utkast#mer`)).toMatchObject({ status: 'skipped', reason: 'draft' });
    expect(by.get(`${server.base}/jul`)).toMatchObject({ status: 'skipped', reason: 'scheduled', items: [{ id: 'tag:example.org,2026:news/jul', draft: false }] });
    expect(by.get(`${server.base}/andra`)).toMatchObject({ status: 'ok', items: [{ draft: false, scheduled: false }] });
    expect(requested).toEqual([]);
  });

  it('names a draft or scheduled citer in the public reports as what it is: never by a link to its page, and in alerts.atom not by its title', async () => {
    const dir = await site(server.base);
    // The draft cites /kalla, and a scheduled item cites /borta: both sources break.
    server.routes.set('/kalla', (_req, res) => res.writeHead(404).end());
    server.routes.set('/borta', (_req, res) => res.writeHead(404).end());
    await writeFile(join(dir, 'feeds/news/items/2026-12-24-jul.md'), itemText('Julafton', '2026-12-24T09:00:00+01:00', `${server.base}/jul`, '', `Se [källan](${server.base}/borta).`));
    const now = () => new Date(CUTOFF);
    for (let run = 1; run <= 2; run++) {
      const r = await runCli(['check', '--allow-private', '--no-wayback'], { cwd: dir, now });
      expect(r.code, r.stderr).toBe(1);
    }
    const health = (name: string) => readFile(join(dir, 'public/health', name), 'utf8');
    const report = JSON.parse(await health('report.json'));
    expectValidReport(report);
    const itemsOf = (path: string) => report.links.find((l: { url: string }) => l.url === `${server.base}${path}`).items;
    expect(itemsOf('/kalla')).toEqual([{ feed: 'news', id: 'tag:example.org,2026:news/utkast', title: 'Utkastet', link: `${server.base}/utkast`, draft: true, scheduled: false }]);
    expect(itemsOf('/borta')).toEqual([{ feed: 'news', id: 'tag:example.org,2026:news/jul', title: 'Julafton', link: `${server.base}/jul`, draft: false, scheduled: true }]);

    // alerts.atom, a public feed: the feed and the file, no title, no future address.
    const atom = await health('alerts.atom');
    const entries = parseFeed(atom).items;
    expect(entries.map((e) => e.title).sort()).toEqual([`broken: ${server.base}/borta`, `broken: ${server.base}/kalla`]);
    const content = (url: string) => entries.find((e) => e.title === `broken: ${server.base}${url}`)!.content!;
    expect(content('/kalla')).toContain('<p>Cited by:</p><ul><li>a draft item in feed news (items/2026-11-20-utkast.md)</li></ul>');
    expect(content('/borta')).toContain('<p>Cited by:</p><ul><li>a scheduled item in feed news (items/2026-12-24-jul.md)</li></ul>');
    for (const hidden of ['Utkastet', 'Julafton', `${server.base}/utkast`, `${server.base}/jul`]) expect(atom, hidden).not.toContain(hidden);

    // report.html and report.md: the title, marked, and no link to the page that is not there yet.
    const html = await health('report.html');
    expect(html).toContain('<h3>Utkastet <span class="unpublished">draft, not published</span> <span class="feed">in news</span></h3>');
    expect(html).toContain('<h3>Julafton <span class="unpublished">scheduled, not published yet</span> <span class="feed">in news</span></h3>');
    const md = await health('report.md');
    expect(md).toContain('### Utkastet _(draft, not published)_ (news)\n');
    expect(md).toContain('### Julafton _(scheduled, not published yet)_ (news)\n');
    for (const page of ['/utkast', '/utkast#mer', '/jul']) {
      expect(html, page).not.toContain(`href="${server.base}${page}"`);
      expect(md, page).not.toContain(`(${server.base}${page})`);
    }
    // The own pages are still listed as skipped, as text.
    expect(html).toContain(`<span class="url">${server.base}/utkast</span> <span class="feed">(draft)</span>`);
    expect(md).toContain(`| skipped (draft) | ${server.base.replace('://', '\\://')}/utkast |`);
    // A published citer is still a link.
    expect(md).toContain(`[Andra](${server.base}/andra)`);
  });
});
