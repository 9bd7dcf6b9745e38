// Splits a command's arguments into flags and positionals, with errors of our own: one sentence
// each, naming the flag as typed, and a did-you-mean only for a flag this command really has and
// never the flag itself. (node:util parseArgs' messages could not give that: see docs/cli.md.)
import { didYouMean } from '../../core/suggest.js';
import { UsageError } from '../../core/errors.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** One letter, used as `-x`. */
  short?: string;
  /** Shown in messages as `--flag DIR`; default `VALUE`. */
  valueName?: string;
}

export type FlagValues = Record<string, string | boolean | string[]>;

export interface ParsedArgs {
  values: FlagValues;
  positionals: string[];
}

export interface FlagContext {
  /** The command, for messages: `check: unknown option ...`. */
  command: string;
  flags: Readonly<Record<string, FlagSpec>>;
  /** The other commands that have this flag (without dashes), to say where it belongs. */
  ownersOf(flag: string): string[];
}

/** True when `--help` or `-h` is among the flags (before `--`): help wins over any other error. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

const NUMBER = /^-\d+(\.\d+)?$/;

/** `-x`, `--x`, but not `-` (stdin by convention) or a negative number. */
function looksLikeFlag(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-' && !NUMBER.test(arg);
}

function listOf(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function parseFlags(args: readonly string[], ctx: FlagContext): ParsedArgs {
  const values: FlagValues = {};
  const positionals: string[] = [];
  const fail = (sentence: string): never => {
    throw new UsageError(`${ctx.command}: ${sentence} Run \`feedwatch ${ctx.command} --help\` for its options.`);
  };
  const set = (name: string, spec: FlagSpec, value: string | boolean) => {
    if (spec.multiple && typeof value === 'string') values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    else values[name] = value; // a flag given twice: the last one counts
  };
  const byShort = new Map(Object.entries(ctx.flags).filter(([, s]) => s.short).map(([name, s]) => [s.short!, name]));

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!looksLikeFlag(arg)) {
      positionals.push(arg);
      continue;
    }
    const dashes = arg.startsWith('--') ? '--' : '-';
    const body = arg.slice(dashes.length);
    const eq = body.indexOf('=');
    const typed = eq < 0 ? body : body.slice(0, eq);
    const inline = eq < 0 ? undefined : body.slice(eq + 1);
    const name = dashes === '-' ? byShort.get(typed) : typed in ctx.flags ? typed : undefined;
    const shown = `${dashes}${typed}`;

    if (name === undefined) {
      // --no-<switch> turns a switch off.
      const negated = dashes === '--' && typed.startsWith('no-') ? typed.slice(3) : undefined;
      if (negated !== undefined && ctx.flags[negated]?.type === 'boolean') {
        if (inline !== undefined) fail(`${shown} takes no value (got "${inline}"); write ${shown} alone.`);
        values[negated] = false;
        continue;
      }
      if (negated !== undefined && ctx.flags[negated]) fail(`${shown} is not an option: --${negated} takes a value, it is not a switch to turn off.`);
      fail(unknownFlag(shown, dashes, typed, ctx));
    }
    const spec = ctx.flags[name!]!;
    const long = `--${name}`;
    if (spec.type === 'boolean') {
      if (inline !== undefined) {
        fail(`${long} is a switch and takes no value (got "${inline}"): write ${long} to turn it on${name === 'help' ? '' : ` or --no-${name} to turn it off`}.`);
      }
      set(name!, spec, true);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined || looksLikeFlag(next)) {
        // `--feeds --out x` forgot a value; `--ignore -x` may mean one: that goes after "=".
        const nextName = next?.replace(/^--?(no-)?/, '').split('=')[0] ?? '';
        const known = nextName in ctx.flags || byShort.has(nextName);
        const after = next === undefined || known ? '' : ` (a value that starts with "-" goes after "=": ${long}=${next})`;
        fail(`${long} needs a value: ${long} ${spec.valueName ?? 'VALUE'}${after}.`);
      }
      value = next;
      i++;
    }
    set(name!, spec, value!);
  }
  return { values, positionals };
}

/** The sentence for a flag this command does not have. */
function unknownFlag(shown: string, dashes: string, typed: string, ctx: FlagContext): string {
  if (dashes === '-' && typed.length > 1 && typed in ctx.flags) return `unknown option ${shown}: long options take two dashes. Did you mean --${typed}?`;
  const owners = ctx.ownersOf(typed);
  if (owners.length > 0) return `${shown} is not an option of ${ctx.command}; it belongs to ${listOf(owners)}.`;
  const candidates = Object.keys(ctx.flags).flatMap((f) => (ctx.flags[f]!.type === 'boolean' && f !== 'help' ? [f, `no-${f}`] : [f]));
  const guess = typed.length > 1 ? didYouMean(typed, candidates.filter((c) => c !== typed)) : undefined;
  return `unknown option ${shown}.${guess ? ` Did you mean --${guess}?` : ''}`;
}
