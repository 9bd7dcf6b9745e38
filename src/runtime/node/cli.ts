// The command line: parses flags and positionals against what each command declares, resolves
// config (flag > env > file > default), runs the command, and turns errors into the exit codes of
// docs/cli.md. Every input error is found before the command runs.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { SETTINGS, checkConfig, type Config, type SettingDef } from '../../core/config.js';
import { findJsonMistake, lineAndColumn } from '../../core/json-mistake.js';
import { didYouMean } from '../../core/suggest.js';
import { ConfigError, EXIT, FeedwatchError, RunError, UsageError } from '../../core/errors.js';
import { configSecrets, redactor, type Redactor } from '../../core/redact.js';
import { fsReason } from './fs.js';
import { redactingStream } from './redacting-stream.js';
import type { Command, CommandContext } from './commands/command.js';
// Declarations only: each command's code is imported when it runs (commands/command.ts, lazyRun).
import { buildCommand } from './commands/declarations/build.js';
import { checkCommand } from './commands/declarations/check.js';
import { serveCommand } from './commands/declarations/serve.js';
import { runCommand } from './commands/declarations/run.js';
import { startCommand } from './commands/declarations/start.js';
import { fixCommand } from './commands/declarations/fix.js';
import { importCommand } from './commands/declarations/import.js';
import { initCommand } from './commands/declarations/init.js';
import { newCommand } from './commands/declarations/new.js';
import { checkArguments } from './arguments.js';
import { parseFlags, wantsHelp, type FlagSpec } from './flags.js';
import { CONFIG_FILE, CONFIG_VALUE, commandHelp, mainHelp, optionValueName, settingValueName } from './help.js';

export const COMMANDS: readonly Command[] = [initCommand, newCommand, buildCommand, checkCommand, serveCommand, runCommand, startCommand, fixCommand, importCommand];

export interface MainOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdout?: CommandContext['stdout'];
  stderr?: CommandContext['stderr'];
  signal?: AbortSignal;
  /** The commands (default COMMANDS); tests pass their own to exercise declarations. */
  commands?: readonly Command[];
  /** The clock (default the system's); tests inject one. */
  now?: () => Date;
}

function settingsFor(command: string): SettingDef[] {
  return SETTINGS.filter((s) => s.commands.includes(command));
}

/** Every flag of a command: --help, --config, its settings and its own options. */
function flagsOf(cmd: Command): Record<string, FlagSpec> {
  const flags: Record<string, FlagSpec> = { help: { type: 'boolean', short: 'h' }, config: { type: 'string', valueName: CONFIG_VALUE } };
  for (const s of settingsFor(cmd.name)) flags[s.flag] = { type: s.type === 'boolean' ? 'boolean' : 'string', valueName: settingValueName(s) };
  for (const o of cmd.options ?? []) {
    flags[o.flag] = { type: o.type, valueName: optionValueName(o), ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  }
  return flags;
}

/** The file's parsed JSON, undefined when there is none, or the one problem that stops reading it. */
function readConfigFile(path: string, name: string, explicit: boolean): { file?: unknown; problem?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : code ?? (e as Error).message;
    return { problem: `${name}: cannot read the config file (${why}). Pass --config FILE, or remove the setting that names it.` };
  }
  try {
    return { file: JSON.parse(text) };
  } catch {
    // Never the parser's message: it quotes the text around the mistake, and the file may hold a token.
    const mistake = findJsonMistake(text);
    const where = mistake ? lineAndColumn(text, mistake.offset) : undefined;
    const at = where ? `:${where.line}:${where.column}` : '';
    return { problem: `${name}${at}: not valid JSON (${mistake?.what ?? 'a syntax error'}). Fix the syntax; the schema is feedwatch.schema.json.` };
  }
}

const SECRET_SETTINGS = SETTINGS.filter((s) => s.secret);

/**
 * The values of secret settings as given in flags, variables or the file, before they are checked:
 * even a value too malformed to be accepted must not be printed back.
 */
function rawSecrets(argv: readonly string[], env: Record<string, string | undefined>, file?: unknown): string[] {
  const out: string[] = [];
  const add = (key: string, value: unknown) => {
    let v = value;
    if (typeof v === 'string') {
      out.push(v);
      try {
        v = JSON.parse(v);
      } catch {
        return;
      }
    }
    if (key === 'check.headers' && v && typeof v === 'object') out.push(...configSecrets({ check: { headers: v as Config['check']['headers'] } }));
    if (key === 'alerts.webhook' && typeof v === 'string') out.push(...configSecrets({ alerts: { webhook: v } }));
  };
  for (const s of SECRET_SETTINGS) {
    argv.forEach((arg, i) => {
      if (arg === `--${s.flag}` && argv[i + 1] !== undefined) add(s.key, argv[i + 1]);
      else if (arg.startsWith(`--${s.flag}=`)) add(s.key, arg.slice(s.flag.length + 3));
    });
    if (env[s.env]) add(s.key, env[s.env]);
    const [section, name] = s.key.split('.');
    const fromFile = (file as Record<string, Record<string, unknown> | undefined> | undefined)?.[section!]?.[name!];
    if (file && typeof file === 'object' && fromFile !== undefined) add(s.key, fromFile);
  }
  return out;
}

