// report.html in headless Chromium (Debian's /usr/bin/chromium via playwright-core): renders with no
// console errors from disk and over HTTP, the filters work, and a screenshot goes to docs/report.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderReportHtml } from '../../src/health/report-html.js';
import type { CheckRecord } from '../../src/core/ports.js';
import type { LinkStatus } from '../../src/core/types.js';
import { everyStatusReport, link } from '../health/fixtures.js';
import { tempDir } from '../helpers/cli.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A report with every status, a hostile page title, a muted link and 30 runs of history. */
function screenshotInput() {
  const report = everyStatusReport();
  report.links.push(
    link('https://hostile.example/', 'changed', {
      title: '<script>alert("pwned")</script><img src=x onerror=alert(1)>',
      change: { before: 'Calls close 1 March', after: '<b>Calls close 15 March</b>' },
    }),
    link('https://muted.example/old-page', 'broken', { httpStatus: 410, reason: 'http-410', consecutiveFailures: 9 }),
  );
  report.summary.total += 2;
  report.summary.changed += 1;
  report.summary.broken += 1;
  const patterns: Record<string, LinkStatus[]> = {
    ok: ['ok'],
    changed: ['ok', 'ok', 'ok', 'ok', 'ok', 'changed'],
    moved: ['ok', 'ok', 'moved'],
    soft404: ['ok', 'soft404'],
    blocked: ['ok', 'blocked', 'blocked'],
    broken: ['ok', 'ok', 'broken', 'ok', 'broken', 'broken'],
    skipped: ['skipped'],
  };
  const history: CheckRecord[] = [];
  for (const l of report.links) {
    const p = patterns[l.status]!;
    for (let i = 0; i < 30; i++) {
      const status = i < 30 - p.length ? (l.status === 'skipped' ? 'skipped' : 'ok') : p[i - (30 - p.length)]!;
      history.push({ url: l.url, status, checkedAt: new Date(Date.UTC(2025, 11, 3) + i * 86400000).toISOString(), httpStatus: 200, reason: null });
    }
  }
  return { report, history, mute: [{ url: 'https://muted.example/old-page', reason: 'the agency retired the page; item is archived', until: '2027-01-01' }] };
}

describe('report.html in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let dir: string;
  let cleanup: () => Promise<void>;
  let html: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    html = renderReportHtml(screenshotInput());
    await writeFile(join(dir, 'report.html'), html);
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await cleanup?.();
  });

  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors };
  }

  it('renders from disk with no console errors, shows the hostile title as text, and filters work', async () => {
    const { page, errors } = await open(pathToFileURL(join(dir, 'report.html')).href);
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

    await page.screenshot({ path: new URL('../../docs/report.png', import.meta.url).pathname, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders when served over HTTP with no console errors', async () => {
    const { port } = server.address() as { port: number };
    const { page, errors } = await open(`http://127.0.0.1:${port}/health/report.html`);
    await page.locator('input[name="status"][value="ok"]').uncheck();
    expect(await page.locator('[data-status="ok"]:visible').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
