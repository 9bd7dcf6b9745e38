// The check runs' reports into R2 (src/runtime/worker/checks/report-sink.ts), served by the Worker's
// fetch handler: small ones through writeReports, a report.json too big to hold streamed (hashed in a
// first pass, then put with the same metadata), with the ETag src/serve derives from its bytes.
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { contentHash } from '../../../src/serve/index.js';
import { targetsFromUrls } from '../../../src/links/collect.js';
import { hashOfDigest, r2ReportSink, type ReportSink, type ReportStream } from '../../../src/runtime/worker/checks/report-sink.js';
import { workerFetch } from '../http-helpers.js';
import { emptyD1 } from '../d1-helpers.js';
import { harness } from './harness.js';

const encoder = new TextEncoder();
const get = (path: string, headers: Record<string, string> = {}) => workerFetch(path, { headers: { 'accept-encoding': 'identity', ...headers } });

async function clearBucket() {
  const listed = await env.REPORTS.list();
  if (listed.objects.length) await env.REPORTS.delete(listed.objects.map((o) => o.key));
}

beforeEach(async () => {
  await clearBucket();
  await emptyD1(env.DB);
});

function streamOf(text: string, chunk = 1000): ReportStream {
  const bytes = encoder.encode(text);
  return {
    bytes: bytes.length,
    open: () => new ReadableStream({
      start(c) {
        for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.subarray(i, i + chunk));
        c.close();
      },
    }),
  };
}

describe('the reports sink', () => {
  it('a streamed report gets src/serve\'s content hash, and is served with it', async () => {
    const text = JSON.stringify({ version: 2, links: Array.from({ length: 300 }, (_, i) => ({ url: `https://x.example/${i}`, status: 'ok' })) }, null, 2);
    const bytes = encoder.encode(text);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    expect(hashOfDigest(digest)).toBe(await contentHash(bytes));

    const at = '2026-11-28T06:00:00.000Z';
    await r2ReportSink(env.REPORTS, 0)([{ name: 'report.json', body: streamOf(text), lastModified: at, contentType: 'application/json; charset=utf-8' }]);
    const res = await get('/health/report.json');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(text);
    const etag = res.headers.get('etag');
    expect(etag).toBe(`"${await contentHash(bytes)}"`);
    expect(res.headers.get('last-modified')).toBe(new Date(at).toUTCString());
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await get('/health/report.json', { 'if-none-match': etag! })).status).toBe(304);
    // No gzip copy for a streamed report: a reader asking for gzip gets the bytes as they are.
    const gz = await get('/health/report.json', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBeNull();
    expect(await gz.text()).toBe(text);
  });

  it('counts R2 calls as subrequests; a report.json too big to hold is read from D1 twice (hashed, then written)', async () => {
    const o = inject('scenarioOrigins');
    const urls = [`${o.a}/page`, `${o.b}/not-found`];
    const reportStep = async (sink?: ReportSink) => {
      const h = harness({ targets: targetsFromUrls(urls), allow: inject('scenarioAddresses'), options: { sink } });
      await h.cron();
      return (await h.pump()).find((d) => d.messages[0]!.body.kind === 'report')!;
    };
    // The Worker's own sink (R2, counted): for each of the four files a head() and a put(), and a
    // put() of its gzip copy (a delete() too, once a copy is replaced).
    const held = await reportStep(undefined);
    expect(held.byKind.r2).toBe(12);
    expect(held.subrequests).toBe(held.queries + 12);
    // 2 links: report.json's pages (2 links, then an empty page), report.html's page, the history of
    // the listed links (2 queries per 100), and 15 more (run, counts, history, alerts feed, run events,
    // the close in 4, the webhook's queue, the clean-up in 5): README "Scaling out".
    expect(held.queries).toBe(2 + 1 + 2 + 15);

    // Streamed (report.json above the in-memory size; 0 here): its pages are read once to hash them, once to write them.
    await emptyD1(env.DB);
    await clearBucket();
    const streamed = await reportStep(r2ReportSink(env.REPORTS, 0));
    expect(streamed.queries).toBe(held.queries + 2);
  });

  it('a check run\'s four reports, written to R2, are what the Worker serves', async () => {
    const o = inject('scenarioOrigins');
    const h = harness({ targets: targetsFromUrls([`${o.a}/page`, `${o.b}/not-found`]), allow: inject('scenarioAddresses'), options: { sink: r2ReportSink(env.REPORTS) } });
    await h.cron();
    await h.pump();
    const json = await get('/health/report.json');
    expect(json.status).toBe(200);
    const report = (await json.json()) as { summary: { total: number; broken: number } };
    expect(report.summary).toMatchObject({ total: 2, broken: 1 });
    for (const [path, type] of [['/health/report.html', 'text/html'], ['/health/report.md', 'text/markdown'], ['/health/alerts.atom', 'application/atom+xml']]) {
      const res = await get(path!);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain(type!);
    }
  });
});
