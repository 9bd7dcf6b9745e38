// Runs the real command line in-process and captures what it prints. It runs in a folder of the
// test's choosing (`cwd`), else in a fresh empty one: never in the repository, whose
// feedwatch.config.json, feeds/ and .feedwatch/ belong to the user.
import { Writable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type MainOptions } from '../../src/runtime/node/cli.js';
import { assertOutsideRepo } from './outside-repo.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.text += chunk.toString();
      cb();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

/**
 * Runs `feedwatch <argv>` in-process. The environment is empty unless `opts.env` is given; the
 * working directory is `opts.cwd`, or an empty temporary folder removed afterwards.
 */
export async function runCli(argv: string[], opts: MainOptions = {}): Promise<CliResult> {
  const out = sink();
  const err = sink();
  const own = opts.cwd === undefined ? await tempDir('feedwatch-cwd-') : undefined;
  const cwd = opts.cwd ?? own!.dir;
  assertOutsideRepo(cwd);
  try {
    const code = await main(argv, { env: {}, stdout: out, stderr: err, ...opts, cwd });
    return { code, stdout: out.text, stderr: err.text };
  } finally {
    await own?.cleanup();
  }
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = 'feedwatch-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
