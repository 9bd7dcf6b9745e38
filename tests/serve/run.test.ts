import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runService } from '../../src/runtime/node/commands/run.js';
import type { Schedule, Task, TaskResult } from '../../src/runtime/node/scheduler.js';
import { withWebSub } from '../../src/runtime/node/websub.js';
import { tempDir } from '../helpers/cli.js';
import { get } from './fixtures.js';
import { serviceContext, sleep } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function folders() {
  const t = await tempDir('feedwatch-run-');
  cleanups.push(t.cleanup);
  const out = join(t.dir, 'public');
  const feeds = join(t.dir, 'feeds');
  await mkdir(out, { recursive: true });
  await mkdir(join(feeds, 'news', 'items'), { recursive: true });
  await writeFile(join(out, 'index.html'), '<!doctype html><title>Feeds</title>');
  return { dir: t.dir, out, feeds };
}

/** A schedule that fires every `ms` milliseconds whatever the expression says, and counts its handles. */
function fastSchedule(ms: number): Schedule & { active: number } {
  const s = ((expression: string, fn: () => void) => {
    s.active++;
    const timer = setInterval(fn, ms);
    return { stop: () => (clearInterval(timer), s.active--) };
  }) as unknown as Schedule & { active: number };
  s.active = 0;
  return s;
}

const done = (summary = 'done'): TaskResult => ({ exitCode: 0, summary });

