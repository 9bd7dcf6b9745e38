// A disk that fills up, for real: a small tmpfs (mount needs root; skipped with a message where it
// cannot be mounted). `build` and `check` on a full disk exit 3 with a clear message, leave no
// temporary file, and lose nothing: the last good outputs and the state are as they were, and the
// next run after space is freed works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { ensureBuilt, runChild } from '../helpers/child.js';
import { writeLinkFeed } from '../helpers/link-feed.js';
import { assertWellFormed } from '../health/xml.js';
import { html, page, startServer, type TestServer } from '../links/servers.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { record } from './results.js';

let site: TestServer;
let base = '';
let disk = '';
let mounted = false;
let cleanup = async () => undefined as void;
let skipReason = '';

beforeAll(async () => {
  ensureBuilt();
  site = await startServer('127.0.0.86', (_req, res) => html(res, page('Fine', '<p>ok</p>')));
  const t = await tempDir('feedwatch-disk-');
  base = t.dir;
  cleanup = t.cleanup;
  disk = join(base, 'disk');
  await mkdir(disk);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk], { stdio: 'pipe' });
    mounted = true;
  } catch (e) {
    skipReason = `cannot mount a tmpfs here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()}); the full-disk tests need root`;
    console.warn(`full-disk tests skipped: ${skipReason}`);
  }
}, 120_000);
afterAll(async () => {
  if (mounted) execFileSync('umount', ['-l', disk]);
  await site.close();
  await cleanup();
});

/** Fills the disk with 16 KB files until it is full; returns them, to free space again. */
async function fill(): Promise<string[]> {
  const files: string[] = [];
  const chunk = Buffer.alloc(16 * 1024, 120);
  for (let i = 0; ; i++) {
    const f = join(disk, `filler-${i}`);
    try {
      await writeFile(f, chunk);
      files.push(f);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      await rm(f, { force: true });
      return files;
    }
  }
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out.sort();
}
async function snapshot(dir: string): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  for (const f of await walk(dir)) m.set(f, await readFile(f, 'latin1'));
  return m;
}

describe('a full disk (tmpfs)', () => {
  it('build: exit 3 with the reason, the last good outputs whole, then works once there is room', async (ctx) => {
    if (!mounted) return ctx.skip(skipReason);
    const project = join(base, 'build');
    const feeds = await writeLinkFeed(project, ['https://site.example/a']);
    for (let i = 0; i < 40; i++) {
      await writeFile(join(feeds, 'news', 'items', `2020-01-${String(i % 28 + 1).padStart(2, '0')}-n${i}.md`), `---\ntitle: "Nyhet ${i}"\ndate: 2020-01-${String(i % 28 + 1).padStart(2, '0')}T10:00:00+01:00\nlink: https://site.example/${i}\n---\n${'Text. '.repeat(100)}\n`);
    }
    const out = join(disk, 'public');
    const args = ['build', '--feeds', feeds, '--out', out, '--archive-size', '10'];
    expect((await runChild(args, { cwd: project })).code).toBe(0);
    const before = await snapshot(out);
    await writeFile(join(feeds, 'news', 'feed.yaml'), (await readFile(join(feeds, 'news', 'feed.yaml'), 'utf8')).replace('title: News', 'title: Nyheter'));
    const filler = await fill();
    const r = await runChild(args, { cwd: project });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^feedwatch: \[run\] cannot write .*public.*: no space left on the device \(ENOSPC\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const after = await snapshot(out);
    expect([...after.keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const [f, bytes] of before) {
      expect(after.get(f) === bytes, `${f} changed`).toBe(true);
      if (f.endsWith('.xml')) assertWellFormed(after.get(f)!);
    }
    for (const f of filler) await rm(f);
    const again = await runChild(args, { cwd: project });
    expect(again.code).toBe(0);
    record('full disk: build', [`tmpfs of 4 MB, filled: \`build\` exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`, `after freeing space: exit ${again.code}; every earlier file was unchanged and whole.`]);
  });

  it('check: exit 3 with the reason, the state and the last reports as they were, then works once there is room', async (ctx) => {
    if (!mounted) return ctx.skip(skipReason);
    const project = join(base, 'check');
    const first = [site.url('/a'), site.url('/b')];
    const feeds = await writeLinkFeed(project, first);
    const out = join(disk, 'site');
    const state = join(disk, 'state.db');
    const args = ['check', '--feeds', feeds, '--out', out, '--state', state, '--allow-private', '--no-wayback'];
    expect((await runChild(args, { cwd: project })).code).toBe(0);
    const reports = await snapshot(join(out, 'health'));
    // Many new links with long addresses: more state than the room left.
    const many = Array.from({ length: 400 }, (_, i) => site.url(`/new/${i}/${'x'.repeat(200)}`));
    await writeLinkFeed(project, [...first, ...many]);
    const filler = await fill();
    // A little room: the lock file fits, the run's state does not.
    for (const f of filler.slice(-6)) await rm(f);
    const r = await runChild(args, { cwd: project });
    expect(r.code).toBe(3);
    expect(r.stderr, r.stderr).toMatch(/^feedwatch: \[(state|run)\] .*(disk is full|disk I\/O error|no space left on the device)/m);
    // A full disk is not a damaged file: nobody is told to move the state away.
    expect(r.stderr).not.toContain('move it away');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect((await readdir(disk)).filter((n) => n.endsWith('.lock'))).toEqual([]);
    const now = await snapshot(join(out, 'health'));
    expect([...now.keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const [f, bytes] of reports) expect(now.get(f) === bytes, `${f} changed`).toBe(true);
    for (const f of filler.slice(0, -6)) await rm(f);
    const store = SqliteStore.open(state);
    const links = await store.allLinks();
    await store.close();
    expect(links.map((l) => l.url).sort()).toEqual([...first].sort());
    const again = await runChild(args, { cwd: project });
    expect(again.code).toBe(0);
    record('full disk: check', [`tmpfs of 4 MB, 96 KB left, 400 new links: \`check\` exit ${r.code}: ${r.stderr.trim().split('\n').filter((l) => l.startsWith('feedwatch:')).join(' ')}`, `the state still held the ${first.length} links of the run before; after freeing space: exit ${again.code}.`]);
  });
});
