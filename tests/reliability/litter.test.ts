// No litter: a build killed with SIGKILL mid-write leaves temporary files; the next build removes
// them, and only them: never a file of a live writer, never a file of another pattern. The same for
// `check` in <out>/health/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { ensureBuilt, runChild, spawnCli } from '../helpers/child.js';
import { writeLinkFeed } from '../helpers/link-feed.js';
import { assertWellFormed } from '../health/xml.js';
import { html, page, startServer, type TestServer } from '../links/servers.js';
import { expectValidReport } from '../helpers/report-schema.js';

const cleanups: (() => Promise<void>)[] = [];
let site: TestServer;
beforeAll(async () => {
  ensureBuilt();
  site = await startServer('127.0.0.82', (_req, res) => html(res, page('Fine', '<p>ok</p>')));
}, 120_000);
afterAll(async () => {
  await site.close();
  for (const c of cleanups.splice(0)) await c();
});

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}
const isTemp = (p: string) => /\/\.[^/]+\.[0-9a-f]+\.tmp$/.test(p);

const FEEDS = ['alfa', 'beta'];

/** The feeds' titles: every output file of a feed names it, so a new title rewrites them all. */
async function titleFeeds(root: string, title: string): Promise<void> {
  for (const feed of FEEDS) {
    await writeFile(join(root, 'feeds', feed, 'feed.yaml'), `title: "${title} ${feed}"\ndescription: Many items\nlink: https://site.example/\nlanguage: sv\nauthor:\n  name: Kontoret\n`);
  }
}

