// One contract, every driver: run by memory.test.ts and sqlite.test.ts (and later d1).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent, LinkState, RunRecord, Store } from '../../src/core/ports.js';

export function link(url: string, over: Partial<LinkState> = {}): LinkState {
  return {
    url, status: 'ok', reason: null, httpStatus: 200, finalUrl: null, title: 'Title', etag: '"e"', lastModified: 'Sun, 01 Nov 2026 08:00:00 GMT',
    fingerprint: 'v1:abc', excerpt: 'Title | text', since: '2026-11-01T00:00:00.000Z', checkedAt: '2026-11-01T00:00:00.000Z',
    lastOkAt: '2026-11-01T00:00:00.000Z', firstFailedAt: null, consecutiveFailures: 0, alertedStatus: null, ...over,
  };
}

export function event(id: string, at: string, over: Partial<AlertEvent> = {}): AlertEvent {
  return { id, url: 'https://a.example/', from: 'ok', to: 'broken', at, detail: '{"reason":"http-404"}', delivered: false, ...over };
}

export function runRecord(at: string, links: LinkState[], events: AlertEvent[] = [], pruneBefore?: string): RunRecord {
  return {
    startedAt: at, finishedAt: at, links,
    checks: links.map((l) => ({ url: l.url, checkedAt: at, status: l.status, httpStatus: l.httpStatus, reason: l.reason })),
    events, ...(pruneBefore ? { pruneBefore } : {}),
  };
}

