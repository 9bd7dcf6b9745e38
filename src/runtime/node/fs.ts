// File writes that a reader never sees half-done: write a temporary file beside the target, then
// rename it over the target (rename is atomic within one file system). The rename alone is what
// keeps readers from ever seeing a half-written file; the fsync before it is about power loss.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RunError } from '../../core/errors.js';

export interface WriteOptions {
  /**
   * Flush the data to disk before the rename (default true), so after a power loss the file holds
   * either its old or its new bytes. Pass false only for files that can be made again from their
   * sources (build outputs from feeds/): without the flush, a crash right after the write may leave
   * the file empty or short, and the next build, which compares bytes, writes it again.
   */
  durable?: boolean;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'w').catch(async (e: NodeJS.ErrnoException) => {
      // The folder is nearly always there already: make it only when it is not (one call fewer per file).
      if (e.code !== 'ENOENT') throw e;
      await mkdir(dir, { recursive: true });
      return open(tmp, 'w');
    });
    try {
      await fh.writeFile(data);
      if (options.durable !== false) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new RunError(`cannot write ${path}: ${(e as Error).message}. Check that the folder is writable and the disk has room.`, { cause: e });
  }
}

/** Writes many files, each atomically; the caller prepares all contents first so a bad input writes nothing. */
export async function writeFilesAtomic(files: ReadonlyMap<string, string | Uint8Array>): Promise<void> {
  for (const [path, data] of files) await writeFileAtomic(path, data);
}
