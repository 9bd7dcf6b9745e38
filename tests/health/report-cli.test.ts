// Reports that tell the truth about the run, through the command line: `check --url` leaves the
// site's reports and state alone, private addresses say how to allow them, unused ignore rules are
// named, and report.md renders right in a real Markdown parser whatever the titles hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import MarkdownIt from 'markdown-it';
import { runCli, tempDir } from '../helpers/cli.js';
import { writeLinkFeed } from '../helpers/link-feed.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { page, startServer, status, type TestServer } from './server.js';

let site: TestServer;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('feedwatch-report-cli-'));
  site = await startServer('127.0.0.1');
  site.routes.set('/ok', page('Fine', 'Fine text.'));
  site.routes.set('/other', page('Other', 'Other text.'));
  site.routes.set('/gone', status(404));
});
afterAll(async () => {
  await site.close();
  await cleanup();
});

/** sha256 of every file below these folders, by path: what "byte-identical" compares. */
async function hashes(...folders: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const folder of folders) {
    for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      out[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
    }
  }
  return out;
}

describe('check --url is an ad-hoc probe', () => {
  it('leaves <out>/health/ and the state file byte-identical after a normal check --feeds', async () => {
    const root = join(dir, 'probe');
    const feeds = await writeLinkFeed(root, [`${site.base}/ok`, `${site.base}/gone`]);
    const stateDir = join(root, 'state');
    const common = ['--allow-private', '--retries', '0', '--no-wayback', '--state', join(stateDir, 'state.db'), '--out', join(root, 'public')];
    for (let run = 0; run < 2; run++) expect((await runCli(['check', '--feeds', feeds, ...common])).code).toBe(1);
    const health = join(root, 'public', 'health');
    const before = await hashes(health, stateDir);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['probe/public/health/report.json', 'probe/public/health/report.html', 'probe/public/health/.last-modified.json', 'probe/state/state.db']));

    // The same links (one of them now gone from the probe's point of view too), and a new one.
    site.routes.set('/ok', status(500));
    const text = await runCli(['check', '--url', `${site.base}/ok`, '--url', `${site.base}/other`, ...common]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('nothing was recorded');
    const json = await runCli(['check', `${site.base}/gone`, '--format', 'json', '--webhook', 'http://127.0.0.1:9/never', ...common]);
    expect(json.code).toBe(1);
    expectValidReport(json.stdout);
    expect(json.stderr).not.toContain('[webhook]');
    site.routes.set('/ok', page('Fine', 'Fine text.'));

    expect(await hashes(health, stateDir)).toEqual(before);
    // And the site's report still shows what the last real check found.
    const file = await readFile(join(health, 'report.json'), 'utf8');
    expectValidReport(file);
    const report = JSON.parse(file);
    expect(report.links.map((l: { status: string }) => l.status)).toEqual(['broken', 'ok']);
  });
});

