import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import './tests/http/worker-fixture.js';

// The migration list, as wrangler reads it; tests/worker/setup.ts applies it to the test D1 database.
const migrations = await readD1Migrations(new URL('./migrations', import.meta.url).pathname);

// Two projects: `node` (everything under tests/ but the Worker's tests) and `workers` (tests/worker/,
// run inside workerd, the Workers runtime, through @cloudflare/vitest-pool-workers).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores on CI: keep worker count modest so local servers in tests are not starved.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          // e2e and stress have their own configs (npm run test:e2e, npm run test:stress).
          exclude: ['tests/e2e/**', 'tests/worker/**', 'tests/stress/**'],
        },
      },
      {
        extends: true,
        plugins: [
          // A function: it runs after the globalSetup files, so the assets folder they prepare exists.
          cloudflareTest(({ inject }) => {
            const fixture = inject('workerFixture');
            if ('error' in fixture) throw new Error(`the Worker's fixture site could not be prepared:\n${fixture.error}`);
            return {
              // wrangler.toml gives main, the compatibility date, the bindings (D1, R2, assets with
              // run_worker_first) and the vars, as deployed.
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                // Tests only: msw (fetch mocks) needs node:* modules; the deployed Worker has no such flag.
                compatibilityFlags: ['nodejs_compat'],
                bindings: { TEST_MIGRATIONS: migrations },
                // The contract suite's fixture site, prepared like .worker-assets/ (tests/http/worker-fixture-setup.ts).
                assets: { directory: fixture.assetsDir },
              },
            };
          }),
        ],
        test: {
          name: 'workers',
          include: ['tests/worker/**/*.test.ts'],
          setupFiles: ['tests/worker/setup.ts'],
          // Run in Node first: the SQLite driver's schema, for tests/worker/schema.test.ts; the
          // fixture site as static assets, and the Node server over it, for the HTTP tests; the local
          // origins the link-check tests fetch from inside workerd (tests/worker/checks/).
          globalSetup: ['tests/store/sqlite-schema-setup.ts', 'tests/http/worker-fixture-setup.ts', 'tests/helpers/worker-origins-setup.ts'],
        },
      },
    ],
  },
});