/** A failure that is not one of ours: a file system error names its path; anything else is a bug. Never a stack trace. */
function asFeedwatchError(e: unknown, env: Record<string, string | undefined>): FeedwatchError {
  if (e instanceof FeedwatchError) return e;
  const err = e as NodeJS.ErrnoException | undefined;
  if (err?.code && err.path) {
    const why = err.code === 'EEXIST' && err.syscall === 'mkdir' ? 'it is a file, not a folder' : fsReason(err);
    return new RunError(`${err.path}: ${why}${err.syscall ? ` (${err.syscall})` : ''}. Check the paths given with --feeds, --out and --state, and that the disk is writable.`, { cause: e });
  }
  const where = env.FEEDWATCH_DEBUG ? `\n${err?.stack ?? ''}` : ' (set FEEDWATCH_DEBUG=1 to see where it happened)';
  return new RunError(`unexpected failure: ${err?.message ?? String(e)}. This is a bug in feedwatch: please report it with the command you ran${where}.`, { cause: e });
}

/** Runs the command line; returns the exit code. Never throws. */
export async function main(argv: string[], opts: MainOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  // Everything the command prints passes through the redactor; it learns the configuration's
  // secrets as soon as they are known.
  const secrets = rawSecrets(argv, env);
  let redact: Redactor = redactor(secrets);
  const learn = (more: readonly string[]) => {
    secrets.push(...more);
    redact = redactor(secrets);
  };
  const stdout = redactingStream(opts.stdout ?? process.stdout, () => redact);
  const stderr = redactingStream(opts.stderr ?? process.stderr, () => redact);
  try {
    const commands = opts.commands ?? COMMANDS;
    const [name, ...rest] = argv;
    const helpFor = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    if (helpFor) {
      stdout.write(commandHelp(helpFor, settingsFor(helpFor.name)));
      return EXIT.ok;
    }
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      stdout.write(mainHelp(commands));
      return name ? EXIT.ok : EXIT.invalidInput;
    }
    if (name === '--version') {
      stdout.write('feedwatch 0.1.0\n');
      return EXIT.ok;
    }
    const cmd = commands.find((c) => c.name === name);
    if (!cmd) {
      const guess = didYouMean(name, commands.map((c) => c.name));
      throw new UsageError(`unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Run \`feedwatch --help\` for the list.`);
    }
    if (wantsHelp(rest)) {
      stdout.write(commandHelp(cmd, settingsFor(cmd.name)));
      return EXIT.ok;
    }
    const flags = flagsOf(cmd);
    const has = (c: Command, flag: string) => flag in flagsOf(c) || (flag.startsWith('no-') && flagsOf(c)[flag.slice(3)]?.type === 'boolean');
    const ownersOf = (flag: string) => commands.filter((c) => c !== cmd && has(c, flag)).map((c) => c.name);
    const { values, positionals } = parseFlags(rest, { command: cmd.name, flags, ownersOf });
    const cmdOptions: CommandContext['options'] = {};
    for (const o of cmd.options ?? []) cmdOptions[o.flag] = values[o.flag];
    checkArguments(cmd, cmdOptions, positionals, new Set(Object.keys(flags)));

    const cwd = opts.cwd ?? process.cwd();
    const explicit = typeof values.config === 'string' || env.FEEDWATCH_CONFIG !== undefined;
    // Named as typed (or `feedwatch.config.json`), read relative to the working directory.
    const configName = typeof values.config === 'string' ? values.config : env.FEEDWATCH_CONFIG ?? (cwd === process.cwd() ? CONFIG_FILE : resolve(cwd, CONFIG_FILE));
    const { file, problem } = readConfigFile(resolve(cwd, configName), configName, explicit);
    learn(rawSecrets([], {}, file));
    const settingFlags: Record<string, string | boolean | undefined> = {};
    for (const s of settingsFor(cmd.name)) {
      const v = values[s.flag];
      if (v !== undefined) settingFlags[s.flag] = v as string | boolean;
    }
    // Every problem of the file, the environment and the flags in one message.
    const checked = checkConfig({ file, fileName: configName, env, flags: settingFlags });
    const problems = problem ? [problem, ...checked.problems] : checked.problems;
    if (problems.length > 0) throw ConfigError.of(problems);
    const config = checked.config;
    learn(configSecrets(config));
    // Paths are relative to the given working directory. In the process's own directory they stay
    // as typed, so messages name files the way the user wrote them (feeds/sbhss/items/...).
    const rebase = (path: string) => (isAbsolute(path) || cwd === process.cwd() ? path : resolve(cwd, path));
    // The same settings without this command's flags: `build --drafts` must not write the configured output.
    const configured = checkConfig({ file, fileName: configName, env }).config;
    for (const c of [config, configured]) {
      c.feeds = rebase(c.feeds);
      c.out = rebase(c.out);
      c.state = rebase(c.state);
    }
    return await cmd.run({
      config,
      options: cmdOptions,
      positionals,
      cwd,
      stdout,
      stderr,
      env,
      signal: opts.signal ?? new AbortController().signal,
      configured,
      ...(opts.now ? { now: opts.now } : {}),
    });
  } catch (e) {
    const error = asFeedwatchError(e, env);
    stderr.write(`feedwatch: ${error.message}\n`);
    return error.exitCode;
  }
}
