// What only D1 has: its per-statement limits (100 bound parameters, 100 KB of SQL, 2 MB per row),
// no BEGIN (a commit is one atomic batch), and 1,000 queries per invocation, which the store counts.
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent, LinkState } from '../../src/core/ports.js';
import { StoreError } from '../../src/core/errors.js';
import { D1Store } from '../../src/store/d1.js';
import { D1_LIMITS } from '../../src/store/d1-chunks.js';
import { MemoryStore } from '../../src/store/memory.js';
import { event, link, runRecord } from '../store/store-suite.js';
import { emptyD1, recordingD1, utf8Bytes } from './d1-helpers.js';

const T1 = '2026-11-01T00:00:00.000Z';
const T2 = '2026-11-02T00:00:00.000Z';
const T3 = '2026-11-03T00:00:00.000Z';

function manyLinks(n: number, at = T1): LinkState[] {
  return Array.from({ length: n }, (_, i) =>
    link(`https://h${i % 50}.example/p/${i}?q=${i}`, {
      status: i % 7 === 0 ? 'broken' : 'ok', reason: i % 7 === 0 ? 'http-404' : null, httpStatus: i % 7 === 0 ? 404 : 200,
      title: `Sida ${i}: åäö ✓`, excerpt: `Title | ${'some main text '.repeat(20)}${i}`, checkedAt: at, since: at,
      consecutiveFailures: i % 7 === 0 ? 2 : 0,
    }));
}

beforeEach(() => emptyD1(env.DB));

describe('D1 store: limits per statement', () => {
  it('commits 5,000 links with history and events in one batch, every statement within D1 limits', async () => {
    const { db, calls } = recordingD1(env.DB);
    const store = new D1Store(db);
    const links = manyLinks(5000);
    const events: AlertEvent[] = links.filter((_, i) => i % 10 === 0).map((l, i) => event(`ev-${i}`, T1, { url: l.url, detail: JSON.stringify({ items: ['a', 'b'] }) }));
    await store.commitRun(runRecord(T1, links, events));

    expect(calls).toHaveLength(1); // one batch: atomic
    const batch = calls[0]!;
    for (const s of batch) {
      expect(s.params.length).toBeLessThanOrEqual(D1_LIMITS.paramsPerStatement);
      expect(utf8Bytes(s.sql)).toBeLessThanOrEqual(D1_LIMITS.statementBytes);
      for (const p of s.params) expect(utf8Bytes(p)).toBeLessThanOrEqual(D1_LIMITS.rowBytes);
    }
    // The links did not fit one parameter: they were cut into several statements.
    expect(batch.filter((s) => s.sql.startsWith('INSERT INTO links')).length).toBeGreaterThan(1);

    const fresh = new D1Store(env.DB);
    const all = await fresh.allLinks();
    expect(all).toHaveLength(5000);
    const byUrl = new Map(all.map((l) => [l.url, l]));
    for (const l of links) expect(byUrl.get(l.url)).toEqual(l);
    const history = await fresh.history(null, null);
    expect(history).toHaveLength(5000);
    expect(history[4999]).toEqual({ url: links[4999]!.url, checkedAt: T1, status: links[4999]!.status, httpStatus: links[4999]!.httpStatus, reason: links[4999]!.reason });
    expect(await fresh.undeliveredEvents()).toHaveLength(500);
    expect((await fresh.getLinks(links.map((l) => l.url))).size).toBe(5000);
  });

  it('a row near the 2 MB limit is stored; one over it is a clear error and nothing is written', async () => {
    const store = new D1Store(env.DB);
    await store.commitRun(runRecord(T1, [link('https://a.example/'), link('https://b.example/')]));
    const before = { links: await store.allLinks(), history: await store.history(null, null) };

    const near = link('https://big.example/', { title: 'T'.repeat(1_900_000), checkedAt: T2 });
    await store.commitRun(runRecord(T2, [near]));
    expect((await store.getLinks([near.url])).get(near.url)!.title).toHaveLength(1_900_000);

    const over = link('https://huge.example/page', { title: 'ä'.repeat(1_100_000), checkedAt: T3 }); // 2.2 MB of UTF-8
    const queries = store.queries;
    const err = await store.commitRun(runRecord(T3, [link('https://a.example/', { status: 'broken', checkedAt: T3 }), over])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    const msg = (err as Error).message;
    expect(msg).toContain('https://huge.example/page');
    expect(msg).toMatch(/2\.\d\d MB, more than the 2\.00 MB D1 allows in one row/);
    expect(msg).toContain('Nothing was written; the previous state stays');
    expect(store.queries).toBe(queries); // refused before anything was sent
    expect((await store.getLinks(['https://a.example/'])).get('https://a.example/')!.status).toBe('ok');
    expect((await store.allLinks()).map((l) => l.url)).toEqual([...before.links.map((l) => l.url), near.url].sort());
    expect(await store.history(null, T3)).toEqual([]);

    await expect(store.putCache('k', 'x'.repeat(2_000_001), T1)).rejects.toThrow(/cache entry k takes 2\.00 MB, more than/);
  });

  it('a lone surrogate is stored as U+FFFD, as a bound parameter would be', async () => {
    const store = new D1Store(env.DB);
    await store.commitRun(runRecord(T1, [link('https://a.example/', { title: 'a\ud800b', excerpt: 'x\udc00' })]));
    expect((await store.allLinks())[0]).toMatchObject({ title: 'a\ufffdb', excerpt: 'x\ufffd' });
  });

  it('a database without the migrations says how to apply them', async () => {
    const create = env.TEST_MIGRATIONS.flatMap((m) => m.queries).find((q) => /CREATE TABLE IF NOT EXISTS cache\b/.test(q))!;
    await env.DB.prepare('DROP TABLE cache').run();
    try {
      const err = await new D1Store(env.DB).getCache('k').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as Error).message).toMatch(/D1: cannot read the state \(no such table: cache.*wrangler d1 migrations apply/);
    } finally {
      await env.DB.prepare(create).run();
    }
  });
});

