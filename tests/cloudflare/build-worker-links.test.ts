// build:worker's last step: the cited links for the Worker's scheduled checks, in
// _feedwatch/links/, written after the asset manifest's step (which prunes _feedwatch/) so a second
// build keeps them, and never published (the asset manifest does not list them).
import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildWorker } from '../../src/runtime/node/build-worker.js';
import { LINKS_DIR, LINKS_MANIFEST, type LinksManifest } from '../../src/links/link-groups.js';
import { MANIFEST_PATH, parseManifest } from '../../src/serve/index.js';
import { tempDir } from '../helpers/cli.js';
import { ASSET_LIMITS, assetLimitProblems } from '../../src/runtime/node/asset-limits.js';
import { SEED_FEEDS, SEED_ID_AUTHORITY } from '../helpers/seed.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const quiet = () => Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), {});

describe('build:worker writes the cited links', () => {
  it('into _feedwatch/links/, kept by the next build, and not published', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-worker-links-');
    cleanups.push(cleanup);
    await cp(SEED_FEEDS, join(dir, 'feeds'), { recursive: true });
    const out = join(dir, 'assets');
    const stdout = new Writable({ write: (c, _e, cb) => ((text += String(c)), cb()) });
    let text = '';
    const argv = ['--out', out, '--id-authority', SEED_ID_AUTHORITY, '--now', '2026-11-28T00:00:00Z'];
    expect(await buildWorker(argv, { cwd: dir, env: {}, stdout, stderr: quiet() })).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, LINKS_MANIFEST), 'utf8')) as LinksManifest;
    expect(manifest.total).toBeGreaterThan(0);
    expect(text).toContain(`worker links: ${manifest.total} cited links in ${manifest.groups.length} groups (${LINKS_DIR}/).`);
    expect(await buildWorker(argv, { cwd: dir, env: {}, stdout: quiet(), stderr: quiet() })).toBe(0);
    const files = (await readdir(join(out, LINKS_DIR))).sort();
    expect(files).toEqual(['manifest.json', ...manifest.groups.map((g) => g.file)].sort());
    const published = Object.keys(parseManifest(await readFile(join(out, MANIFEST_PATH), 'utf8')).files);
    expect(published.filter((p) => p.startsWith('_feedwatch'))).toEqual([]);
  });
});

describe('build:worker checks Cloudflare\'s asset limits', () => {
  it('a file over 25 MiB in the folder: exit 2, the file named, what to do', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-worker-limits-');
    cleanups.push(cleanup);
    await cp(SEED_FEEDS, join(dir, 'feeds'), { recursive: true });
    const out = join(dir, 'assets');
    await mkdir(join(out, 'files'), { recursive: true });
    await writeFile(join(out, 'files', 'video.bin'), '');
    await truncate(join(out, 'files', 'video.bin'), ASSET_LIMITS.fileBytes + 1); // sparse: no 25 MiB written
    let err = '';
    const stderr = new Writable({ write: (c, _e, cb) => ((err += String(c)), cb()) });
    const argv = ['--out', out, '--id-authority', SEED_ID_AUTHORITY, '--now', '2026-11-28T00:00:00Z'];
    expect(await buildWorker(argv, { cwd: dir, env: {}, stdout: quiet(), stderr })).toBe(2);
    expect(err).toContain(`feedwatch: ${join(out, 'files', 'video.bin')}: 26,214,401 bytes, over the 25 MiB Cloudflare takes per asset, so \`wrangler deploy\` would refuse the folder. Make the file smaller, or move it out of the folder.`);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
    // The rest of the build is there, as built: nothing is lost.
    expect(JSON.parse(await readFile(join(out, LINKS_MANIFEST), 'utf8')).total).toBeGreaterThan(0);
  });

  it('the list of cited links: a manifest over the size limit, or more files than a Worker version may have, says to leave links out', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-worker-limits-');
    cleanups.push(cleanup);
    const links = join(dir, LINKS_DIR);
    await mkdir(links, { recursive: true });
    await writeFile(join(links, 'manifest.json'), 'x'.repeat(2000));
    for (let i = 1; i <= 4; i++) await writeFile(join(dir, LINKS_DIR, `group-0000${i}.json`), '{}');
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
    await writeFile(join(dir, '.assetsignore'), '.*'); // dotfiles do not count
    await mkdir(join(dir, 'health'));
    await writeFile(join(dir, 'health', 'report.json'), '{}'); // nor what .assetsignore lists
    const limits = { fileBytes: 1000, files: 5, freeFiles: 3 };
    expect(await assetLimitProblems(dir, ['health/'], limits)).toEqual([
      `${join(links, 'manifest.json')}: 2,000 bytes, over the 1,000 bytes Cloudflare takes per asset, so \`wrangler deploy\` would refuse the folder. The list of cited links is too big for the Worker: leave links out with check.ignore (README "Checking links"), or check the rest with \`feedwatch check\` on Node.`,
      `${dir}: 6 files to upload, over the 5 a Worker version may have (Workers Paid; 3 on Free), so \`wrangler deploy\` would refuse the folder. 5 of them are the cited links (${LINKS_DIR}/, one file per group of one host's links): leave links out with check.ignore (README "Checking links"), or check the rest with \`feedwatch check\` on Node.`,
    ]);
    expect(await assetLimitProblems(dir, ['health/'], { ...limits, fileBytes: 2000, files: 6 })).toEqual([]);
  });
});
