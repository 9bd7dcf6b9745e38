// The Worker's list of cited links, written on Node at build time (`npm run build:worker` calls it):
// too big to bundle into the script (10 MB), so it goes into the assets folder as JSON files, one
// per group of about 200 links of one host, with a manifest the Worker's `scheduled` reads.
// Not for the public: the Worker answers 404 for LINKS_DIR (draft items' titles are in there).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../core/config.js';
import type { Feed } from '../../core/types.js';
import { collectLinks } from '../../links/collect.js';
import { groupLinks, linkFiles, LINKS_DIR, type LinksManifest } from '../../links/link-groups.js';
import { makeFolder, writeFileAtomic } from './fs.js';

export interface WorkerLinksOptions {
  /** Items dated after this are scheduled (their own page is not checked yet); default now. */
  now?: Date;
  /** Links per group (default GROUP_LINKS). */
  groupSize?: number;
}

/**
 * Writes `<assetsDir>/_feedwatch/links/manifest.json` and the group files, replacing any earlier
 * list (a group file from an older build must not linger). Returns the manifest.
 */
export async function writeWorkerLinks(
  feeds: readonly Feed[], config: Pick<Config, 'check'>, assetsDir: string, options: WorkerLinksOptions = {},
): Promise<LinksManifest> {
  const targets = collectLinks(feeds, config.check.ignore, { now: options.now ?? new Date() });
  const { manifest, files } = linkFiles(groupLinks(targets, options.groupSize));
  const dir = join(assetsDir, LINKS_DIR);
  await rm(dir, { recursive: true, force: true });
  await makeFolder(dir);
  // Not fsynced: the next build writes them again from feeds/.
  for (const [name, text] of files) await writeFileAtomic(join(dir, name), text, { durable: false });
  return manifest;
}
