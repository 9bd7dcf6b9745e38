// One check at a time per state file. Concurrent checks each keep within `perHost`, but together
// they multiply the load on every site, and each sends alerts from its own view of the state. So a
// check holds `<state>.lock`, a small JSON file {pid, host, command, startedAt}, while it checks,
// commits, writes the reports and calls the webhook.
//
// - The file is created with O_EXCL ('wx'): of two processes, exactly one creates it.
// - A lock whose process is gone (same host, no such pid) is stale: the next check takes it over,
//   and says so. A lock of another host cannot be judged from here; it is waited for like a live one.
// - It is released on every way out: normally (finally), on process.exit (an 'exit' listener), and on
//   SIGINT, SIGTERM and SIGHUP when nothing else handles them (released, then the signal is raised
//   again, so the process still ends as the signal says). Only SIGKILL leaves it behind: then the
//   stale rule above applies.
// - `command` is the command's name (`feedwatch check`, `feedwatch run`), never its arguments: they
//   may hold a webhook URL or a token.
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { StoreError } from '../../core/errors.js';
import { fsReason, makeFolder } from './fs.js';
import { processAlive } from './temp-files.js';

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export interface HeldLock {
  path: string;
  info: LockInfo;
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** Who holds it, for the other runs' messages: `feedwatch check`, `feedwatch run`. */
  command: string;
  /** How long to wait for a live holder before giving up (0: do not wait). */
  waitMs: number;
  /** Called once when the lock is held by a live process and this run starts waiting. */
  onWait?: (holder: LockInfo | null, lockPath: string) => void;
  /** Called when a stale lock (its process is gone) was removed to take its place. */
  onTakeover?: (holder: LockInfo | null, lockPath: string) => void;
  /** How often to look again while waiting. */
  pollMs?: number;
  signal?: AbortSignal;
}

/** A lock file holds nothing but its JSON; one still empty this long after it was made is an orphan. */
const UNREADABLE_GRACE_MS = 5_000;
/** A takeover guard older than this belongs to a process that died while taking over. */
const GUARD_STALE_MS = 10_000;

export const lockPathOf = (statePath: string) => `${statePath}.lock`;

function describeHolder(h: LockInfo | null): string {
  if (!h) return 'a process that left no details';
  const where = h.host === hostname() ? 'this host' : `host ${h.host}`;
  return `pid ${h.pid} on ${where} (${h.command}), started ${h.startedAt}`;
}

/** `0.3 s`, `30 s`. */
export const seconds = (ms: number) => `${+(ms / 1000).toFixed(1)} s`;

/** The state file is in use by another check; `run` skips its check on this, `check` exits 3. */
export class StateLockedError extends StoreError {
  constructor(readonly statePath: string, readonly lockPath: string, readonly holder: LockInfo | null, readonly waitedMs: number) {
    super(
      `${statePath} is in use by another check: ${describeHolder(holder)}` +
        `${waitedMs > 0 ? `; waited ${seconds(waitedMs)} for it to finish` : ''}. ` +
        'Run again when it has finished, or wait longer with --lock-wait MS. ' +
        `If no such check is running any more, remove ${lockPathOf(statePath)}.`,
    );
  }
  /** One line for `run`'s log: who holds it. */
  get holderText(): string {
    return `${this.statePath} is in use by another check: ${describeHolder(this.holder)}`;
  }
}

function parseInfo(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.command === 'string' && typeof v.startedAt === 'string') {
      return { pid: v.pid, host: v.host, command: v.command, startedAt: v.startedAt };
    }
  } catch {
    // an empty or half-written file: judged by its age below
  }
  return null;
}


type Holder = { kind: 'gone' } | { kind: 'held'; info: LockInfo | null; stale: boolean; text: string };

async function readHolder(path: string): Promise<Holder> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, mtimeMs] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mtimeMs)]);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    throw lockError(path, 'read', e);
  }
  const info = parseInfo(text);
  if (!info) return { kind: 'held', info: null, stale: Date.now() - mtimeMs > UNREADABLE_GRACE_MS, text };
  return { kind: 'held', info, stale: info.host === hostname() && !processAlive(info.pid), text };
}

function lockError(path: string, what: string, e: unknown): StoreError {
  return new StoreError(`${path}: cannot ${what} the lock file of the state: ${fsReason(e)}. Check that the folder of --state is writable.`, { cause: e });
}

