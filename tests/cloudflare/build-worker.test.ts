// build:worker through its real entry (the CLI's `build` machinery, then the Worker's steps), on the
// seed feed in a temporary folder: the assets folder holds exactly what `build` writes, a manifest
// whose entries are what the Node server derives for the same files, compressed copies that decode
// to the files, and an .assetsignore that keeps dotfiles, reports and links leading out of the upload.
import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildWorker } from '../../src/runtime/node/build-worker.js';
import { ASSETS_IGNORE_FILE, WORKER_ASSETS_DIR, assetsIgnoreText } from '../../src/runtime/node/worker-assets.js';
import { FileCache } from '../../src/runtime/node/server/file-cache.js';
import { MANIFEST_PATH, copyPath, parseManifest, type AssetManifest } from '../../src/serve/index.js';
import { tempDir } from '../helpers/cli.js';
import { SEED_FEEDS, SEED_ID_AUTHORITY } from '../helpers/seed.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.text += chunk.toString();
      cb();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

async function project(): Promise<{ dir: string; feeds: string; assets: string }> {
  const { dir, cleanup } = await tempDir('feedwatch-build-worker-');
  cleanups.push(cleanup);
  const feeds = join(dir, 'feeds');
  await cp(SEED_FEEDS, feeds, { recursive: true });
  return { dir, feeds, assets: join(dir, WORKER_ASSETS_DIR) };
}

