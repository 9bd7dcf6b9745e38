// The platform's limits, which workerd does not enforce locally, held by the code itself and
// measured at a local origin that counts the connections and requests open at once: at most 6
// fetches in flight per invocation, the subrequest budget (a message nearing it hands its remaining
// links to a new message), and one consumer per host at a time (the lease in D1).
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { targetsFromUrls } from '../../../src/links/collect.js';
import { InvocationBudget, Semaphore } from '../../../src/runtime/worker/checks/budget.js';
import { createFetchHttpClient } from '../../../src/runtime/worker/checks/http-client.js';
import { PLATFORM, SIZES } from '../../../src/runtime/worker/checks/limits.js';
import { emptyD1, recordingD1 } from '../d1-helpers.js';
import { harness, rows } from './harness.js';

const { hosts, control } = inject('countingOrigins');
const addresses = hosts.map((h) => new URL(h).hostname);
interface Stats { openNow: number; openMax: number; inFlightNow: number; inFlightMax: number; requests: number }
const stats = async () => (await (await fetch(`${control}/stats`)).json()) as Stats;
const reset = async (keepConnections = false) => {
  await fetch(`${control}/reset${keepConnections ? '?keep-connections' : ''}`, { method: 'POST' });
};

beforeEach(async () => {
  await emptyD1(env.DB);
  await reset();
});

const links = (host: number, n: number, tag = 'p') => Array.from({ length: n }, (_, i) => `${hosts[host]}/${tag}/${i}`);

describe('connections', () => {
  it('the fetch client keeps at most 6 requests in flight, however many are asked at once', async () => {
    const connections = new Semaphore(PLATFORM.connections);
    const client = createFetchHttpClient({
      connectTimeoutMs: 5000, firstByteTimeoutMs: 5000, allowPrivate: true, connections, budget: new InvocationBudget(1000, 1000),
    });
    const answers = await Promise.all(links(0, 30, 'direct').map((url) => client.request(url, { method: 'GET', headers: {}, maxBodyBytes: 4096 })));
    expect(answers.every((a) => a.kind === 'response' && a.status === 200)).toBe(true);
    const s = await stats();
    expect(s.requests).toBe(30);
    expect(connections.maxActive).toBe(6);
    expect(s.inFlightMax).toBeLessThanOrEqual(6);
    expect(s.openMax).toBeLessThanOrEqual(6); // connections open at once at the origin
    expect(s.inFlightMax).toBeGreaterThan(1); // and they did overlap
  });

  it('a batch of messages shares the 6 slots, even when each host would take 8', async () => {
    const urls = [...links(0, 16), ...links(1, 16), ...links(2, 16)];
    const h = harness({ targets: targetsFromUrls(urls), allow: addresses, vars: { FEEDWATCH_PER_HOST: '8', FEEDWATCH_CONCURRENCY: '64' } });
    await h.cron();
    const batch = h.take();
    expect(batch).toHaveLength(3);
    const d = await h.deliver(batch);
    expect(d.acked).toHaveLength(3);
    const s = await stats();
    expect(s.requests).toBe(48);
    expect(s.inFlightMax).toBeLessThanOrEqual(PLATFORM.connections);
    expect(s.openMax).toBeLessThanOrEqual(PLATFORM.connections);
  });
});

