// The checker's options from the settings: one place, so `feedwatch check` and the Worker's queue
// consumers check with the same User-Agent, limits and retries. (Its own module: the Worker imports
// it without the pipeline's link collection, which parses item HTML it never has.)
import type { Config } from '../core/config.js';
import type { CheckerOptions } from '../links/checker.js';

export const USER_AGENT_PRODUCT = 'feedwatch/0.1';

export function checkerOptions(config: Config): CheckerOptions {
  const c = config.check;
  return {
    userAgent: c.userAgent ?? `${USER_AGENT_PRODUCT} (+${c.contact})`,
    headers: c.headers,
    maxRedirects: c.maxRedirects,
    retries: c.retries,
    retryBaseMs: c.retryBaseMs,
    retryAfterCapMs: c.retryAfterCapMs,
    timeoutMs: c.timeoutMs,
    maxBodyBytes: c.maxBodyBytes,
    concurrency: c.concurrency,
    perHost: c.perHost,
    minIntervalMs: c.minIntervalMs,
  };
}
