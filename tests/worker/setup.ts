// Runs inside workerd before each test file: brings the D1 database up to the migration list, the
// way `wrangler d1 migrations apply` does (same folder, same d1_migrations table). Safe to repeat.
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
