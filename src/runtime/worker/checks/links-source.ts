// The cited links, as build:worker left them in the assets folder (links/link-groups.ts): the
// manifest for `scheduled`, one group file per message for the consumers. Each read is a subrequest.
import { LINKS_DIR, LINKS_FORMAT, LINKS_MANIFEST, type LinkGroupFile, type LinksManifest } from '../../../links/link-groups.js';
import type { InvocationBudget } from './budget.js';
import type { AssetFetcher } from './platform.js';

export interface LinksSource {
  manifest(): Promise<LinksManifest>;
  group(file: string): Promise<LinkGroupFile>;
}

export class LinksMissing extends Error {}

/** Reads the files through the assets binding (the host part of the URL is not looked at). */
export function assetLinks(assets: AssetFetcher | undefined, budget: InvocationBudget): LinksSource {
  const read = async <T extends { format?: unknown }>(path: string): Promise<T> => {
    if (!assets) throw new LinksMissing('the Worker has no ASSETS binding: set [assets] in wrangler.toml and run `npm run build:worker`.');
    budget.take('asset');
    const res = await assets.fetch(`https://assets.feedwatch.invalid/${path}`);
    if (!res.ok) {
      await res.body?.cancel();
      throw new LinksMissing(`${path} is not in the Worker's assets (HTTP ${res.status}): run \`npm run build:worker\` before \`wrangler deploy\`.`);
    }
    const data = (await res.json()) as T;
    if (data?.format !== LINKS_FORMAT) throw new LinksMissing(`${path} is of another feedwatch (format ${String(data?.format)}, this one reads ${LINKS_FORMAT}): build the assets again.`);
    return data;
  };
  return {
    manifest: () => read<LinksManifest>(LINKS_MANIFEST),
    group: (file) => read<LinkGroupFile>(`${LINKS_DIR}/${file}`),
  };
}
