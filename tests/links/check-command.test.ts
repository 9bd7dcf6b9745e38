// `feedwatch check` through the real CLI: exit codes, --format json, report.json, progress, summary.
// Runs that record state check a small fixture feed; `--url` is the ad-hoc probe that records nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile, mkdir, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { closedPort, writeLinkFeed } from '../helpers/link-feed.js';
import { expectValidReport } from '../helpers/report-schema.js';
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

describe('feedwatch check --feeds', () => {
  it('--format json prints only the report, in the documented schema, writes the same to report.json, and exits 1 on a broken link', async () => {
    const feeds = await writeLinkFeed(join(dir, 'json'), [s.url('/ok'), s.url('/gone')]);
    const r = await runCli(['check', '--feeds', feeds, '--allow-private', '--format', 'json', ...base()]);
    expect(r.code).toBe(1);
    expectValidReport(r.stdout);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['version', 'generatedAt', 'historySince', 'offline', 'partial', 'summary', 'links']);
    expect(report).toMatchObject({ version: 2, offline: false, partial: false });
    expect(report.summary).toEqual({ total: 2, ok: 1, changed: 0, moved: 0, soft404: 0, blocked: 0, broken: 1, skipped: 0 });
    expect(report.links.find((l: { url: string }) => l.url === s.url('/gone'))).toMatchObject({
      status: 'broken', reason: 'http-404', httpStatus: 404,
      items: [{ feed: 'news', title: 'Item', link: s.url('/ok'), draft: false, scheduled: false }],
    });
    const file = await readFile(join(dir, 'public', 'health', 'report.json'), 'utf8');
    expect(JSON.parse(file)).toEqual(report);
    const lm = JSON.parse(await readFile(join(dir, 'public', 'health', '.last-modified.json'), 'utf8'));
    expect(lm['report.json']).toBe(report.generatedAt);
    expect(r.stderr).toContain('2/2 links checked');
  });

  it('when every link fails before any server answers, on several hosts, the run looks offline: reported with a banner, not recorded, no alerts', async () => {
    // Three loopback hosts where nothing listens: each connection is refused, as on a machine whose
    // network is gone (the offline tests need no DNS and reach no one).
    const port = await closedPort();
    const urls = ['127.0.0.71', '127.0.0.72', '127.0.0.73'].map((h, i) => `http://${h}:${port}/${i}`);
    const feeds = await writeLinkFeed(join(dir, 'offline'), urls);
    const out = join(dir, 'offline-out');
    const args = ['check', '--feeds', feeds, '--allow-private', '--retries', '0', '--format', 'json', ...base(), '--state', join(dir, 'offline.db'), '--out', out, '--failure-threshold', '1'];
    for (let run = 1; run <= 2; run++) {
      const r = await runCli(args);
      expect(r.code).toBe(1);
      expectValidReport(r.stdout);
      const report = JSON.parse(r.stdout);
      expect(report.offline).toBe(true);
      expect(report.summary).toMatchObject({ total: 3, broken: 3 });
      expect(report.links.map((l: { reason: string }) => l.reason)).toEqual(['refused', 'refused', 'refused']);
      expect(r.stderr).toMatch(/looks offline.*not recorded and no alerts/);
    }
    const store = openSqliteStore(join(dir, 'offline.db'));
    expect(await store.allLinks()).toEqual([]);
    expect(await store.events(10)).toEqual([]);
    await store.close();
    expect(await readFile(join(out, 'health', 'alerts.atom'), 'utf8')).not.toContain('<entry>');
    expectValidReport(await readFile(join(out, 'health', 'report.json'), 'utf8'));

    // The human reports say so first, and tell nobody to replace a link.
    const md = await readFile(join(out, 'health', 'report.md'), 'utf8');
    expect(md.split('\n').slice(0, 3).join('\n')).toMatch(/^# Link health: this run looked offline\n\n> \*\*This run looked offline\.\*\* .*Nothing was recorded/);
    expect(md).toContain('no alerts or webhooks were sent');
    expect(md).not.toMatch(/replace/i);
    const page = await readFile(join(out, 'health', 'report.html'), 'utf8');
    expect(page).toMatch(/<header>[\s\S]*<\/header>\n<div class="banner" role="alert"><strong>This run looked offline\.<\/strong>/);
    expect(page).toContain('<title>Link health: this run looked offline</title>');
    expect(page).not.toMatch(/replace/i);
    expect(page.match(/Run the check again once the network works/g)).toHaveLength(3);
  });

  it('a run that reaches a server is not offline, and its report has no banner', async () => {
    const feeds = await writeLinkFeed(join(dir, 'online'), [s.url('/ok'), s.url('/gone')]);
    const r = await runCli(['check', '--feeds', feeds, '--allow-private', ...base(), '--out', join(dir, 'online-out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('offline');
    const report = await readFile(join(dir, 'online-out', 'health', 'report.json'), 'utf8');
    expectValidReport(report);
    expect(JSON.parse(report).offline).toBe(false);
    expect(await readFile(join(dir, 'online-out', 'health', 'report.html'), 'utf8')).not.toContain('class="banner"');
    expect(await readFile(join(dir, 'online-out', 'health', 'report.md'), 'utf8')).not.toContain('looked offline');
  });

  it('an unreadable state file is exit 3 with a clear message; nothing is written', async () => {
    const bad = join(dir, 'bad', 'state.db');
    await mkdir(join(dir, 'bad'), { recursive: true });
    await writeFile(bad, 'garbage '.repeat(1000));
    const feeds = await writeLinkFeed(join(dir, 'bad'), [s.url('/ok')]);
    const r = await runCli(['check', '--feeds', feeds, '--allow-private', '--state', bad, '--out', join(dir, 'bad-out')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('[state]');
    expect(r.stderr).toContain(bad);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'bad-out'))).toBe(false);
  });
});

describe('feedwatch check --url (ad-hoc probe)', () => {
  it('blocked never fails the run; text output has a summary table and says nothing was recorded', async () => {
    const r = await runCli(['check', '--url', s.url('/ok'), '--url', s.url('/wall'), '--allow-private', ...base()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/status\s+links/);
    expect(r.stdout).toMatch(/blocked\s+1/);
    expect(r.stdout).toContain('bot-wall');
    expect(r.stdout).toContain('nothing was recorded');
    expect(r.stdout).not.toContain('report:');
  });

  it('--format json prints the report (version 2, no history, nothing changed, since now) and writes nothing', async () => {
    const probeDir = join(dir, 'probe');
    const r = await runCli(['check', '--url', s.url('/ok'), '--url', s.url('/gone'), '--allow-private', '--format', 'json', ...base(), '--state', join(probeDir, 'state.db'), '--out', join(probeDir, 'public')]);
    expect(r.code).toBe(1);
    expectValidReport(r.stdout);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ version: 2, historySince: null, offline: false, partial: false });
    for (const l of report.links) expect(l).toMatchObject({ since: l.checkedAt, items: [] });
    expect(report.links.find((l: { url: string }) => l.url === s.url('/gone'))).toMatchObject({ status: 'broken', reason: 'http-404', consecutiveFailures: 1 });
    expect(existsSync(probeDir)).toBe(false);
  });

  it('without --allow-private, local addresses are skipped, not fetched, and stderr says how to allow them', async () => {
    const before = s.requests.length;
    const r = await runCli(['check', '--url', s.url('/gone'), '--format', 'json', ...base()]);
    expect(r.code).toBe(0);
    expectValidReport(r.stdout);
    expect(JSON.parse(r.stdout).links[0]).toMatchObject({ status: 'skipped', reason: 'private-address' });
    expect(s.requests.length).toBe(before);
    expect(r.stderr).toMatch(/feedwatch: \[check\] 1 link was not checked .*private.*--allow-private.*"allowPrivate": true/);
  });

  it('with no network, unreachable names are reported (dns), quickly, not a crash', async () => {
    const r = await runCli(['check', '--url', 'https://no-such-host.invalid/page', '--format', 'json', ...base()]);
    expect(r.code).toBe(1);
    expectValidReport(r.stdout);
    expect(JSON.parse(r.stdout).links[0]).toMatchObject({ status: 'broken', reason: 'dns' });
  });

  it('never opens the state file: an unreadable one does not matter', async () => {
    const bad = join(dir, 'bad-probe', 'state.db');
    await mkdir(join(dir, 'bad-probe'), { recursive: true });
    await writeFile(bad, 'garbage '.repeat(1000));
    const r = await runCli(['check', '--url', s.url('/ok'), '--allow-private', '--format', 'json', '--state', bad, '--out', join(dir, 'bad-probe', 'public')]);
    expect(r.code).toBe(0);
    expectValidReport(r.stdout);
    expect(await readFile(bad, 'utf8')).toBe('garbage '.repeat(1000));
    expect(await readdir(join(dir, 'bad-probe'))).toEqual(['state.db']);
  });

  it('a bad --format is exit 2', async () => {
    const r = await runCli(['check', '--url', s.url('/ok'), '--format', 'xml', ...base()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format');
  });
});
