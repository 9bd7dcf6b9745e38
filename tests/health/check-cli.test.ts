// `feedwatch check` writes report.html, report.md and alerts.atom beside report.json, and delivers
// new events to the webhook at least once (msw stands in for the receiver).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { runCli, tempDir } from '../helpers/cli.js';
import { writeLinkFeed } from '../helpers/link-feed.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { page, startServer, status, type TestServer } from './server.js';
import { assertWellFormed } from './xml.js';

const HOOK = 'https://hooks.example/cli';
const msw = setupServer();
const outgoing: string[] = [];
let site: TestServer;

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'error' });
  msw.events.on('request:start', ({ request }) => void outgoing.push(request.url));
  site = await startServer('127.0.0.1');
});
afterAll(async () => {
  msw.close();
  await site.close();
});

describe('check writes the health outputs', () => {
  it('writes every report, alerts after two failing runs, and redelivers after a webhook failure', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const good = `${site.base}/good`;
      const bad = `${site.base}/bad`;
      site.routes.set('/good', page('Good', 'Fine.'));
      site.routes.set('/bad', status(404));
      const received: Array<{ key: string | null; ids: string[] }> = [];
      let hookStatus = 500;
      msw.use(
        http.post(HOOK, async ({ request }) => {
          const body = (await request.json()) as { events: Array<{ id: string }> };
          received.push({ key: request.headers.get('idempotency-key'), ids: body.events.map((e) => e.id) });
          return new HttpResponse(null, { status: hookStatus });
        }),
      );
      const feeds = await writeLinkFeed(dir, [good, bad]);
      const argv = ['check', '--feeds', feeds, '--allow-private', '--retries', '0', '--state', join(dir, 'state.db'), '--out', join(dir, 'public'), '--webhook', HOOK, '--webhook-retries', '0'];
      const health = (name: string) => readFile(join(dir, 'public', 'health', name), 'utf8');

      const first = await runCli(argv);
      expect(first.code).toBe(1);
      expect(received).toHaveLength(0); // one failing run is not news
      expect(parseFeed(await health('alerts.atom')).items).toHaveLength(0);
      for (const f of ['report.json', 'report.html', 'report.md', 'alerts.atom']) expect((await health(f)).length).toBeGreaterThan(0);
      expectValidReport(await health('report.json'));

      const second = await runCli(argv);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('[webhook] HTTP 500');
      const atom = await health('alerts.atom');
      assertWellFormed(atom);
      const entries = parseFeed(atom).items;
      expect(entries.map((e) => e.title)).toEqual([`broken: ${bad}`]);
      expect(received.map((r) => r.ids)).toEqual([[entries[0]!.id]]);

      // The receiver is back: the queued event is sent again with the same key, and only once.
      hookStatus = 200;
      const third = await runCli(argv);
      expect(third.stderr).not.toContain('[webhook]');
      expect(received).toHaveLength(2);
      expect(received[1]).toEqual(received[0]);
      await runCli(argv);
      expect(received).toHaveLength(2);

      expectValidReport(await health('report.json'));
      expect(await health('report.html')).toContain(`uptime 0% over 4 checks`);
      expect(await health('report.md')).toContain(`- **broken** [${bad}](${bad}) (HTTP 404`);
      const lastModified = JSON.parse(await health('.last-modified.json'));
      expect(Object.keys(lastModified).sort()).toEqual(['alerts.atom', 'report.html', 'report.json', 'report.md']);
      // Loopback links are never sent to the Wayback API.
      expect(outgoing.filter((u) => u.includes('archive.org'))).toEqual([]);
    } finally {
      await cleanup();
    }
  });
});

describe('check --feeds: reports name the citing items', () => {
  it('groups problems by item, links the item, and escapes a hostile page title', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      site.routes.set('/source', page('&lt;img src=x onerror=alert(1)&gt;', 'A source.'));
      site.routes.set('/gone', status(410));
      site.routes.set('/old', status(308, { location: '/new' }));
      site.routes.set('/new', page('New', 'Moved here.'));
      site.routes.set('/item', page('Item', 'The item page.'));
      const feeds = join(dir, 'feeds');
      await mkdir(join(feeds, 'news', 'items'), { recursive: true });
      await writeFile(join(feeds, 'news', 'feed.yaml'), `title: News\ndescription: Test\nlink: ${site.base}/\nlanguage: en\nauthor:\n  name: Office\n`);
      await writeFile(
        join(feeds, 'news', 'items', '2026-03-01-calls.md'),
        `---\ntitle: Calls open\ndate: 2026-03-01T10:00:00+01:00\nlink: ${site.base}/item\nsources:\n  - ${site.base}/gone\n---\nSee [the source](${site.base}/source) and [the old page](${site.base}/old).\n`,
      );
      const argv = ['check', '--feeds', feeds, '--allow-private', '--retries', '0', '--state', join(dir, 'state.db'), '--out', join(dir, 'public')];
      expect((await runCli(argv)).code).toBe(1);
      expectValidReport(await readFile(join(dir, 'public', 'health', 'report.json'), 'utf8'));
      const html = await readFile(join(dir, 'public', 'health', 'report.html'), 'utf8');
      expect(html).toContain(`<h3><a href="${site.base}/item" rel="noopener noreferrer">Calls open</a> <span class="feed">in news</span></h3>`);
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).not.toContain('<img src=x');
      const md = await readFile(join(dir, 'public', 'health', 'report.md'), 'utf8');
      expect(md).toContain(`### [Calls open](${site.base}/item) (news)`);
      expect(md).toContain(`new address: [${site.base}/new](${site.base}/new)`);
    } finally {
      await cleanup();
    }
  });
});
