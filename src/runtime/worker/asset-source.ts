// Feeds, archive pages, OPML and index.html from the static assets build:worker made: entries
// from its manifest (read once per isolate), bodies fetched from the ASSETS binding only for a
// GET answered 200. Compressed copies are assets too (`_feedwatch/<path>.br`), sent as they are.
import { MANIFEST_PATH, copyPath, foldersOf, parseManifest, type AssetManifest, type Coding, type FileSource, type Lookup } from '../../serve/index.js';
import { BodyGone, variantOf, type LazyBody, type WorkerEntry, type WorkerVariant } from './body.js';

/** Requests to the binding need an absolute URL; only its path matters. */
const ASSET_ORIGIN = 'https://assets.invalid';

/** How long a Worker without a manifest waits before it looks again (wrangler dev rebuilds). */
const MISSING_RETRY_MS = 10_000;

export class AssetSource implements FileSource<WorkerEntry, LazyBody> {
  private constructor(
    private readonly files: ReadonlyMap<string, WorkerEntry>,
    private readonly folders: ReadonlySet<string>,
  ) {}

  /** The manifest's files, each body fetched through `fetchAsset` when it is sent. */
  static from(manifest: AssetManifest, fetchAsset: (path: string) => Promise<ReadableStream>): AssetSource {
    const files = new Map<string, WorkerEntry>();
    const lazy = (path: string): LazyBody => ({ open: () => fetchAsset(path) });
    for (const [path, e] of Object.entries(manifest.files)) {
      const variants: Partial<Record<Coding, WorkerVariant>> & { identity: WorkerVariant } = {
        identity: { coding: 'identity', size: e.size, body: lazy(path) },
      };
      if (e.gzip !== undefined && e.codings.includes('gzip')) variants.gzip = { coding: 'gzip', size: e.gzip, body: lazy(copyPath(path, 'gzip')) };
      if (e.br !== undefined && e.codings.includes('br')) variants.br = { coding: 'br', size: e.br, body: lazy(copyPath(path, 'br')) };
      files.set(path, { contentType: e.contentType, lastModifiedMs: e.lastModifiedMs, hash: e.hash, codings: e.codings, variants });
    }
    return new AssetSource(files, foldersOf(files.keys()));
  }

  static readonly EMPTY = new AssetSource(new Map(), new Set(['']));

  get size(): number {
    return this.files.size;
  }

  lookup(segments: readonly string[]): Lookup<WorkerEntry> {
    const path = segments.join('/');
    const entry = this.files.get(path);
    if (entry) return { kind: 'file', entry };
    return this.folders.has(path) ? { kind: 'directory' } : { kind: 'missing' };
  }

  variant(entry: WorkerEntry, coding: Coding): WorkerVariant {
    return variantOf(entry, coding);
  }
}

/** `a b/c.xml` → `/a%20b/c.xml`. */
function assetUrl(path: string): string {
  return ASSET_ORIGIN + '/' + path.split('/').map(encodeURIComponent).join('/');
}

/** A body from the ASSETS binding; an asset the manifest lists but the binding lacks is BodyGone. */
export function assetFetcher(assets: Fetcher): (path: string) => Promise<ReadableStream> {
  return async (path) => {
    const res = await assets.fetch(assetUrl(path));
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      throw new BodyGone(`asset ${path}: ${res.status}`);
    }
    return res.body;
  };
}

interface Loaded {
  source: AssetSource;
  /** Set when there was no usable manifest: look again after this time. */
  retryAt?: number;
}

/**
 * Per isolate: the source, once its manifest was read. Only settled values are kept, never a
 * promise, so no request waits on I/O another request started (workerd forbids sharing that).
 */
const loaded = new WeakMap<Fetcher, Loaded>();

/**
 * The assets of this deployment. Without a manifest (no build:worker, or no ASSETS binding) the
 * Worker serves no assets, logs why once, and still serves reports and /healthz. A binding that
 * fails to answer throws (the request gets the 500 page) and is asked again next time.
 */
export async function assetSource(assets: Fetcher | undefined): Promise<AssetSource> {
  if (!assets) {
    logOnce('no-binding', 'feedwatch: [assets] the Worker has no ASSETS binding: feeds are not served. Add [assets] with binding = "ASSETS" to wrangler.toml (see the README, "Cloudflare").');
    return AssetSource.EMPTY;
  }
  const known = loaded.get(assets);
  if (known && (known.retryAt === undefined || Date.now() < known.retryAt)) return known.source;
  const res = await assets.fetch(assetUrl(MANIFEST_PATH));
  let result: Loaded;
  if (res.status === 404) {
    await res.body?.cancel();
    logOnce('no-manifest', `feedwatch: [assets] no ${MANIFEST_PATH} in the static assets: feeds are not served. Run \`npm run build:worker\` before \`wrangler deploy\` or \`wrangler dev\`.`);
    result = { source: AssetSource.EMPTY, retryAt: Date.now() + MISSING_RETRY_MS };
  } else if (res.status !== 200) {
    await res.body?.cancel();
    throw new Error(`the asset manifest could not be read: HTTP ${res.status}`);
  } else {
    try {
      result = { source: AssetSource.from(parseManifest(await res.text()), assetFetcher(assets)) };
    } catch (e) {
      logOnce('bad-manifest', `feedwatch: [assets] ${MANIFEST_PATH} is damaged (${(e as Error).message}): feeds are not served. Run \`npm run build:worker\` again and deploy.`);
      result = { source: AssetSource.EMPTY, retryAt: Date.now() + MISSING_RETRY_MS };
    }
  }
  loaded.set(assets, result);
  return result.source;
}

const logged = new Set<string>();
function logOnce(key: string, message: string): void {
  if (logged.has(key)) return;
  logged.add(key);
  console.error(message);
}
