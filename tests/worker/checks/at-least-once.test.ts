// At least once, in any order: a duplicated message, a late one (its links already have results), a
// reordered finalize message and a message arriving after its run closed each change nothing: no
// request, no row written, the same state. Messages are delivered by hand (createMessageBatch) and
// what the handler did is read back with getQueueResult.
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { targetsFromUrls } from '../../../src/links/collect.js';
import { emptyD1 } from '../d1-helpers.js';
import { harness, rows, type Pending } from './harness.js';

// The scenario hosts' /page: requests are counted per invocation (the budget's fetch count).
const scenario = inject('scenarioOrigins');
const hosts = [scenario.a, scenario.b];
const addresses = inject('scenarioAddresses');

beforeEach(() => emptyD1(env.DB));

/** Everything a run leaves in D1 that a repeated message could change. */
async function snapshot() {
  return {
    results: await rows('SELECT run_id, url, status, result FROM check_results ORDER BY run_id, url'),
    groups: await rows('SELECT run_id, grp, done_at FROM check_run_groups ORDER BY run_id, grp'),
    runs: await rows('SELECT id, state, partial, offline, slices FROM check_runs ORDER BY id'),
    links: await rows('SELECT * FROM links ORDER BY url'),
    checks: await rows('SELECT url, checked_at, status FROM checks ORDER BY url, checked_at'),
    events: await rows('SELECT id, delivered FROM events ORDER BY id'),
  };
}

function twoHostRun() {
  const urls = [...[1, 2, 3].map((i) => `${hosts[0]}/page?a=${i}`), ...[1, 2].map((i) => `${hosts[1]}/page?b=${i}`), 'mailto:office@example.org'];
  return harness({ targets: targetsFromUrls(urls), allow: addresses, vars: { FEEDWATCH_TIMEOUT_MS: '5000' } });
}

describe('check messages', () => {
  it('a duplicated message and a late one change nothing and fetch nothing', async () => {
    const h = twoHostRun();
    await h.cron();
    const sent = h.take();
    expect(sent.map((m) => m.body.kind)).toEqual(['check', 'check', 'check']); // '' (mailto), and one per host
    const first = sent.find((m) => m.body.kind === 'check' && m.body.urls.length === 3)!;
    const d1 = await h.deliver([first]);
    expect(d1.acked).toEqual([first.id]);
    expect(d1.byKind.fetch).toBe(3);
    const before = await snapshot();

    // The same message again (the platform delivered it twice), and a copy sent later by a retry.
    const again = await h.deliver([{ ...first, attempts: 2 }]);
    const late = await h.deliver([{ ...first, id: 'late-copy' }]);
    for (const d of [again, late]) {
      expect(d.acked).toHaveLength(1);
      expect(d.retried).toEqual([]);
      expect(d.byKind.fetch).toBe(0);
      // It read the run, its group and which of its links are done (all): README "Scaling out".
      expect(d.queries).toBe(3);
      expect(d.subrequests).toBe(3);
    }
    expect(await snapshot()).toEqual(before);

    // The rest of the run, then the same message once more: still nothing.
    h.put(...sent.filter((m) => m !== first));
    await h.pump();
    const closed = await snapshot();
    expect(closed.runs).toEqual([expect.objectContaining({ state: 'closed', partial: 0, offline: 0 })]);
    const after = await h.deliver([{ ...first, id: 'after-close' }]);
    expect(after.acked).toEqual(['after-close']);
    expect(after.byKind.fetch).toBe(0);
    expect(after.queries).toBe(1); // it read the run, saw it closed, and stopped
    expect(await snapshot()).toEqual(closed);
    expect(h.queue).toEqual([]);
  });

  it('a message whose run was closed by a later cron writes nothing, even for links without results', async () => {
    const h = twoHostRun();
    await h.cron();
    const sent = h.take();
    h.put(...sent.slice(0, 1));
    await h.pump();
    h.clock.advance(31 * 60_000); // no progress for longer than a run may stall
    await h.cron(); // closes the run: partial
    await h.pump();
    expect(h.report()).toMatchObject({ partial: true });
    const before = await snapshot();
    const late = await h.deliver(sent.slice(1));
    expect(late.acked).toHaveLength(2);
    expect(late.byKind.fetch).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('results are written once per (run, url): two consumers that both checked a link keep the first answer', async () => {
    const h = twoHostRun();
    await h.cron();
    const sent = h.take();
    const first = sent.find((m) => m.body.kind === 'check' && m.body.urls.length === 3)!;
    // Both deliveries run at once: the lease lets one check the host; the other waits its turn.
    const [x, y] = await Promise.all([h.deliver([first]), h.deliver([{ ...first, id: 'twin' }])]);
    const retried = [...x.retried, ...y.retried];
    expect(retried).toHaveLength(1);
    expect(retried[0]!.delaySeconds).toBeGreaterThanOrEqual(5);
    expect((await rows('SELECT COUNT(*) AS n FROM check_results')).at(0)).toEqual({ n: 3 });
  });
});

describe('finalize messages', () => {
  it('repeated and reordered prepare, slice and report messages change nothing', async () => {
    const h = twoHostRun();
    await h.cron();
    const checks = h.take();
    for (const m of checks) await h.deliver([m]);
    const [prepare] = h.take() as [Pending];
    expect(prepare.body).toEqual({ kind: 'prepare', run: expect.any(String) });
    // A report message that arrives before its time (from an older attempt): the run is not reporting yet.
    const early = await h.deliver([{ ...prepare, id: 'early-report', body: { kind: 'report', run: prepare.body.run } }]);
    expect(early.acked).toEqual(['early-report']);
    expect(h.writes).toEqual([]);

    await h.deliver([prepare]);
    await h.deliver([{ ...prepare, id: 'prepare-again' }]);
    const slices = h.take();
    expect(slices.map((m) => m.body.kind)).toEqual(['slice', 'slice']); // prepare sent its slices twice: both deliveries are harmless
    await h.deliver([slices[0]!]);
    const committed = await snapshot();
    const dup = await h.deliver([{ ...slices[1]!, id: 'slice-dup' }]);
    expect(dup.acked).toEqual(['slice-dup']);
    expect(await snapshot()).toEqual(committed);
    expect(committed.checks).toHaveLength(6);

    const [report] = h.take() as [Pending];
    expect(report.body.kind).toBe('report');
    await h.deliver([report]);
    expect(h.writes).toHaveLength(1);
    const closed = await snapshot();
    await h.deliver([{ ...report, id: 'report-again' }]);
    expect(h.writes).toHaveLength(1); // the run is closed: no second set of reports
    expect(await snapshot()).toEqual(closed);
    expect(h.report().summary.total).toBe(6);
  });
});
