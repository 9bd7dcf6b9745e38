// Runs the real command line in-process and captures what it prints.
import { Writable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type MainOptions } from '../../src/runtime/node/cli.js';

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

export async function runCli(argv: string[], opts: MainOptions = {}): Promise<CliResult> {
  const out = sink();
  const err = sink();
  const code = await main(argv, { env: {}, stdout: out, stderr: err, ...opts });
  return { code, stdout: out.text, stderr: err.text };
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = 'feedwatch-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
