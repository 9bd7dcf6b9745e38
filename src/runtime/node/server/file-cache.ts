// Node's FileSource: the files of the output folder, held in memory with their entry (type, hash,
// content date), so a hot `atom.xml` costs one stat per request. An entry is rebuilt when the
// file's inode, size or mtime changes (atomic writes rename a new inode over the old one);
// compressed variants are cached by content hash, so an identical rebuild compresses nothing
// again. What the entries mean for HTTP is decided in src/serve; this file only reads the disk.
import { statSync, type Stats } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { LAST_MODIFIED_FILE } from '../last-modified.js';
import { compressCopy } from '../compress.js';
import { contentDateOf, describeFile, parseContentDates, type Coding, type FileEntry, type FileSource, type Lookup, type Variant } from '../../../serve/index.js';

/** Bytes kept in memory for file bodies and compressed variants before the oldest are dropped. */
const CACHE_LIMIT_BYTES = 64 * 1024 * 1024;

export type NodeVariant = Variant<Buffer>;

export interface CachedFile extends FileEntry {
  /** The event-loop turn in which the fast path last proved the entry current (see currentTurn). */
  validatedTurn?: number;
  /** Path inside the output folder, `/`-separated. */
  rel: string;
  identity: NodeVariant;
  location: Location;
  signature: Signature;
  lastModifiedSignature: Signature;
}

/** Where a file is: computed once per request path, then reused by the fast path. */
export interface Location {
  segments: readonly string[];
  abs: string;
  dir: string;
  lastModifiedPath: string;
}

/** What identifies a version of a file on disk; an atomic rename gives a new inode. */
interface Signature {
  ino: number;
  size: number;
  mtimeMs: number;
}

const STAT_OPTIONS = { throwIfNoEntry: false } as const;
const NONE: Signature = { ino: -1, size: -1, mtimeMs: -1 };

function signatureOf(s: Stats | undefined): Signature {
  return s ? { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs } : NONE;
}

function sameFile(a: Signature, s: Stats | undefined): boolean {
  return s ? a.ino === s.ino && a.size === s.size && a.mtimeMs === s.mtimeMs : a === NONE;
}

export class FileCache implements FileSource<CachedFile, Buffer> {
  private readonly entries = new Map<string, CachedFile>();
  private readonly compressed = new Map<string, Promise<NodeVariant>>();
  /** Compressed variants that are done, for the synchronous fast path. */
  private readonly ready = new Map<string, NodeVariant>();
  private readonly lastModifiedFiles = new Map<string, { signature: Signature; dates: Record<string, string> }>();
  private bytesHeld = 0;

  /** @param root the output folder's real path (symlinks resolved) */
  constructor(readonly root: string) {}

  locate(segments: readonly string[]): Location {
    const abs = segments.length ? join(this.root, ...segments) : this.root;
    const dir = segments.length > 1 ? join(this.root, ...segments.slice(0, -1)) : this.root;
    return { segments, abs, dir, lastModifiedPath: join(dir, LAST_MODIFIED_FILE) };
  }

  /** The cached entry when neither the file nor its folder's content dates changed; no I/O but two stats. */
  fresh(location: Location): CachedFile | undefined {
    const cached = this.entries.get(location.abs);
    if (!cached) return undefined;
    const turn = this.currentTurn();
    if (cached.validatedTurn === turn) return cached;
    const stats = statSync(location.abs, STAT_OPTIONS);
    if (!stats || !sameFile(cached.signature, stats)) return undefined;
    const lmStats = statSync(location.lastModifiedPath, STAT_OPTIONS);
    if (!sameFile(cached.lastModifiedSignature, lmStats)) return undefined;
    cached.validatedTurn = turn;
    return cached;
  }

  /**
   * Requests handled in the same turn of the event loop share one check of the disk: they were in
   * flight together, and a write that lands during the turn is seen from the next turn on
   * (microseconds later). Under load this saves most stats; at rest every request stats.
   */
  private turn = 0;
  private turnEnding = false;
  private currentTurn(): number {
    if (!this.turnEnding) {
      this.turnEnding = true;
      setImmediate(() => {
        this.turn++;
        this.turnEnding = false;
      });
    }
    return this.turn;
  }