describe('D1 store: queries per invocation', () => {
  it('counts every statement: a small commit is 4, with pruning 6, an empty one 1, each a single call', async () => {
    const store = new D1Store(env.DB);
    const links = [link('https://a.example/'), link('https://b.example/'), link('https://c.example/')];
    await store.commitRun(runRecord(T1, links, [event('e1', T1)]));
    expect({ queries: store.queries, calls: store.calls }).toEqual({ queries: 4, calls: 1 }); // links, checks, events, run
    await store.commitRun(runRecord(T2, links, [], T2));
    expect({ queries: store.queries, calls: store.calls }).toEqual({ queries: 4 + 5, calls: 2 }); // no events: links, checks, run, 2 prunes
    await store.commitRun(runRecord(T3, []));
    expect({ queries: store.queries, calls: store.calls }).toEqual({ queries: 10, calls: 3 });
  });

  it('5,000 links cost a handful of queries to commit and one to read back', async () => {
    const store = new D1Store(env.DB);
    const links = manyLinks(5000);
    await store.commitRun(runRecord(T1, links));
    const commit = store.queries;
    // ~1 MB per statement: about 2.5 MB of links and 0.4 MB of history here, plus the run row.
    expect(commit).toBeGreaterThanOrEqual(4);
    expect(commit).toBeLessThanOrEqual(8);
    await store.getLinks(links.map((l) => l.url));
    expect(store.queries - commit).toBe(1);
  });

  it('a budget stops a call before it is sent: nothing of that commit is written', async () => {
    let budget = 5;
    const store = new D1Store(env.DB, {
      beforeQueries: (n) => {
        if (n > budget) throw new Error(`over budget: ${n} queries, ${budget} left`);
        budget -= n;
      },
    });
    await store.commitRun(runRecord(T1, [link('https://a.example/')])); // 3 queries
    expect(budget).toBe(2);
    await expect(store.commitRun(runRecord(T2, [link('https://a.example/', { status: 'broken' })], [event('e1', T2)]))).rejects.toThrow(/over budget: 4 queries, 2 left/);
    expect(store.queries).toBe(3);
    expect((await new D1Store(env.DB).allLinks())[0]!.status).toBe('ok');
  });

  it('a run too big for one batch is refused whole, before anything is sent', async () => {
    const store = new D1Store(env.DB, { maxCommitBytes: 100_000 });
    await expect(store.commitRun(runRecord(T1, manyLinks(1000)))).rejects.toThrow(/more than one commit may carry \(0\.10 MB, one atomic batch\)\. Nothing was written/);
    expect(store.queries).toBe(0);
    expect(await store.allLinks()).toEqual([]);
  });
});

describe('D1 store: paged and chunked reads', () => {
  it('reads every link and the whole history page by page, in order', async () => {
    const store = new D1Store(env.DB, { pageRows: 7 });
    const links = manyLinks(20);
    for (const at of [T1, T2, T3]) await store.commitRun(runRecord(at, links.map((l) => ({ ...l, checkedAt: at }))));
    const before = store.queries;
    expect((await store.allLinks()).map((l) => l.url)).toEqual(links.map((l) => l.url).sort());
    expect(store.queries - before).toBe(3); // 7 + 7 + 6
    const history = await store.history(null, T2);
    expect(history.map((c) => `${c.checkedAt} ${c.url}`)).toEqual([T2, T3].flatMap((at) => links.map((l) => `${at} ${l.url}`)));
  });

  it('history of many addresses, cut into several statements, comes back in the order of the reference store', async () => {
    const d1 = new D1Store(env.DB, { chunkBytes: 300 });
    const memory = new MemoryStore();
    const links = manyLinks(40);
    for (const [i, at] of [T2, T1, T3, T1].entries()) {
      const run = runRecord(at, links.filter((_, j) => j % (i + 1) === 0).map((l) => ({ ...l, checkedAt: at })));
      await d1.commitRun(run);
      await memory.commitRun(run);
    }
    const urls = links.filter((_, j) => j % 3 !== 1).map((l) => l.url);
    const before = d1.queries;
    const got = await d1.history(urls, null);
    expect(d1.queries - before).toBeGreaterThan(1);
    expect(got).toEqual(await memory.history(urls, null));
    expect(await d1.history(urls, T2)).toEqual(await memory.history(urls, T2));
  });

  it('marks many events delivered in one atomic call', async () => {
    const store = new D1Store(env.DB, { chunkBytes: 200 });
    const events = Array.from({ length: 60 }, (_, i) => event(`event-${String(i).padStart(3, '0')}`, T1));
    await store.commitRun(runRecord(T1, [], events));
    const calls = store.calls;
    await store.markDelivered(events.slice(0, 50).map((e) => e.id));
    expect(store.calls - calls).toBe(1);
    expect((await store.undeliveredEvents()).map((e) => e.id)).toEqual(events.slice(50).map((e) => e.id));
  });
});