describe('one consumer per host', () => {
  it('two consumers given the same host at once: one checks it, the other retries later; never both', async () => {
    const h = harness({ targets: targetsFromUrls(links(0, 8)), groupSize: 4, allow: addresses, vars: { FEEDWATCH_PER_HOST: '2' } });
    await h.cron();
    const [m1, m2] = h.take();
    expect([m1!.body, m2!.body].map((b) => b.kind === 'check' && b.urls.length)).toEqual([4, 4]);
    const [d1, d2] = await Promise.all([h.deliver([m1!]), h.deliver([m2!])]);
    const retried = [...d1.retried, ...d2.retried];
    const acked = [...d1.acked, ...d2.acked];
    expect(acked).toHaveLength(1);
    expect(retried).toHaveLength(1);
    expect(retried[0]!.delaySeconds).toBeGreaterThanOrEqual(SIZES.leaseRetryMinSeconds);
    expect(retried[0]!.delaySeconds).toBeLessThanOrEqual(SIZES.leaseRetryMaxSeconds);
    expect((await stats()).inFlightMax).toBeLessThanOrEqual(2); // perHost, not 2 x perHost
    // The lease was given back: the retry takes it and the run completes.
    h.put({ ...(retried[0]!.id === m1!.id ? m1! : m2!), attempts: 2 });
    await h.pump();
    expect(h.report().summary).toMatchObject({ total: 8, ok: 8 });
    expect((await stats()).inFlightMax).toBeLessThanOrEqual(2);
  });

  it('a lease left by a consumer that died is waited for, then taken once it runs out', async () => {
    const h = harness({ targets: targetsFromUrls(links(1, 2)), allow: addresses });
    const host = new URL(hosts[1]!).hostname;
    await env.DB.prepare('INSERT INTO host_leases (host, holder, until) VALUES (?, ?, ?)').bind(host, 'gone', new Date(h.clock.ms + 10 * 60_000).toISOString()).run();
    await h.cron();
    const [m] = h.take();
    const d = await h.deliver([m!]);
    expect(d.retried).toEqual([{ id: m!.id, delaySeconds: SIZES.leaseRetryMaxSeconds }]);
    expect(d.byKind.fetch).toBe(0);
    // The run, its group, its links done, the lease tried, and until when it is held: README "Scaling out".
    expect(d.queries).toBe(5);
    expect(d.subrequests).toBe(5);
    h.clock.advance(10 * 60_000 + 1);
    const again = await h.deliver([{ ...m!, attempts: 2 }]);
    expect(again.acked).toEqual([m!.id]);
    expect(again.byKind.fetch).toBe(2);
  });

  it('on its last delivery, a message still waiting for its host goes on as a new message instead of vanishing', async () => {
    const h = harness({ targets: targetsFromUrls(links(1, 2)), allow: addresses });
    const host = new URL(hosts[1]!).hostname;
    await env.DB.prepare('INSERT INTO host_leases (host, holder, until) VALUES (?, ?, ?)').bind(host, 'busy', new Date(h.clock.ms + 60_000).toISOString()).run();
    await h.cron();
    const [m] = h.take();
    const d = await h.deliver([{ ...m!, attempts: 11 }]);
    expect(d.acked).toEqual([m!.id]);
    expect(h.queue).toEqual([expect.objectContaining({ body: m!.body, attempts: 1, delaySeconds: 60 })]);
  });
});

describe('a host that asks us to wait', () => {
  const host = new URL(hosts[0]!).hostname;
  const lease = async () => (await rows<{ until: string; slow_run: string | null; slow_ms: number }>('SELECT until, slow_run, slow_ms FROM host_leases WHERE host = ?', host))[0];

  it('429 with Retry-After: 1 keeps the host\'s lease for that second: a second group of the host fetches nothing meanwhile, then goes on slowed down', async () => {
    const h = harness({ targets: targetsFromUrls([...links(0, 2, 'busy'), ...links(0, 4, 'q')]), groupSize: 2, allow: addresses, vars: { FEEDWATCH_PER_HOST: '4' } });
    await h.cron();
    const [busy, other, third] = h.take();
    expect([busy, other, third].map((m) => m!.body.kind === 'check' && m!.body.urls)).toEqual([links(0, 2, 'busy'), links(0, 2, 'q'), links(0, 4, 'q').slice(2)]);

    const d1 = await h.deliver([busy!]);
    expect(d1.retried).toEqual([{ id: busy!.id, delaySeconds: 1 }]);
    const asked = (await stats()).requests;
    expect(asked).toBeGreaterThanOrEqual(1);
    // Held until the Retry-After is over (free once `until < now`), the host slowed down for this run
    // (the harness starts the slowdown at 10 ms; on the platform 0.5 s, as on Node).
    expect(await lease()).toEqual({ until: new Date(h.clock.ms + 999).toISOString(), slow_run: busy!.body.run, slow_ms: 10 });

    // Half a second later, another consumer gets the host's other group: it waits, and asks nothing.
    h.clock.advance(500);
    const d2 = await h.deliver([other!]);
    expect(d2.byKind.fetch).toBe(0);
    expect(d2.retried).toEqual([{ id: other!.id, delaySeconds: SIZES.leaseRetryMinSeconds }]);
    expect((await stats()).requests).toBe(asked);

    // Once the second is over it goes ahead, one request at a time (perHost 4 otherwise), and keeps
    // the host for the slowdown interval after its last request.
    h.clock.advance(500);
    await reset(true);
    const d3 = await h.deliver([{ ...other!, attempts: 2 }]);
    expect(d3.acked).toEqual([other!.id]);
    expect(d3.byKind.fetch).toBe(2);
    expect((await stats()).inFlightMax).toBe(1);
    expect(await lease()).toEqual({ until: new Date(h.clock.ms + 10 - 1).toISOString(), slow_run: busy!.body.run, slow_ms: 10 });

    // A run that follows starts afresh: the slowdown belonged to the run it was earned in.
    await env.DB.prepare(`UPDATE check_runs SET state = 'closed'`).run();
    h.setTargets(targetsFromUrls(links(0, 4, 'q')), 4);
    h.clock.advance(6 * 3600_000);
    await h.cron();
    await reset(true);
    const next = await h.deliver(h.take());
    expect(next.byKind.fetch).toBe(4);
    expect((await stats()).inFlightMax).toBeGreaterThan(1);
  });

  it('each further 429 in the run doubles the interval; the message comes back when the host is free again', async () => {
    const h = harness({ targets: targetsFromUrls(links(0, 1, 'busy')), allow: addresses, options: { checker: { slowdownStartMs: 600 } } });
    await h.cron();
    const [m] = h.take();
    expect((await h.deliver([m!])).retried).toEqual([{ id: m!.id, delaySeconds: 1 }]);
    expect(await lease()).toMatchObject({ slow_ms: 600 });
    h.clock.advance(1000);
    // The second 429: the interval (1.2 s) outlasts the Retry-After (1 s), so the message waits for it.
    expect((await h.deliver([{ ...m!, attempts: 2 }])).retried).toEqual([{ id: m!.id, delaySeconds: 2 }]);
    expect(await lease()).toEqual({ until: new Date(h.clock.ms + 1200 - 1).toISOString(), slow_run: m!.body.run, slow_ms: 1200 });
  });
});

