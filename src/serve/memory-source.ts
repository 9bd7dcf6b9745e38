// A FileSource over files held in memory, with optional pre-compressed copies: the port's
// reference implementation, for tests in any runtime, and the shape a Worker's source takes
// (entries described ahead of time, copies made at build time, nothing hashed per request).
import { describeFile } from './describe.js';
import type { Coding, FileEntry, FileSource, Lookup, Variant } from './types.js';

export interface MemoryFile {
  bytes: Uint8Array;
  /** The content date, ms since the epoch. */
  lastModifiedMs: number;
  /** Compressed copies; a coding without one is sent as identity, as Node does when compressing does not pay. */
  gzip?: Uint8Array;
  br?: Uint8Array;
}

export interface MemoryEntry extends FileEntry {
  readonly path: string;
  readonly variants: Readonly<Partial<Record<Coding, Variant>>> & { readonly identity: Variant };
}

export class MemorySource implements FileSource<MemoryEntry, Uint8Array> {
  private constructor(
    private readonly files: ReadonlyMap<string, MemoryEntry>,
    private readonly folders: ReadonlySet<string>,
  ) {}

  /** @param files by path inside the published folder, `/`-separated, no leading slash */
  static async from(files: Readonly<Record<string, MemoryFile>>): Promise<MemorySource> {
    const entries = new Map<string, MemoryEntry>();
    const folders = new Set<string>(['']);
    for (const [path, file] of Object.entries(files)) {
      const described = await describeFile(path, file.bytes, file.lastModifiedMs);
      const variants: MemoryEntry['variants'] = {
        identity: { coding: 'identity', size: file.bytes.byteLength, body: file.bytes },
        ...(file.gzip ? { gzip: { coding: 'gzip', size: file.gzip.byteLength, body: file.gzip } } : {}),
        ...(file.br ? { br: { coding: 'br', size: file.br.byteLength, body: file.br } } : {}),
      };
      entries.set(path, { ...described, path, variants });
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
    }
    return new MemorySource(entries, folders);
  }

  lookup(segments: readonly string[]): Lookup<MemoryEntry> {
    const path = segments.join('/');
    const entry = this.files.get(path);
    if (entry) return { kind: 'file', entry };
    return this.folders.has(path) ? { kind: 'directory' } : { kind: 'missing' };
  }

  variant(entry: MemoryEntry, coding: Coding): Variant {
    return entry.variants[coding] ?? entry.variants.identity;
  }
}
