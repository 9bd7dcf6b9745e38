import { describe, expect, it } from 'vitest';
import { computeAlerts, eventId, parseDetail } from '../../src/health/alerts.js';
import type { LinkState } from '../../src/core/ports.js';
import { state } from './fixtures.js';

const U = 'https://a.example/page';
const t = (n: number) => `2026-01-0${n}T00:00:00.000Z`;

/** Runs the state machine over a sequence of next states, feeding each output back as the previous state. */
async function runs(seq: Array<Partial<LinkState> & { status: LinkState['status'] }>, threshold = 2, mute = []) {
  let prev = new Map<string, LinkState>();
  const all = [];
  for (const [i, s] of seq.entries()) {
    const next = state(U, s.status, { checkedAt: t(i + 1), ...s });
    const out = await computeAlerts({ previous: prev, next: [next], failureThreshold: threshold, mute });
    all.push(out.events.map((e) => `${e.from}->${e.to}`));
    prev = new Map([[U, out.states[0]!]]);
  }
  return all;
}

describe('alert transitions', () => {
  it('a link that fails once and recovers makes no alert', async () => {
    expect(await runs([{ status: 'ok' }, { status: 'broken', consecutiveFailures: 1 }, { status: 'ok' }])).toEqual([[], [], []]);
  });

  it('a link that fails twice makes one alert, and one recovery alert', async () => {
    expect(
      await runs([
        { status: 'ok' },
        { status: 'broken', consecutiveFailures: 1 },
        { status: 'broken', consecutiveFailures: 2 },
        { status: 'broken', consecutiveFailures: 3 },
        { status: 'ok' },
        { status: 'ok' },
      ]),
    ).toEqual([[], [], ['ok->broken'], [], ['broken->ok'], []]);
  });

  it('honours the configured threshold', async () => {
    expect(await runs([{ status: 'ok' }, { status: 'soft404', consecutiveFailures: 1 }], 1)).toEqual([[], ['ok->soft404']]);
  });

  it('moved fires once per new address', async () => {
    expect(
      await runs([
        { status: 'ok' },
        { status: 'moved', finalUrl: 'https://b.example/1' },
        { status: 'moved', finalUrl: 'https://b.example/1' },
        { status: 'moved', finalUrl: 'https://b.example/2' },
      ]),
    ).toEqual([[], ['ok->moved'], [], ['moved->moved']]);
  });

  it('changed fires once per new fingerprint', async () => {
    expect(
      await runs([
        { status: 'ok', fingerprint: 'v1:a' },
        { status: 'changed', fingerprint: 'v1:b' },
        { status: 'ok', fingerprint: 'v1:b' },
        { status: 'changed', fingerprint: 'v1:c' },
        { status: 'changed', fingerprint: 'v1:c' },
      ]),
    ).toEqual([[], ['ok->changed'], [], ['ok->changed'], []]);
  });

  it('blocked fires once on entering, never counts as a failure, and recovers silently', async () => {
    expect(await runs([{ status: 'ok' }, { status: 'blocked' }, { status: 'blocked' }, { status: 'ok' }])).toEqual([[], ['ok->blocked'], [], []]);
  });

  it('skipped links make no events', async () => {
    expect(await runs([{ status: 'skipped' }, { status: 'skipped' }])).toEqual([[], []]);
  });

  it('muted links make no events, and alert once the mute expires', async () => {
    const mute = [{ url: U, reason: 'known outage', until: '2026-01-04T00:00:00Z' }];
    expect(
      await runs(
        [
          { status: 'ok' },
          { status: 'broken', consecutiveFailures: 1 },
          { status: 'broken', consecutiveFailures: 2 },
          { status: 'broken', consecutiveFailures: 3 },
        ],
        2,
        mute as never,
      ),
    ).toEqual([[], [], [], ['ok->broken']]);
  });

  it('gives each event a permanent, deterministic id and full detail', async () => {
    const next = state(U, 'moved', { finalUrl: 'https://b.example/', checkedAt: t(2), reason: 'http-301' });
    const input = {
      previous: new Map([[U, state(U, 'ok', { alertedStatus: 'ok' })]]),
      next: [next],
      failureThreshold: 2,
      citing: new Map([[U, [{ feed: 'news', id: 'i1', title: 'T', link: 'https://site/1' }]]]),
      suggestions: new Map([[U, { kind: 'moved' as const, url: 'https://b.example/', at: t(2) }]]),
    };
    const a = await computeAlerts(input);
    const b = await computeAlerts(input);
    expect(a.events[0]!.id).toBe(b.events[0]!.id);
    expect(a.events[0]!.id).toBe(await eventId(U, 'moved', t(2), 'https://b.example/'));
    expect(a.events[0]!.id).toMatch(/^tag:feedwatch,2026:event\/[0-9a-f]{64}$/);
    expect(a.states[0]!.alertedStatus).toBe('moved');
    const d = parseDetail(a.events[0]!);
    expect(d.finalUrl).toBe('https://b.example/');
    expect(d.items[0]!.title).toBe('T');
    expect(d.suggestion?.kind).toBe('moved');
  });
});
