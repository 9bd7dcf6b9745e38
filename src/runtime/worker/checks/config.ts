// The settings of a check run in the Worker: wrangler `vars` (and secrets) under the environment
// names of the settings table (FEEDWATCH_PER_HOST, FEEDWATCH_WEBHOOK, FEEDWATCH_WORKER_SUBREQUESTS,
// ...), checked by the same code as on Node. A bad value is logged, with the setting's key and never
// a secret's value, and its default is used: a cron run never crashes on configuration.
import { checkConfig, type Config } from '../../../core/config.js';

/** The string form of every FEEDWATCH_* binding (wrangler vars may be numbers, booleans or JSON). */
export function varsOf(env: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('FEEDWATCH_') || value === undefined || value === null) continue;
    out[name] = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

export function checksConfig(env: Record<string, unknown>, log: (line: string) => void): Config {
  const { config, problems } = checkConfig({ env: varsOf(env) });
  for (const p of problems) log(`feedwatch: [config] ${p} Using the default.`);
  return config;
}
