// wrangler.toml's `main` loads in workerd and serves the site: the index from the static assets,
// /healthz from the Worker itself.
import { exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';

it('the Worker entry serves the index and /healthz', async () => {
  const index = await exports.default.fetch('http://feedwatch.test/', { headers: { 'accept-encoding': 'identity' } });
  expect(index.status).toBe(200);
  expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await index.text()).toContain('<title>Feeds</title>');
  const health = await exports.default.fetch('http://feedwatch.test/healthz');
  expect(await health.json()).toMatchObject({ status: 'ok', runtime: 'cloudflare-worker' });
});
