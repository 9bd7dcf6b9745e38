// One table of link scenarios, checked by both runtimes: the Node checker (tests/links/
// scenarios.test.ts, undici against real local servers) and the Worker (tests/worker/checks/
// scenarios.test.ts: cron, queue, D1 and reports inside workerd, fetch against the same servers).
// Both must give the status written here for every link, over two runs (a page changes between
// them). Where a runtime cannot give the same answer, the row says so and why.
// Plain data: imported in Node and in workerd alike.

export type Host = 'a' | 'b' | 'c';
export interface Expect {
  status: string;
  reason: string | null;
}

export interface Scenario {
  name: string;
  /** The link: a path on one of the scenario hosts, or an absolute URL. */
  host?: Host;
  path: string;
  run1: Expect;
  /** Run 2, when it differs from run 1. */
  run2?: Expect;
  /**
   * The Worker's answer where it may differ from Node's (docs: README "Cloudflare", the SSRF guard):
   * `status` when even the status differs, `reason` when only the reason code does.
   */
  worker?: { status?: string; reason: string | null; why: string };
}

const ok: Expect = { status: 'ok', reason: null };

export const SCENARIOS: readonly Scenario[] = [
  { name: '200', host: 'a', path: '/page', run1: ok },
  { name: 'fragment present', host: 'a', path: '/page#section', run1: ok },
  { name: 'fragment missing', host: 'a', path: '/page#nowhere', run1: { status: 'broken', reason: 'fragment' } },
  { name: '404', host: 'a', path: '/not-found', run1: { status: 'broken', reason: 'http-404' } },
  { name: '410', host: 'a', path: '/gone', run1: { status: 'broken', reason: 'http-410' } },
  { name: '500 after retries', host: 'a', path: '/error', run1: { status: 'broken', reason: 'http-500' } },
  { name: '301 to another page', host: 'b', path: '/moved', run1: { status: 'moved', reason: 'http-301' } },
  { name: '302', host: 'b', path: '/temporary', run1: ok },
  { name: '301 to the same address spelled canonically', host: 'b', path: '/canonical', run1: ok },
  { name: 'soft 404', host: 'b', path: '/soft', run1: { status: 'soft404', reason: 'soft404-title' } },
  { name: '403', host: 'b', path: '/forbidden', run1: { status: 'blocked', reason: 'http-403' } },
  { name: 'bot wall', host: 'b', path: '/challenge', run1: { status: 'blocked', reason: 'bot-wall' } },
  { name: '429 with Retry-After, then 200', host: 'c', path: '/busy-once', run1: ok },
  { name: '429 with Retry-After, always', host: 'c', path: '/busy', run1: { status: 'blocked', reason: 'http-429' } },
  { name: 'redirect to a private address', host: 'a', path: '/to-private', run1: { status: 'skipped', reason: 'private-address' } },
  { name: 'redirect to loopback', host: 'a', path: '/to-loopback', run1: { status: 'skipped', reason: 'private-address' } },
  { name: 'redirect to localhost', host: 'a', path: '/to-localhost', run1: { status: 'skipped', reason: 'private-address' } },
  {
    name: 'redirect to a name that resolves to a private address', host: 'a', path: '/to-intranet',
    run1: { status: 'skipped', reason: 'private-address' },
    worker: { status: 'ok', reason: null, why: 'the Worker cannot resolve names: a public-looking name is fetched, and where it leads is up to the platform (here an intranet page)' },
  },
  { name: 'page changed between runs', host: 'c', path: '/changing', run1: ok, run2: { status: 'changed', reason: 'content' } },
  { name: 'redirect loop', host: 'c', path: '/loop', run1: { status: 'broken', reason: 'redirect-loop' } },
  { name: 'redirect to another scheme', host: 'c', path: '/to-ftp', run1: { status: 'broken', reason: 'bad-redirect' } },
  { name: 'not HTML', host: 'c', path: '/file.pdf', run1: ok },
  { name: 'no answer', host: 'b', path: '/silent', run1: { status: 'broken', reason: 'timeout' } },
  {
    name: 'connection refused', path: 'closed-port', run1: { status: 'broken', reason: 'refused' },
    worker: { reason: 'network', why: 'workerd reports every failed connection as "Network connection lost": broken either way, and counted as an outage by the offline rule' },
  },
  { name: 'mailto', path: 'mailto:office@example.org', run1: { status: 'skipped', reason: 'mailto' } },
];

/** The name the private-name scenario redirects to (Node's test resolver maps it to 10.0.0.1). */
export const INTRANET_NAME = 'intranet.example';

export interface ScenarioOrigins {
  a: string;
  b: string;
  c: string;
  /** http://<scenario host>:<a port where nothing listens> */
  closed: string;
}

/** The URL a scenario checks. */
export function scenarioUrl(s: Scenario, o: ScenarioOrigins): string {
  if (s.path === 'closed-port') return `${o.closed}/`;
  if (!s.host) return s.path;
  return `${o[s.host]}${s.path}`;
}

/** What a runtime must report for a scenario in run 1 or 2. */
export function expected(s: Scenario, run: 1 | 2, runtime: 'node' | 'worker'): Expect {
  const base = run === 2 && s.run2 ? s.run2 : s.run1;
  if (runtime === 'worker' && s.worker) return { status: s.worker.status ?? base.status, reason: s.worker.reason };
  return base;
}
