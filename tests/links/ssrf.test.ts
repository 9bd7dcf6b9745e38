// The SSRF guard: refused on the resolved address at connect time, on every redirect hop, for
// names that look public; skipped with reason private-address unless allowPrivate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress, type Resolver } from '../../src/runtime/node/address-guard.js';
import { createNodeHttpClient } from '../../src/runtime/node/http-client.js';
import { checkLinks } from '../../src/links/checker.js';
import { checkerOptions } from '../../src/health/pipeline.js';
import { html, page, startServer, testConfig, type TestServer } from './servers.js';

describe('private address ranges', () => {
  it.each([
    ['127.0.0.1', true], ['10.0.0.1', true], ['172.16.5.4', true], ['192.168.1.1', true], ['169.254.169.254', true],
    ['100.64.0.1', true], ['0.0.0.0', true], ['::1', true], ['fd00::1', true], ['fe80::1', true], ['::ffff:127.0.0.1', true],
    ['::ffff:10.1.2.3', true], ['93.184.216.34', false], ['8.8.8.8', false], ['2606:4700::1111', false], ['172.32.0.1', false],
  ])('%s private: %s', (ip, expected) => expect(isPrivateAddress(ip)).toBe(expected));
});

describe('guard in the checker', () => {
  let s: TestServer;
  // The test server lives on 127.0.0.2; for this test that one address counts as public.
  const PUBLIC_HERE = '127.0.0.2';
  const isBlockedAddress = (ip: string) => ip !== PUBLIC_HERE && isPrivateAddress(ip);
  const names: Record<string, string> = {
    'news.example': PUBLIC_HERE, 'intranet.example': '10.0.0.1', 'metadata.example': '169.254.169.254', 'loop.example': '127.0.0.1',
  };
  const resolver: Resolver = async (host) => {
    const address = names[host];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address, family: 4 }];
  };
  const check = async (urls: string[], allowPrivate: boolean) => {
    const http = createNodeHttpClient({ connectTimeoutMs: 500, firstByteTimeoutMs: 500, allowPrivate, resolver, isBlockedAddress });
    try {
      const results = await checkLinks({
        targets: urls.map((url) => ({ url, items: [] })), previous: new Map(), http, now: () => new Date(),
        options: { ...checkerOptions(testConfig({ allowPrivate })), retries: 0 },
      });
      return new Map(results.map((r) => [r.url, r]));
    } finally {
      await http.close?.();
    }
  };

  beforeAll(async () => {
    s = await startServer(PUBLIC_HERE, (req, res) => {
      if (req.url === '/to-metadata') return void res.writeHead(302, { location: `http://metadata.example:${s.port}/latest/meta-data` }).end();
      if (req.url === '/to-loop') return void res.writeHead(301, { location: `http://127.0.0.1:${s.port}/` }).end();
      html(res, page('Public', '<p>hello</p>'));
    });
  });
  afterAll(() => s.close());

  it('refuses names that resolve to private addresses, and literal private IPs', async () => {
    const p = s.port;
    const urls = [
      `http://intranet.example:${p}/`, `http://metadata.example:${p}/latest/meta-data`, `http://loop.example:${p}/`,
      `http://127.0.0.1:${p}/`, `http://[::1]:${p}/`, `http://[::ffff:7f00:1]:${p}/`,
    ];
    const r = await check([...urls, `http://news.example:${p}/ok`], false);
    for (const u of urls) expect({ u, status: r.get(u)!.status, reason: r.get(u)!.reason }).toEqual({ u, status: 'skipped', reason: 'private-address' });
    expect(r.get(`http://news.example:${p}/ok`)!.status).toBe('ok');
  });

  it('refuses a redirect hop to a private address', async () => {
    const url = `http://news.example:${s.port}/to-metadata`;
    const literal = `http://news.example:${s.port}/to-loop`;
    const r = await check([url, literal], false);
    expect(r.get(url)).toMatchObject({ status: 'skipped', reason: 'private-address', redirects: [{ url, status: 302 }] });
    expect(r.get(literal)).toMatchObject({ status: 'skipped', reason: 'private-address' });
  });

  it('allowPrivate turns the guard off; unknown names are dns failures', async () => {
    const r = await check([`http://loop.example:${s.port}/`, `http://nowhere.example:${s.port}/`], true);
    // loop.example -> 127.0.0.1, where nothing listens on this port: reached the socket, refused.
    expect(r.get(`http://loop.example:${s.port}/`)!.reason).toBe('refused');
    expect(r.get(`http://nowhere.example:${s.port}/`)).toMatchObject({ status: 'broken', reason: 'dns' });
  });
});
