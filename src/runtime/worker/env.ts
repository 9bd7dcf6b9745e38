// What the Worker is given: wrangler.toml's bindings and vars.
import type { ChecksMessage } from './checks/messages.js';

export interface Env {
  /** The state store (src/store/d1.ts). */
  DB: D1Database;
  /** The static assets build:worker made (.worker-assets/): feeds, archive pages, OPML, index. */
  ASSETS: Fetcher;
  /** The four reports, under `health/` (report-store.ts). */
  REPORTS: R2Bucket;
  /** The link checks' queue, `feedwatch-checks` (producer; this Worker is also its consumer). */
  CHECKS: Queue<ChecksMessage>;
  /** The webhook, a secret (`wrangler secret put FEEDWATCH_WEBHOOK`): never logged. */
  FEEDWATCH_WEBHOOK?: string;
  /**
   * Settings as wrangler `vars`, named like the environment variables of the command line
   * (FEEDWATCH_MAX_AGE, FEEDWATCH_BASE_URL, ...) and checked the same way (config.ts).
   */
  [setting: `FEEDWATCH_${string}`]: unknown;
}
