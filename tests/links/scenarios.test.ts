// The scenario table (scenarios.ts) on Node: runCheck with the undici client against the real local
// servers, the SSRF guard on (the three scenario hosts count as public), over two runs. The Worker
// runs the same table in tests/worker/checks/scenarios.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/health/pipeline.js';
import { targetsFromUrls } from '../../src/links/collect.js';
import { MemoryStore } from '../../src/store/memory.js';
import { createNodeHttpClient } from '../../src/runtime/node/http-client.js';
import { isPrivateAddress, type Resolver } from '../../src/runtime/node/address-guard.js';
import { SCENARIOS, INTRANET_NAME, expected, scenarioUrl } from './scenarios.js';
import { startScenarioServers, type ScenarioServers } from './scenario-servers.js';
import { testConfig } from './servers.js';

let s: ScenarioServers;
beforeAll(async () => {
  s = await startScenarioServers();
});
afterAll(() => s.close());

/** Names as a resolver would give them: the private-name scenario's intranet host, and localhost. */
const resolver: Resolver = async (host) => {
  const known: Record<string, string> = { [INTRANET_NAME]: '10.0.0.1', localhost: '127.0.0.1' };
  if (!known[host]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return [{ address: known[host]!, family: 4 }];
};

describe('the scenario table on Node', () => {
  it('every link gets the table\'s status and reason, in both runs', async () => {
    const store = new MemoryStore();
    const config = testConfig({ allowPrivate: false, timeoutMs: 4000, connectTimeoutMs: 500, firstByteTimeoutMs: 500 });
    const addresses = new Set(s.addresses);
    const targets = targetsFromUrls(SCENARIOS.map((sc) => scenarioUrl(sc, s.origins)));
    for (const run of [1, 2] as const) {
      s.setRun(run);
      const http = createNodeHttpClient({ connectTimeoutMs: 500, firstByteTimeoutMs: 500, allowPrivate: false, resolver, isBlockedAddress: (ip) => !addresses.has(ip) && isPrivateAddress(ip) });
      try {
        const out = await runCheck({ targets, store, http, clock: { now: () => new Date(Date.UTC(2026, 10, run)) }, config, checker: { slowdownStartMs: 10 } });
        const got = SCENARIOS.map((sc, i) => ({ name: sc.name, status: out.results[i]!.status, reason: out.results[i]!.reason }));
        expect(got).toEqual(SCENARIOS.map((sc) => ({ name: sc.name, ...expected(sc, run, 'node') })));
      } finally {
        await http.close?.();
      }
    }
  });
});
