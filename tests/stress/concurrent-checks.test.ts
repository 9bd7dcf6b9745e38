// Four `check` processes started at once on one state file, against 20 loopback hosts that count the
// requests they have in flight: with the state lock they run one after another, so no host ever sees
// more than `perHost` requests at once (before the lock, 2 and 4 concurrent runs made 4 and 8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { ensureBuilt, spawnCli } from '../helpers/child.js';
import { html, page, startServer, type TestServer } from '../links/servers.js';
import { record } from './results.js';

const HOSTS = 20;
const LINKS_PER_HOST = 10;
const PER_HOST = 2;
const servers: TestServer[] = [];

beforeAll(async () => {
  ensureBuilt();
  for (let i = 0; i < HOSTS; i++) {
    servers.push(
      await startServer(`127.0.0.${150 + i}`, async (_req, res) => {
        await new Promise((r) => setTimeout(r, 100)); // slow enough that requests overlap
        html(res, page('Page', '<p>text</p>'));
      }),
    );
  }
}, 120_000);
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('concurrent checks', () => {
  it(`4 checks at once: no host ever sees more than perHost (${PER_HOST}) requests at once`, async () => {
    const { dir, cleanup } = await tempDir('feedwatch-stress-checks-');
    try {
      await mkdir(join(dir, 'feeds', 'news', 'items'), { recursive: true });
      await writeFile(join(dir, 'feeds', 'news', 'feed.yaml'), 'title: News\ndescription: Many hosts\nlink: https://site.example/\nlanguage: en\nauthor:\n  name: Office\n');
      const links = servers.flatMap((s) => Array.from({ length: LINKS_PER_HOST }, (_, i) => s.url(`/p${i}`)));
      await writeFile(
        join(dir, 'feeds', 'news', 'items', '2026-03-01-many.md'),
        `---\ntitle: Many sources\ndate: 2026-03-01T10:00:00+01:00\nlink: ${links[0]}\nsources:\n${links.slice(1).map((l) => `  - ${l}`).join('\n')}\n---\n`,
      );
      const args = ['check', '--feeds', 'feeds', '--out', 'public', '--state', 'state.db', '--allow-private', '--no-wayback',
        '--per-host', String(PER_HOST), '--concurrency', '64', '--lock-wait', '240000'];
      const started = Date.now();
      const children = Array.from({ length: 4 }, () => spawnCli(args, { cwd: dir }));
      const codes = await Promise.all(children.map((c) => c.exited));
      const seconds = (Date.now() - started) / 1000;
      expect(codes).toEqual([0, 0, 0, 0]);
      const waited = children.filter((c) => c.stderr.text.includes('is in use by another check')).length;
      expect(waited).toBe(3);
      const maxInFlight = Math.max(...servers.map((s) => s.maxInFlight));
      const requests = servers.reduce((n, s) => n + s.requests.length, 0);
      record('concurrent checks', [
        `4 \`check\` processes at once, one state file, ${HOSTS} hosts x ${LINKS_PER_HOST} links, perHost ${PER_HOST}, 100 ms per answer:`,
        `all exit 0 in ${seconds.toFixed(1)} s, ${waited} of them waited for the lock; ${requests} requests; most requests in flight at one host: ${maxInFlight}.`,
      ]);
      for (const s of servers) expect(s.maxInFlight, s.origin).toBeLessThanOrEqual(PER_HOST);
      expect(requests).toBe(4 * HOSTS * LINKS_PER_HOST);
    } finally {
      await cleanup();
    }
  });
});
