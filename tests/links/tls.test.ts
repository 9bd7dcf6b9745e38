// TLS verification stays on (changedetection.io's plain fetcher turned it off: don't): a
// self-signed certificate is `broken` with reason `tls`, not retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createNodeHttpClient } from '../../src/runtime/node/http-client.js';
import { checkLinks } from '../../src/links/checker.js';
import { checkerOptions } from '../../src/health/pipeline.js';
import { testConfig } from './servers.js';

let server: Server;
let hits = 0;
const fixtures = join(__dirname, 'fixtures');

beforeAll(async () => {
  // A throwaway self-signed certificate for 127.0.0.80 (tests/links/fixtures; not a secret).
  server = createServer({ key: readFileSync(join(fixtures, 'self-signed.key')), cert: readFileSync(join(fixtures, 'self-signed.crt')) }, (_req, res) => {
    hits++;
    res.end('<title>secret</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.80', () => r()));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('TLS', () => {
  it('an untrusted certificate is broken (tls), without a request', async () => {
    const http = createNodeHttpClient({ connectTimeoutMs: 1000, firstByteTimeoutMs: 1000, allowPrivate: true });
    try {
      const url = `https://127.0.0.80:${(server.address() as AddressInfo).port}/`;
      const [r] = await checkLinks({
        targets: [{ url, items: [] }], previous: new Map(), http, now: () => new Date(), options: checkerOptions(testConfig()),
      });
      expect(r).toMatchObject({ status: 'broken', reason: 'tls' });
      expect(r!.error).toMatch(/self[- ]signed/i);
      expect(hits).toBe(0);
    } finally {
      await http.close?.();
    }
  });
});