describe('run: schedules', () => {
  it('runs scheduled checks, never two at once, and stops cleanly', async () => {
    const { out, feeds } = await folders();
    const { ctx, stdout, abort } = serviceContext({ out, feeds, 'check-schedule': '* * * * *' });
    let active = 0;
    let maxActive = 0;
    let finished = 0;
    const check: Task = async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await sleep(120); // longer than the schedule's period, so runs would overlap
      active--;
      finished++;
      return { exitCode: finished === 1 ? 1 : 0, summary: `${finished} links: 1 broken` };
    };
    const schedule = fastSchedule(30);
    const running = runService(ctx, { schedule, tasks: { build: async () => done('built'), check } }, { strictFirstBuild: false, checkAtStart: false });
    await stdout.waitFor(/check #2 \(schedule\): exit 0/);
    expect(stdout.text).toMatch(/check #1 \(schedule\): exit 1 in \d+\.\ds: 1 links: 1 broken/);
    expect(stdout.text).toMatch(/check skipped \(schedule\): check #\d is still running/);
    expect(maxActive).toBe(1);
    expect(stdout.text).toMatch(/build #1 \(start\): exit 0 .*built/);
    abort.abort();
    expect(await running).toBe(0);
    expect(schedule.active).toBe(0);
    expect(active).toBe(0);
  });

  it('waits for the running check to finish its write before returning', async () => {
    const { out, feeds } = await folders();
    const { ctx, stdout, abort } = serviceContext({ out, feeds, 'check-schedule': '* * * * *' });
    let sawAbort = false;
    let wrote = false;
    let started!: () => void;
    const checkStarted = new Promise<void>((r) => (started = r));
    const check: Task = async (signal) => {
      started();
      await sleep(100);
      sawAbort = signal.aborted;
      await writeFile(join(out, 'written.txt'), 'complete'); // the "current write" finishes
      wrote = true;
      return done();
    };
    const running = runService(ctx, { schedule: fastSchedule(10), tasks: { build: async () => done(), check } }, { strictFirstBuild: false, checkAtStart: false });
    await checkStarted;
    abort.abort();
    expect(await running).toBe(0);
    expect(wrote).toBe(true);
    expect(sawAbort).toBe(true);
    expect(stdout.text).toMatch(/waiting for check to finish writing/);
  });

  it('keeps going when a check throws or fails', async () => {
    const { out, feeds } = await folders();
    const { ctx, stdout, abort } = serviceContext({ out, feeds, 'check-schedule': '* * * * *' });
    let checks = 0;
    const check: Task = async () => {
      checks++;
      if (checks === 1) throw new Error('network down');
      return { exitCode: 3, summary: '[run] state unreadable' };
    };
    const running = runService(ctx, { schedule: fastSchedule(40), tasks: { build: async () => done(), check } }, { strictFirstBuild: false, checkAtStart: false });
    await stdout.waitFor(/check #3/);
    expect(stdout.text).toMatch(/check #1 \(schedule\): exit 3 .*failed: network down/);
    expect(stdout.text).toMatch(/check #2 \(schedule\): exit 3 .*state unreadable/);
    abort.abort();
    expect(await running).toBe(0);
  });

  it('rebuilds once after a burst of changes in feeds/, and not for dotfiles', async () => {
    const { out, feeds } = await folders();
    const { ctx, stdout, abort } = serviceContext({ out, feeds });
    let builds = 0;
    const build: Task = async () => (builds++, done(`build ${builds}`));
    const running = runService(ctx, { schedule: fastSchedule(60_000), tasks: { build, check: async () => done() }, debounceMs: 300 }, { strictFirstBuild: false, checkAtStart: false });
    await stdout.waitFor(/rebuilds: when .*feeds changes/);
    expect(builds).toBe(1); // the build at start
    await writeFile(join(feeds, 'news', 'items', '2018-11-29-a.md'), '---\ntitle: x\n---\n');
    await writeFile(join(feeds, 'news', 'items', '2018-11-29-b.md'), '---\ntitle: y\n---\n');
    await stdout.waitFor(/build #2 \(.*feeds changed\)/);
    await sleep(600);
    expect(builds).toBe(2); // two writes, one debounced rebuild
    await writeFile(join(feeds, 'news', 'items', '.2018-11-29-a.md.swp'), 'editor noise');
    await sleep(600);
    expect(builds).toBe(2);
    abort.abort();
    expect(await running).toBe(0);
  });

  it('serves /healthz with the last runs', async () => {
    const { out, feeds } = await folders();
    const { ctx, stdout, abort } = serviceContext({ out, feeds, 'check-schedule': '* * * * *' });
    const running = runService(ctx, { schedule: fastSchedule(20), tasks: { build: async () => done(), check: async () => done('3 links: 3 ok') } }, { strictFirstBuild: false, checkAtStart: false });
    const [, url] = await stdout.waitFor(/serving .* on (http:\S+)/);
    await stdout.waitFor(/check #1/);
    const health = JSON.parse((await get(`${url}healthz`)).body.toString());
    expect(health.status).toBe('ok');
    expect(health.runs.check).toMatchObject({ task: 'check', exitCode: 0, summary: '3 links: 3 ok' });
    expect(health.runs.build).toMatchObject({ task: 'build', reason: 'start' });
    expect(health.schedule.check).toBe('* * * * *');
    abort.abort();
    expect(await running).toBe(0);
  });
});

describe('start', () => {
  it('stops the first check at once on SIGTERM-like abort, and lets it finish its write', async () => {
    const { out, feeds } = await folders();
    const { ctx, stdout, abort } = serviceContext({ out, feeds });
    let finished = false;
    let started!: () => void;
    const checkStarted = new Promise<void>((r) => (started = r));
    const check: Task = (signal) =>
      new Promise((resolve) => {
        started();
        // A long check that winds down when told to stop, after finishing what it writes.
        const timer = setTimeout(() => resolve(done()), 60_000);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          finished = true;
          resolve({ exitCode: 3, summary: 'stopped' });
        });
      });
    const running = runService(ctx, { schedule: fastSchedule(60_000), tasks: { build: async () => done(), check } }, { strictFirstBuild: true, checkAtStart: true });
    await checkStarted;
    abort.abort();
    expect(await running).toBe(0);
    expect(finished).toBe(true);
    expect(stdout.text).toMatch(/check #1 \(start\): exit 3 .*stopped/);
  });

  it('stops with exit 2 and the problems when the first build finds invalid content', async () => {
    const { out, feeds } = await folders();
    const { ctx, stdout, stderr } = serviceContext({ out, feeds });
    const build: Task = async () => ({ exitCode: 2, summary: '[content] 1 problem in content; nothing was written:', details: 'feeds/news/items/x.md:2: error: title: missing' });
    const code = await runService(ctx, { schedule: fastSchedule(1000), tasks: { build, check: async () => done() } }, { strictFirstBuild: true, checkAtStart: true });
    expect(code).toBe(2);
    expect(stdout.text).toContain('feeds/news/items/x.md:2: error: title: missing');
    expect(stderr.text).toMatch(/content .* is invalid/);
    expect(stderr.text).toContain('feeds/news/items/x.md:2: error: title: missing');
  });

  it('starts even when the first check fails (no network), prints the addresses, then serves', async () => {
    const { dir, feeds } = await folders();
    const out = join(dir, 'fresh-public'); // does not exist yet: start creates it
    const { ctx, stdout, abort } = serviceContext({ out, feeds });
    const build: Task = async () => {
      await mkdir(join(out, 'news'), { recursive: true });
      await writeFile(join(out, 'news', 'atom.xml'), '<feed xmlns="http://www.w3.org/2005/Atom"/>');
      return done('1 feed');
    };
    const check: Task = async () => ({ exitCode: 1, summary: '6 links: 6 broken' });
    const running = runService(ctx, { schedule: fastSchedule(60_000), tasks: { build, check } }, { strictFirstBuild: true, checkAtStart: true });
    const [, url] = await stdout.waitFor(/serving .* on (http:\S+)/);
    await stdout.waitFor(/check #1 \(start\): exit 1 .*6 broken/);
    expect(stdout.text).toContain(`  feed news    ${url}news/atom.xml`);
    expect((await get(`${url}news/atom.xml`)).status).toBe(200);
    abort.abort();
    expect(await running).toBe(0);
  });
});

describe('WebSub', () => {
  it('pings each hub for each feed a build changed, and not for unchanged feeds', async () => {
    const { out } = await folders();
    const pings: string[] = [];
    const hub = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        pings.push(`${req.method} ${req.headers['content-type']} ${body}`);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => hub.close(() => r())));
    const hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
    let version = 1;
    const build: Task = async () => {
      await mkdir(join(out, 'news'), { recursive: true });
      await writeFile(join(out, 'news', 'atom.xml'), `<feed>${version}</feed>`);
      await writeFile(join(out, 'news', 'rss.xml'), '<rss/>');
      return done();
    };
    const logs: string[] = [];
    const task = withWebSub(build, { out, baseUrl: 'https://feeds.example/', hubs: [hubUrl], fetch, log: (l) => logs.push(l) });
    const first = await task(new AbortController().signal);
    expect(first.summary).toContain('WebSub: 2 changed feeds, 2/2 hub pings ok');
    expect(pings.sort()).toEqual([
      'POST application/x-www-form-urlencoded hub.mode=publish&hub.url=https%3A%2F%2Ffeeds.example%2Fnews%2Fatom.xml',
      'POST application/x-www-form-urlencoded hub.mode=publish&hub.url=https%3A%2F%2Ffeeds.example%2Fnews%2Frss.xml',
    ]);
    pings.length = 0;
    expect((await task(new AbortController().signal)).summary).toBe('done'); // identical rebuild: no ping
    expect(pings).toEqual([]);
    version = 2;
    await task(new AbortController().signal);
    expect(pings).toEqual(['POST application/x-www-form-urlencoded hub.mode=publish&hub.url=https%3A%2F%2Ffeeds.example%2Fnews%2Fatom.xml']);
  });
});
