// The manifest of a prebuilt folder: every published file's entry (describeFile's fields), its size
// and the sizes of the compressed copies kept beside it. A source that cannot hash or stat per
// request (a Worker over static assets) serves from it; the build step that prepares the folder
// writes it. Plain JSON, checked when read, so a damaged or foreign manifest is one clear error.
import type { Coding, FileEntry } from './types.js';

export const MANIFEST_VERSION = 1;

/**
 * Where the prepared folder keeps what is not published under its own name: the manifest and the
 * compressed copies (`_feedwatch/news/atom.xml.br`). No feed id can start with `_`.
 */
export const PREPARED_DIR = '_feedwatch';
export const MANIFEST_PATH = `${PREPARED_DIR}/manifest.json`;

/** The path of a file's compressed copy inside the prepared folder. */
export function copyPath(path: string, coding: 'gzip' | 'br'): string {
  return `${PREPARED_DIR}/${path}.${coding === 'gzip' ? 'gz' : 'br'}`;
}

export interface ManifestEntry extends FileEntry {
  /** Byte length of the identity file. */
  readonly size: number;
  /** Byte length of the kept gzip copy; absent when compressing did not make the file smaller. */
  readonly gzip?: number;
  /** Byte length of the kept brotli copy; absent when compressing did not make the file smaller. */
  readonly br?: number;
}

export interface AssetManifest {
  readonly version: typeof MANIFEST_VERSION;
  /** Entries by path inside the published folder, `/`-separated, no leading slash. */
  readonly files: Readonly<Record<string, ManifestEntry>>;
}

const CODINGS: readonly Coding[] = ['br', 'gzip', 'identity'];

const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** A path a request can name: segments without `.`/`..`, dotfiles, empty parts, `%` or `\`. */
function isPublishablePath(path: string): boolean {
  return path.split('/').every((s) => s !== '' && !s.startsWith('.') && !/[%\\\0]/.test(s));
}

function checkEntry(path: string, value: unknown): ManifestEntry {
  const fail = (what: string): never => {
    throw new Error(`manifest entry ${JSON.stringify(path)}: ${what}`);
  };
  if (!isPublishablePath(path)) fail('not a path a request can name');
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const e = value as Record<string, unknown>;
  if (typeof e.contentType !== 'string' || e.contentType === '') fail('contentType must be a string');
  if (typeof e.hash !== 'string' || !/^[A-Za-z0-9_-]+$/.test(e.hash)) fail('hash must be base64url');
  if (typeof e.lastModifiedMs !== 'number' || !Number.isFinite(e.lastModifiedMs)) fail('lastModifiedMs must be a number');
  if (!isSize(e.size)) fail('size must be a byte count');
  if (!Array.isArray(e.codings) || !e.codings.includes('identity') || !e.codings.every((c) => CODINGS.includes(c as Coding))) fail('codings must list identity and only br, gzip, identity');
  for (const copy of ['gzip', 'br'] as const) {
    if (e[copy] !== undefined && !isSize(e[copy])) fail(`${copy} must be a byte count`);
  }
  return e as unknown as ManifestEntry;
}

/** Reads a manifest; throws an Error naming what is wrong. */
export function parseManifest(text: string): AssetManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`the manifest is not JSON (${(e as Error).message})`);
  }
  const m = parsed as { version?: unknown; files?: unknown } | null;
  if (!m || typeof m !== 'object' || m.version !== MANIFEST_VERSION) throw new Error(`the manifest is not version ${MANIFEST_VERSION}`);
  if (!m.files || typeof m.files !== 'object' || Array.isArray(m.files)) throw new Error('the manifest has no files object');
  const files: Record<string, ManifestEntry> = {};
  for (const [path, value] of Object.entries(m.files)) files[path] = checkEntry(path, value);
  return { version: MANIFEST_VERSION, files };
}

/** The entry a manifest keeps for a described file and the sizes of its kept copies. */
export function manifestEntry(entry: FileEntry, size: number, copies: { gzip?: number; br?: number }): ManifestEntry {
  return {
    contentType: entry.contentType,
    lastModifiedMs: entry.lastModifiedMs,
    hash: entry.hash,
    codings: entry.codings,
    size,
    ...(copies.gzip !== undefined ? { gzip: copies.gzip } : {}),
    ...(copies.br !== undefined ? { br: copies.br } : {}),
  };
}

/** Every folder the paths lie in, `''` (the root) included. */
export function foldersOf(paths: Iterable<string>): Set<string> {
  const folders = new Set<string>(['']);
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return folders;
}
