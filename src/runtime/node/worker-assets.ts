// Prepares a built folder for the Worker's static assets (build:worker): describes every published
// file once (the entry src/serve's describeFile makes, as Node's file cache does per file version),
// keeps .gz and .br copies where they are smaller, and writes the manifest the Worker serves from,
// so nothing is hashed or compressed per request at the edge. Then `.assetsignore`, because wrangler
// uploads every file of the folder and static hosting would publish dotfiles and links leading out.
import { readdir, readFile, realpath, rm, rmdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { writeFileAtomic } from './fs.js';
import { compressCopy } from './compress.js';
import { readLastModified } from './last-modified.js';
import {
  MANIFEST_PATH,
  MANIFEST_VERSION,
  PREPARED_DIR,
  contentDateOf,
  copyPath,
  describeFile,
  manifestEntry,
  parseManifest,
  type AssetManifest,
  type ManifestEntry,
} from '../../serve/index.js';

/** The assets folder wrangler.toml's [assets] names; git-ignored. */
export const WORKER_ASSETS_DIR = '.worker-assets';
export const ASSETS_IGNORE_FILE = '.assetsignore';
/** Reports are served from R2 (the REPORTS bucket), never from the assets. */
const REPORTS_DIR = 'health';

export interface PreparedAssets {
  manifest: AssetManifest;
  /** Copies compressed in this run, and copies of unchanged files kept from the last one. */
  compressed: number;
  reused: number;
  /** Paths in the folder that are not published (links leading out, names no request can give). */
  ignored: string[];
}

interface Found {
  /** Path inside the folder, `/`-separated. */
  rel: string;
  /** Where the bytes are read from (a link inside the folder: its target). */
  abs: string;
}

/** A name a request can give (src/serve/request-path.ts refuses `%`, `\` and NUL after decoding). */
const requestable = (name: string) => !/[%\\\0]/.test(name);

/**
 * The published files: everything but dotfiles, `_feedwatch/` (ours) and `health/` (R2's). A link
 * is published as its target only when that lies inside the folder, as `serve` does; anything else
 * a request could not reach, or must not, is listed in `ignored`.
 */
async function publishedFiles(root: string): Promise<{ files: Found[]; ignored: string[] }> {
  const realRoot = await realpath(root);
  const files: Found[] = [];
  const ignored: string[] = [];
  const visit = async (dir: string, prefix: string): Promise<void> => {
    for (const d of await readdir(dir, { withFileTypes: true })) {
      const rel = prefix + d.name;
      if (d.name.startsWith('.')) continue; // .assetsignore keeps out every dotfile
      if (prefix === '' && d.name === PREPARED_DIR) continue;
      if (prefix === '' && d.name === REPORTS_DIR) {
        ignored.push(`${REPORTS_DIR}/`);
        continue;
      }
      const abs = join(dir, d.name);
      if (d.isDirectory()) {
        if (requestable(d.name)) await visit(abs, `${rel}/`);
        else ignored.push(`${rel}/`);
      } else if (d.isFile() && requestable(d.name)) {
        files.push({ rel, abs });
      } else if (d.isSymbolicLink() && requestable(d.name)) {
        const target = await realpath(abs).catch(() => null);
        const inside = target !== null && target.startsWith(realRoot + sep) && !relative(realRoot, target).split(sep).some((p) => p.startsWith('.'));
        if (inside && (await stat(target)).isFile()) files.push({ rel, abs: target });
        else ignored.push(rel);
      } else {
        ignored.push(rel);
      }
    }
  };
  await visit(root, '');
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, ignored: ignored.sort() };
}

async function previousManifest(root: string): Promise<AssetManifest | null> {
  try {
    return parseManifest(await readFile(join(root, MANIFEST_PATH), 'utf8'));
  } catch {
    return null; // none yet, or damaged: every copy is made again
  }
}

async function sizeOf(path: string): Promise<number | null> {
  return (await stat(path).catch(() => null))?.size ?? null;
}

/** Removes what `_feedwatch/` holds beyond `keep` (copies of files gone or changed), and empty folders. */
async function pruneCopies(root: string, keep: ReadonlySet<string>): Promise<void> {
  const visit = async (dir: string): Promise<boolean> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    let empty = true;
    for (const d of entries) {
      const abs = join(dir, d.name);
      const rel = relative(root, abs).split(sep).join('/');
      if (d.isDirectory()) {
        if (await visit(abs)) await rmdir(abs).catch(() => undefined);
        else empty = false;
      } else if (!keep.has(rel)) await rm(abs, { force: true });
      else empty = false;
    }
    return empty;
  };
  await visit(join(root, PREPARED_DIR));
}

/** One line of .assetsignore for a path: anchored, with gitignore's special characters escaped. */
function ignoreLine(path: string): string {
  return '/' + path.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`).replace(/ $/, '\\ ');
}

export function assetsIgnoreText(ignored: readonly string[]): string {
  return [
    '# Written by `npm run build:worker`: what wrangler must not upload as a static asset.',
    '# Every dotfile and dot-folder (.pages.json, .last-modified.json, .feedwatch-build.json, temporary files):',
    '.*',
    ...(ignored.length ? ['# Not published: reports come from R2; links leading out of the folder; names no request can give.', ...ignored.map(ignoreLine)] : []),
    '',
  ].join('\n');
}

/** Describes, compresses and lists the published files of `root`, and writes its manifest and .assetsignore. */
export async function prepareWorkerAssets(root: string): Promise<PreparedAssets> {
  const previous = await previousManifest(root);
  const { files, ignored } = await publishedFiles(root);
  const dates = new Map<string, Promise<Record<string, string>>>();
  const datesOf = (folder: string) => {
    let d = dates.get(folder);
    if (!d) dates.set(folder, (d = readLastModified(join(root, folder))));
    return d;
  };
  const entries: Record<string, ManifestEntry> = {};
  const keep = new Set<string>([MANIFEST_PATH]);
  let compressed = 0;
  let reused = 0;
  for (const { rel, abs } of files) {
    const bytes = await readFile(abs);
    const slash = rel.lastIndexOf('/');
    const contentDate = contentDateOf(await datesOf(rel.slice(0, slash + 1)), rel.slice(slash + 1));
    const entry = await describeFile(rel, bytes, contentDate ?? (await stat(abs)).mtimeMs);
    const before = previous?.files[rel];
    const copies: { gzip?: number; br?: number } = {};
    for (const coding of ['gzip', 'br'] as const) {
      if (!entry.codings.includes(coding)) continue;
      const path = copyPath(rel, coding);
      const keptSize = before?.hash === entry.hash ? before[coding] : undefined;
      if (keptSize !== undefined && (await sizeOf(join(root, path))) === keptSize) {
        copies[coding] = keptSize;
        keep.add(path);
        reused++;
        continue;
      }
      const copy = await compressCopy(bytes, coding);
      compressed++;
      if (!copy) continue; // not smaller: identity is sent, as Node does
      await writeFileAtomic(join(root, path), copy, { durable: false });
      copies[coding] = copy.byteLength;
      keep.add(path);
    }
    entries[rel] = manifestEntry(entry, bytes.byteLength, copies);
  }
  const manifest: AssetManifest = { version: MANIFEST_VERSION, files: entries };
  await pruneCopies(root, keep);
  await writeFileAtomic(join(root, MANIFEST_PATH), JSON.stringify(manifest, null, 1) + '\n', { durable: false });
  await writeFileAtomic(join(root, ASSETS_IGNORE_FILE), assetsIgnoreText(ignored), { durable: false });
  return { manifest, compressed, reused, ignored };
}
