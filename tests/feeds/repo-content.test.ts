// The one test that reads the repository's own feeds/: whatever the user keeps there must build.
// It expects no particular feeds, items, counts or titles (the seed content is tested from
// tests/fixtures/seed), and writes only to a temporary folder.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, tempDir } from '../helpers/cli.js';

const REPO_FEEDS = fileURLToPath(new URL('../../feeds', import.meta.url));

describe.skipIf(!existsSync(REPO_FEEDS))("the repository's feeds/", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('builds without errors', async () => {
    const t = await tempDir('feedwatch-repo-feeds-');
    cleanups.push(t.cleanup);
    // From the temporary folder: built with the defaults, so no setting in the repository's config
    // (WebSub hubs, Robust Links from .feedwatch/) reaches outside the test.
    const r = await runCli(['build', '--feeds', REPO_FEEDS, '--out', join(t.dir, 'public'), '--state', join(t.dir, 'state.db')], { cwd: t.dir });
    expect(r.stderr).not.toMatch(/\berror\b/);
    expect(r.code, r.stderr).toBe(0);
  });
});
