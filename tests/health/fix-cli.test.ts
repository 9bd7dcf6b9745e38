// `feedwatch fix` on temporary content: after `check` found a link moved, a dry run prints the diff
// and changes nothing; --write rewrites the addresses; muted links are left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { writeLinkFeed } from '../helpers/link-feed.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { page, startServer, status, type TestServer } from './server.js';

let site: TestServer;
beforeAll(async () => {
  site = await startServer('127.0.0.1');
});
afterAll(() => site.close());

describe('fix', () => {
  it('rewrites moved links: dry run first, then --write', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const old = `${site.base}/old-report`;
      const kept = `${site.base}/kept`;
      site.routes.set('/old-report', status(301, { location: '/reports/2026' }));
      site.routes.set('/reports/2026', page('Report', 'The report.'));
      site.routes.set('/kept', status(308, { location: '/kept-new' }));
      site.routes.set('/kept-new', page('Kept', 'Kept.'));
      const feeds = join(dir, 'feeds');
      await mkdir(join(feeds, 'news', 'items'), { recursive: true });
      const file = join(feeds, 'news', 'items', '2026-03-01-report.md');
      const original = `---\ntitle: Report\ndate: 2026-03-01T10:00:00+01:00\nlink: https://site.example/report\nsources:\n  - ${old}\n---\nRead [the report](${old}) and [this](${kept}).\nNot this: ${old}-annex\n`;
      await writeFile(file, original);
      const state = join(dir, 'state.db');
      const config = join(dir, 'feedwatch.config.json');
      await writeFile(config, JSON.stringify({ alerts: { mute: [{ url: kept, reason: 'we link the old address on purpose' }] } }));

      expect((await runCli(['fix', '--feeds', feeds, '--state', state])).stderr).toContain('no state file');
      // The state comes from a check of a fixture feed citing both links (a `--url` probe records nothing).
      const checkFeeds = await writeLinkFeed(join(dir, 'check'), [old, kept]);
      const checked = await runCli(['check', '--feeds', checkFeeds, '--allow-private', '--state', state, '--out', join(dir, 'public')]);
      expect(checked.code).toBe(0);
      expectValidReport(await readFile(join(dir, 'public', 'health', 'report.json'), 'utf8'));

      const dry = await runCli(['fix', '--feeds', feeds, '--state', state, '--config', config]);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(`-  - ${old}\n+  - ${site.base}/reports/2026\n`);
      expect(dry.stdout).toContain(`+Read [the report](${site.base}/reports/2026) and [this](${kept}).`);
      expect(dry.stdout).toContain('Dry run: 2 addresses of 1 moved link in 1 file would change.');
      expect(await readFile(file, 'utf8')).toBe(original);

      const wrote = await runCli(['fix', '--feeds', feeds, '--state', state, '--config', config, '--write']);
      expect(wrote.stdout).toContain('Rewrote 2 addresses of 1 moved link in 1 file.');
      expect(await readFile(file, 'utf8')).toBe(original.replaceAll(`${old})`, `${site.base}/reports/2026)`).replace(`  - ${old}\n`, `  - ${site.base}/reports/2026\n`));
      expect(await readFile(file, 'utf8')).toContain(`Not this: ${old}-annex`);

      const again = await runCli(['fix', '--feeds', feeds, '--state', state, '--config', config]);
      expect(again.stdout).toContain('nothing to fix');
    } finally {
      await cleanup();
    }
  });
});
