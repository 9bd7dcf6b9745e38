// Several check runs against a local server, through the real checker, pipeline and stores, with
// health's step plugged in: exact alerts, webhook calls (msw) and Wayback lookups (msw).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { parseFeed } from '@rowanmanning/feed-parser';
import { resolveConfig } from '../../src/core/config.js';
import type { LinkTarget } from '../../src/core/types.js';
import { runCheck } from '../../src/health/pipeline.js';
import { serializeReport } from '../../src/health/report-json.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { healthDecorate } from '../../src/health/decorate.js';
import { deliverEvents, renderOutputs } from '../../src/health/steps.js';
import { WAYBACK_ENDPOINT } from '../../src/health/wayback.js';
import { MemoryStore } from '../../src/store/memory.js';
import { createNodeHttpClient } from '../../src/runtime/node/http-client.js';
import { page, startServer, status, type TestServer } from './server.js';
import { assertWellFormed } from './xml.js';

const HOOK = 'https://hooks.example/feedwatch';
const msw = setupServer();
const webhookCalls: Array<{ key: string | null; body: any }> = [];
const waybackAsked: URL[] = [];

let site: TestServer;
beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'error' });
  site = await startServer();
});
afterEach(() => msw.resetHandlers());
afterAll(async () => {
  msw.close();
  await site.close();
});

function mockInternet() {
  msw.use(
    http.post(HOOK, async ({ request }) => {
      webhookCalls.push({ key: request.headers.get('idempotency-key'), body: await request.json() });
      return new HttpResponse(null, { status: 204 });
    }),
    http.get(WAYBACK_ENDPOINT, ({ request }) => {
      const url = new URL(request.url);
      waybackAsked.push(url);
      const target = url.searchParams.get('url')!;
      return HttpResponse.json({
        url: target,
        archived_snapshots: { closest: { status: '200', available: true, url: `http://web.archive.org/web/20260101000000/${target}`, timestamp: '20260101000000' } },
      });
    }),
  );
}

describe('health across check runs', () => {
  it('alerts on transitions only, once each, and tells the webhook', async () => {
    mockInternet();
    const u = (p: string) => `${site.base}${p}`;
    const item = (n: string) => ({ feed: 'news', id: `tag:t,2026:news/${n}`, title: `Item ${n}`, link: `https://site.example/${n}` });
    const targets: LinkTarget[] = [
      { url: u('/flaky'), items: [item('flaky')] },
      { url: u('/dies'), items: [item('dies')] },
      { url: u('/moves'), items: [item('moves')] },
      { url: u('/changes'), items: [item('changes')] },
      { url: u('/hostile'), items: [item('hostile <b>')] },
    ];
    const hostileTitle = '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;';
    const routes = (run: number) => {
      site.routes.set('/flaky', run === 2 ? status(500) : page('Flaky', 'A page that has one bad minute.'));
      site.routes.set('/dies', run === 1 ? page('Dies', 'A page about to be deleted.') : status(404));
      site.routes.set('/moves', run === 1 ? page('Moves', 'The page before it moved.') : status(301, { location: '/moved-here' }));
      site.routes.set('/moved-here', page('Moved', 'The page after it moved.'));
      site.routes.set('/changes', page('Changes', run === 1 ? 'The call closes on 1 May 2026.' : 'The call was extended: it closes on 15 June 2026.'));
      site.routes.set('/hostile', page(hostileTitle, 'A page with a hostile title.'));
    };

    const store = new MemoryStore();
    const httpClient = createNodeHttpClient({ connectTimeoutMs: 2000, firstByteTimeoutMs: 2000, allowPrivate: true });
    const config = resolveConfig({ file: { baseUrl: 'https://feeds.example/', check: { retries: 0, allowPrivate: true }, alerts: { webhook: HOOK } } });
    const decorate = healthDecorate({ fetch: (url, init) => globalThis.fetch(url, init), archivable: () => true });
    const runAt = (run: number) => ({ now: () => new Date(Date.UTC(2026, 2, 1, 6 * run)) });
    const eventsByRun: string[][] = [];
    let outputs = new Map<string, string>();
    try {
      for (const run of [1, 2, 3, 4]) {
        routes(run);
        const out = await runCheck({ targets, store, http: httpClient, clock: runAt(run), config, decorate });
        eventsByRun.push(out.events.map((e) => `${e.from}->${e.to} ${new URL(e.url).pathname}`));
        expectValidReport(serializeReport(out.report));
        outputs = await renderOutputs(out.report, store, config);
        const delivery = await deliverEvents(store, config, (url, init) => globalThis.fetch(url, init));
        expect(delivery.error).toBeNull();
      }
    } finally {
      await httpClient.close?.();
    }

    // Transitions only: the flaky link's single failure is no news; the dead one is news once it
    // failed twice; a move and a change are news once.
    expect(eventsByRun).toEqual([
      [],
      ['ok->moved /moves', 'ok->changed /changes'],
      ['ok->broken /dies'],
      [],
    ]);

    // alerts.atom: exactly those entries, newest first, valid and parseable.
    const atom = outputs.get('alerts.atom')!;
    assertWellFormed(atom);
    const feed = parseFeed(atom);
    expect(feed.items.map((i) => i.title)).toEqual([`broken: ${u("/dies")}`, `changed: ${u("/changes")}`, `moved: ${u("/moves")}`]);
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(3);
    expect(feed.items.every((i) => /^tag:feedwatch,2026:event\/[0-9a-f]{64}$/.test(i.id!))).toBe(true);
    expect(feed.items[0]!.content).toContain('Item dies');
    expect(feed.items[0]!.content).toContain(`https://web.archive.org/web/20260101000000/${u('/dies')}`);
    expect(feed.items[2]!.content).toContain(u('/moved-here'));
    expect(feed.updated?.toISOString()).toBe('2026-03-01T18:00:00.000Z');

    // Webhook: one POST per run that had events, with the events' ids.
    expect(webhookCalls.map((c) => c.body.events.map((e: any) => e.to))).toEqual([['changed', 'moved'], ['broken']]);
    expect(webhookCalls[1]!.body.text).toContain(`broken: ${u('/dies')}`);
    expect(webhookCalls[1]!.body.events[0].id).toBe(feed.items[0]!.id);
    expect(webhookCalls.every((c) => /^[0-9a-f]{64}$/.test(c.key!))).toBe(true);
    expect(await store.undeliveredEvents()).toEqual([]);

    // Wayback: asked for each link found broken (flaky in run 2, dies in runs 2-4), once per link
    // (a week's cache), around the time the link last worked.
    expect(waybackAsked.map((a) => a.searchParams.get('url')).sort()).toEqual([u('/dies'), u('/flaky')]);
    expect(waybackAsked.map((a) => a.searchParams.get('timestamp'))).toEqual(['20260301060000', '20260301060000']);

    // report.html: the hostile title shows as text; the report knows how far history reaches.
    const html = outputs.get('report.html')!;
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&amp;lt;script&amp;gt;alert(1)'.replace(/&amp;/g, '&')); // the title, escaped once
    expect(html).toContain('History since 2026-03-01 06:00 UTC');
    expect(html).toContain('Item hostile &lt;b&gt;');
    expect(outputs.get('report.md')).toContain('**broken**');
  });
});
