import { defineConfig } from 'vitest/config';

// `npm run test:stress`: the slow reliability tests, not part of `npm test`: a full disk (a small
// tmpfs), 30 s of load on `serve` with a rebuild, and concurrent checks against counting hosts.
// One file at a time, so the load test has the machine to itself. Results: SECURITY.md.
export default defineConfig({
  test: {
    include: ['tests/stress/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