async function tryCreate(path: string, info: LockInfo): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw lockError(path, 'create', e);
  }
  try {
    await fh.writeFile(JSON.stringify(info) + '\n');
  } catch (e) {
    // A full disk: leave no empty lock behind for the next run to wait on.
    await fh.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw lockError(path, 'write', e);
  }
  await fh.close();
  return true;
}

/**
 * Removes a stale lock, unless someone else is doing so or it changed meanwhile. A guard file (also
 * O_EXCL) makes the look and the removal one step: without it, two takers could both judge lock A
 * stale, one remove it and make lock B, and the other then remove B.
 */
async function takeOver(path: string, seen: string): Promise<boolean> {
  const guard = `${path}.takeover`;
  try {
    await (await open(guard, 'wx')).close();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError(guard, 'create', e);
    const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > GUARD_STALE_MS) await unlink(guard).catch(() => undefined);
    return false;
  }
  try {
    const now = await readFile(path, 'utf8').catch(() => null);
    if (now !== seen) return false;
    await unlink(path).catch((e) => {
      throw lockError(path, 'remove the stale', e);
    });
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

// Locks this process holds, released synchronously if it exits or is ended by a signal.
const held = new Map<string, LockInfo>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const installed: { signal: NodeJS.Signals; handler: () => void }[] = [];

function releaseSync(path: string, info: LockInfo): void {
  held.delete(path);
  try {
    const now = parseInfo(readFileSync(path, 'utf8'));
    if (now && now.pid === info.pid && now.startedAt === info.startedAt) unlinkSync(path);
  } catch {
    // gone already, or unreadable: nothing of ours to remove
  }
}

function releaseAllSync(): void {
  for (const [path, info] of [...held]) releaseSync(path, info);
}

function watchExit(): void {
  if (installed.length || held.size === 0) return;
  process.on('exit', releaseAllSync);
  installed.push({ signal: 'exit' as NodeJS.Signals, handler: releaseAllSync });
  for (const signal of SIGNALS) {
    // Someone else handles it (run's graceful stop): they stop the check, and its finally releases.
    if (process.listenerCount(signal) > 0) continue;
    const handler = () => {
      releaseAllSync();
      unwatchExit();
      process.kill(process.pid, signal); // no listener now: the default action ends the process
    };
    process.on(signal, handler);
    installed.push({ signal, handler });
  }
}

function unwatchExit(): void {
  for (const { signal, handler } of installed.splice(0)) process.off(signal, handler);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Takes the lock of `statePath`, waiting up to `waitMs` for a live holder; throws StateLockedError after that. */
export async function acquireStateLock(statePath: string, options: AcquireOptions): Promise<HeldLock> {
  const path = lockPathOf(statePath);
  await makeFolder(dirname(path)).catch((e: NodeJS.ErrnoException) => {
    const why = e.code === 'EEXIST' || e.code === 'ENOTDIR' ? 'a part of the path is a file, not a folder' : fsReason(e);
    throw new StoreError(`${statePath}: cannot make the folder of the state file: ${why}. Give --state a file in a writable folder.`, { cause: e });
  });
  const started = Date.now();
  let announced = false;
  for (;;) {
    const info: LockInfo = { pid: process.pid, host: hostname(), command: options.command, startedAt: new Date().toISOString() };
    if (await tryCreate(path, info)) {
      held.set(path, info);
      watchExit();
      return {
        path,
        info,
        release: async () => {
          if (!held.has(path)) return;
          releaseSync(path, info);
          if (held.size === 0) unwatchExit();
        },
      };
    }
    const holder = await readHolder(path);
    if (holder.kind === 'gone') continue; // released just now: try again at once
    if (holder.stale) {
      if (await takeOver(path, holder.text)) options.onTakeover?.(holder.info, path);
      else await sleep(20); // another process is taking it over: look again in a moment
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= options.waitMs || options.signal?.aborted) throw new StateLockedError(statePath, path, holder.info, waited);
    if (!announced) options.onWait?.(holder.info, path);
    announced = true;
    await sleep(Math.min(options.pollMs ?? 100, options.waitMs - waited), options.signal);
  }
}

/** The holder as text, for messages: `pid 123 on this host (feedwatch run), started ...`. */
export { describeHolder };