  /** Looks a file up by its path segments; re-reads it only when it changed on disk. */
  async lookup(segments: readonly string[]): Promise<Lookup<CachedFile>> {
    const location = this.locate(segments);
    const { abs, dir } = location;
    const rel = segments.join('/');
    const stats = statSync(abs, { throwIfNoEntry: false });
    if (!stats) return { kind: 'missing' };
    if (stats.isDirectory()) return { kind: 'directory' };
    if (!stats.isFile()) return { kind: 'missing' };
    const lmStats = statSync(location.lastModifiedPath, { throwIfNoEntry: false });
    const cached = this.entries.get(abs);
    if (cached && sameFile(cached.signature, stats) && sameFile(cached.lastModifiedSignature, lmStats)) {
      return { kind: 'file', entry: cached };
    }
    if (!(await this.isInside(abs))) return { kind: 'missing' };
    let bytes: Buffer;
    try {
      bytes = await readFile(abs);
    } catch {
      return { kind: 'missing' };
    }
    const name = segments[segments.length - 1] ?? '';
    const lastModifiedMs = (await this.contentDate(dir, name, lmStats)) ?? stats.mtimeMs;
    const entry: CachedFile = {
      ...(await describeFile(rel, bytes, lastModifiedMs)),
      rel,
      identity: { coding: 'identity', size: bytes.byteLength, body: bytes },
      location,
      // The signature is taken before the read: a write racing the read makes the next request re-read.
      signature: signatureOf(stats),
      lastModifiedSignature: signatureOf(lmStats),
    };
    const previous = this.entries.get(abs);
    if (previous) this.bytesHeld -= previous.identity.size;
    this.entries.set(abs, entry);
    this.bytesHeld += bytes.byteLength;
    this.evict();
    return { kind: 'file', entry };
  }

  /**
   * The variant to send for a coding: compressed once per content hash, then from memory.
   * Falls back to identity when compression would not make the body smaller.
   */
  async variant(entry: CachedFile, coding: Coding): Promise<NodeVariant> {
    if (coding === 'identity' || !entry.codings.includes(coding)) return entry.identity;
    const key = `${entry.hash}-${coding}`;
    let pending = this.compressed.get(key);
    if (!pending) {
      pending = this.compress(entry, coding).then(
        (v) => (this.ready.set(key, v), v),
        () => {
        // A failed compression is not remembered; the identity bytes are always right.
          this.compressed.delete(key);
          return entry.identity;
        },
      );
      this.compressed.set(key, pending);
    }
    return pending;
  }

  /** The variant if it is already in memory (always for identity). */
  readyVariant(entry: CachedFile, coding: Coding): NodeVariant | undefined {
    if (coding === 'identity' || !entry.codings.includes(coding)) return entry.identity;
    const v = this.ready.get(`${entry.hash}-${coding}`);
    // A variant cached for other bytes with the same hash cannot happen: the key is the content hash.
    return v;
  }

  private async compress(entry: CachedFile, coding: 'br' | 'gzip'): Promise<NodeVariant> {
    const bytes = await compressCopy(entry.identity.body, coding);
    if (!bytes) return entry.identity;
    this.bytesHeld += bytes.byteLength;
    this.evict();
    return { coding, size: bytes.byteLength, body: bytes };
  }

  /** Drops the oldest entries (insertion order) until the cache is within its limit. */
  private evict(): void {
    if (this.bytesHeld <= CACHE_LIMIT_BYTES) return;
    for (const [key, e] of this.entries) {
      if (this.bytesHeld <= CACHE_LIMIT_BYTES / 2) break;
      this.entries.delete(key);
      this.bytesHeld -= e.identity.size;
    }
    if (this.bytesHeld > CACHE_LIMIT_BYTES / 2) {
      this.compressed.clear();
      this.ready.clear();
      this.bytesHeld = [...this.entries.values()].reduce((n, e) => n + e.identity.size, 0);
    }
  }

  /** True when the file's real path (symlinks resolved) is inside the folder and names no dotfile. */
  private async isInside(abs: string): Promise<boolean> {
    let real: string;
    try {
      real = await realpath(abs);
    } catch {
      return false;
    }
    if (!real.startsWith(this.root + sep)) return false;
    return !real.slice(this.root.length + 1).split(sep).some((p) => p.startsWith('.'));
  }

  /** The content date of `name` from the folder's `.last-modified.json`, if it has a valid one. */
  private async contentDate(dir: string, name: string, lmStats: Stats | undefined): Promise<number | undefined> {
    if (!lmStats) return undefined;
    let record = this.lastModifiedFiles.get(dir);
    if (!record || !sameFile(record.signature, lmStats)) {
      // A missing or damaged record falls back to the file's mtime.
      const text = await readFile(join(dir, LAST_MODIFIED_FILE), 'utf8').catch(() => '');
      record = { signature: signatureOf(lmStats), dates: parseContentDates(text) };
      this.lastModifiedFiles.set(dir, record);
    }
    return contentDateOf(record.dates, name);
  }
}