export function storeSuite(name: string, open: () => Promise<{ store: Store; reopen?: () => Promise<Store>; cleanup?: () => Promise<void> }>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let reopen: (() => Promise<Store>) | undefined;
    let cleanup: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      ({ store, reopen, cleanup } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup?.();
    });

    it('starts empty', async () => {
      expect(await store.allLinks()).toEqual([]);
      expect((await store.getLinks(['https://a.example/'])).size).toBe(0);
      expect(await store.historySince()).toBeNull();
      expect(await store.events(10)).toEqual([]);
    });

    it('round-trips every field of a link state, nulls included', async () => {
      const a = link('https://a.example/');
      const b = link('https://b.example/x?y=1#frag', {
        status: 'broken', reason: 'http-404', httpStatus: 404, finalUrl: 'https://b.example/z', title: null, etag: null, lastModified: null,
        fingerprint: null, excerpt: null, lastOkAt: null, firstFailedAt: '2026-11-01T00:00:00.000Z', consecutiveFailures: 3, alertedStatus: 'broken',
      });
      await store.commitRun(runRecord('2026-11-01T00:00:00.000Z', [a, b]));
      const got = await store.getLinks([a.url, b.url, 'https://missing.example/']);
      expect(got.get(a.url)).toEqual(a);
      expect(got.get(b.url)).toEqual(b);
      expect(got.has('https://missing.example/')).toBe(false);
      expect((await store.allLinks()).map((l) => l.url)).toEqual([a.url, b.url]);
    });

    it('a later run updates links in place and appends history', async () => {
      await store.commitRun(runRecord('2026-11-01T00:00:00.000Z', [link('https://a.example/')]));
      await store.commitRun(runRecord('2026-11-02T00:00:00.000Z', [link('https://a.example/', { status: 'changed', checkedAt: '2026-11-02T00:00:00.000Z' })]));
      expect((await store.allLinks()).map((l) => l.status)).toEqual(['changed']);
      const h = await store.history(null, null);
      expect(h.map((c) => c.checkedAt)).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z']);
      expect(await store.history(['https://a.example/'], '2026-11-02T00:00:00.000Z')).toHaveLength(1);
      expect(await store.history(['https://other.example/'], null)).toEqual([]);
      expect(await store.historySince()).toBe('2026-11-01T00:00:00.000Z');
    });

    it('prunes history (and delivered events) older than pruneBefore', async () => {
      await store.commitRun(runRecord('2026-01-01T00:00:00.000Z', [link('https://a.example/')], [event('old-delivered', '2026-01-01T00:00:00.000Z', { delivered: true }), event('old-pending', '2026-01-01T00:00:01.000Z')]));
      await store.commitRun(runRecord('2026-11-01T00:00:00.000Z', [link('https://a.example/')], [], '2026-06-01T00:00:00.000Z'));
      expect(await store.historySince()).toBe('2026-11-01T00:00:00.000Z');
      expect((await store.events(10)).map((e) => e.id)).toEqual(['old-pending']);
    });

    it('events: newest first, undelivered oldest first, delivery marked, ids unique', async () => {
      await store.commitRun(runRecord('2026-11-01T00:00:00.000Z', [], [event('e1', '2026-11-01T00:00:00.000Z'), event('e2', '2026-11-02T00:00:00.000Z')]));
      await store.commitRun(runRecord('2026-11-03T00:00:00.000Z', [], [event('e2', '2026-11-02T00:00:00.000Z', { detail: 'dup' }), event('e3', '2026-11-03T00:00:00.000Z')]));
      expect((await store.events(10)).map((e) => e.id)).toEqual(['e3', 'e2', 'e1']);
      expect((await store.events(1)).map((e) => e.id)).toEqual(['e3']);
      expect((await store.events(10)).find((e) => e.id === 'e2')!.detail).toBe('{"reason":"http-404"}');
      await store.markDelivered(['e1', 'e3']);
      expect((await store.undeliveredEvents()).map((e) => e.id)).toEqual(['e2']);
      expect((await store.events(10)).find((e) => e.id === 'e1')).toMatchObject({ delivered: true, from: 'ok', to: 'broken' });
    });

    it('cache: put, overwrite, get', async () => {
      expect(await store.getCache('k')).toBeNull();
      await store.putCache('k', 'v1', '2026-11-01T00:00:00.000Z');
      await store.putCache('k', 'v2', '2026-11-02T00:00:00.000Z');
      expect(await store.getCache('k')).toEqual({ value: 'v2', storedAt: '2026-11-02T00:00:00.000Z' });
    });

    it('a failing commit leaves the previous state, all of it', async () => {
      await store.commitRun(runRecord('2026-11-01T00:00:00.000Z', [link('https://a.example/'), link('https://b.example/')], [event('e1', '2026-11-01T00:00:00.000Z')]));
      const before = { links: await store.allLinks(), history: await store.history(null, null), events: await store.events(10) };
      const bad = runRecord('2026-11-02T00:00:00.000Z', [
        link('https://a.example/', { status: 'broken', checkedAt: '2026-11-02T00:00:00.000Z' }),
        link('https://c.example/'),
        { ...link('https://b.example/'), since: null as unknown as string }, // violates NOT NULL
      ], [event('e2', '2026-11-02T00:00:00.000Z')]);
      await expect(store.commitRun(bad)).rejects.toThrow(/state/);
      expect(await store.allLinks()).toEqual(before.links);
      expect(await store.history(null, null)).toEqual(before.history);
      expect(await store.events(10)).toEqual(before.events);
      // and the next run works
      await store.commitRun(runRecord('2026-11-03T00:00:00.000Z', [link('https://c.example/')]));
      expect((await store.allLinks()).map((l) => l.url)).toEqual(['https://a.example/', 'https://b.example/', 'https://c.example/']);
    });

    it('keeps state across reopening (when the driver persists)', async () => {
      if (!reopen) return;
      await store.commitRun(runRecord('2026-11-01T00:00:00.000Z', [link('https://a.example/')]));
      await store.close();
      store = await reopen();
      expect((await store.allLinks()).map((l) => l.url)).toEqual(['https://a.example/']);
    });

    it('handles a large batch', async () => {
      const links = Array.from({ length: 5000 }, (_, i) => link(`https://h${i % 50}.example/p/${i}`));
      await store.commitRun(runRecord('2026-11-01T00:00:00.000Z', links));
      const got = await store.getLinks(links.map((l) => l.url));
      expect(got.size).toBe(5000);
    });
  });
}
