// What every command file exports. The CLI turns settings and options into flags and help.
import type { Config } from '../../../core/config.js';

export interface CommandOption {
  /** Long flag without dashes. */
  flag: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  description: string;
}

export interface CommandContext {
  config: Config;
  /** Command-specific options (not settings), by flag name. */
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** The working directory; config paths (feeds, out, state) are already resolved against it. */
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Aborted on SIGINT/SIGTERM for long-running commands. */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  /** Text after the options in `feedwatch <command> --help`. */
  details?: string;
  /** Options of this command that are not config settings. */
  options?: CommandOption[];
  /** Returns the exit code. Throws FeedwatchError for fatal input or run errors. */
  run(ctx: CommandContext): Promise<number>;
}
