// build:worker's last step: the cited links for the Worker's scheduled checks, in
// _feedwatch/links/, written after the asset manifest's step (which prunes _feedwatch/) so a second
// build keeps them, and never published (the asset manifest does not list them).
import { afterEach, describe, expect, it } from 'vitest';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildWorker } from '../../src/runtime/node/build-worker.js';
import { LINKS_DIR, LINKS_MANIFEST, type LinksManifest } from '../../src/links/link-groups.js';
import { MANIFEST_PATH, parseManifest } from '../../src/serve/index.js';
import { tempDir } from '../helpers/cli.js';
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
