// A command's positional arguments and option values, checked against what the command declares
// (its `positionals`, and `kind`/`choices` of its options) before it runs: docs/cli.md.
import { FEED_ID, RESERVED_FEED_IDS } from '../../content/layout.js';
import { UsageError } from '../../core/errors.js';
import type { Command, CommandPositional, ValueKind } from './commands/command.js';

/** `<url>`, `[<dir>]`, `<url>...`, `[<url>...]`. */
export function positionalToken(p: CommandPositional): string {
  const core = `<${p.name}>${p.repeatable ? '...' : ''}`;
  return p.required ? core : `[${core}]`;
}

/** `Usage: feedwatch check [options] [<url>...]`. */
export function usageLine(cmd: Pick<Command, 'name' | 'positionals'>): string {
  return ['Usage: feedwatch', cmd.name, '[options]', ...(cmd.positionals ?? []).map(positionalToken)].join(' ');
}

/** How a kind reads in help: "an absolute http(s) URL". */
export const KIND_TEXT: Readonly<Record<ValueKind, string>> = {
  url: 'an absolute http(s) URL',
  path: 'a file or folder',
  text: 'text',
  'feed-id': 'a feed id (lowercase a-z, 0-9 and -)',
  'url-or-path': 'an absolute http(s) URL or a file',
  count: 'a whole number, 1 or more',
};

/** Mistakes in a declaration, for the test that keeps every command's declaration sound. */
export function declarationProblems(cmd: Command): string[] {
  const problems: string[] = [];
  const list = cmd.positionals ?? [];
  const names = new Set<string>();
  list.forEach((p, i) => {
    if (names.has(p.name)) problems.push(`${cmd.name}: two positionals named <${p.name}>`);
    names.add(p.name);
    if (p.repeatable && i < list.length - 1) problems.push(`${cmd.name}: <${p.name}>... repeats but is not the last positional`);
    if (p.required && list.slice(0, i).some((q) => !q.required)) problems.push(`${cmd.name}: required <${p.name}> follows an optional positional`);
  });
  for (const o of cmd.options ?? []) {
    if (o.type === 'boolean' && (o.kind || o.choices)) problems.push(`${cmd.name}: --${o.flag} is a switch; kind and choices are for values`);
  }
  return problems;
}

const SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/** The value as shown in a message: quoted, any user:password in a URL masked. */
export function shownValue(value: string): string {
  return JSON.stringify(value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@'));
}

function urlProblem(value: string): string | undefined {
  if (!/^https?:\/\//i.test(value) || value.trim() !== value) return 'is not an absolute http(s) URL; give one like https://example.com/page';
  try {
    const url = new URL(value);
    if (url.hostname === '') throw new Error('no host');
  } catch {
    return 'is not a valid URL; give one like https://example.com/page';
  }
  return undefined;
}

/** What is wrong with `value` for `kind`, or undefined. */
export function valueProblem(kind: ValueKind, value: string): string | undefined {
  switch (kind) {
    case 'url':
      return urlProblem(value);
    case 'path':
      return value === '' ? 'is empty; give a file or folder name' : undefined;
    case 'text':
      return value.trim() === '' ? 'is blank' : undefined;
    case 'feed-id':
      if (RESERVED_FEED_IDS.includes(value)) return `is reserved for the site's own folders (${RESERVED_FEED_IDS.join(', ')})`;
      return FEED_ID.test(value) ? undefined : 'is not a feed id; use lowercase letters a-z, digits and -, e.g. sbhss';
    case 'url-or-path':
      // C:\feed.xml is a file; anything else with a scheme must be a web address.
      if (SCHEME.test(value)) return /^https?:/i.test(value) ? urlProblem(value) : 'is neither an http(s) URL nor a file name';
      return value === '' ? 'is empty; give an http(s) URL or a file name' : undefined;
    case 'count':
      return /^[1-9][0-9]{0,8}$/.test(value) ? undefined : 'is not a whole number of 1 or more';
  }
}

/**
 * Checks positionals (count and kind) and option values (kind and choices); throws one UsageError
 * listing every problem, with the usage line.
 */
export function checkArguments(cmd: Command, options: Record<string, unknown>, positionals: readonly string[], flags: ReadonlySet<string>): void {
  const problems: string[] = [];
  const declared = cmd.positionals ?? [];
  const repeatable = declared[declared.length - 1]?.repeatable === true;
  const extra = repeatable ? [] : positionals.slice(declared.length);
  for (const arg of extra) {
    const n = declared.length;
    const takes = `${cmd.name} takes ${n === 0 ? 'no arguments' : n === 1 ? 'one argument' : `${n} arguments`}`;
    const hint = declared.length === 0 && flags.has('feeds') ? ' (the content folder is given with --feeds DIR)' : '';
    problems.push(`unexpected argument ${shownValue(arg)}: ${takes}${hint}`);
  }
  declared.forEach((p, i) => {
    const given = p.repeatable ? positionals.slice(i) : positionals.slice(i, i + 1);
    if (given.length === 0 && p.required) problems.push(`missing <${p.name}>`);
    for (const v of given) {
      const problem = valueProblem(p.kind, v);
      if (problem) problems.push(`<${p.name}> ${shownValue(v)} ${problem}`);
    }
  });
  for (const o of cmd.options ?? []) {
    const raw = options[o.flag];
    const given = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
    for (const v of given) {
      const problem = o.kind ? valueProblem(o.kind, v) : undefined;
      if (problem) problems.push(`--${o.flag} ${shownValue(v)} ${problem}`);
      else if (o.choices && !o.choices.includes(v)) problems.push(`--${o.flag} must be ${o.choices.map((c) => `"${c}"`).join(' or ')} (got ${shownValue(v)})`);
    }
  }
  if (problems.length === 0) return;
  const body = problems.length === 1 ? `${problems[0]}.` : `${problems.length} problems with the arguments:\n${problems.map((p) => `  ${p}`).join('\n')}`;
  throw new UsageError(`${cmd.name}: ${body}\n${usageLine(cmd)}`);
}
