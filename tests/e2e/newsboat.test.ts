// A real feed reader against `feedwatch serve`: newsboat (Debian's package) fetches the served
// Atom and RSS feeds of the seed content (tests/fixtures/seed) headless, and its cache must hold
// the three items with their Swedish titles intact. Needs `apt-get install newsboat` and a
// compiled dist/ (`npx tsc`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseFeed } from '@rowanmanning/feed-parser';
import { runCli, tempDir } from '../helpers/cli.js';
import { ensureBuilt, spawnCli, type Child } from '../helpers/child.js';
import { SEED_FEEDS, SEED_ID_AUTHORITY } from '../helpers/seed.js';

const NEWSBOAT = '/usr/bin/newsboat';

/** The titles of the three seed items (tests/fixtures/seed/sbhss), as a reader must show them. */
const SEED_TITLES = [
  '”Digitala innovationshubbar” – Vilken roll spelar de i EU:s digitaliseringsarbete?',
  '”Ta inte EU-politiken från regionerna” – SKL:s uppmaning till Sveriges regering',
  'Småland-Blekinge-Halland på European Innovation Summit i Bryssel',
].sort();

const haveNewsboat = existsSync(NEWSBOAT);

describe.skipIf(!haveNewsboat)('newsboat reads the served feeds', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let server: Child | undefined;
  let base: string;
  let out: string;
  const feedFiles: string[] = [];

  beforeAll(async () => {
    // `npm run test:e2e` does not compile; the served command runs from dist/.
    ensureBuilt();
    tmp = await tempDir('feedwatch-newsboat-');
    out = join(tmp.dir, 'public');
    // From the temporary folder, so the repository's feedwatch.config.json plays no part.
    const built = await runCli(['build', '--feeds', SEED_FEEDS, '--out', out, '--id-authority', SEED_ID_AUTHORITY], { cwd: tmp.dir });
    expect(built.code, built.stderr).toBe(0);
    for (const id of readdirSync(out, { withFileTypes: true })) {
      if (!id.isDirectory() || id.name === 'health' || id.name.startsWith('.')) continue;
      for (const f of ['atom.xml', 'rss.xml']) if (existsSync(join(out, id.name, f))) feedFiles.push(`${id.name}/${f}`);
    }
    server = spawnCli(['serve', '--out', out, '--port', '0', '--host', '127.0.0.1'], { cwd: tmp.dir });
    base = (await server.stdout.waitFor(/on (http:\S+)/))[1]!;
  });

  afterAll(async () => {
    if (server) {
      server.process.kill('SIGTERM');
      await server.exited;
    }
    await tmp?.cleanup();
  });

  /** Runs newsboat with its own home, URL list, config and cache; returns the cache path. */
  async function newsboat(name: string, url: string, extra: string[] = []): Promise<{ cache: string; output: string; home: string }> {
    const home = join(tmp.dir, `home-${name}`);
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'urls'), url + '\n');
    await writeFile(join(home, 'config'), 'download-timeout 20\n');
    // A UTF-8 locale: newsboat converts titles to the locale's charset.
    const env = { ...process.env, HOME: home, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TERM: 'dumb' };
    const args = ['-u', join(home, 'urls'), '-c', join(home, 'cache.db'), '-C', join(home, 'config'), ...extra];
    execFileSync(NEWSBOAT, [...args, '-x', 'reload'], { env, timeout: 60_000 });
    const output = execFileSync(NEWSBOAT, [...args, '-x', 'print-unread'], { env, timeout: 60_000 }).toString();
    return { cache: join(home, 'cache.db'), output, home };
  }

  // One reader per feed document: Atom and RSS carry the same ids, which newsboat keys its cache by.
  it('gets every item with its Swedish title intact, from Atom and from RSS', async () => {
    expect(feedFiles.length).toBeGreaterThan(0);
    for (const file of feedFiles) {
      const url = `${base}${file}`;
      const expected = parseFeed(await readFile(join(out, file), 'utf8')).items.map((i) => i.title).sort();
      expect(expected).toEqual(SEED_TITLES);
      const { cache, output } = await newsboat(file.replace(/\W/g, '-'), url);
      expect(output, url).toMatch(new RegExp(`^${expected.length} unread articles`, 'm'));
      const db = new Database(cache, { readonly: true });
      try {
        const got = (db.prepare('SELECT title FROM rss_item WHERE feedurl = ? ORDER BY title').all(url) as { title: string }[]).map((r) => r.title).sort();
        expect(got, url).toEqual(expected);
        expect(got.join(' '), url).toMatch(/[åäö]/); // the Swedish letters survived the trip
        const feed = db.prepare('SELECT title FROM rss_feed WHERE rssurl = ?').get(url) as { title: string } | undefined;
        expect(feed?.title, url).toBeTruthy();
      } finally {
        db.close();
      }
    }
  });

  it('sends the stored ETag on later reloads and gets 304, not the body again', async () => {
    const file = feedFiles[0]!;
    const { home } = await newsboat(`again-${file.replace(/\W/g, '-')}`, `${base}${file}`);
    const env = { ...process.env, HOME: home, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TERM: 'dumb' };
    const reload = (log: string) =>
      execFileSync(NEWSBOAT, ['-u', join(home, 'urls'), '-c', join(home, 'cache.db'), '-C', join(home, 'config'), '-l', '6', '-d', join(home, log), '-x', 'reload'], { env, timeout: 60_000 });
    // newsboat 2.21 stores a new feed's ETag from its second download on.
    reload('second.log');
    reload('third.log');
    const text = await readFile(join(home, 'third.log'), 'utf8');
    const db = new Database(join(home, 'cache.db'), { readonly: true });
    const stored = (db.prepare('SELECT etag FROM rss_feed').get() as { etag: string }).etag;
    db.close();
    expect(stored).toMatch(/^"[A-Za-z0-9_-]+(-gz|-br)?"$/); // ours; newsboat asks for gzip, so the gzip variant's tag
    expect(text).toContain(`fetch_lastmodified: t = `);
    expect(text).toContain(`etag = ${stored}`);
    expect(text).not.toMatch(/retrieved data for \S+: </); // the 304 carried no body
  });
});
