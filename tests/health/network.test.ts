// Webhook and Wayback against msw (global fetch): no test reaches the internet.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import type { AlertEvent, CacheEntry } from '../../src/core/ports.js';
import { deliverPending, postEvents, webhookBody } from '../../src/health/webhook.js';
import { suggestionsFor, WAYBACK_ENDPOINT } from '../../src/health/wayback.js';
import { event, state } from './fixtures.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const HOOK = 'https://hooks.example/services/T0/B0/x';
const noSleep = async () => {};

class FakeStore {
  events: AlertEvent[] = [];
  cache = new Map<string, CacheEntry>();
  async undeliveredEvents() {
    return this.events.filter((e) => !e.delivered);
  }
  async markDelivered(ids: readonly string[]) {
    for (const e of this.events) if (ids.includes(e.id)) e.delivered = true;
  }
  async getCache(key: string) {
    return this.cache.get(key) ?? null;
  }
  async putCache(key: string, value: string, storedAt: string) {
    this.cache.set(key, { value, storedAt });
  }
}

function recordPosts(statuses: number[]) {
  const calls: Array<{ key: string | null; body: any }> = [];
  server.use(
    http.post(HOOK, async ({ request }) => {
      calls.push({ key: request.headers.get('idempotency-key'), body: await request.json() });
      return new HttpResponse(null, { status: statuses[Math.min(calls.length - 1, statuses.length - 1)] });
    }),
  );
  return calls;
}

