// The Cloudflare Worker's entry point (wrangler.toml `main`): the same feeds and reports as the
// Node server, with the same HTTP semantics (src/serve). Part 2 (issue 10) adds the scheduled
// checks here: `scheduled` and `queue`.
import type { Env } from './env.js';
import { handleFetch } from './fetch.js';

// Only the handlers are exported: workerd takes every named export of this module for an
// entrypoint. The report writer for part 2 is report-store.ts's writeReports.
export default {
  fetch: handleFetch,
} satisfies ExportedHandler<Env>;
