// Finishing runs: lost messages closed by the next cron and marked partial, a stalled finish nudged,
// an offline run reported but not recorded, the webhook delivered at least once, and finalize in
// slices for a run of 5,000 links within D1's 1,000 queries per invocation.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import type { LinkCheckResult, LinkStatus } from '../../../src/core/types.js';
import type { LinkState } from '../../../src/core/ports.js';
import { targetsFromUrls } from '../../../src/links/collect.js';
import { D1Store } from '../../../src/store/d1.js';
import { InvocationBudget } from '../../../src/runtime/worker/checks/budget.js';
import { RunDb } from '../../../src/runtime/worker/checks/run-db.js';
import { SIZES } from '../../../src/runtime/worker/checks/limits.js';
import { emptyD1 } from '../d1-helpers.js';
import { expectValidReport } from './report-schema.js';
import { harness, rows } from './harness.js';

// The scenario hosts' /page (the counting hosts belong to limits.test.ts, whose counts must be its own).
const scenario = inject('scenarioOrigins');
const addresses = inject('scenarioAddresses');
const HOSTS = [scenario.a, scenario.b, scenario.c];

const hook: { calls: Array<{ key: string | null; ids: string[] }>; failFirst: number } = { calls: [], failFirst: 0 };
let waybackCalls = 0;
const msw = setupServer(
  http.post('https://hooks.example/feedwatch', async ({ request }) => {
    const body = (await request.json()) as { events: { id: string }[] };
    hook.calls.push({ key: request.headers.get('idempotency-key'), ids: body.events.map((e) => e.id) });
    return hook.calls.length <= hook.failFirst ? new HttpResponse('down', { status: 500 }) : new HttpResponse(null, { status: 204 });
  }),
  http.get('https://archive.org/wayback/available', () => {
    waybackCalls++;
    return HttpResponse.json({ archived_snapshots: {} });
  }),
);
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());
beforeEach(async () => {
  await emptyD1(env.DB);
  hook.calls = [];
  hook.failFirst = 0;
  waybackCalls = 0;
});

const links = (host: number, n: number, tag = 'p') => Array.from({ length: n }, (_, i) => `${HOSTS[host]}/page?${tag}=${i}`);

describe('lost messages', () => {
  it('a run whose messages were lost is closed by the next cron with what it has, marked partial; the cron after opens a new run', async () => {
    const h = harness({ targets: targetsFromUrls([...links(0, 3), ...links(1, 2), ...links(2, 2)]), allow: addresses });
    await h.cron();
    const sent = h.take();
    expect(sent).toHaveLength(3);
    h.put(sent[0]!, sent[2]!); // the message of the second host is lost
    await h.pump();
    expect(await rows('SELECT state, partial FROM check_runs')).toEqual([{ state: 'checking', partial: 0 }]);
    expect(h.writes).toEqual([]);

    h.clock.advance(10 * 60_000);
    await h.cron(); // still within the time a run may stall: nothing happens
    expect(h.queue).toEqual([]);
    expect(h.logs.at(-1)).toMatch(/is still in progress; this cron event starts nothing/);

    h.clock.advance(25 * 60_000);
    await h.cron();
    expect(h.logs.join('\n')).toMatch(/some of its messages were lost; closing it with what it has \(partial\)/);
    await h.pump();
    const report = h.report();
    await expectValidReport(h.reports.get('report.json'));
    expect(report).toMatchObject({ partial: true, offline: false, summary: { total: 5, ok: 5 } });
    expect(report.links.map((l) => l.url)).toEqual([...links(0, 3), ...links(2, 2)].sort());
    expect(await rows('SELECT state, partial FROM check_runs')).toEqual([{ state: 'closed', partial: 1 }]);
    expect(await rows('SELECT links FROM runs')).toEqual([{ links: 5 }]);

    h.clock.advance(6 * 3600_000);
    await h.cron();
    expect(h.queue.map((m) => m.body.kind)).toEqual(['check', 'check', 'check']);
    await h.pump();
    expect(h.report()).toMatchObject({ partial: false, summary: { total: 7 } });
  });

  it('a finish that stalled (a lost slice message) is nudged by the next cron and completes', async () => {
    const h = harness({ targets: targetsFromUrls(links(0, 2)), allow: addresses });
    await h.cron();
    await h.deliver(h.take()); // the check message
    await h.deliver(h.take()); // prepare; its one slice message is lost:
    const lostSlice = h.take();
    expect(lostSlice.map((m) => m.body.kind)).toEqual(['slice']);
    h.clock.advance(31 * 60_000);
    await h.cron();
    expect(h.queue.map((m) => m.body.kind)).toEqual(['prepare']);
    await h.pump();
    expect(await rows('SELECT state, partial FROM check_runs')).toEqual([{ state: 'closed', partial: 0 }]);
    expect(h.report().summary.total).toBe(2);
  });
});

