// Politeness that a site owner would notice: a host that answers 429 gets one request at a time
// for the rest of the run; a minimum interval spaces request starts.
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../src/runtime/node/http-client.js';
import { checkLinks } from '../../src/links/checker.js';
import { HostGate } from '../../src/links/politeness.js';
import { checkerOptions } from '../../src/health/pipeline.js';
import { delay, html, page, startServer, testConfig, type TestServer } from './servers.js';

let s: TestServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function run(urls: string[], check: Parameters<typeof testConfig>[0], slowdownStartMs = 30) {
  const http = createNodeHttpClient({ connectTimeoutMs: 500, firstByteTimeoutMs: 1000, allowPrivate: true });
  try {
    return await checkLinks({
      targets: urls.map((url) => ({ url, items: [] })), previous: new Map(), http, now: () => new Date(),
      options: { ...checkerOptions(testConfig(check)), slowdownStartMs },
    });
  } finally {
    await http.close?.();
  }
}

describe('politeness', () => {
  it('after a 429 the host gets one request at a time', async () => {
    const seenInFlight: number[] = [];
    let first = true;
    s = await startServer('127.0.0.40', async (_req, res, self) => {
      seenInFlight.push(self.inFlight);
      if (first) {
        first = false;
        return void res.writeHead(429).end();
      }
      await delay(30);
      html(res, page('ok', '<p>ok</p>'));
    });
    const results = await run(Array.from({ length: 10 }, (_, i) => s!.url(`/${i}`)), { perHost: 3 });
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    expect(seenInFlight.slice(0, 3).some((n) => n > 1)).toBe(true); // parallel before the 429
    expect(seenInFlight.slice(4).every((n) => n === 1)).toBe(true); // one at a time after it
  });

  it('waiting for a slowed-down host never turns into a timeout', async () => {
    let first = true;
    s = await startServer('127.0.0.42', async (_req, res) => {
      if (first) {
        first = false;
        return void res.writeHead(429).end();
      }
      await delay(10);
      html(res, page('ok', '<p>ok</p>'));
    });
    // 8 links, one at a time at >= 100 ms apart after the 429: ~800 ms in all, against a 300 ms budget per link.
    const results = await run(Array.from({ length: 8 }, (_, i) => s!.url(`/${i}`)), { perHost: 2, timeoutMs: 300 }, 100);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('ok'));
  });

  it('a minimum interval spaces request starts to one host', async () => {
    const starts: number[] = [];
    s = await startServer('127.0.0.41', (_req, res) => {
      starts.push(Date.now());
      html(res, page('ok', '<p>ok</p>'));
    });
    await run(Array.from({ length: 4 }, (_, i) => s!.url(`/${i}`)), { perHost: 4, minIntervalMs: 80 });
    starts.sort((a, b) => a - b);
    // Arrival at the server jitters with connection setup and a loaded machine: a loose check here,
    // the exact spacing at the gate below.
    expect(starts[3]! - starts[0]!).toBeGreaterThanOrEqual(150);
  });

  it('the gate starts requests to one host at least minIntervalMs apart', async () => {
    const gate = new HostGate({ perHost: 4, minIntervalMs: 80 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 4 }, () => gate.run('h.example', async () => void starts.push(performance.now()))));
    starts.sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(75);
  });
});
