// One check at a time per state file, with real processes: a second `check` waits for the first and
// gives up with exit 3 naming it; a lock whose process is gone is taken over; a signal releases it;
// `run` skips a scheduled check that meets it and keeps going; `check --url` takes none.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { ensureBuilt, runChild, spawnCli, type Child } from '../helpers/child.js';
import { writeLinkFeed } from '../helpers/link-feed.js';
import { html, page, startServer, type TestServer } from '../links/servers.js';

let site: TestServer;
/** Requests to /hold wait until the test lets them go. */
let releaseHeld: () => void = () => undefined;
let held = new Promise<void>((r) => (releaseHeld = r));
const children: Child[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ensureBuilt();
  site = await startServer('127.0.0.81', async (req, res) => {
    if (req.url?.startsWith('/hold')) await held;
    html(res, page('Page', '<p>text</p>'));
  });
}, 120_000);
afterAll(async () => {
  releaseHeld();
  await site.close();
});
afterEach(async () => {
  for (const c of children.splice(0)) c.process.kill('SIGKILL');
  for (const c of cleanups.splice(0)) await c();
  releaseHeld();
  held = new Promise<void>((r) => (releaseHeld = r));
});

async function project() {
  const t = await tempDir('feedwatch-lock-');
  cleanups.push(t.cleanup);
  await writeLinkFeed(t.dir, [site.url('/hold')]);
  const state = join(t.dir, 'state.db');
  return { dir: t.dir, state, lock: `${state}.lock`, args: ['--feeds', 'feeds', '--out', 'public', '--state', state, '--allow-private', '--no-wayback'] };
}

function start(args: string[], cwd: string): Child {
  const c = spawnCli(args, { cwd });
  children.push(c);
  return c;
}

/** Resolves once the server has seen `n` requests to /hold (the check holding the lock is under way). */
async function holdRequests(n: number): Promise<void> {
  while (site.requests.filter((r) => r.path.startsWith('/hold')).length < n) await new Promise((r) => setTimeout(r, 20));
}

describe('the state lock', () => {
  it('makes a second check wait, then exit 3 naming the first; a third waits its turn', async () => {
    const p = await project();
    const before = site.requests.filter((r) => r.path.startsWith('/hold')).length;
    const first = start(['check', ...p.args], p.dir);
    await holdRequests(before + 1);
    const lock = JSON.parse(await readFile(p.lock, 'utf8'));
    expect(lock).toEqual({ pid: first.process.pid, host: hostname(), command: 'feedwatch check', startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    const second = await runChild(['check', ...p.args, '--lock-wait', '300'], { cwd: p.dir });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain('waiting up to 0.3 s');
    expect(second.stderr).toContain(`is in use by another check: pid ${first.process.pid} on this host (feedwatch check), started ${lock.startedAt}`);
    expect(second.stderr).toMatch(/--lock-wait/);
    expect(second.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const third = start(['check', ...p.args, '--lock-wait', '60000'], p.dir);
    await third.stderr.waitFor(/waiting up to 60 s/);
    releaseHeld();
    expect(await first.exited).toBe(0);
    expect(await third.exited).toBe(0);
    expect(third.stderr.text).not.toContain('took over');
    expect(existsSync(p.lock)).toBe(false);
  });

  it('takes over the lock of a check killed with SIGKILL, and says so', async () => {
    const p = await project();
    const before = site.requests.filter((r) => r.path.startsWith('/hold')).length;
    const victim = start(['check', ...p.args], p.dir);
    await holdRequests(before + 1);
    victim.process.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    expect(JSON.parse(await readFile(p.lock, 'utf8')).pid).toBe(victim.process.pid);
    releaseHeld();
    const next = await runChild(['check', ...p.args, '--lock-wait', '0'], { cwd: p.dir });
    expect(next.code).toBe(0);
    expect(next.stderr).toContain(`took over the stale lock ${p.lock}: pid ${victim.process.pid} on this host (feedwatch check)`);
    expect(existsSync(p.lock)).toBe(false);
  });

  it('takes over an empty lock file left long ago, and waits for one of another host', async () => {
    const p = await project();
    releaseHeld();
    await writeFile(p.lock, '');
    const { utimes } = await import('node:fs/promises');
    await utimes(p.lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const took = await runChild(['check', ...p.args, '--lock-wait', '0'], { cwd: p.dir });
    expect(took.code).toBe(0);
    expect(took.stderr).toContain('took over the stale lock');

    await writeFile(p.lock, JSON.stringify({ pid: 1, host: 'elsewhere.example', command: 'feedwatch run', startedAt: '2026-01-01T00:00:00.000Z' }));
    const other = await runChild(['check', ...p.args, '--lock-wait', '0'], { cwd: p.dir });
    expect(other.code).toBe(3);
    expect(other.stderr).toContain('pid 1 on host elsewhere.example (feedwatch run), started 2026-01-01T00:00:00.000Z');
    expect(other.stderr).toContain(`remove ${p.lock}`);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('is released when the check is stopped with %s', async (signal) => {
    const p = await project();
    const before = site.requests.filter((r) => r.path.startsWith('/hold')).length;
    const c = start(['check', ...p.args], p.dir);
    await holdRequests(before + 1);
    expect(existsSync(p.lock)).toBe(true);
    c.process.kill(signal);
    expect(await c.exited).toBe(signal);
    expect(existsSync(p.lock)).toBe(false);
  });

  it('run skips a scheduled check that meets the lock, logs who holds it, and keeps going', async () => {
    const p = await project();
    const before = site.requests.filter((r) => r.path.startsWith('/hold')).length;
    const cli = start(['check', ...p.args], p.dir);
    await holdRequests(before + 1);
    const run = start(['run', ...p.args, '--port', '0', '--host', '127.0.0.1', '--check-schedule', '* * * * * *'], p.dir);
    const [line] = await run.stdout.waitFor(/check skipped \(schedule\): .*/, 20_000);
    expect(line).toContain(`in use by another check: pid ${cli.process.pid} on this host (feedwatch check)`);
    releaseHeld();
    expect(await cli.exited).toBe(0);
    // The next scheduled check runs, holding the lock as `feedwatch run`.
    await run.stdout.waitFor(/check #1 \(schedule\): exit 0/, 20_000);
    run.process.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(existsSync(p.lock)).toBe(false);
  }, 60_000);

  it('check --url opens no state file and takes no lock', async () => {
    const p = await project();
    const before = site.requests.filter((r) => r.path.startsWith('/hold')).length;
    const cli = start(['check', ...p.args], p.dir);
    await holdRequests(before + 1);
    const probe = await runChild(['check', '--url', site.url('/fast'), '--allow-private', '--state', p.state, '--lock-wait', '0'], { cwd: p.dir });
    expect(probe.code).toBe(0);
    expect(probe.stderr).not.toContain('in use');
    releaseHeld();
    expect(await cli.exited).toBe(0);
  });
});