describe('a cron event without the links', () => {
  it('says what to do and opens no run', async () => {
    const h = harness({ targets: targetsFromUrls(links(0, 1)), allow: addresses });
    h.dropLinks();
    await h.cron();
    expect(h.logs.join('\n')).toMatch(/the cron event could not start a run: _feedwatch\/links\/manifest\.json is not in the Worker's assets/);
    expect(h.queue).toEqual([]);
    expect(await rows('SELECT COUNT(*) AS n FROM check_runs')).toEqual([{ n: 0 }]);
  });
});

describe('an offline run', () => {
  it('is reported as seen, with offline: true, and recorded nowhere', async () => {
    const closed = inject('scenarioOrigins').closed;
    const port = new URL(closed).port;
    const urls = inject('scenarioAddresses').map((a) => `http://${a}:${port}/x`);
    const h = harness({ targets: targetsFromUrls(urls), allow: addresses, vars: { FEEDWATCH_RETRIES: '0' } });
    await h.cron();
    await h.pump();
    const report = h.report();
    await expectValidReport(h.reports.get('report.json'));
    expect(report).toMatchObject({ offline: true, summary: { total: 3, broken: 3 } });
    expect(report.links.every((l) => l.reason === 'network')).toBe(true);
    expect(h.reports.get('report.html')).toContain('class="banner"');
    for (const table of ['links', 'checks', 'events', 'runs']) expect(await rows(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual([{ n: 0 }]);
  });
});

describe('the webhook', () => {
  it('delivers at least once: a receiver that is down gets the events again next run, with the same key', async () => {
    hook.failFirst = 2;
    const urls = [`${scenario.a}/not-found`, `${scenario.a}/page`];
    const h = harness({
      targets: targetsFromUrls(urls), allow: addresses,
      vars: { FEEDWATCH_WEBHOOK: 'https://hooks.example/feedwatch', FEEDWATCH_WEBHOOK_RETRIES: '1' },
    });
    for (let run = 1; run <= 3; run++) {
      h.clock.advance(6 * 3600_000);
      await h.cron();
      await h.pump();
    }
    // Run 1: broken once (below the threshold of 2), no event. Run 2: the event; the receiver fails twice
    // (one try and one retry). Run 3: sent again, acknowledged.
    expect(hook.calls).toHaveLength(3);
    expect(new Set(hook.calls.map((c) => c.key)).size).toBe(1);
    expect(hook.calls[2]!.ids).toEqual(hook.calls[0]!.ids);
    expect(await rows('SELECT to_status, delivered FROM events')).toEqual([{ to_status: 'broken', delivered: 1 }]);
    expect(h.logs.join('\n')).toMatch(/\[webhook\] HTTP 500 from https:\/\/hooks\.example\/\*\*\*; the events stay queued/);
    expect(h.reports.get('alerts.atom')).toContain('/not-found');
  });
});

function result(url: string, i: number, checkedAt: string): LinkCheckResult {
  const kinds: Array<[LinkStatus, string | null, number | null]> = [
    ['ok', null, 200], ['broken', 'http-404', 404], ['changed', 'content', 200], ['ok', null, 200], ['blocked', 'http-403', 403], ['ok', null, 200],
  ];
  const [status, reason, httpStatus] = kinds[i % kinds.length]!;
  return {
    url, status, reason, error: status === 'broken' ? `HTTP 404 from ${url}` : null, httpStatus, finalUrl: null, redirects: [],
    title: `Article ${i}`, checkedAt, etag: null, lastModified: null, fingerprint: `v1:${status === 'changed' ? 'new' : 'same'}${i}`, excerpt: `Text of article ${i}.`,
    change: status === 'changed' ? { before: 'old text', after: `Text of article ${i}.` } : null, notModified: false, durationMs: 5,
  };
}

describe('finalize in slices', () => {
  it('a run of 5,000 links is committed, reported and closed in slices, each invocation far inside D1\'s 1,000 queries', async () => {
    const N = 5000;
    const urls = Array.from({ length: N }, (_, i) => `https://news${i % 50}.example/article/${i}`);
    const h = harness({ targets: targetsFromUrls(urls), vars: { FEEDWATCH_BASE_URL: 'https://feeds.example/' } });
    const t0 = new Date(h.clock.ms - 6 * 3600_000).toISOString();
    const t1 = h.clock.now().toISOString();
    // The previous run: every link known, the broken ones already failing once (so this run makes events).
    const seed = new D1Store(env.DB);
    const before: LinkState[] = urls.map((url, i) => {
      const r = result(url, i, t0);
      return {
        url, status: r.status === 'changed' ? 'ok' : r.status, reason: null, httpStatus: 200, finalUrl: null, title: r.title, etag: null, lastModified: null,
        fingerprint: `v1:same${i}`, excerpt: 'old text', since: t0, checkedAt: t0, lastOkAt: t0, firstFailedAt: r.status === 'broken' ? t0 : null,
        consecutiveFailures: r.status === 'broken' ? 1 : 0, alertedStatus: null,
      };
    });
    await seed.commitRun({ startedAt: t0, finishedAt: t0, links: before, checks: before.map((l) => ({ url: l.url, checkedAt: t0, status: l.status, httpStatus: 200, reason: null })), events: [] });

    // This run's checks, as the consumers stage them (one write per group), straight into D1.
    const scheduled = await h.cron();
    const messages = h.take();
    expect(messages).toHaveLength(50 * Math.ceil(100 / 200));
    // The cron event: open runs, then the run and its groups (one ~1 MB chunk) in one batch; the
    // manifest (an asset read); one sendBatch for its 50 messages.
    expect(scheduled).toEqual({ queries: 3, subrequests: 5, byKind: { d1: 3, asset: 1, queue: 1, fetch: 0, r2: 0 } });
    const db = new RunDb(env.DB, new InvocationBudget(1e9, 1e9));
    for (const m of messages) {
      if (m.body.kind !== 'check') continue;
      const group = (await db.group(m.body.run, m.body.group))!;
      const staged = m.body.urls.map((url) => {
        const i = Number(url.split('/').pop());
        const r = result(url, i, t1);
        return { url, status: r.status, unanswered: false, result: JSON.stringify(r), items: JSON.stringify([{ feed: 'news', id: `tag:x,2026:news/${i % 40}`, title: `Item ${i % 40}`, link: `https://site.example/${i % 40}` }]) };
      });
      await db.writeResults(m.body.run, group, staged, t1, null);
    }
    expect(await rows('SELECT state FROM check_runs')).toEqual([{ state: 'finalizing' }]);
    h.put({ id: 'prepare', body: { kind: 'prepare', run: messages[0]!.body.run }, attempts: 1, delaySeconds: 0 });


    const deliveries = await h.pump();
    const kinds = deliveries.map((d) => d.messages[0]!.body.kind);

    expect(kinds).toEqual(['prepare', ...Array(N / SIZES.sliceLinks).fill('slice'), 'report']);
    for (const d of deliveries) expect(d.subrequests).toBeLessThanOrEqual(1000);
    const most = (kind: string) => Math.max(...deliveries.filter((d) => d.messages[0]!.body.kind === kind).map((d) => d.queries));
    expect(most('prepare')).toBeLessThanOrEqual(10);
    // The figures of README "Scaling out", exactly. prepare: the run, the offline facts, the slice
    // starts, then the slices and the run's slice count in one batch (2), the open slices; and one
    // sendBatch of its 10 slice messages.
    const [prepare] = deliveries;
    expect(prepare).toMatchObject({ queries: 6, subrequests: 7, byKind: { d1: 6, queue: 1, fetch: 0, asset: 0, r2: 0 } });
    // The report: report.json read 500 links a query (and an empty page at the end), one query for
    // the listed problems (at most 2,000), their history 2 queries per 100, and 16 more: the run, the
    // counts, the history's start, the alerts feed, the run's events, the close (4), the undelivered
    // events and their marking (no webhook here), the clean-up (5). (The sink here holds the reports
    // in memory; R2's sink streams a report.json over 16 MB, reading its pages twice: report-sink.test.ts.)
    expect(most('report')).toBe(N / SIZES.reportPageRows + 1 + 1 + (2 * SIZES.abridgedProblems) / 100 + 16);
    const slices = deliveries.filter((d) => d.messages[0]!.body.kind === 'slice');
    // A slice: run, bounds, results, previous states, cached Wayback answers, then one commit batch of
    // 7: states, history, events, cache entries, report rows, the slice committed, the run's slices done.
    for (const d of slices) {
      expect(d.queries).toBe(12);
      expect(d.subrequests).toBe(12 + d.byKind.fetch + d.byKind.queue); // + a Wayback lookup per broken link; the last one sends `report`
    }
    const count = (k: number) => urls.filter((_, i) => i % 6 === k).length;
    expect(waybackCalls).toBe(count(1)); // each broken link asked once, the answers cached with the commit

    expect(await rows('SELECT COUNT(*) AS n FROM links')).toEqual([{ n: N }]);
    expect(await rows('SELECT COUNT(*) AS n FROM checks')).toEqual([{ n: 2 * N }]);
    expect(await rows('SELECT COUNT(*) AS n FROM cache')).toEqual([{ n: count(1) }]);
    const events = await rows<{ to_status: string; n: number }>('SELECT to_status, COUNT(*) AS n FROM events GROUP BY to_status ORDER BY to_status');
    expect(events).toEqual([{ to_status: 'blocked', n: count(4) }, { to_status: 'broken', n: count(1) }, { to_status: 'changed', n: count(2) }]);
    expect(await rows('SELECT links, events FROM runs ORDER BY started_at DESC LIMIT 1')).toEqual([{ links: N, events: events.reduce((n, e) => n + e.n, 0) }]);

    const report = h.report();
    await expectValidReport(h.reports.get('report.json'));
    expect(report.links).toHaveLength(N);
    expect(report.links.map((l) => l.url)).toEqual([...urls].sort());
    expect(report.summary).toMatchObject({ total: N, broken: count(1), changed: count(2), blocked: count(4), ok: count(0) + count(3) + count(5) });
    // Too many links for one page: report.html and report.md list the problems, report.json has them all.
    const html = h.reports.get('report.html')!;
    expect(html).toContain(`This run checked ${N} links, too many for one page`);
    expect(html).not.toContain('https://news0.example/article/0"');
    expect(html).toContain('https://news1.example/article/1"');
    expect(html.length).toBeLessThan(20_000_000);
    expect(h.reports.get('report.md')).toContain(`This run checked ${N} links, too many for one page`);
  });
});
