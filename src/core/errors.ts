// One error type per boundary, each with a message prefix that says where it came from.
// Only fatal input or run errors throw; a link's failure is a Status value, never an exception.
import type { Diagnostic } from './types.js';

/** Exit codes of the command line (docs/cli.md "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** check: a link is broken or soft404. */
  linksFailing: 1,
  /** Invalid input: content, config, flags. */
  invalidInput: 2,
  /** The run itself failed: state unreadable, disk, port in use. */
  runFailed: 3,
} as const;

export abstract class FeedwatchError extends Error {
  abstract readonly exitCode: number;
  abstract readonly prefix: string;
  override get message(): string {
    return `${this.prefix} ${this.detail}`;
  }
  constructor(readonly detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    // Error's constructor sets an own `message` that would hide the prefixed getter above.
    delete (this as { message?: string }).message;
    this.name = new.target.name;
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}${d.column ? `:${d.column}` : ''}` : d.file;
  const field = d.field ? ` ${d.field}:` : '';
  const hint = d.hint ? `\n    hint: ${d.hint}` : '';
  return `${where}: ${d.severity}:${field} ${d.message}${hint}`;
}

/** Problems of one kind (severity, field and message) shown before the rest are summed up. */
export const DIAGNOSTICS_PER_KIND = 10;

/**
 * One line per diagnostic, but at most `perKind` of each kind: a feeds folder given one level too
 * high turns 10,000 items into 10,000 identical warnings, and the first few say it all.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], perKind = DIAGNOSTICS_PER_KIND): string[] {
  const shown = new Map<string, number>();
  const lines: string[] = [];
  for (const d of diagnostics) {
    const kind = `${d.severity}\0${d.field ?? ''}\0${d.message}`;
    const n = (shown.get(kind) ?? 0) + 1;
    shown.set(kind, n);
    if (n <= perKind) lines.push(formatDiagnostic(d));
  }
  for (const [kind, n] of shown) {
    if (n <= perKind) continue;
    const [severity, field, message] = kind.split('\0');
    lines.push(`... and ${n - perKind} more ${severity}s like "${field ? `${field}: ` : ''}${message}"`);
  }
  return lines;
}

/** "2 errors and 1 warning": what the list below it holds, counted by severity. */
export function countOf(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return warnings === 0 ? n(errors, 'error') : `${n(errors, 'error')} and ${n(warnings, 'warning')}`;
}

/** Invalid content in feeds/: carries every problem found in the run, not just the first. */
export class ContentError extends FeedwatchError {
  readonly exitCode = EXIT.invalidInput;
  readonly prefix = '[content]';
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`${countOf(diagnostics)} in content; nothing was written:\n` + formatDiagnostics(diagnostics).map((line) => '  ' + line).join('\n'));
  }
}

/** Invalid config file, environment variable or setting. */
export class ConfigError extends FeedwatchError {
  readonly exitCode = EXIT.invalidInput;
  readonly prefix = '[config]';

  /** Every problem of the run, one line each (`feedwatch.config.json: check.perHost must be ...`). */
  static of(problems: readonly string[]): ConfigError {
    if (problems.length === 1) return new ConfigError(problems[0]!);
    return new ConfigError(`${problems.length} errors in the configuration; nothing was done:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Invalid command line. */
export class UsageError extends FeedwatchError {
  readonly exitCode = EXIT.invalidInput;
  readonly prefix = '[usage]';
}

/** The state store could not be read or written. */
export class StoreError extends FeedwatchError {
  readonly exitCode = EXIT.runFailed;
  readonly prefix = '[state]';
}

/** The run failed for a reason outside the input: disk, port in use, unreadable folder. */
export class RunError extends FeedwatchError {
  readonly exitCode = EXIT.runFailed;
  readonly prefix = '[run]';
}

/**
 * `import`: the source cannot be imported. Exit 2 when it is the input (not a feed, too large, a
 * private address without --allow-private, a feed.yaml field it lacks); 3 when fetching failed.
 */
export class ImportError extends FeedwatchError {
  readonly prefix = '[import]';
  constructor(detail: string, readonly exitCode: number = EXIT.invalidInput, options?: { cause?: unknown }) {
    super(detail, options);
  }
}
