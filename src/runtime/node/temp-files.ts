// Temporary files of atomic writes (fs.ts): `.<name>.<hex>.tmp` beside the target. A process killed
// mid-write (SIGKILL, power loss) leaves its temporary files behind; `serve` hides dotfiles, but
// static hosting and the Worker's assets would publish them. So `build` and `check` remove the stale
// ones of this pattern, and only those, before they write.
//
// Which are stale? Never a file another live process is still writing. The hex part says who wrote
// it: 8 hex digits of the host, 8 of the pid, 8 random. A file of this host whose pid is gone is
// stale at once, so the next run after a kill leaves no litter. A file of a live pid (or another
// host, or the older 12-digit random names) is left alone until it is STALE_AGE_MS old: an atomic
// write renames its file within seconds of its last byte, so a file unchanged that long has no
// writer. Why not a lock on the output folder: `build` and `check` (and a `build` of `run` beside a
// `build` typed by hand) write there at the same time by design, and a lock would serialise them or
// still have to tell a live writer from a dead one; the name tells it without coordination.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** A temporary file nobody touched for this long has no writer (a write renames within seconds). */
export const STALE_AGE_MS = 10 * 60_000;

const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const TEMP_NAME = /^\..+\.([0-9a-f]{12}|[0-9a-f]{24})\.tmp$/;

/** The temporary name for `path`: `.<name>.<host><pid><random>.tmp` in the same folder. */
export function tempPathFor(path: string): string {
  const pid = (process.pid >>> 0).toString(16).padStart(8, '0');
  return join(dirname(path), `.${basename(path)}.${HOST_TAG}${pid}${randomBytes(4).toString('hex')}.tmp`);
}

/** Whether a process of this host still runs (signal 0 probes without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it just is not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True for a temporary file of ours whose writer is gone (see the top of this file). */
export function isStaleTemp(name: string, mtimeMs: number, now = Date.now()): boolean {
  const m = TEMP_NAME.exec(name);
  if (!m) return false;
  if (now - mtimeMs > STALE_AGE_MS) return true;
  const hex = m[1]!;
  if (hex.length !== 24 || hex.slice(0, 8) !== HOST_TAG) return false;
  return !processAlive(parseInt(hex.slice(8, 16), 16));
}

/**
 * Removes the stale temporary files in `dir` (and below it with `recursive`; folders whose names
 * start with a dot, such as .git, are not entered, nor are symbolic links). Returns what it removed.
 * Never fails: cleaning up must not stop the run that does it.
 */
export async function removeStaleTemps(dir: string, options: { recursive?: boolean } = {}): Promise<string[]> {
  const removed: string[] = [];
  const visit = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(folder, e.name);
      if (e.isDirectory()) {
        if (options.recursive && !e.name.startsWith('.')) await visit(path);
      } else if (e.isFile() && TEMP_NAME.test(e.name)) {
        const info = await stat(path).catch(() => null);
        if (info && isStaleTemp(e.name, info.mtimeMs)) {
          await rm(path, { force: true }).then(() => removed.push(path), () => undefined);
        }
      }
    }
  };
  await visit(dir);
  return removed;
}
