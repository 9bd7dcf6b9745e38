// File writes that a reader never sees half-done: write a temporary file beside the target, then
// rename it over the target (rename is atomic within one file system). The rename alone is what
// keeps readers from ever seeing a half-written file; the fsync before it is about power loss.
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RunError } from '../../core/errors.js';
import { tempPathFor } from './temp-files.js';

/** What a file system error means, in words, with its code: `no space left on the device (ENOSPC)`. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is used up',
    EFBIG: 'the file is larger than this process may write (file size limit, ulimit -f)',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    ENOENT: 'no such file or folder',
    EEXIST: 'it exists already',
    EIO: 'an input/output error of the device',
    EMFILE: 'too many open files',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  return code ?? (e as Error)?.message ?? String(e);
}

export interface WriteOptions {
  /**
   * Flush the data to disk before the rename (default true), so after a power loss the file holds
   * either its old or its new bytes. Pass false only for files that can be made again from their
   * sources (build outputs from feeds/): without the flush, a crash right after the write may leave
   * the file empty or short, and the next build, which compares bytes, writes it again.
   */
  durable?: boolean;
}

/**
 * Makes sure `dir` is a folder (making it if missing), before a run spends time on work it could not
 * write: `--out` naming a file, or a path through a file, is one clear message (exit 3).
 */
export async function ensureFolder(dir: string, flag: string): Promise<void> {
  try {
    await makeFolder(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'it is a file, not a folder' : fsReason(e);
    throw new RunError(`${dir}: cannot use it as the ${flag} folder: ${why}. Give ${flag} a folder (it is made if missing).`, { cause: e });
  }
}

/**
 * `mkdir -p`, one level at a time. Node's own recursive mkdir never returns below /proc (it loops on
 * ENOENT from a parent that exists), and says ENOENT on a read-only file system; this says EROFS.
 * Use it, not `mkdir(..., { recursive: true })`, wherever the reason may reach the user.
 */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw e;
    }
    if (code !== 'ENOENT' || dirname(dir) === dir) throw e;
  }
  await makeFolder(dirname(dir));
  await mkdir(dir).catch(async (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST' || !(await stat(dir)).isDirectory()) throw e;
  });
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  const tmp = tempPathFor(path);
  try {
    const fh = await open(tmp, 'w').catch(async (e: NodeJS.ErrnoException) => {
      // The folder is nearly always there already: make it only when it is not (one call fewer per file).
      if (e.code !== 'ENOENT') throw e;
      await makeFolder(dir);
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
    // Best effort: when the folder itself is the problem, there is no temporary file to remove.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new RunError(`cannot write ${path}: ${fsReason(e)}. Check that the folder is writable and the disk has room; any earlier version of the file is unchanged.`, { cause: e });
  }
}

/** Writes many files, each atomically; the caller prepares all contents first so a bad input writes nothing. */
export async function writeFilesAtomic(files: ReadonlyMap<string, string | Uint8Array>): Promise<void> {
  for (const [path, data] of files) await writeFileAtomic(path, data);
}