describe('private addresses', () => {
  it('a link skipped as private-address says how to allow it: on stderr, in report.md and in report.html', async () => {
    const root = join(dir, 'private');
    const feeds = await writeLinkFeed(root, [`${site.base}/ok`, `${site.base}/other`]);
    const r = await runCli(['check', '--feeds', feeds, '--no-wayback', '--state', join(root, 'state.db'), '--out', join(root, 'public')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^feedwatch: \[check\] 2 links were not checked because they point to a private, loopback or link-local address \(`private-address`\).*run with `--allow-private` or set `"check": \{ "allowPrivate": true \}` in feedwatch\.config\.json\.$/m);
    const health = join(root, 'public', 'health');
    expectValidReport(await readFile(join(health, 'report.json'), 'utf8'));
    const md = await readFile(join(health, 'report.md'), 'utf8');
    const rendered = new MarkdownIt().render(md);
    expect(rendered).toContain('2 links were not checked');
    expect(rendered).toContain('<code>--allow-private</code>');
    expect(rendered).toContain('<code>&quot;check&quot;: { &quot;allowPrivate&quot;: true }</code>');
    const html = await readFile(join(health, 'report.html'), 'utf8');
    expect(html).toContain('<p class="hint" id="private-address">2 links were not checked');
    expect(html).toContain('<code>--allow-private</code>');
    expect(html).toContain('<code>&quot;check&quot;: { &quot;allowPrivate&quot;: true }</code>');
  });

  it('no hint when nothing was skipped for that reason', async () => {
    const root = join(dir, 'allowed');
    const feeds = await writeLinkFeed(root, [`${site.base}/ok`]);
    const r = await runCli(['check', '--feeds', feeds, '--allow-private', '--no-wayback', '--state', join(root, 'state.db'), '--out', join(root, 'public')]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('--allow-private');
    expect(await readFile(join(root, 'public', 'health', 'report.md'), 'utf8')).not.toContain('allow-private');
    expect(await readFile(join(root, 'public', 'health', 'report.html'), 'utf8')).not.toContain('allow-private');
  });
});

describe('check.ignore', () => {
  it('warns about each rule that matched no link, naming its pattern and the config key', async () => {
    const root = join(dir, 'ignore');
    const feeds = await writeLinkFeed(root, [`${site.base}/ok`, `${site.base}/other`]);
    const rules = [
      { pattern: `${site.base}/other`, reason: 'used: a prefix' },
      { pattern: '/\\/ok$/', reason: 'used: a regular expression' },
      { pattern: 'https://old.example/', reason: 'unused prefix' },
      { pattern: '/^https:\\/\\/nowhere\\.example\\//', reason: 'unused regular expression' },
    ];
    const r = await runCli(['check', '--feeds', feeds, '--ignore', JSON.stringify(rules), '--allow-private', '--format', 'json', '--state', join(root, 'state.db'), '--out', join(root, 'public')]);
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('warning: check.ignore'));
    expect(warnings).toEqual([
      'feedwatch: [check] warning: check.ignore rule "https://old.example/" matched no link; remove it or fix the pattern.',
      'feedwatch: [check] warning: check.ignore rule "/^https:\\\\/\\\\/nowhere\\\\.example\\\\//" matched no link; remove it or fix the pattern.',
    ]);
    expectValidReport(r.stdout);
    const links = JSON.parse(r.stdout).links;
    expect(links.map((l: { status: string; reason: string; error: string }) => [l.status, l.reason, l.error])).toEqual([
      ['skipped', 'ignored', 'used: a regular expression'],
      ['skipped', 'ignored', 'used: a prefix'],
    ]);
  });

  it('an ad-hoc --url probe does not judge the rules', async () => {
    const r = await runCli(['check', '--url', `${site.base}/ok`, '--ignore', JSON.stringify([{ pattern: 'https://old.example/', reason: 'x' }]), '--allow-private', '--format', 'json']);
    expect(r.code).toBe(0);
    expectValidReport(r.stdout);
    expect(r.stderr).not.toContain('check.ignore');
  });

  it('is documented with examples in check --help', async () => {
    const help = (await runCli(['check', '--help'])).stdout;
    expect(help).toContain('A pattern is a URL prefix, or a regular expression between slashes');
    expect(help).toContain('"pattern": "https://intranet.example/"');
    expect(help).toMatch(/"pattern": "\/\^https\?:.*\/"/);
    expect(help).toContain('matches no cited link gets a warning');
  });
});

describe('report.md through markdown-it', () => {
  const HOSTILE_ITEM = 'Use `npm ci` | *now* <script>alert(1)</script> [x](javascript:alert(2)) _under_ ~~gone~~ ![i](y.png)';
  // Written into the page's <title> and <h1> as HTML: the entities are the page's text "<img ...>".
  const HOSTILE_PAGE_HTML = 'Page ``with`` backticks | pipes *stars* [x](y) &lt;img src=x onerror=alert(3)&gt; www.evil.com https://evil.com/x';
  const htmlText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

  it('renders every status with hostile titles as text: no literal backtick from markup, no raw tag, tables intact', async () => {
    const root = join(dir, 'markdown');
    const s = await startServer('127.0.0.2');
    try {
      s.routes.set('/ok', page('Fine', 'Fine text.'));
      s.routes.set('/changing', page(HOSTILE_PAGE_HTML, 'The deadline is 15 March.'));
      s.routes.set('/old', status(301, { location: '/new' }));
      s.routes.set('/new', page('New home', 'Moved here.'));
      s.routes.set('/soft', page('Page not found', 'Sorry, nothing here.'));
      s.routes.set('/wall', status(403, { 'cf-mitigated': 'challenge' }));
      s.routes.set('/gone', status(404));
      const urls = ['/ok', '/changing', '/old', '/soft', '/wall', '/gone'].map((p) => `${s.base}${p}`);
      const feeds = await writeLinkFeed(root, urls, { title: HOSTILE_ITEM, body: 'Write to [us](mailto:office@example.org).' });
      const args = ['check', '--feeds', feeds, '--allow-private', '--retries', '0', '--no-wayback', '--state', join(root, 'state.db'), '--out', join(root, 'public')];
      expect((await runCli(args)).code).toBe(1);
      s.routes.set('/changing', page(HOSTILE_PAGE_HTML, 'The call has been cancelled.'));
      expect((await runCli(args)).code).toBe(1);

      const health = join(root, 'public', 'health');
      const json = await readFile(join(health, 'report.json'), 'utf8');
      expectValidReport(json);
      const report = JSON.parse(json);
      expect(Object.fromEntries(Object.entries(report.summary).filter(([k]) => k !== 'total'))).toEqual({ ok: 1, changed: 1, moved: 1, soft404: 1, blocked: 1, broken: 1, skipped: 1 });
      // The change excerpt is the text around the difference, without the page title in front.
      const changed = report.links.find((l: { status: string }) => l.status === 'changed');
      expect(changed.change).toEqual({ before: 'The deadline is 15 March.', after: 'The call has been cancelled.' });
      const pageTitle: string = changed.title;
      expect(pageTitle).toBe('Page ``with`` backticks | pipes *stars* [x](y) <img src=x onerror=alert(3)> www.evil.com https://evil.com/x');

      const md = await readFile(join(health, 'report.md'), 'utf8');
      // Raw HTML passes (as in GitHub's renderer before it sanitizes) and bare addresses become links
      // (as GFM's autolink extension does): a title must yield neither.
      const rendered = new MarkdownIt({ html: true, linkify: true }).render(md);
      expect(rendered).not.toContain('evil.com"');
      // Only Markdown's own elements: no tag, emphasis, strikethrough or image from a title.
      const tags = new Set([...rendered.matchAll(/<([a-z][a-z0-9]*)\b/g)].map((m) => m[1]!));
      expect([...tags].sort()).toEqual(['a', 'code', 'h1', 'h2', 'h3', 'li', 'p', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul']);
      for (const [, href] of rendered.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(https?:|mailto:)/);
      for (const [, strong] of rendered.matchAll(/<strong>(.*?)<\/strong>/g)) expect(['changed', 'moved', 'soft404', 'blocked', 'broken']).toContain(strong);
      // The titles show exactly as written, their own backticks included; outside them no backtick
      // is left over from markup: code is <code>.
      expect(rendered).toContain(`<h3><a href="${s.base}/ok">${htmlText(HOSTILE_ITEM)}</a> (news)</h3>`);
      expect(rendered).toContain(`<li>page title: ${htmlText(pageTitle)}</li>`);
      expect(rendered.replaceAll(htmlText(HOSTILE_ITEM), '').replaceAll(htmlText(pageTitle), '')).not.toContain('`');
      expect(rendered).toContain('<code>feedwatch fix --write</code>');
      // Tables keep their columns: the counts (links + 7 statuses), then the healthy links (4).
      const rows = [...rendered.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => (m[1]!.match(/<t[dh]\b/g) ?? []).length);
      expect(rows).toEqual([8, 8, 4, 4, 4]);
      expect(rendered).toContain(`<td><a href="${s.base}/ok">${htmlText(HOSTILE_ITEM)}</a></td>`);
    } finally {
      await s.close();
    }
  });
});
