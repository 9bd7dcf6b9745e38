// The Worker's settings: wrangler `vars` (and the webhook secret) under the names of the command
// line's environment variables, resolved and checked by the same table (SETTINGS, checkConfig).
// A bad var is logged once, as one error naming it (never a secret's value); its setting keeps
// its default and the Worker serves on: a typo in a var must not take the feeds offline.
import { SETTINGS, checkConfig, didYouMean, type Config } from '../../core/config.js';
import type { Env } from './env.js';

export interface WorkerConfig {
  config: Config;
  /** One line per bad or unknown var; empty when all is well. */
  problems: string[];
}

const VAR_NAMES = new Set(SETTINGS.map((s) => s.env));

/** Resolves the settings from the Worker's vars; never throws. */
export function checkVars(env: object): WorkerConfig {
  const vars: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('FEEDWATCH_')) continue; // bindings (DB, ASSETS, REPORTS) and foreign vars
    if (VAR_NAMES.has(name)) vars[name] = value;
    else {
      const guess = didYouMean(name, VAR_NAMES);
      unknown.push(`wrangler var ${name} is not a feedwatch setting${guess ? `; did you mean ${guess}?` : ''} It is ignored.`);
    }
  }
  // wrangler.toml [vars] may hold numbers, booleans and tables as well as text; checkConfig's
  // conversion takes those as they are (and JSON settings as objects).
  const { config, problems } = checkConfig({ env: vars as Record<string, string | undefined>, envLabel: 'wrangler var' });
  return { config, problems: [...problems, ...unknown] };
}

/** The one message for the log. */
export function varsProblemMessage(problems: readonly string[]): string {
  const n = problems.length;
  return (
    `feedwatch: [config] ${n} problem${n === 1 ? '' : 's'} in the Worker's vars; ${n === 1 ? 'that setting keeps its' : 'those settings keep their'} default and everything else is served as usual. ` +
    `Fix them in wrangler.toml [vars] (or with \`wrangler secret put\`) and deploy again:\n` +
    problems.map((p) => `  ${p}`).join('\n')
  );
}

const resolved = new WeakMap<object, Config>();

/** The settings for this Worker's env, checked once per isolate (and logged then, when bad). */
export function workerConfig(env: Env): Config {
  let config = resolved.get(env);
  if (!config) {
    const checked = checkVars(env);
    if (checked.problems.length) console.error(varsProblemMessage(checked.problems));
    config = checked.config;
    resolved.set(env, config);
  }
  return config;
}
