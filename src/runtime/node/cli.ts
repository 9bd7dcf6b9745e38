// The command line: parses flags, resolves config (flag > env > file > default), runs a command,
// and turns errors into the exit codes of docs/cli.md.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isAbsolute, resolve } from 'node:path';
import { SETTINGS, resolveConfig, didYouMean, type SettingDef } from '../../core/config.js';
import { ConfigError, EXIT, FeedwatchError, UsageError } from '../../core/errors.js';
import type { Command, CommandContext } from './commands/command.js';
import { buildCommand } from './commands/build.js';
import { checkCommand } from './commands/check.js';
import { serveCommand } from './commands/serve.js';
import { runCommand } from './commands/run.js';
import { startCommand } from './commands/start.js';
import { fixCommand } from './commands/fix.js';

export const COMMANDS: readonly Command[] = [buildCommand, checkCommand, serveCommand, runCommand, startCommand, fixCommand];

export interface MainOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdout?: CommandContext['stdout'];
  stderr?: CommandContext['stderr'];
  signal?: AbortSignal;
}

const CONFIG_FILE = 'feedwatch.config.json';

function settingsFor(command: string): SettingDef[] {
  return SETTINGS.filter((s) => s.commands.includes(command));
}

function usage(): string {
  const lines = [
    'feedwatch: publishes news as RSS 2.0, Atom 1.0 and JSON Feed 1.1, and watches the sources they cite.',
    '',
    'Usage: feedwatch <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`),
    '',
    'Run `feedwatch <command> --help` for its options. Every setting can also be given in',
    `${CONFIG_FILE} (JSON Schema: feedwatch.schema.json) or an environment variable;`,
    'precedence: flag, environment variable, config file, default.',
    '',
    'Exit codes: 0 ok; 1 a link is broken or soft404 (check); 2 invalid input or config; 3 the run failed.',
  ];
  return lines.join('\n') + '\n';
}

export function commandHelp(cmd: Command): string {
  const lines = [`Usage: feedwatch ${cmd.name} [options]`, '', cmd.summary, '', 'Options:'];
  const row = (flag: string, text: string) => {
    const left = `  --${flag}`;
    lines.push(left.length < 28 ? `${left.padEnd(28)}${text}` : `${left}\n${' '.repeat(28)}${text}`);
  };
  for (const o of cmd.options ?? []) row(o.type === 'string' ? `${o.flag} <value>` : o.flag, o.description);
  row('config <file>', `Config file (default ${CONFIG_FILE} if present).`);
  for (const s of settingsFor(cmd.name)) {
    const value = s.type === 'boolean' ? '' : ` <${s.type === 'json' ? 'json' : s.type === 'integer' ? 'n' : 'value'}>`;
    const def = s.default === null ? '' : ` Default: ${JSON.stringify(s.default)}.`;
    row(`${s.flag}${value}`, `${s.description}${def} Env ${s.env}; config "${s.key}".`);
  }
  row('help', 'Show this help.');
  if (cmd.details) lines.push('', cmd.details);
  return lines.join('\n') + '\n';
}

function readConfigFile(path: string, explicit: boolean): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${path}: cannot read the config file (${(e as Error).message}).`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : 0;
    throw new ConfigError(`${path}${line ? `:${line}` : ''}: not valid JSON (${msg}). Fix the syntax; the schema is feedwatch.schema.json.`);
  }
}

/** Runs the command line; returns the exit code. Never throws. */
export async function main(argv: string[], opts: MainOptions = {}): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const env = opts.env ?? process.env;
  try {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      stdout.write(usage());
      return name ? EXIT.ok : EXIT.invalidInput;
    }
    if (name === '--version') {
      stdout.write('feedwatch 0.1.0\n');
      return EXIT.ok;
    }
    const cmd = COMMANDS.find((c) => c.name === name);
    if (!cmd) {
      const guess = didYouMean(name, COMMANDS.map((c) => c.name));
      throw new UsageError(`unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Run \`feedwatch --help\` for the list.`);
    }
    const settings = settingsFor(cmd.name);
    const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {
      help: { type: 'boolean', short: 'h' },
      config: { type: 'string' },
    };
    for (const s of settings) options[s.flag] = { type: s.type === 'boolean' ? 'boolean' : 'string' };
    for (const o of cmd.options ?? []) options[o.flag] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true, allowNegative: true } as Parameters<typeof parseArgs>[0]);
    } catch (e) {
      const msg = (e as Error).message;
      const flag = /'(--?[\w-]+)/.exec(msg)?.[1]?.replace(/^-+/, '');
      const guess = flag ? didYouMean(flag, Object.keys(options)) : undefined;
      throw new UsageError(`${cmd.name}: ${msg}${guess ? ` Did you mean --${guess}?` : ''} Run \`feedwatch ${cmd.name} --help\`.`);
    }
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    if (values.help) {
      stdout.write(commandHelp(cmd));
      return EXIT.ok;
    }
    const cwd = opts.cwd ?? process.cwd();
    const configPath = typeof values.config === 'string' ? values.config : env.FEEDWATCH_CONFIG ?? `${cwd}/${CONFIG_FILE}`;
    const file = readConfigFile(configPath, typeof values.config === 'string' || env.FEEDWATCH_CONFIG !== undefined);
    const flags: Record<string, string | boolean | undefined> = {};
    for (const s of settings) {
      const v = values[s.flag];
      if (v !== undefined) flags[s.flag] = v as string | boolean;
    }
    const config = resolveConfig({ file, fileName: configPath, env, flags });
    // Paths are relative to the given working directory. In the process's own directory they stay
    // as typed, so messages name files the way the user wrote them (feeds/sbhss/items/...).
    const rebase = (path: string) => (isAbsolute(path) || cwd === process.cwd() ? path : resolve(cwd, path));
    config.feeds = rebase(config.feeds);
    config.out = rebase(config.out);
    config.state = rebase(config.state);
    const cmdOptions: CommandContext['options'] = {};
    for (const o of cmd.options ?? []) cmdOptions[o.flag] = values[o.flag];
    return await cmd.run({
      config,
      options: cmdOptions,
      positionals: parsed.positionals,
      cwd,
      stdout,
      stderr,
      env,
      signal: opts.signal ?? new AbortController().signal,
    });
  } catch (e) {
    if (e instanceof FeedwatchError) {
      stderr.write(`feedwatch: ${e.message}\n`);
      return e.exitCode;
    }
    stderr.write(`feedwatch: [run] unexpected failure: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.runFailed;
  }
}