describe('a message that fails', () => {
  it('gives its host\'s lease back at once when its results cannot be written, so its retry need not wait for the lease to run out', async () => {
    let failing = true;
    const injected = (sent: { sql: string }[]) => (failing && sent.some((s) => s.sql.includes('INSERT INTO check_results')) ? new Error('D1_ERROR: injected: the database is overloaded') : null);
    const h = harness({ targets: targetsFromUrls(links(1, 2)), allow: addresses, db: (db) => recordingD1(db, injected).db });
    const host = new URL(hosts[1]!).hostname;
    await h.cron();
    const [m] = h.take();
    const d = await h.deliver([m!]);
    expect(d.retried).toEqual([{ id: m!.id, delaySeconds: undefined }]);
    expect(d.byKind.fetch).toBe(2);
    expect(h.logs.join('\n')).toMatch(/failed: \[state\] D1: a check-run query failed \(injected: the database is overloaded\)\.; it is retried/);
    const [held] = await rows<{ until: string }>('SELECT until FROM host_leases WHERE host = ?', host);
    expect(Date.parse(held!.until)).toBeLessThan(h.clock.ms);

    failing = false;
    const again = await h.deliver([{ ...m!, attempts: 2 }]); // at once: no clock moved
    expect(again.acked).toEqual([m!.id]);
    expect(again.byKind.fetch).toBe(2);
  });
});

describe('the subrequest budget', () => {
  it('a message nearing the budget hands its remaining links to a new message; no invocation goes over', async () => {
    const budget = 60;
    const h = harness({ targets: targetsFromUrls(links(2, 100)), allow: addresses, vars: { FEEDWATCH_WORKER_SUBREQUESTS: String(budget) } });
    await h.cron();
    const deliveries = await h.pump();
    const checks = deliveries.filter((d) => d.messages[0]!.body.kind === 'check');
    expect(checks.length).toBeGreaterThanOrEqual(3);
    for (const d of deliveries) expect(d.subrequests).toBeLessThanOrEqual(budget);
    // Every message but the last stopped with its reserve in hand, and sent the rest on.
    for (const d of checks.slice(0, -1)) {
      expect(d.subrequests).toBeGreaterThan(budget - SIZES.reserveSubrequests - 6);
      expect(d.byKind.queue).toBe(1);
    }
    expect(h.logs.filter((l) => /failed|budget/.test(l))).toEqual([]);
    expect(h.report().summary).toMatchObject({ total: 100, ok: 100 });
    expect((await stats()).requests).toBe(100); // no link was fetched twice
    expect(await rows('SELECT COUNT(*) AS n FROM checks')).toEqual([{ n: 100 }]);
  });

  it('counts what a message costs: one D1 query per step, one subrequest per hop', async () => {
    const h = harness({ targets: targetsFromUrls(links(0, 200)), allow: addresses, vars: { FEEDWATCH_PER_HOST: '6', FEEDWATCH_WORKER_SUBREQUESTS: '1000' } });
    await h.cron();
    const [m] = h.take();
    const d = await h.deliver([m!]);
    // run, group, done links, lease, previous states; results (one ~1 MB chunk), group done, progress, run done, lease back.
    expect(d.byKind.d1).toBe(10);
    expect(d.byKind.fetch).toBe(200);
    expect(d.byKind.asset).toBe(1);
    expect(d.subrequests).toBe(212); // 10 + 200 + 1 + 1
    expect(d.byKind.queue).toBe(1); // the last group done: `prepare` sent
  });
});
