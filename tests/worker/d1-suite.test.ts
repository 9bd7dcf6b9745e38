// The shared store contract (tests/store/store-suite.ts, also run on memory and SQLite) on D1,
// inside workerd, on the database wrangler.toml binds, migrated from migrations/ (setup.ts).
import { env } from 'cloudflare:workers';
import { D1Store } from '../../src/store/d1.js';
import { storeSuite } from '../store/store-suite.js';
import { emptyD1 } from './d1-helpers.js';

storeSuite('d1', async () => {
  await emptyD1(env.DB);
  return { store: new D1Store(env.DB), reopen: async () => new D1Store(env.DB) };
});
