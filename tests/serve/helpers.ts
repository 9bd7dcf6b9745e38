// Contexts for running `run`/`start`/`serve` in-process, with output that tests can wait on.
import { Writable } from 'node:stream';
import { resolveConfig, type Config } from '../../src/core/config.js';
import type { CommandContext } from '../../src/runtime/node/commands/command.js';

export class Output extends Writable {
  text = '';
  private waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  override _write(chunk: unknown, _enc: BufferEncoding, cb: () => void): void {
    this.text += String(chunk);
    this.waiters = this.waiters.filter((w) => {
      const m = this.text.match(w.pattern);
      if (m) w.resolve(m);
      return !m;
    });
    cb();
  }
  /** Resolves when the output matches; rejects after `ms`. */
  waitFor(pattern: RegExp, ms = 10_000): Promise<RegExpMatchArray> {
    const m = this.text.match(pattern);
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${this.text}`)), ms);
      this.waiters.push({ pattern, resolve: (x) => (clearTimeout(timer), resolve(x)) });
    });
  }
}

export function serviceContext(flags: Record<string, string>, file: unknown = {}): { ctx: CommandContext; stdout: Output; stderr: Output; abort: AbortController; config: Config } {
  const config = resolveConfig({ file, flags: { host: '127.0.0.1', port: '0', ...flags } });
  const stdout = new Output();
  const stderr = new Output();
  const abort = new AbortController();
  return { ctx: { config, options: {}, positionals: [], cwd: process.cwd(), stdout, stderr, env: {}, signal: abort.signal }, stdout, stderr, abort, config };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
