// The tests' own content: a verbatim copy of the seed feed (feeds/sbhss and its three items) in
// tests/fixtures/seed/. Tests read this, never the repository's feeds/, which belongs to the user
// and may gain, lose or change items at any time.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fixture feeds folder (pass it as `--feeds`); it holds one feed, `sbhss`. */
export const SEED_FEEDS = fileURLToPath(new URL('../fixtures/seed', import.meta.url));

/** The id authority the seed's ids were published with. */
export const SEED_ID_AUTHORITY = 'sbhss.eu,2018';

/** Copies the seed feeds into `<dir>/feeds`, for commands that may write or watch there; returns that path. */
export async function copySeed(dir: string): Promise<string> {
  const feeds = join(dir, 'feeds');
  await cp(SEED_FEEDS, feeds, { recursive: true });
  return feeds;
}
