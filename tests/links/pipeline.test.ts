// runCheck's contract with health: the decorate seam sees previous and next states and its events
// and states are committed with the run; an interrupted run commits nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type Decorate } from '../../src/health/pipeline.js';
import { MemoryStore } from '../../src/store/memory.js';
import { createNodeHttpClient } from '../../src/runtime/node/http-client.js';
import { RunError } from '../../src/core/errors.js';
import { serializeReport } from '../../src/health/report-json.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { delay, html, page, startServer, testConfig, type TestServer } from './servers.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer('127.0.0.90', async (req, res) => {
    if (req.url === '/slow') await delay(2000);
    if (req.url === '/gone') return void res.writeHead(404).end();
    html(res, page('ok', '<p>ok</p>'));
  });
});
afterAll(() => s.close());

const http = () => createNodeHttpClient({ connectTimeoutMs: 500, firstByteTimeoutMs: 3000, allowPrivate: true });
const clock = { now: () => new Date('2026-11-01T10:00:00Z') };

describe('runCheck', () => {
  it('health plugs in through decorate: events and alertedStatus are committed with the run', async () => {
    const store = new MemoryStore();
    const client = http();
    const decorate: Decorate = async ({ results, previous, next, now }) => {
      expect(previous.size).toBe(0);
      expect(results.map((r) => r.status)).toEqual(['broken']);
      return {
        events: [{ id: 'e1', url: results[0]!.url, from: null, to: 'broken', at: now.toISOString(), detail: '{}', delivered: false }],
        next: next.map((n) => ({ ...n, alertedStatus: n.status })),
        suggestions: new Map([[results[0]!.url, { kind: 'archive' as const, url: 'https://web.archive.org/x', at: '2020-01-01T00:00:00Z' }]]),
      };
    };
    const out = await runCheck({ targets: [{ url: s.url('/gone'), items: [] }], store, http: client, clock, config: testConfig(), decorate });
    await client.close?.();
    expect(out.exitCode).toBe(1);
    expect(out.report.links[0]!.suggestion).toEqual({ kind: 'archive', url: 'https://web.archive.org/x', at: '2020-01-01T00:00:00Z' });
    expectValidReport(serializeReport(out.report));
    expect((await store.events(10)).map((e) => e.id)).toEqual(['e1']);
    expect((await store.allLinks())[0]!.alertedStatus).toBe('broken');
  });

  it('a fingerprint of an older algorithm version re-baselines silently (ok, not changed)', async () => {
    const store = new MemoryStore();
    const url = s.url('/page');
    const at = '2026-10-01T00:00:00.000Z';
    await store.commitRun({
      startedAt: at, finishedAt: at, checks: [], events: [],
      links: [{ url, status: 'ok', reason: null, httpStatus: 200, finalUrl: null, title: 'old', etag: null, lastModified: null,
        fingerprint: 'v0:0123456789abcdef', excerpt: 'old text', since: at, checkedAt: at, lastOkAt: at, firstFailedAt: null,
        consecutiveFailures: 0, alertedStatus: 'ok' }],
    });
    const client = http();
    const out = await runCheck({ targets: [{ url, items: [] }], store, http: client, clock, config: testConfig() });
    await client.close?.();
    expect(out.results[0]).toMatchObject({ status: 'ok', change: null });
    expectValidReport(serializeReport(out.report));
    expect((await store.allLinks())[0]!.fingerprint).toMatch(/^v1:/);
  });

  it('an interrupted run throws and leaves the state as it was', async () => {
    const store = new MemoryStore();
    const client = http();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(
      runCheck({ targets: [{ url: s.url('/slow'), items: [] }], store, http: client, clock, config: testConfig({ timeoutMs: 5000 }), signal: controller.signal }),
    ).rejects.toBeInstanceOf(RunError);
    await client.close?.();
    expect(await store.allLinks()).toEqual([]);
  });
});
