// Many links at once on one run's shutdown signal: each page's requests and waits listen to a signal
// of their own (src/links/abort-fanout.ts), so the run's signal carries one listener, not one per
// request. With one per request, a check of a dozen refused or unresolvable links printed Node's
// MaxListenersExceededWarning on stderr; and `run`, which reuses its signal for every check, would
// have kept adding listeners.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEventListeners } from 'node:events';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { ensureBuilt, runChild } from '../helpers/child.js';
import { closedPort, writeLinkFeed } from '../helpers/link-feed.js';
import { expectValidReport } from '../helpers/report-schema.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let urls: string[];
beforeAll(async () => {
  ensureBuilt();
  tmp = await tempDir('feedwatch-many-');
  // 24 hosts on loopback where nothing listens: refused at once, and retried (a backoff wait each).
  const port = await closedPort();
  urls = Array.from({ length: 24 }, (_, i) => `http://127.0.0.${i + 2}:${port}/page`);
}, 120_000);
afterAll(async () => {
  await tmp?.cleanup();
});

const common = ['--allow-private', '--retries', '2', '--retry-base', '20', '--no-wayback'];

describe('a check of many links at once', () => {
  it('prints no Node warning on stderr (check --feeds and check <url>..., in a real process)', async () => {
    const feeds = await writeLinkFeed(tmp.dir, urls);
    const checked = await runChild(['check', '--feeds', feeds, '--out', join(tmp.dir, 'public'), '--state', join(tmp.dir, 'state.db'), ...common], { cwd: tmp.dir });
    expect(checked.code, checked.stderr).toBe(1);
    expect(checked.stdout).toMatch(/broken +24/);
    expect(checked.stderr).not.toMatch(/Warning|--trace-warnings/);
    const probed = await runChild(['check', ...urls, '--format', 'json', ...common], { cwd: tmp.dir });
    expect(probed.code, probed.stderr).toBe(1);
    expectValidReport(probed.stdout);
    expect(probed.stderr).not.toMatch(/Warning|--trace-warnings/);
  });

  it('leaves no listener on the signal it was given, check after check', async () => {
    const feeds = await writeLinkFeed(join(tmp.dir, 'again'), urls);
    const abort = new AbortController();
    for (let run = 0; run < 2; run++) {
      const r = await runCli(['check', '--feeds', feeds, '--out', join(tmp.dir, 'again', 'public'), '--state', join(tmp.dir, 'again', 'state.db'), ...common], { cwd: tmp.dir, signal: abort.signal });
      expect(r.code, r.stderr).toBe(1);
      expect(getEventListeners(abort.signal, 'abort')).toEqual([]);
    }
  });
});
