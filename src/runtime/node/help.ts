// `feedwatch --help` and `feedwatch <command> --help`, made from the same declarations the CLI
// checks arguments against, so help and behaviour cannot drift apart.
import type { SettingDef } from '../../core/config.js';
import { KIND_TEXT, positionalToken, usageLine } from './arguments.js';
import type { Command, CommandOption, ValueKind } from './commands/command.js';

export const CONFIG_FILE = 'feedwatch.config.json';

export function mainHelp(commands: readonly Command[]): string {
  const lines = [
    'feedwatch: publishes news as RSS 2.0, Atom 1.0 and JSON Feed 1.1, and watches the sources they cite.',
    '',
    'Usage: feedwatch <command> [options] [arguments]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`),
    '',
    'Run `feedwatch <command> --help` for its options and arguments. Every setting can also be given in',
    `${CONFIG_FILE} (JSON Schema: feedwatch.schema.json) or an environment variable;`,
    'precedence: flag, environment variable, config file, default.',
    '',
    'Exit codes: 0 ok; 1 a link is broken or soft404 (check); 2 invalid input, config or arguments; 3 the run failed.',
  ];
  return lines.join('\n') + '\n';
}

export function commandHelp(cmd: Command, settings: readonly SettingDef[]): string {
  const lines = [usageLine(cmd), '', cmd.summary];
  const row = (left: string, text: string) => {
    left = `  ${left}`;
    lines.push(left.length < 28 ? `${left.padEnd(28)}${text}` : `${left}\n${' '.repeat(28)}${text}`);
  };
  if (cmd.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const p of cmd.positionals) {
      const how = [KIND_TEXT[p.kind], p.repeatable ? 'repeatable' : '', p.required ? 'required' : 'optional'].filter(Boolean).join('; ');
      row(positionalToken(p), `${p.description} ${how[0]!.toUpperCase()}${how.slice(1)}.`);
    }
  }
  lines.push('', 'Options:');
  for (const o of cmd.options ?? []) {
    const value = o.type === 'string' ? ` ${optionValueName(o)}` : '';
    row(`--${o.flag}${value}`, o.description);
  }
  row(`--config ${CONFIG_VALUE}`, `Config file (default ${CONFIG_FILE} if present).`);
  for (const s of settings) {
    const value = s.type === 'boolean' ? '' : ` ${settingValueName(s)}`;
    const def = s.default === null ? '' : ` Default: ${JSON.stringify(s.default)}.`;
    row(`--${s.flag}${value}`, `${s.description}${def} Env ${s.env}; config "${s.key}".`);
  }
  row('--help', 'Show this help.');
  if (cmd.details) lines.push('', cmd.details);
  return lines.join('\n') + '\n';
}

// What a flag takes, as `--feeds DIR` in help and in "needs a value" (and as docs/cli.md writes it).

/** `--config FILE`. */
export const CONFIG_VALUE = 'FILE';

/** DIR, N, MS, URL, JSON...: what a setting's flag takes (SettingDef.valueName, else from its type). */
export function settingValueName(s: SettingDef): string {
  if (s.valueName) return s.valueName;
  switch (s.type) {
    case 'integer':
    case 'number':
      return s.key.endsWith('Ms') ? 'MS' : 'N';
    case 'url':
      return 'URL';
    case 'json':
      return 'JSON';
    case 'cron':
      return 'CRON';
    case 'timezone':
      return 'TZ';
    default:
      return 'TEXT';
  }
}

const KIND_VALUE: Readonly<Record<ValueKind, string>> = {
  url: 'URL',
  path: 'PATH',
  text: 'TEXT',
  'feed-id': 'ID',
  'url-or-path': 'URL|FILE',
  count: 'N',
  'date-time': 'ISO',
};

/** `text|json` for choices, else CommandOption.valueName, else from its kind: URL, ID, N, ISO... */
export function optionValueName(o: CommandOption): string {
  return o.choices ? o.choices.join('|') : (o.valueName ?? KIND_VALUE[o.kind ?? 'text']);
}
