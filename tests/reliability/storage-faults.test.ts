// Storage faults, with real processes: a read-only output folder (EROFS) and a full disk (ENOSPC),
// injected into the child's file system calls (tests/helpers/fs-faults.mjs), and a file size limit
// (EFBIG) from `ulimit -f` in a child shell. Each ends in exit 3 with one message naming the file and
// the reason, no stack trace, no temporary file left, and the last good outputs as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { ensureBuilt, root, runChild } from '../helpers/child.js';
import { writeLinkFeed } from '../helpers/link-feed.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { html, page, startServer, type TestServer } from '../links/servers.js';

const FAULTS = join(root, 'tests/helpers/fs-faults.mjs');
const cleanups: (() => Promise<void>)[] = [];
let site: TestServer;

beforeAll(async () => {
  ensureBuilt();
  site = await startServer('127.0.0.85', (_req, res) => html(res, page('Fine', '<p>ok</p>')));
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
  return out.sort();
}

/** Every file below `dir` with its bytes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const f of await walk(dir)) files.set(f, await readFile(f, 'latin1'));
  return files;
}

/** A project with a feed of `items` items (about 1 KB each) and a good build and check done. */
async function project(items = 3) {
  const t = await tempDir('feedwatch-faults-');
  cleanups.push(t.cleanup);
  const feeds = await writeLinkFeed(t.dir, [site.url('/a'), site.url('/b')]);
  for (let i = 0; i < items; i++) {
    const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    await writeFile(join(feeds, 'news', 'items', `${day}-n${i}.md`), `---\ntitle: "Nyhet ${i}"\ndate: ${day}T10:00:00+01:00\nlink: ${site.url(`/n${i}`)}\n---\n${'Text om regionerna. '.repeat(50)}\n`);
  }
  const out = join(t.dir, 'public');
  const build = ['build', '--feeds', 'feeds', '--out', 'public', '--archive-size', '500'];
  const check = ['check', '--feeds', 'feeds', '--out', 'public', '--state', 'state.db', '--allow-private', '--no-wayback'];
  expect((await runChild(build, { cwd: t.dir })).code).toBe(0);
  expect((await runChild(check, { cwd: t.dir })).code).toBe(0);
  // Changed content: the next build has every feed document to write again.
  await writeFile(join(feeds, 'news', 'feed.yaml'), (await readFile(join(feeds, 'news', 'feed.yaml'), 'utf8')).replace('title: News', 'title: Nyheter'));
  return { dir: t.dir, out, build, check, before: await snapshot(out) };
}

function expectOneClearMessage(stderr: string, path: RegExp, reason: RegExp): void {
  expect(stderr).toMatch(/^feedwatch: \[run\] cannot write /m);
  expect(stderr).toMatch(path);
  expect(stderr).toMatch(reason);
  expect(stderr).not.toMatch(/\n\s+at |unexpected failure/);
}

async function expectNothingLost(out: string, before: Map<string, string>): Promise<void> {
  const after = await snapshot(out);
  expect([...after.keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);
  for (const [f, bytes] of before) expect(after.get(f) === bytes, `${f} changed`).toBe(true);
}

describe('storage faults', () => {
  it.each([
    ['EROFS', /the file system is read-only \(EROFS\)/],
    ['ENOSPC', /no space left on the device \(ENOSPC\)/],
  ])('build on a %s output folder: exit 3, the path and the reason, the last good outputs kept', async (code, reason) => {
    const p = await project();
    const r = await runChild(p.build, { cwd: p.dir, nodeArgs: ['--import', FAULTS], env: { FEEDWATCH_TEST_FAULT: `${code}:${p.out}` } });
    expect(r.code).toBe(3);
    expectOneClearMessage(r.stderr, /public\/(news\/)?[a-z.]+/, reason);
    await expectNothingLost(p.out, p.before);
  });

  it.each([
    ['EROFS', /the file system is read-only \(EROFS\)/],
    ['ENOSPC', /no space left on the device \(ENOSPC\)/],
  ])('check with %s on <out>/health/: exit 3, the path and the reason, the last reports kept', async (code, reason) => {
    const p = await project();
    const r = await runChild(p.check, { cwd: p.dir, nodeArgs: ['--import', FAULTS], env: { FEEDWATCH_TEST_FAULT: `${code}:${join(p.out, 'health')}` } });
    expect(r.code).toBe(3);
    expectOneClearMessage(r.stderr, /public\/health\/report\.json/, reason);
    await expectNothingLost(p.out, p.before);
    // The run after the fault is cleared works as usual.
    expect((await runChild(p.check, { cwd: p.dir })).code).toBe(0);
    expectValidReport(await readFile(join(p.out, 'health', 'report.json'), 'utf8'));
  });

  it('build over the file size limit (ulimit -f, EFBIG): exit 3 naming the file; smaller files are written, the big one kept whole', async () => {
    const p = await project(60); // feed documents of about 80 KB
    const limitKiB = 32;
    // `ulimit -f` counts 512-byte blocks in sh (POSIX) and 1024-byte ones in bash: ask for the smaller.
    const r = await runChild(p.build, { cwd: p.dir, shellPrefix: `ulimit -f ${limitKiB * 2};` });
    expect(r.code).toBe(3);
    expectOneClearMessage(r.stderr, /public\/news\/(rss\.xml|atom\.xml|feed\.json)/, /file size limit, ulimit -f\) \(EFBIG\)/);
    const after = await snapshot(p.out);
    expect([...after.keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const [f, bytes] of p.before) {
      // Every file is either its old bytes or a new whole file; none is cut at the limit.
      const now = after.get(f)!;
      if (now !== bytes) expect(now.length, f).toBeLessThan(limitKiB * 1024);
    }
  });
});

describe('a real read-only file system (a tmpfs remounted read-only; mount needs root, skipped otherwise)', () => {
  // Node's recursive mkdir says ENOENT on a read-only file system: every folder is made one level at
  // a time (fs.ts makeFolder), so the reason shown is the real one.
  let disk = '';
  let skip = '';
  beforeAll(async () => {
    const t = await tempDir('feedwatch-ro-');
    cleanups.push(async () => {
      if (!skip) execFileSync('umount', ['-l', disk]);
      await t.cleanup();
    });
    disk = join(t.dir, 'disk');
    await mkdir(disk);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk], { stdio: 'pipe' });
    } catch (e) {
      skip = `cannot mount a tmpfs here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()})`;
      console.warn(`read-only file system tests skipped: ${skip}`);
      return;
    }
    // A site made while writable, its items folder then removed, so `new` has a folder to make.
    const init = ['init', 'site', '--feed', 'news', '--title', 'News', '--link', 'https://www.example.org/', '--language', 'en', '--author', 'Office'];
    expect((await runChild(init, { cwd: disk })).code).toBe(0);
    await rm(join(disk, 'site', 'feeds', 'news', 'items'), { recursive: true });
    execFileSync('mount', ['-o', 'remount,ro', disk], { stdio: 'pipe' });
  }, 120_000);

  it.each([
    ['init into a new folder', ['init', 'other', '--feed', 'news', '--title', 'News', '--link', 'https://www.example.org/', '--language', 'en', '--author', 'Office'], '.', /other(\/feeds\/news\/items)?: the file system is read-only \(EROFS\)/],
    ['new, whose items folder is missing', ['new', 'news', 'Hello'], 'site', /feeds\/news\/items(\/[^:]*)?: the file system is read-only \(EROFS\)|cannot write [^:]*feeds\/news\/items\/[^:]*: the file system is read-only \(EROFS\)/],
    ['build into a new nested --out', ['build', '--out', 'public/a/b'], 'site', /public\/a\/b: cannot use it as the --out folder: the file system is read-only \(EROFS\)/],
  ])('%s: exit 3, EROFS, not ENOENT', async (_name, args, cwd, reason) => {
    if (skip) return;
    const r = await runChild(args, { cwd: join(disk, cwd) });
    expect(r.stderr).toMatch(reason);
    expect(r.stderr).not.toContain('ENOENT');
    expect(r.stderr).not.toMatch(/\n\s+at |unexpected failure/);
    expect(r.code).toBe(3);
  });
});