/** Two feeds of `n` items each; with archive pages of 5 a build writes about 3n/5 files per feed. */
async function bigFeeds(root: string, n: number): Promise<void> {
  for (const feed of FEEDS) {
    await mkdir(join(root, 'feeds', feed, 'items'), { recursive: true });
    for (let i = 0; i < n; i++) {
      const day = new Date(Date.UTC(2010, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      await writeFile(
        join(root, 'feeds', feed, 'items', `${day}-nyhet-${i}.md`),
        `---\ntitle: "Nyhet ${i} om regionerna"\ndate: ${day}T10:00:00+01:00\nlink: https://site.example/${feed}/${i}\n---\nText om [källan](https://source.example/${i}) och mer text ${'ord '.repeat(40)}\n`,
      );
    }
  }
}

/** A pid of this host that no process has any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const tempOf = (name: string, pid: number) => `.${name}.${HOST}${pid.toString(16).padStart(8, '0')}0badcafe.tmp`;

describe('stale temporary files', () => {
  it('after ten builds killed mid-write, the next build leaves none and every output is whole', async () => {
    const t = await tempDir('feedwatch-litter-');
    cleanups.push(t.cleanup);
    const out = join(t.dir, 'public');
    const args = ['build', '--feeds', 'feeds', '--out', 'public', '--archive-size', '5'];
    await bigFeeds(t.dir, 800);
    const archives = FEEDS.map((f) => join(out, f, 'archive'));
    const writing = async () => (await Promise.all(archives.map((d) => readdir(d).catch(() => [])))).flat().some((n) => n.endsWith('.tmp'));
    let kills = 0;
    for (let round = 0; kills < 10 && round < 20; round++) {
      // New titles each round: every file changes, so each build has plenty to write when killed.
      await titleFeeds(t.dir, `Flöde ${round}`);
      const child = spawnCli(args, { cwd: t.dir });
      let ended = false;
      void child.exited.then(() => (ended = true));
      // Kill as soon as temporary files are on disk: mid-write.
      while (!ended && !(await writing())) await new Promise((r) => setTimeout(r, 2));
      child.process.kill('SIGKILL');
      if ((await child.exited) === 'SIGKILL') kills++;
    }
    expect(kills).toBe(10);
    const litter = (await walk(out)).filter(isTemp).length;
    expect(litter).toBeGreaterThan(0);

    const done = await runChild(args, { cwd: t.dir });
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/leftover temporary files? removed/);
    const files = await walk(out);
    expect(files.filter(isTemp)).toEqual([]);
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      if (f.endsWith('.xml') || f.endsWith('.opml')) assertWellFormed(text);
      if (f.endsWith('.json')) JSON.parse(text);
    }
    // Whole means the same bytes a build from scratch makes.
    const fresh = await runChild([...args.slice(0, -4), '--out', 'fresh', '--archive-size', '5'], { cwd: t.dir });
    expect(fresh.code).toBe(0);
    const mine = files.map((f) => relative(out, f)).sort();
    const theirs = (await walk(join(t.dir, 'fresh'))).map((f) => relative(join(t.dir, 'fresh'), f)).sort();
    expect(mine).toEqual(theirs);
    for (const f of mine) expect((await readFile(join(out, f))).equals(await readFile(join(t.dir, 'fresh', f))), f).toBe(true);
  }, 120_000);

  it('removes only its own pattern, and never a file a live process may still be writing', async () => {
    const t = await tempDir('feedwatch-litter-');
    cleanups.push(t.cleanup);
    await writeLinkFeed(t.dir, ['https://site.example/a']);
    const out = join(t.dir, 'public');
    const long = new Date(Date.now() - 3600_000);
    const dead = deadPid();
    const files: Record<string, { aged: boolean; removed: boolean }> = {
      [tempOf('rss.xml', dead)]: { aged: false, removed: true }, // its writer is gone
      [`news/${tempOf('atom.xml', dead)}`]: { aged: false, removed: true },
      [tempOf('feed.json', process.pid)]: { aged: false, removed: false }, // a live writer
      [tempOf('index.html', process.pid)]: { aged: true, removed: true }, // live pid, but untouched for an hour
      ['.feeds.opml.0123456789ab.tmp']: { aged: false, removed: false }, // older names: by age only
      ['news/.rss.xml.0123456789ab.tmp']: { aged: true, removed: true },
      ['.notes.tmp']: { aged: true, removed: false }, // not our pattern
      ['rss.xml.0123456789ab.tmp']: { aged: true, removed: false },
      ['.rss.xml.0123456789ab.tmp.bak']: { aged: true, removed: false },
      ['.git/.x.0123456789ab.tmp']: { aged: true, removed: false }, // dot folders are not entered
    };
    for (const [name, f] of Object.entries(files)) {
      const path = join(out, name);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, 'partial');
      if (f.aged) await utimes(path, long, long);
    }
    const r = await runCli(['build', '--feeds', join(t.dir, 'feeds'), '--out', out]);
    expect(r.code).toBe(0);
    for (const [name, f] of Object.entries(files)) expect(existsSync(join(out, name)), name).toBe(!f.removed);
  });

  it('check removes the report files of a check killed mid-write in <out>/health/', async () => {
    const t = await tempDir('feedwatch-litter-');
    cleanups.push(t.cleanup);
    await writeLinkFeed(t.dir, [site.url('/a')]);
    const health = join(t.dir, 'public', 'health');
    await mkdir(health, { recursive: true });
    const dead = deadPid();
    const litter = [tempOf('report.json', dead), tempOf('report.html', dead), tempOf('.last-modified.json', dead)];
    for (const name of litter) await writeFile(join(health, name), '{"partial');
    const live = tempOf('report.md', process.pid);
    await writeFile(join(health, live), 'being written');
    const r = await runCli(['check', '--feeds', join(t.dir, 'feeds'), '--out', join(t.dir, 'public'), '--state', join(t.dir, 'state.db'), '--allow-private', '--no-wayback']);
    expect(r.code).toBe(0);
    const left = await readdir(health);
    for (const name of litter) expect(left).not.toContain(name);
    expect(left).toContain(live);
    expect(left).toEqual(expect.arrayContaining(['report.json', 'report.html', 'report.md', 'alerts.atom']));
    // Whole, and a report: not the partial file left by the killed check.
    expectValidReport(await readFile(join(health, 'report.json'), 'utf8'));
  });
});
