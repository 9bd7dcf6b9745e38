import { defineConfig } from 'vitest/config';

// `npm run docs:screenshot`: only the script that updates docs/report.png (see tests/e2e/report-page.ts).
export default defineConfig({
  test: {
    include: ['tests/e2e/docs-screenshot.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
