// The HTTP contract suite (tests/http/contract-suite.ts, also run against the Node server) against
// the Worker inside workerd: wrangler.toml's Worker with its static assets (the fixture site,
// prepared as build:worker prepares .worker-assets/) and its reports written into R2 the way the
// check runs write them. Requests go through exports.default, a binding to the Worker, so answers
// cross workerd's HTTP layer as they do at the edge.
import { httpContractSuite } from '../http/contract-suite.js';
import { writeFixtureReports, workerFetch } from './http-helpers.js';

httpContractSuite(
  'worker',
  async () => {
    await writeFixtureReports();
    return { fetch: workerFetch, close: async () => {} };
  },
  // fetch normalises `..` and `%2e%2e` before a request leaves; workerd's tests have no raw socket.
  { rawTargets: false },
);