async function run(dir: string, ...argv: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = await buildWorker(['--id-authority', SEED_ID_AUTHORITY, '--base-url', 'https://feeds.example.org/', '--now', '2026-11-28T00:00:00Z', ...argv], { cwd: dir, env: {}, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const manifestOf = async (assets: string): Promise<AssetManifest> => parseManifest(await readFile(join(assets, MANIFEST_PATH), 'utf8'));

/** Every file below `dir`, `/`-separated. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/')).sort();
}

describe('npm run build:worker', () => {
  it('builds the feeds into .worker-assets/ with a manifest the Node server would agree with', async () => {
    const p = await project();
    const r = await run(p.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`index: ${join(p.assets, 'index.html')}`); // build's own lines
    expect(r.stdout).toMatch(/worker assets: .*: \d+ files in the manifest, \d+ copies compressed, 0 kept from the last build\./);

    const all = await filesUnder(p.assets);
    const published = all.filter((f) => !f.split('/').some((s) => s.startsWith('.')) && !f.startsWith('_feedwatch/'));
    expect(published).toEqual(expect.arrayContaining(['index.html', 'feeds.opml', 'sbhss/rss.xml', 'sbhss/atom.xml', 'sbhss/feed.json']));
    const manifest = await manifestOf(p.assets);
    expect(Object.keys(manifest.files).sort()).toEqual(published);

    // The entries are what Node's FileCache derives for the same files (type, hash, content date, codings).
    const cache = new FileCache(p.assets);
    for (const path of published) {
      const found = await cache.lookup(path.split('/'));
      if (found.kind !== 'file') throw new Error(`${path}: ${found.kind}`);
      const { contentType, hash, lastModifiedMs, codings } = found.entry;
      const entry = manifest.files[path]!;
      expect({ contentType: entry.contentType, hash: entry.hash, lastModifiedMs: entry.lastModifiedMs, codings: entry.codings }, path).toEqual({ contentType, hash, lastModifiedMs, codings });
      const bytes = await readFile(join(p.assets, path));
      expect(entry.size).toBe(bytes.byteLength);
      // Copies kept only when smaller, and they decode to the file.
      for (const [coding, decode] of [['gzip', gunzipSync], ['br', brotliDecompressSync]] as const) {
        const size = entry[coding];
        if (size === undefined) continue;
        const copy = await readFile(join(p.assets, copyPath(path, coding)));
        expect(copy.byteLength).toBe(size);
        expect(size).toBeLessThan(bytes.byteLength);
        expect(decode(copy).equals(bytes), `${path} ${coding}`).toBe(true);
      }
    }
    expect(manifest.files['sbhss/atom.xml']!.br).toBeDefined();
    expect(manifest.files['sbhss/atom.xml']!.lastModifiedMs).toBe(Date.parse('2018-11-30T10:00:00+01:00'));

    const ignore = await readFile(join(p.assets, ASSETS_IGNORE_FILE), 'utf8');
    expect(ignore.split('\n')).toContain('.*');
    expect(all.filter((f) => f.split('/').some((s) => s.startsWith('.')))).toEqual(expect.arrayContaining(['.feedwatch-build.json', '.last-modified.json', 'sbhss/.last-modified.json']));
  });

  it('compresses only what changed, and removes the copies of files gone', async () => {
    const p = await project();
    expect((await run(p.dir)).code).toBe(0);
    const first = await manifestOf(p.assets);
    const again = await run(p.dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/ 0 copies compressed, \d+ kept from the last build\./);
    expect(await manifestOf(p.assets)).toEqual(first);

    // A second feed comes and goes: its copies and manifest entries with it.
    await cp(join(p.feeds, 'sbhss'), join(p.feeds, 'other'), { recursive: true });
    const withOther = await run(p.dir);
    expect(withOther.code).toBe(0);
    expect(Object.keys((await manifestOf(p.assets)).files)).toContain('other/atom.xml');
    expect(await filesUnder(join(p.assets, '_feedwatch'))).toContain('other/atom.xml.br');
    await rm(join(p.feeds, 'other'), { recursive: true });
    expect((await run(p.dir)).code).toBe(0);
    const after = await manifestOf(p.assets);
    expect(Object.keys(after.files).some((f) => f.startsWith('other/'))).toBe(false);
    expect((await filesUnder(join(p.assets, '_feedwatch'))).some((f) => f.startsWith('other/'))).toBe(false);
    await expect(stat(join(p.assets, '_feedwatch', 'other'))).rejects.toThrow(); // empty folder removed too
  });

  it('keeps reports, links leading out and names no request can give out of the upload', async () => {
    const p = await project();
    await mkdir(join(p.assets, 'health'), { recursive: true });
    await writeFile(join(p.assets, 'health', 'report.json'), '{}');
    await writeFile(join(p.dir, 'secret.xml'), '<secret/>');
    await symlink(join(p.dir, 'secret.xml'), join(p.assets, 'escape.xml'));
    await writeFile(join(p.assets, 'odd%20name.txt'), 'x');
    expect((await run(p.dir)).code).toBe(0);
    await symlink(join(p.assets, 'feeds.opml'), join(p.assets, 'inside.opml'));
    const r = await run(p.dir);
    expect(r.stdout).toContain('not uploaded: escape.xml, health/, odd%20name.txt');
    const manifest = await manifestOf(p.assets);
    expect(Object.keys(manifest.files)).not.toContain('escape.xml');
    expect(Object.keys(manifest.files).some((f) => f.startsWith('health/'))).toBe(false);
    expect(manifest.files['inside.opml']?.hash).toBe(manifest.files['feeds.opml']!.hash); // a link inside is its target
    const ignore = (await readFile(join(p.assets, ASSETS_IGNORE_FILE), 'utf8')).split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['.*', '/escape.xml', '/health/', '/odd%20name.txt']));
  });

  it('escapes the characters .assetsignore gives a meaning', () => {
    expect(assetsIgnoreText(['a*b[1].txt', '#x', '!y', 'z '])).toContain('/a\\*b\\[1\\].txt\n/\\#x\n/\\!y\n/z\\ \n');
  });

  it('takes build\'s flags (a later --out wins) and stops at invalid content with exit 2, writing nothing', async () => {
    const p = await project();
    const elsewhere = join(p.dir, 'elsewhere');
    expect((await run(p.dir, '--out', elsewhere)).code).toBe(0);
    expect(Object.keys((await manifestOf(elsewhere)).files)).toContain('sbhss/atom.xml');

    await writeFile(join(p.feeds, 'sbhss', 'items', '2018-12-01-broken.md'), '---\ntitle: x\n---\n');
    const bad = await run(p.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error/);
    await expect(stat(p.assets)).rejects.toThrow();

    expect((await run(p.dir, '--drafts')).code).toBe(2); // previews are not published
    expect((await run(p.dir, '--bogus')).stderr).toContain('unknown option --bogus');
  });
});
