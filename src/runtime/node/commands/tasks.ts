// Adapts the `build` and `check` commands into scheduler tasks for `run` and `start`: same config,
// their output captured and boiled down to one log line per run.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { FeedwatchError } from '../../../core/errors.js';
import { LINK_STATUSES } from '../../../core/types.js';
import type { Command, CommandContext } from './command.js';
import type { Task, TaskResult } from '../scheduler.js';
import { StateLockedError } from '../state-lock.js';

function capture(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.text += String(chunk);
      cb();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

/** Runs a command as a task; a thrown FeedwatchError becomes its exit code and message. */
export function commandTask(command: Command, ctx: CommandContext, summarize?: (result: TaskResult) => Promise<string | undefined>): Task {
  return async (signal) => {
    const stdout = capture();
    const stderr = capture();
    let exitCode: number;
    let message = '';
    try {
      exitCode = await command.run({ ...ctx, options: {}, positionals: [], stdout, stderr, signal });
    } catch (e) {
      // Another process checks with the same state file: this run is skipped, not failed.
      if (e instanceof StateLockedError) return { exitCode: e.exitCode, summary: e.holderText, skipped: true };
      if (!(e instanceof FeedwatchError)) throw e;
      exitCode = e.exitCode;
      message = e.message;
    }
    const problem = message || (exitCode >= 2 ? stderr.text.trim() : '');
    const [first, ...rest] = problem.split('\n');
    // A run that went through may still have told the user something (content warnings, an offline
    // check): those lines start with "feedwatch: "; progress lines do not.
    const notices = problem ? [] : stderr.text.split('\n').filter((l) => l.startsWith('feedwatch: '));
    const details = [...rest, ...notices];
    const result: TaskResult = {
      exitCode,
      summary: first || lastLine(stdout.text) || lastLine(stderr.text) || (exitCode === 0 ? 'done' : 'failed'),
      ...(details.length ? { details: details.join('\n') } : {}),
    };
    const better = exitCode < 2 && summarize ? await summarize(result) : undefined;
    return better ? { ...result, summary: better } : result;
  };
}


/** `12 links: 9 ok, 1 changed, 2 broken` from the report the check just wrote (docs/report.schema.json). */
export async function checkSummary(out: string): Promise<string | undefined> {
  try {
    const report = JSON.parse(await readFile(join(out, 'health', 'report.json'), 'utf8')) as { summary?: Record<string, number> };
    const s = report.summary;
    if (!s || typeof s.total !== 'number') return undefined;
    const parts = LINK_STATUSES.filter((k) => (s[k] ?? 0) > 0).map((k) => `${s[k]} ${k}`);
    return `${s.total} link${s.total === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
  } catch {
    return undefined;
  }
}
