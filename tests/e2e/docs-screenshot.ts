// `npm run docs:screenshot`: writes docs/report.png, the README's picture of report.html, on
// purpose. Run by vitest (vitest.docs.config.ts) because the report is rendered from the
// TypeScript sources; the browser test itself writes its screenshot to a temporary folder only.
import { it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { writeReportScreenshot } from './report-page.js';

it('writes docs/report.png', async () => {
  await writeReportScreenshot(fileURLToPath(new URL('../../docs/report.png', import.meta.url)));
});
