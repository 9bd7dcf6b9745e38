// The bindings the Worker tests see: wrangler.toml's, plus what vitest.config.ts adds for tests.
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    ASSETS: Fetcher;
    REPORTS: R2Bucket;
    /** The link checks' queue (wrangler.toml [[queues.producers]]). */
    CHECKS: Queue;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
  interface GlobalProps {
    /** wrangler.toml's `main`, so `exports` from cloudflare:workers is typed. */
    mainModule: typeof import('../../src/runtime/worker/index.js');
  }
}
