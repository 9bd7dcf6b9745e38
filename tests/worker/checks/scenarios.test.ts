// The scenario table (tests/links/scenarios.ts) in the Worker: cron -> queue -> D1 -> reports inside
// workerd, fetching from the same local servers the Node test uses (msw answers the one name that
// stands for an intranet host), over two runs. Every link gets the table's status; the rows that say
// the Worker differs (a name that resolves to a private address; the reason of a refused connection)
// say why, and the README documents them.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { targetsFromUrls } from '../../../src/links/collect.js';
import { expectValidReport } from './report-schema.js';
import { SCENARIOS, INTRANET_NAME, expected, scenarioUrl } from '../../links/scenarios.js';
import { emptyD1 } from '../d1-helpers.js';
import { harness, rows } from './harness.js';
import { env } from 'cloudflare:workers';

const origins = inject('scenarioOrigins');
const msw = setupServer(http.get(`http://${INTRANET_NAME}/wiki`, () => HttpResponse.html('<!doctype html><title>Intranet wiki</title><main><p>Inside.</p></main>')));
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());
beforeEach(() => emptyD1(env.DB));

const VARS = {
  FEEDWATCH_CONNECT_TIMEOUT_MS: '500', FEEDWATCH_FIRST_BYTE_TIMEOUT_MS: '500', FEEDWATCH_TIMEOUT_MS: '4000',
  FEEDWATCH_RETRY_BASE_MS: '20', FEEDWATCH_RETRY_AFTER_CAP_MS: '3000', FEEDWATCH_BASE_URL: 'https://feeds.example/',
};

describe('the scenario table in the Worker', () => {
  it('cron, queue, D1 and reports give every link the table\'s status, in both runs', async () => {
    const urls = SCENARIOS.map((s) => scenarioUrl(s, origins));
    // A host that answers 429 stays slowed down for the run (one request at a time, the interval
    // doubling with each 429); the Worker gets one 429 per delivery of `/busy`'s message (eleven), so
    // the interval is 0 here: the host is slowed to one request at a time, with no pause between.
    const h = harness({ targets: targetsFromUrls(urls), vars: VARS, allow: inject('scenarioAddresses'), options: { checker: { slowdownStartMs: 0 } } });
    for (const run of [1, 2] as const) {
      await fetch(`${origins.a}/__run?n=${run}`);
      h.clock.advance(6 * 3600_000);
      await h.cron();
      await h.pump();
      const report = h.report();
      await expectValidReport(h.reports.get('report.json'));
      expect(report).toMatchObject({ partial: false, offline: false, summary: { total: SCENARIOS.length } });
      const byUrl = new Map(report.links.map((l) => [l.url, l]));
      const got = SCENARIOS.map((s, i) => ({ name: s.name, status: byUrl.get(urls[i]!)?.status, reason: byUrl.get(urls[i]!)?.reason }));
      expect(got).toEqual(SCENARIOS.map((s) => ({ name: s.name, ...expected(s, run, 'worker') })));
      expect(h.reports.get('report.html')).toContain('Link health');
      expect(h.reports.get('alerts.atom')).toContain('<feed');
    }
    // Two runs recorded, as Node records them: history rows and link states.
    expect(await rows('SELECT COUNT(*) AS n FROM runs')).toEqual([{ n: 2 }]);
    expect(await rows(`SELECT COUNT(*) AS n FROM checks`)).toEqual([{ n: 2 * SCENARIOS.length }]);
    expect(await rows(`SELECT state FROM check_runs`)).toEqual([{ state: 'closed' }, { state: 'closed' }]);
    // Staging rows go once a run is closed.
    expect(await rows('SELECT COUNT(*) AS n FROM check_results')).toEqual([{ n: 0 }]);
    const changed = h.report().links.find((l) => l.url.endsWith('/changing'))!;
    expect(changed.change).toEqual({ before: expect.stringContaining('1 May'), after: expect.stringContaining('15 May') });
  });
});
