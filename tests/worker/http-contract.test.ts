// The HTTP contract suite (tests/http/contract-suite.ts, also run against the Node server) against
// the Worker inside workerd: wrangler.toml's Worker with its static assets (the fixture site,
// prepared as build:worker prepares .worker-assets/) and its reports written into R2 the way the
// check runs write them. Requests go through exports.default, which calls the Worker's fetch
// handler directly: no asset router (run_worker_first is not applied, so every path reaches the
// Worker, /tiny.txt too, which wrangler's router would answer from the static assets with their own
// headers), no edge in front (no re-encoding by Accept-Encoding, no URL normalisation), no HTTP
// server. scripts/worker-smoke.mjs (`npm run test:worker-dev`, run by .ci/run) covers those: it
// sends every published path, pages, codings, conditional requests and raw request targets through
// `wrangler dev` and compares them with `feedwatch serve`.
import { httpContractSuite } from '../http/contract-suite.js';
import { writeFixtureReports, workerFetch } from './http-helpers.js';

httpContractSuite(
  'worker',
  async () => {
    await writeFixtureReports();
    return { fetch: workerFetch, close: async () => {} };
  },
  // fetch normalises `..` and `%2e%2e` before a request leaves, and workerd's tests have no raw
  // socket: scripts/worker-smoke.mjs sends these targets as written to `wrangler dev`.
  { rawTargets: false },
);
