import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { ensureBuilt, spawnCli } from '../helpers/child.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { get } from './fixtures.js';
import { Output } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function outputFolder() {
  const t = await tempDir('feedwatch-cli-');
  cleanups.push(t.cleanup);
  const out = join(t.dir, 'public');
  await mkdir(join(out, 'news'), { recursive: true });
  await mkdir(join(t.dir, 'feeds'), { recursive: true });
  await writeFile(join(out, 'index.html'), '<!doctype html><title>Feeds</title>');
  await writeFile(join(out, 'news', 'atom.xml'), '<feed xmlns="http://www.w3.org/2005/Atom"><title>Nyheter på svenska</title></feed>');
  return { dir: t.dir, out, feeds: join(t.dir, 'feeds') };
}

describe('serve command', () => {
  it('serves until its signal aborts, then exits 0', async () => {
    const { out } = await outputFolder();
    const stdout = new Output();
    const abort = new AbortController();
    const running = runCli(['serve', '--out', out, '--port', '0', '--host', '127.0.0.1'], { stdout, signal: abort.signal });
    const [, url] = await stdout.waitFor(/serving .* on (http:\S+)/);
    const r = await get(`${url}news/atom.xml`);
    expect(r.status).toBe(200);
    expect(r.body.toString()).toContain('Nyheter på svenska');
    abort.abort();
    expect((await running).code).toBe(0);
  });

  it('exits 3 with what to do when the port is in use', async () => {
    const { out } = await outputFolder();
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => busy.close(() => r())));
    const port = (busy.address() as { port: number }).port;
    const r = await runCli(['serve', '--out', out, '--port', String(port), '--host', '127.0.0.1']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`port ${port} on 127.0.0.1 is in use.*--port`));
    const run = await runCli(['run', '--out', out, '--port', String(port), '--host', '127.0.0.1', '--feeds', join(out, 'nope')]);
    expect(run.code).toBe(3);
  });

  it('exits 3 when the output folder is missing or not a folder', async () => {
    const { dir, out } = await outputFolder();
    const missing = await runCli(['serve', '--out', join(dir, 'missing'), '--port', '0', '--host', '127.0.0.1']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/cannot serve .*missing.*feedwatch build/);
    const file = await runCli(['serve', '--out', join(out, 'index.html'), '--port', '0', '--host', '127.0.0.1']);
    expect(file.code).toBe(3);
  });

  it('exits 2 on a cron expression out of range or an unknown time zone, before anything runs', async () => {
    const { out, feeds } = await outputFolder();
    const base = ['run', '--out', out, '--feeds', feeds, '--port', '0', '--host', '127.0.0.1'];
    const cron = await runCli([...base, '--check-schedule', '99 * * * *']);
    expect(cron.code).toBe(2);
    expect(cron.stderr).toMatch(/schedule.check "99 \* \* \* \*" is not a valid cron expression/);
    const tz = await runCli([...base, '--timezone', 'Europe/Växjö']);
    expect(tz.code).toBe(2);
    expect(tz.stderr).toMatch(/not an IANA time zone/);
  });

  it('documents serve, run and start in --help', async () => {
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/serve +Serve the built feeds/);
    expect(top.stdout).toMatch(/run +Serve the feeds and keep them fresh/);
    expect(top.stdout).toMatch(/start +Build, check the links once/);
    const run = await runCli(['run', '--help']);
    for (const flag of ['--port', '--host', '--max-age', '--check-schedule', '--build-schedule', '--timezone']) expect(run.stdout).toContain(flag);
    expect(run.stdout).toContain('SIGTERM');
  });
});

describe('run in a child process', () => {
  // `npm test` compiles first; compile here too when the tests run alone on a stale dist/.
  beforeAll(() => ensureBuilt(), 120_000);

  it('runs scheduled checks and exits 0 on SIGTERM', async () => {
    const { dir, out, feeds } = await outputFolder();
    // Everything in the temporary folder, with an empty config: the repository's own config,
    // feeds/ and .feedwatch/ play no part.
    const config = join(dir, 'feedwatch.config.json');
    await writeFile(config, '{}\n');
    const child = spawnCli(
      ['run', '--out', out, '--feeds', feeds, '--state', join(dir, 'state.db'), '--port', '0', '--host', '127.0.0.1', '--check-schedule', '* * * * * *'],
      { cwd: dir, env: { FEEDWATCH_CONFIG: config } },
    );
    try {
      const [, url] = await child.stdout.waitFor(/serving .* on (http:\S+)/);
      // Two scheduled checks, one second apart, neither stopping the service.
      await child.stdout.waitFor(/check #2 \(schedule\)/, 15_000);
      expect((await get(`${url}healthz`)).status).toBe(200);
      child.process.kill('SIGTERM');
      expect(await child.exited).toBe(0);
      expect(child.stdout.text).toMatch(/SIGTERM: stopping/);
      expect(child.stderr.text).toBe('');
      expectValidReport(await readFile(join(out, 'health', 'report.json'), 'utf8'));
    } finally {
      child.process.kill('SIGKILL');
    }
  }, 30_000);
});
