import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores on CI: keep worker count modest so local servers in tests are not starved.
    maxWorkers: 2,
  },
});
