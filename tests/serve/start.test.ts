// `feedwatch start` with the real `build` and `check` commands, on a copy of the seed content
// (tests/fixtures/seed). Every link is ignored by config so the check never leaves the machine.
import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { copySeed } from '../helpers/seed.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { get } from './fixtures.js';
import { Output } from './helpers.js';

describe('start with the real build and check', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('builds, checks once, serves the feeds and the report, and stops with exit 0', async () => {
    const t = await tempDir('feedwatch-start-');
    cleanups.push(t.cleanup);
    const feeds = await copySeed(t.dir); // a copy: nothing the service does can touch the fixture
    const out = join(t.dir, 'public');
    const stdout = new Output();
    const stderr = new Output();
    const abort = new AbortController();
    const ignoreAll = JSON.stringify([{ pattern: '/.*/', reason: 'tests never reach the internet' }]);
    const running = runCli(
      ['start', '--feeds', feeds, '--out', out, '--state', join(t.dir, 'state.db'), '--port', '0', '--host', '127.0.0.1', '--ignore', ignoreAll],
      { cwd: t.dir, stdout, stderr, signal: abort.signal },
    );
    try {
      const [, url] = await stdout.waitFor(/serving .* on (http:\S+)/, 30_000);
      await stdout.waitFor(/check #1 \(start\): exit 0/, 30_000);
      await stdout.waitFor(/link report +http:\S+health\/report\.(html|json)/);
      const feedLine = /feed (\S+) +(http:\S+atom\.xml)/.exec(stdout.text);
      expect(feedLine).toBeTruthy();
      const atom = await get(feedLine![2]!);
      expect(atom.status).toBe(200);
      expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      expect(atom.body.toString()).toContain('Digitala innovationshubbar');
      expect(atom.headers['last-modified']).toMatch(/2018/); // the content's date, not today's
      const report = await get(`${url}health/report.json`);
      expect(report.status).toBe(200);
      expectValidReport(report.body.toString());
      expect(JSON.parse(report.body.toString()).summary.broken).toBe(0);
      const health = JSON.parse((await get(`${url}healthz`)).body.toString());
      expect(health.runs.build.exitCode).toBe(0);
      expect(health.runs.check.exitCode).toBe(0);
    } finally {
      abort.abort();
    }
    const result = await running;
    expect(result.code).toBe(0);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('<');
  }, 60_000);
});
