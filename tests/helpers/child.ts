// The real command line in a child process (`node bin/feedwatch.js ...`), for what only a process
// shows: locks between processes, signals, SIGKILL mid-write, ulimits, injected file system faults.
// The child runs the compiled dist/, so it is compiled first when older than the sources.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Output } from '../serve/helpers.js';
import { REPO_ROOT, assertOutsideRepo, childEnv } from './outside-repo.js';

export const root = REPO_ROOT;
export const BIN = join(root, 'bin/feedwatch.js');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Compiles src/ into dist/ when dist/ is missing or older than any source (`npm test` compiles first). */
export function ensureBuilt(): void {
  const marker = join(root, 'dist/runtime/node/cli.js');
  if (existsSync(marker) && statSync(marker).mtimeMs >= newest(join(root, 'src'))) return;
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
}

export interface Child {
  process: ChildProcess;
  stdout: Output;
  stderr: Output;
  /** Resolves with the exit code, or the signal's name when a signal ended it. */
  exited: Promise<number | string>;
}

export interface ChildOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Node options, e.g. `--import` of a fault injector. */
  nodeArgs?: string[];
  /** Run through `sh -c` with this prefix (e.g. `ulimit -f 64;`). */
  shellPrefix?: string;
}

/**
 * Starts `feedwatch <args>` in `cwd`, a temporary folder: no config file, feeds/ or state of the
 * repository, and no FEEDWATCH_* variable of the test runner's environment.
 */
export function spawnCli(args: string[], o: ChildOptions): Child {
  assertOutsideRepo(o.cwd);
  const env = childEnv(o.env);
  const argv = [...(o.nodeArgs ?? []), BIN, ...args];
  const child = o.shellPrefix
    ? spawn('sh', ['-c', `${o.shellPrefix} exec "$0" "$@"`, process.execPath, ...argv], { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, argv, { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = new Output();
  const stderr = new Output();
  child.stdout!.pipe(stdout);
  child.stderr!.pipe(stderr);
  const exited = new Promise<number | string>((resolve) => {
    // 'close': the output streams are read to their end too.
    child.on('close', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { process: child, stdout, stderr, exited };
}

/** Runs `feedwatch <args>` to its end. */
export async function runChild(args: string[], o: ChildOptions): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const c = spawnCli(args, o);
  const code = await c.exited;
  return { code, stdout: c.stdout.text, stderr: c.stderr.text };
}
