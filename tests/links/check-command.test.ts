// `feedwatch check` through the real CLI: exit codes, --format json, report.json, progress, summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { html, page, startServer, type TestServer } from './servers.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

let s: TestServer;
let dir: string;
let cleanup: () => Promise<void>;
const base = () => ['--state', join(dir, 'state', 'state.db'), '--out', join(dir, 'public'), '--retry-base', '10', '--timeout', '3000', '--no-wayback'];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('feedwatch-check-'));
  s = await startServer('127.0.0.60', (req, res) => {
    if (req.url === '/gone') return void res.writeHead(404).end();
    if (req.url === '/wall') return void res.writeHead(403, { 'cf-mitigated': 'challenge' }).end();
    html(res, page('Fine', '<p>fine</p>'));
  });
});
afterAll(async () => {
  await s.close();
  await cleanup();
});

describe('feedwatch check --url', () => {
  it('--format json prints only the report, in the documented schema, and exits 1 on a broken link', async () => {
    const r = await runCli(['check', '--url', s.url('/ok'), '--url', s.url('/gone'), '--allow-private', '--format', 'json', ...base()]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['version', 'generatedAt', 'historySince', 'summary', 'links']);
    expect(report.summary).toEqual({ total: 2, ok: 1, changed: 0, moved: 0, soft404: 0, blocked: 0, broken: 1, skipped: 0 });
    expect(report.links.find((l: { url: string }) => l.url === s.url('/gone'))).toMatchObject({ status: 'broken', reason: 'http-404', httpStatus: 404, items: [] });
    const file = await readFile(join(dir, 'public', 'health', 'report.json'), 'utf8');
    expect(JSON.parse(file)).toEqual(report);
    const lm = JSON.parse(await readFile(join(dir, 'public', 'health', '.last-modified.json'), 'utf8'));
    expect(lm['report.json']).toBe(report.generatedAt);
    expect(r.stderr).toContain('2/2 links checked');
  });

  it('blocked never fails the run; text output has a summary table', async () => {
    const r = await runCli(['check', '--url', s.url('/ok'), '--url', s.url('/wall'), '--allow-private', ...base()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/status\s+links/);
    expect(r.stdout).toMatch(/blocked\s+1/);
    expect(r.stdout).toContain('bot-wall');
  });

  it('without --allow-private, local addresses are skipped, not fetched', async () => {
    const before = s.requests.length;
    const r = await runCli(['check', '--url', s.url('/gone'), '--format', 'json', ...base()]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).links[0]).toMatchObject({ status: 'skipped', reason: 'private-address' });
    expect(s.requests.length).toBe(before);
  });

  it('with no network, unreachable names are reported (dns), quickly, not a crash', async () => {
    const r = await runCli(['check', '--url', 'https://no-such-host.invalid/page', '--format', 'json', ...base()]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).links[0]).toMatchObject({ status: 'broken', reason: 'dns' });
  });

  it('when every link fails before any server answers, on several hosts, the run looks offline: reported, not recorded, no alerts', async () => {
    const urls = ['https://a.invalid/1', 'https://b.invalid/2', 'https://c.invalid/3'];
    const args = ['check', ...urls.flatMap((u) => ['--url', u]), '--format', 'json', ...base(), '--state', join(dir, 'offline.db'), '--out', join(dir, 'offline-out'), '--failure-threshold', '1'];
    for (let run = 1; run <= 2; run++) {
      const r = await runCli(args);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).summary).toMatchObject({ total: 3, broken: 3 });
      expect(r.stderr).toMatch(/looks offline.*not recorded and no alerts/);
    }
    const store = openSqliteStore(join(dir, 'offline.db'));
    expect(await store.allLinks()).toEqual([]);
    expect(await store.events(10)).toEqual([]);
    await store.close();
    expect(await readFile(join(dir, 'offline-out', 'health', 'alerts.atom'), 'utf8')).not.toContain('<entry>');
  });

  it('an unreadable state file is exit 3 with a clear message; nothing is written', async () => {
    const bad = join(dir, 'bad', 'state.db');
    await mkdir(join(dir, 'bad'), { recursive: true });
    await writeFile(bad, 'garbage '.repeat(1000));
    const r = await runCli(['check', '--url', s.url('/ok'), '--allow-private', '--state', bad, '--out', join(dir, 'bad-out')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('[state]');
    expect(r.stderr).toContain(bad);
    expect(r.stdout).toBe('');
  });

  it('a bad --format is exit 2', async () => {
    const r = await runCli(['check', '--url', s.url('/ok'), '--format', 'xml', ...base()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format');
  });
});
