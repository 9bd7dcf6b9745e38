// What every command file exports. The CLI turns settings and options into flags and help, and
// checks the command's positional arguments against what it declares here (docs/cli.md).
import type { Config } from '../../../core/config.js';

/**
 * What a value must be; the CLI checks it before the command runs (exit 2 otherwise).
 * - `url`: an absolute http(s) URL.
 * - `path`: a file or folder name (not empty).
 * - `text`: any text that is not blank.
 * - `feed-id`: a feed folder name: lowercase a-z, 0-9 and -, not a reserved name.
 * - `url-or-path`: an absolute http(s) URL, or else a file name (anything with a scheme must be http(s)).
 * - `count`: a whole number, 1 or more.
 * - `date-time`: ISO 8601 with a UTC offset, as in content (`2026-05-01T08:00:00+02:00`).
 */
export type ValueKind = 'url' | 'path' | 'text' | 'feed-id' | 'url-or-path' | 'count' | 'date-time';

export interface CommandOption {
  /** Long flag without dashes. */
  flag: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** For string options: what each value must be. */
  kind?: ValueKind;
  /** For string options: the only values allowed. */
  choices?: readonly string[];
  /** For string options: what it takes, as `--author NAME` in help and messages (default from `kind`: URL, ID, N...). */
  valueName?: string;
  description: string;
}

/** One positional argument, e.g. `<url>...` of `check`, `[<dir>]` of `init`. */
export interface CommandPositional {
  /** Shown as `<name>` in the usage line, e.g. `url`, `feed-id`, `url-or-file`. */
  name: string;
  kind: ValueKind;
  /** Default false: `[<name>]`. A required positional may not follow an optional one. */
  required?: boolean;
  /** Takes every remaining argument: `<name>...`. Only the last positional may repeat. */
  repeatable?: boolean;
  description: string;
}

export interface CommandContext {
  config: Config;
  /** Command-specific options (not settings), by flag name. */
  options: Record<string, string | boolean | string[] | undefined>;
  /** The positional arguments, already checked against the command's `positionals`. */
  positionals: string[];
  /** The working directory; config paths (feeds, out, state) are already resolved against it. */
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Aborted on SIGINT/SIGTERM for long-running commands. */
  signal: AbortSignal;
  /** The clock (default the system's); tests inject one. */
  now?: () => Date;
  /** The settings as the config file, environment and defaults give them, before this command's
   *  flags (paths resolved like `config`'s): what "the configured output folder" is. */
  configured?: Config;
  /** Set when `run` or `start` runs the command on its schedule (then `check` does not wait for the state's lock). */
  scheduledBy?: 'run' | 'start';
}

export interface Command {
  name: string;
  summary: string;
  /** Text after the options in `feedwatch <command> --help`. */
  details?: string;
  /** Options of this command that are not config settings. */
  options?: CommandOption[];
  /** The positional arguments it takes, in order; none when absent. */
  positionals?: CommandPositional[];
  /** Returns the exit code. Throws FeedwatchError for fatal input or run errors. */
  run(ctx: CommandContext): Promise<number>;
}

/**
 * A command's `run` that imports its code when the command runs. `feedwatch --help`, `<command>
 * --help` and argument checks need only the declarations (commands/declarations/), so they never
 * load the checker, SQLite, undici or the Markdown and YAML parsers.
 */
export function lazyRun(load: () => Promise<{ run(ctx: CommandContext): Promise<number> }>): Command['run'] {
  return async (ctx) => (await load()).run(ctx);
}
