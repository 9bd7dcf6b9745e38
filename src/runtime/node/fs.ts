// File writes that a reader never sees half-done: write a temporary file beside the target,
// flush it, then rename over the target (rename is atomic within one file system).
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RunError } from '../../core/errors.js';

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
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
