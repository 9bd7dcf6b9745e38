// The Worker as wrangler ships it, and wrangler.toml as wrangler reads it: the bundle
// (`wrangler deploy --dry-run`, its esbuild metafile) holds no node:* module and no undici; the
// deployed config has no nodejs_compat; every path `build` publishes runs the Worker first (with
// the router's own pattern rules), so no feed is ever answered by the static asset server's
// headers; and the vars are valid settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { experimental_readRawConfig } from 'wrangler';
import { checkConfig, SETTINGS } from '../../src/core/config.js';
import { buildWorker } from '../../src/runtime/node/build-worker.js';
import { MANIFEST_PATH, copyPath } from '../../src/serve/index.js';
import { tempDir } from '../helpers/cli.js';
import { SEED_FEEDS, SEED_ID_AUTHORITY } from '../helpers/seed.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const WRANGLER_ENV = { WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

interface Metafile {
  inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
  outputs: Record<string, { bytes: number }>;
}

let tmp: Awaited<ReturnType<typeof tempDir>>;
let assets: string;
beforeAll(async () => {
  tmp = await tempDir('feedwatch-bundle-');
  // A real build:worker of the seed feed: the assets wrangler reads, and every path the router must send to the Worker.
  assets = join(tmp.dir, 'assets');
  const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
  const code = await buildWorker(['--feeds', SEED_FEEDS, '--out', assets, '--id-authority', SEED_ID_AUTHORITY, '--archive-size', '1', '--now', '2026-11-28T00:00:00Z'], { cwd: tmp.dir, env: {}, stdout: quiet, stderr: quiet });
  expect(code).toBe(0);
});
afterAll(async () => {
  await tmp?.cleanup();
});

const rawConfig = () => experimental_readRawConfig({ config: join(root, 'wrangler.toml') }).rawConfig;

describe('the Worker bundle', () => {
  it('has no node:* module and no undici in it (wrangler deploy --dry-run, esbuild metafile)', async () => {
    const out = join(tmp.dir, 'out');
    await mkdir(out);
    const metafile = join(tmp.dir, 'meta.json');
    // wrangler itself, never through npx: killing a wrapper would leave wrangler running.
    await run(join(root, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', out, '--metafile', metafile, '--assets', assets], {
      cwd: root,
      env: { ...process.env, ...WRANGLER_ENV },
      timeout: 120_000,
    });
    const meta = JSON.parse(await readFile(metafile, 'utf8')) as Metafile;
    const inputs = Object.keys(meta.inputs);
    expect(inputs).toContain('src/runtime/worker/index.ts');
    expect(inputs).toContain('src/serve/handler.ts');
    const offending = [
      ...inputs.filter((p) => p.startsWith('node:') || /(^|\/)undici(\/|$)/.test(p)),
      ...Object.values(meta.inputs).flatMap((i) => i.imports.map((x) => x.path)).filter((p) => p.startsWith('node:') || /(^|\/)undici(\/|$)/.test(p)),
    ];
    expect(offending).toEqual([]);
    const [bundle] = Object.entries(meta.outputs).filter(([name]) => name.endsWith('.js'));
    const bytes = await readFile(join(out, 'index.js'));
    expect(bundle![1].bytes).toBe(bytes.byteLength);
    // The README states the size; this keeps an eye on it, far below what Workers accept.
    console.log(`Worker bundle: ${(bytes.byteLength / 1024).toFixed(1)} KiB, ${(gzipSync(bytes).byteLength / 1024).toFixed(1)} KiB gzip`);
    expect(gzipSync(bytes).byteLength).toBeLessThan(1024 * 1024);
  });
});

describe('wrangler.toml', () => {
  it('has no nodejs_compat (the tests alone set it) and the binding names the code uses', () => {
    const config = rawConfig();
    expect(config.compatibility_flags ?? []).not.toContain('nodejs_compat');
    expect(config.main).toBe('src/runtime/worker/index.ts');
    expect(config.assets).toMatchObject({ directory: '.worker-assets', binding: 'ASSETS', html_handling: 'none', not_found_handling: 'none' });
    expect(config.d1_databases?.map((d: { binding: string }) => d.binding)).toEqual(['DB']);
    expect(config.r2_buckets?.map((b: { binding: string }) => b.binding)).toEqual(['REPORTS']);
  });

  it('has vars that are feedwatch settings with valid values', () => {
    const vars = (rawConfig().vars ?? {}) as Record<string, string>;
    const names = new Set(SETTINGS.map((s) => s.env));
    for (const name of Object.keys(vars)) expect(names.has(name), name).toBe(true);
    expect(checkConfig({ env: vars }).problems).toEqual([]);
  });

  it('runs the Worker first on every path a build publishes, and on reports, /healthz and _feedwatch/', async () => {
    const rules = (rawConfig().assets?.run_worker_first ?? []) as string[];
    expect(Array.isArray(rules)).toBe(true);
    // The asset router's own reading of a rule: `*` matches anything, slashes included; `!/` excludes.
    const regex = (rule: string) => new RegExp('^' + rule.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    const workerFirst = (path: string) => !rules.filter((r) => r.startsWith('!/')).some((r) => regex(r.slice(1)).test(path)) && rules.filter((r) => r.startsWith('/')).some((r) => regex(r).test(path));
    const manifest = JSON.parse(await readFile(join(assets, MANIFEST_PATH), 'utf8')) as { files: Record<string, { br?: number }> };
    const published = Object.keys(manifest.files);
    expect(published.filter((p) => p.includes('/archive/')).length).toBeGreaterThan(0); // archive pages, with --archive-size 1
    const paths = [
      '/',
      ...published.map((p) => `/${p}`),
      ...['report.json', 'report.html', 'report.md', 'alerts.atom', ''].map((n) => `/health/${n}`),
      '/health',
      '/healthz',
      `/${MANIFEST_PATH}`,
      `/${copyPath('sbhss/atom.xml', 'br')}`,
    ];
    expect(paths.filter((p) => !workerFirst(p))).toEqual([]);
  });
});
