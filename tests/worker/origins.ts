// What tests/helpers/worker-origins-setup.ts (Node, before the Worker tests) hands the tests inside workerd:
// the local origins they fetch. Types only, so it loads in both.
import type { ScenarioOrigins } from '../links/scenarios.js';

export interface CountingOrigins {
  /** http://127.0.0.8x:port, three hosts that count together; /busy/* answers 429 with Retry-After: 1. */
  hosts: string[];
  /** GET /stats: {openNow, openMax, inFlightNow, inFlightMax, requests}; POST /reset (?keep-connections: counts only); POST /validate-report: {error}. */
  control: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    scenarioOrigins: ScenarioOrigins;
    /** The scenario hosts' addresses: the SSRF guard lets them through in these tests. */
    scenarioAddresses: string[];
    countingOrigins: CountingOrigins;
  }
}