describe('webhook', () => {
  it('builds a Slack/Teams-compatible body with a readable text and full events', () => {
    const body = webhookBody([event('https://a.example/<x>', 'broken', '2026-01-02T00:00:00.000Z', { id: 'e1' })]);
    expect(body.text).toBe('feedwatch: 1 link-health event\n• broken: https://a.example/&lt;x&gt; (was ok), cited by "Item A"');
    expect(body.events[0]).toMatchObject({ id: 'e1', url: 'https://a.example/<x>', from: 'ok', to: 'broken', items: [{ title: 'Item A' }] });
  });

  it('marks a draft or scheduled citer in the text', () => {
    const items = [
      { feed: 'news', id: 'i1', title: 'Draft', link: 'https://site.example/d', draft: true, scheduled: false },
      { feed: 'news', id: 'i2', title: 'Later', link: 'https://site.example/l', draft: false, scheduled: true },
      { feed: 'news', id: 'i3', title: 'Out', link: 'https://site.example/o', draft: false, scheduled: false },
    ];
    const body = webhookBody([event('https://a.example/', 'broken', '2026-01-02T00:00:00.000Z', { id: 'e1', detail: JSON.stringify({ items }) })]);
    expect(body.text).toBe('feedwatch: 1 link-health event\n• broken: https://a.example/ (was ok), cited by "Draft" (draft), "Later" (scheduled), "Out"');
  });

  it('retries with backoff until a 2xx and sends the same idempotency key each time', async () => {
    const calls = recordPosts([503, 500, 204]);
    const waits: number[] = [];
    const r = await postEvents([event('https://a.example/', 'broken', '2026-01-02T00:00:00.000Z', { id: 'e1' })], {
      url: HOOK,
      fetch,
      timeoutMs: 1000,
      retries: 3,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(r).toEqual({ delivered: ['e1'], error: null, attempts: 3 });
    expect(waits).toEqual([500, 1000]);
    expect(new Set(calls.map((c) => c.key)).size).toBe(1);
    expect(calls[0]!.key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives up on a timeout after the retries and keeps events undelivered for the next run', async () => {
    server.use(http.post(HOOK, async () => new Promise<Response>(() => {})));
    const store = new FakeStore();
    store.events = [event('https://a.example/', 'broken', '2026-01-02T00:00:00.000Z', { id: 'e1' })];
    const r = await deliverPending(store, { url: HOOK, fetch, timeoutMs: 100, retries: 1, sleep: noSleep });
    expect(r.error).toMatch(/timed out/);
    expect(r.attempts).toBe(2);
    expect(await store.undeliveredEvents()).toHaveLength(1);

    // Next run: the receiver is back; the old event goes with the new one, oldest first.
    server.resetHandlers();
    const calls = recordPosts([200]);
    store.events.push(event('https://b.example/', 'moved', '2026-01-03T00:00:00.000Z', { id: 'e2' }));
    const r2 = await deliverPending(store, { url: HOOK, fetch, timeoutMs: 1000, retries: 1, sleep: noSleep });
    expect(r2.delivered).toEqual(['e1', 'e2']);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body.events.map((e: any) => e.id)).toEqual(['e1', 'e2']);
    expect(await store.undeliveredEvents()).toHaveLength(0);
  });

  it('does not retry a 4xx refusal, and sends nothing when there are no events', async () => {
    const calls = recordPosts([400]);
    const store = new FakeStore();
    expect(await deliverPending(store, { url: HOOK, fetch, timeoutMs: 1000, retries: 3, sleep: noSleep })).toEqual({ delivered: [], error: null, attempts: 0 });
    expect(calls).toHaveLength(0);
    store.events = [event('https://a.example/', 'broken', '2026-01-02T00:00:00.000Z', { id: 'e1' })];
    const r = await deliverPending(store, { url: HOOK, fetch, timeoutMs: 1000, retries: 3, sleep: noSleep });
    expect(r).toMatchObject({ delivered: [], error: 'HTTP 400', attempts: 1 });
  });

  it('sends URL userinfo as Authorization: Basic (decoded, UTF-8, as curl does), never in the URL', async () => {
    const seen: Array<{ url: string; authorization: string | null }> = [];
    server.use(
      http.post(HOOK, ({ request }) => {
        seen.push({ url: request.url, authorization: request.headers.get('authorization') });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const one = [event('https://a.example/', 'broken', '2026-01-02T00:00:00.000Z', { id: 'e1' })];
    const withUserinfo = (userinfo: string) => HOOK.replace('https://', `https://${userinfo}@`);
    for (const userinfo of ['a%40b:p%C3%A5ss%3A', 'tok123', 'user:%zz']) {
      expect(await postEvents(one, { url: withUserinfo(userinfo), fetch, timeoutMs: 1000, retries: 0, sleep: noSleep })).toMatchObject({ error: null });
    }
    const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
    expect(seen).toEqual([
      { url: HOOK, authorization: basic('a@b:påss:') },
      { url: HOOK, authorization: basic('tok123:') },
      { url: HOOK, authorization: basic('user:%zz') },
    ]);
  });

  it('with no webhook configured, marks events delivered without sending', async () => {
    const store = new FakeStore();
    store.events = [event('https://a.example/', 'broken', '2026-01-02T00:00:00.000Z', { id: 'e1' })];
    await deliverPending(store, null);
    expect(await store.undeliveredEvents()).toHaveLength(0);
  });
});

describe('wayback suggestions', () => {
  const BROKEN = 'https://gone.example/article?id=1';

  function archive(answer: Record<string, unknown>) {
    const asked: URL[] = [];
    server.use(
      http.get(WAYBACK_ENDPOINT, ({ request }) => {
        asked.push(new URL(request.url));
        return HttpResponse.json(answer);
      }),
    );
    return asked;
  }

  const snapshot = {
    url: BROKEN,
    archived_snapshots: { closest: { status: '200', available: true, url: 'http://web.archive.org/web/20251201083000/https://gone.example/article?id=1', timestamp: '20251201083000' } },
  };

  it('asks for the copy closest to when the link last worked, once per week per link', async () => {
    const asked = archive(snapshot);
    const store = new FakeStore();
    const states = [
      state(BROKEN, 'broken', { lastOkAt: '2025-12-01T08:00:00.000Z' }),
      state('https://moved.example/a', 'moved', { finalUrl: 'https://moved.example/b', since: '2026-01-01T00:00:00.000Z' }),
      state('https://ok.example/', 'ok'),
    ];
    const deps = { fetch, store, now: '2026-01-02T00:00:00.000Z' };
    const s = await suggestionsFor(states, deps, { wayback: true });
    expect([...s]).toEqual([
      [BROKEN, { kind: 'archive', url: 'https://web.archive.org/web/20251201083000/https://gone.example/article?id=1', at: '2025-12-01T08:30:00.000Z' }],
      ['https://moved.example/a', { kind: 'moved', url: 'https://moved.example/b', at: '2026-01-01T00:00:00.000Z' }],
    ]);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.searchParams.get('url')).toBe(BROKEN);
    expect(asked[0]!.searchParams.get('timestamp')).toBe('20251201080000');

    // Within a week: from the cache. After a week: asked again.
    await suggestionsFor(states, { ...deps, now: '2026-01-08T00:00:00.000Z' }, { wayback: true });
    expect(asked).toHaveLength(1);
    await suggestionsFor(states, { ...deps, now: '2026-01-09T00:00:01.000Z' }, { wayback: true });
    expect(asked).toHaveLength(2);
  });

  it('caches "no copy" too, and makes no suggestion for it', async () => {
    const asked = archive({ url: BROKEN, archived_snapshots: {} });
    const store = new FakeStore();
    const deps = { fetch, store, now: '2026-01-02T00:00:00.000Z' };
    expect((await suggestionsFor([state(BROKEN, 'soft404')], deps, { wayback: true })).size).toBe(0);
    await suggestionsFor([state(BROKEN, 'soft404')], deps, { wayback: true });
    expect(asked).toHaveLength(1);
  });

  it('skips cleanly when the archive is unreachable, and stops asking for the rest of the run', async () => {
    let asked = 0;
    server.use(http.get(WAYBACK_ENDPOINT, () => (asked++, HttpResponse.error())));
    const store = new FakeStore();
    const states = Array.from({ length: 10 }, (_, i) => state(`https://gone.example/${i}`, 'broken'));
    const s = await suggestionsFor(states, { fetch, store, now: '2026-01-02T00:00:00.000Z' }, { wayback: true });
    expect(s.size).toBe(0);
    expect(asked).toBeLessThanOrEqual(4); // at most one per concurrent lookup
    expect(store.cache.size).toBe(0); // not cached: the next run asks again
  });

  it('asks nothing when wayback is off', async () => {
    const store = new FakeStore();
    const s = await suggestionsFor([state(BROKEN, 'broken')], { fetch, store, now: '2026-01-02T00:00:00.000Z' }, { wayback: false });
    expect(s.size).toBe(0);
  });
});
