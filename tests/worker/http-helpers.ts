// Helpers of the Worker's HTTP tests inside workerd.
import { env, exports } from 'cloudflare:workers';
import { writeReports } from '../../src/runtime/worker/report-store.js';
import { FIXTURE_SITE, REPORT_DATE, fixtureBytes } from '../http/fixture-site.js';

export const ORIGIN = 'http://feedwatch.test';

/**
 * A request to the Worker's fetch handler (wrangler.toml's main), by path. Straight to the handler:
 * wrangler's asset router (run_worker_first) and its edge imitation are not in between.
 */
export function workerFetch(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(ORIGIN + path, init));
}

/** The fixture's reports (health/*), written into R2 as the check runs write them. */
export async function writeFixtureReports(): Promise<void> {
  const reports = Object.keys(FIXTURE_SITE).filter((p) => /^health\/[^./][^/]*$/.test(p));
  await writeReports(
    env.REPORTS,
    reports.map((p) => ({ name: p.slice('health/'.length), body: fixtureBytes(p), lastModified: new Date(REPORT_DATE) })),
  );
}
