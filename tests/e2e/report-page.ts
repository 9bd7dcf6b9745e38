// report.html in headless Chromium (Debian's /usr/bin/chromium via playwright-core), shared by the
// browser test (tests/e2e/report.test.ts) and `npm run docs:screenshot` (docs/report.png): the
// same report, rendered and opened the same way.
import { chromium, type Browser, type Page } from 'playwright-core';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderReportHtml } from '../../src/health/report-html.js';
import type { CheckRecord } from '../../src/core/ports.js';
import type { LinkStatus } from '../../src/core/types.js';
import { everyStatusReport, link } from '../health/fixtures.js';
import { tempDir } from '../helpers/cli.js';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1100, height: 900 };

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

/** The report.html that the test checks and the screenshot shows. */
export function reportHtml(): string {
  return renderReportHtml(screenshotInput());
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Opens `url` in a new page; `errors` collects console errors and warnings, page errors and dialogs. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: VIEWPORT });
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

/** A full-page PNG of `page` at `path`. */
export async function screenshot(page: Page, path: string): Promise<void> {
  await page.screenshot({ path, fullPage: true });
}

/**
 * Renders the report into a temporary folder, opens it from disk and copies its screenshot to
 * `path`. Throws, leaving `path` as it was, when the page logged an error: a broken page never
 * becomes the README's picture.
 */
export async function writeReportScreenshot(path: string): Promise<void> {
  const { dir, cleanup } = await tempDir('feedwatch-screenshot-');
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    await writeFile(join(dir, 'report.html'), reportHtml());
    const { page, errors } = await openPage(browser, pathToFileURL(join(dir, 'report.html')).href);
    await screenshot(page, join(dir, 'report.png'));
    if (errors.length > 0) throw new Error(`report.html logged errors in Chromium:\n${errors.join('\n')}`);
    await copyFile(join(dir, 'report.png'), path);
  } finally {
    await browser?.close();
    await cleanup();
  }
}
