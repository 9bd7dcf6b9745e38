// The Cloudflare Worker's entry point (wrangler.toml `main`): the same feeds and reports as the
// Node server, with the same HTTP semantics (src/serve), and the scheduled link checks (issue 10):
// `scheduled` opens a run on the cron trigger, `queue` consumes its messages (src/runtime/worker/checks/).
import type { Env } from './env.js';
import { handleFetch } from './fetch.js';
import { queue, scheduled } from './checks/handlers.js';

// Only the handlers are exported: workerd takes every named export of this module for an
// entrypoint. The checks write their reports through report-store.ts's writeReports.
export default {
  fetch: handleFetch,
  scheduled,
  queue,
} satisfies ExportedHandler<Env>;
