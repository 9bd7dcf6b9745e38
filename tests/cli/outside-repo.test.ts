// The test helpers run feedwatch outside the repository: the user's feedwatch.config.json (a
// webhook, allowPrivate, ignore rules, a failure threshold...) and FEEDWATCH_* variables must not
// change what a test sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { ensureBuilt, runChild, spawnCli } from '../helpers/child.js';
import { REPO_ROOT } from '../helpers/outside-repo.js';
import { SEED_FEEDS, SEED_ID_AUTHORITY } from '../helpers/seed.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  ensureBuilt();
  tmp = await tempDir('feedwatch-outside-');
}, 120_000);
afterAll(async () => {
  await tmp?.cleanup();
});

describe('the command line in tests', () => {
  it('runCli without a cwd runs in an empty folder: no feedwatch.config.json there, whatever the repository holds', async () => {
    // Named explicitly, the config file is read relative to the working directory: it is missing.
    const r = await runCli(['build', '--config', 'feedwatch.config.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/feedwatch\.config\.json: cannot read the config file \(it does not exist\)/);
    // A relative path lands in that folder, not in the repository.
    const feeds = await runCli(['build', '--feeds', 'no-such-feeds']);
    expect(feeds.code).toBe(2);
    const named = /(\/\S*no-such-feeds)/.exec(feeds.stderr)?.[1];
    expect(named, feeds.stderr).toBeDefined();
    expect(named!.startsWith(REPO_ROOT)).toBe(false);
  });

  it('runCli and spawnCli refuse the repository, or a folder in it, as working directory', async () => {
    await expect(runCli(['--version'], { cwd: REPO_ROOT })).rejects.toThrow(/outside the repository/);
    await expect(runCli(['--version'], { cwd: join(REPO_ROOT, 'feeds') })).rejects.toThrow(/outside the repository/);
    expect(() => spawnCli(['--version'], { cwd: REPO_ROOT })).toThrow(/outside the repository/);
  });

  it("a child process gets none of the test runner's FEEDWATCH_* variables", async () => {
    // Either would stop the build: an archive size that is no number; a config file not in the test's folder.
    const hostile = { FEEDWATCH_CONFIG: join(REPO_ROOT, 'feedwatch.config.json'), FEEDWATCH_ARCHIVE_SIZE: 'many' };
    const saved = Object.fromEntries(Object.keys(hostile).map((k) => [k, process.env[k]]));
    Object.assign(process.env, hostile);
    try {
      const out = join(tmp.dir, 'public');
      const r = await runChild(['build', '--feeds', SEED_FEEDS, '--out', out, '--id-authority', SEED_ID_AUTHORITY], { cwd: tmp.dir });
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(out, 'sbhss', 'atom.xml'))).toBe(true);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
