// `feedwatch check --feeds`: every monitored link of every item (body, sources, own link), with
// the items that cite it; invalid content is exit 2 and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile, access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { html, page, startServer, type TestServer } from './servers.js';

let s: TestServer;
let dir: string;
let cleanup: () => Promise<void>;

async function writeFeeds(root: string, body: string, sources: string[]): Promise<void> {
  await mkdir(join(root, 'news', 'items'), { recursive: true });
  await writeFile(join(root, 'news', 'feed.yaml'), `title: Nyheter\ndescription: Test\nlink: ${s.url('/')}\nlanguage: sv\nauthor:\n  name: Kontoret\n`);
  await writeFile(
    join(root, 'news', 'items', '2026-11-01-forsta.md'),
    `---\ntitle: Första\ndate: 2026-11-01T10:00:00+01:00\nlink: ${s.url('/nyheter/forsta')}\nsources:\n${sources.map((u) => `  - ${u}`).join('\n')}\n---\n${body}\n`,
  );
  await writeFile(
    join(root, 'news', 'items', '2026-11-02-andra.md'),
    `---\ntitle: Andra\ndate: 2026-11-02T10:00:00+01:00\nlink: ${s.url('/nyheter/andra')}\n---\nSe [samma källa](${s.url('/kalla')}) och [mejla](mailto:info@example.se).\n`,
  );
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('feedwatch-checkfeeds-'));
  s = await startServer('127.0.0.61', (req, res) => {
    if (req.url === '/borta') return void res.writeHead(404).end();
    html(res, page(`Sida ${req.url}`, '<p>text</p>'));
  });
});
afterAll(async () => {
  await s.close();
  await cleanup();
});

describe('feedwatch check --feeds', () => {
  it('checks body links, sources and item links once each, naming the citing items', async () => {
    const feeds = join(dir, 'feeds');
    await writeFeeds(feeds, `Läs [källan](${s.url('/kalla')}) och [den gamla](${s.url('/borta')}).`, [s.url('/rapport.pdf')]);
    const r = await runCli(['check', '--feeds', feeds, '--out', join(dir, 'public'), '--state', join(dir, 'state.db'), '--allow-private', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    expectValidReport(r.stdout);
    expectValidReport(await readFile(join(dir, 'public', 'health', 'report.json'), 'utf8'));
    const report = JSON.parse(r.stdout);
    const by = new Map(report.links.map((l: { url: string }) => [l.url, l]));
    expect([...by.keys()].sort()).toEqual(
      [s.url('/kalla'), s.url('/borta'), s.url('/rapport.pdf'), s.url('/nyheter/forsta'), s.url('/nyheter/andra'), 'mailto:info@example.se'].sort(),
    );
    expect((by.get(s.url('/kalla')) as { items: { title: string }[] }).items.map((i) => i.title).sort()).toEqual(['Andra', 'Första']);
    expect(by.get(s.url('/borta'))).toMatchObject({ status: 'broken', reason: 'http-404', items: [{ feed: 'news', title: 'Första' }] });
    expect(by.get('mailto:info@example.se')).toMatchObject({ status: 'skipped', reason: 'mailto' });
    expect(s.requests.filter((q) => q.path === '/kalla')).toHaveLength(1);
  });

  it('invalid content is exit 2 and writes no report', async () => {
    const feeds = join(dir, 'bad-feeds');
    await mkdir(join(feeds, 'news', 'items'), { recursive: true });
    await writeFile(join(feeds, 'news', 'feed.yaml'), 'title: [unclosed\n');
    const out = join(dir, 'bad-public');
    const r = await runCli(['check', '--feeds', feeds, '--out', out, '--state', join(dir, 'bad.db'), '--allow-private']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('feed.yaml');
    await expect(access(join(out, 'health', 'report.json'))).rejects.toThrow();
  });
});
