// wrangler.toml's `main` loads in workerd; until the HTTP runtime lands it serves nothing.
import { exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';

it('the Worker entry answers 404 until the HTTP runtime lands', async () => {
  const res = await exports.default.fetch('http://feedwatch.test/');
  expect(res.status).toBe(404);
});
