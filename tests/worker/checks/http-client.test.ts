// The Worker's HttpClient (src/runtime/worker/checks/http-client.ts) inside workerd, against the local
// scenario servers: redirects handed back (redirect "manual"), bodies read up to maxBodyBytes and
// then cancelled (a 16 MiB page and a gzip bomb alike), timeouts, the SSRF guard on literal private
// addresses and private names before anything is sent, network failures as values, and the budget.
import { describe, expect, inject, it } from 'vitest';
import type { HttpRequestOptions } from '../../../src/links/http.js';
import { BudgetExceeded, InvocationBudget, Semaphore } from '../../../src/runtime/worker/checks/budget.js';
import { createFetchHttpClient, fetchFailure, guardHost } from '../../../src/runtime/worker/checks/http-client.js';
import { isPrivateAddressLiteral } from '../../../src/links/private-address.js';

const o = inject('scenarioOrigins');
const allow = new Set(inject('scenarioAddresses'));
const GET = (maxBodyBytes = 64 * 1024, signal?: AbortSignal): HttpRequestOptions => ({ method: 'GET', headers: { 'user-agent': 'feedwatch-test' }, maxBodyBytes, signal });

function client(budget = new InvocationBudget(1000, 1000), allowPrivate = false) {
  return createFetchHttpClient({
    connectTimeoutMs: 300, firstByteTimeoutMs: 300, allowPrivate, budget, connections: new Semaphore(6),
    isBlockedAddress: (ip) => !allow.has(ip) && isPrivateAddressLiteral(ip),
  });
}

describe('the fetch HttpClient', () => {
  it('hands redirects back with their Location, and reads pages whole', async () => {
    const c = client();
    const moved = await c.request(`${o.b}/moved`, GET());
    expect(moved).toMatchObject({ kind: 'response', status: 301, headers: { location: '/new-address' }, truncated: false });
    const page = await c.request(`${o.a}/page`, GET());
    expect(page.kind === 'response' && new TextDecoder().decode(page.body)).toContain('Regional funds');
  });

  it('reads at most maxBodyBytes and cancels the rest: a 16 MiB page, a gzip bomb', async () => {
    const c = client();
    const big = await c.request(`${o.c}/big`, GET(64 * 1024));
    expect(big).toMatchObject({ kind: 'response', status: 200, truncated: true });
    expect(big.kind === 'response' && big.body.length).toBe(64 * 1024);
    const sent = (await (await fetch(`${o.c}/big-sent`)).json()) as { sent: number };
    expect(sent.sent).toBeLessThan(8 * 1024 * 1024); // far from all 16 MiB: the stream was cancelled
    const bomb = await c.request(`${o.c}/bomb`, GET(256 * 1024));
    expect(bomb).toMatchObject({ kind: 'response', status: 200, truncated: true });
    expect(bomb.kind === 'response' && bomb.body.length).toBe(256 * 1024);
  });

  it('times out a server that never answers; a refused connection is a failure value, never a throw', async () => {
    const c = client();
    expect(await c.request(`${o.b}/silent`, GET())).toMatchObject({ kind: 'failure', code: 'timeout' });
    expect(await c.request(`${o.closed}/`, GET())).toMatchObject({ kind: 'failure', code: 'network' });
    const stop = new AbortController();
    const pending = c.request(`${o.b}/silent`, GET(1024, stop.signal));
    stop.abort();
    expect(await pending).toMatchObject({ kind: 'failure', code: 'aborted' });
    expect(await c.request('not a url', GET())).toMatchObject({ kind: 'failure', code: 'invalid-url' });
  });

  it('refuses private addresses and private names before sending anything (allowPrivate turns that off)', async () => {
    const budget = new InvocationBudget(1000, 1000);
    const c = client(budget);
    for (const url of ['http://10.0.0.1/', 'http://127.0.0.1:9/', 'http://[::1]/', 'http://[::ffff:7f00:1]/', 'http://169.254.169.254/latest', 'http://localhost/', 'http://printer.local/', 'http://db.internal/']) {
      expect(await c.request(url, GET()), url).toMatchObject({ kind: 'failure', code: 'private-address' });
    }
    expect(budget.usedSubrequests).toBe(0);
    expect(guardHost('example.org')).toBeNull();
    expect(await client(new InvocationBudget(1000, 1000), true).request(`http://127.0.0.1:${new URL(o.closed).port}/`, GET())).toMatchObject({ kind: 'failure', code: 'network' });
  });

  it('counts every hop against the budget, and throws when it is used up, as the platform does', async () => {
    const budget = new InvocationBudget(2, 1000);
    const c = client(budget);
    await c.request(`${o.a}/page`, GET());
    await c.request(`${o.a}/page`, GET());
    expect(budget.byKind.fetch).toBe(2);
    await expect(c.request(`${o.a}/page`, GET())).rejects.toThrow(BudgetExceeded);
  });

  it('names what fetch threw', () => {
    expect(fetchFailure(new Error('Network connection lost.')).code).toBe('network');
    expect(fetchFailure(new Error('DNS lookup failed')).code).toBe('dns');
    expect(fetchFailure(new Error('TLS peer\'s certificate is not trusted')).code).toBe('tls');
    expect(fetchFailure(Object.assign(new Error('x'), { name: 'AbortError' })).code).toBe('aborted');
  });
});
