// report.html in headless Chromium (Debian's /usr/bin/chromium via playwright-core): renders with no
// console errors from disk and over HTTP, the filters work, and a screenshot can be taken. The
// screenshot goes to a temporary folder; `npm run docs:screenshot` updates docs/report.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../helpers/cli.js';
import { launchChromium, openPage, reportHtml, screenshot } from './report-page.js';

describe('report.html in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let dir: string;
  let cleanup: () => Promise<void>;
  let html: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    html = reportHtml();
    await writeFile(join(dir, 'report.html'), html);
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await cleanup?.();
  });

  it('renders from disk with no console errors, shows the hostile title as text, and filters work', async () => {
    const { page, errors } = await openPage(browser, pathToFileURL(join(dir, 'report.html')).href);
    expect(await page.locator('text=<script>alert("pwned")</script>').count()).toBeGreaterThan(0);
    const visible = () => page.locator('[data-status]:visible').count();
    const all = await visible();
    expect(all).toBeGreaterThan(8);

    await page.locator('input[name="status"][value="broken"]').uncheck();
    expect(await page.locator('[data-status="broken"]:visible').count()).toBe(0);
    expect(await page.locator('[data-status="moved"]:visible').count()).toBe(1);
    await page.locator('input[name="status"][value="broken"]').check();
    expect(await visible()).toBe(all);

    await page.selectOption('#feed', 'eu');
    const euOnly = await page.locator('[data-status]:visible').evaluateAll((els) => els.map((el) => el.getAttribute('data-feeds')));
    expect(euOnly.length).toBeGreaterThan(0);
    expect(euOnly.every((f) => f!.split(' ').includes('eu'))).toBe(true);
    await page.selectOption('#feed', '');

    // Into the temporary folder: the test never rewrites the tracked docs/report.png.
    await screenshot(page, join(dir, 'report.png'));
    expect((await readFile(join(dir, 'report.png'))).subarray(1, 4).toString()).toBe('PNG');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders when served over HTTP with no console errors', async () => {
    const { port } = server.address() as { port: number };
    const { page, errors } = await openPage(browser, `http://127.0.0.1:${port}/health/report.html`);
    await page.locator('input[name="status"][value="ok"]').uncheck();
    expect(await page.locator('[data-status="ok"]:visible').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
