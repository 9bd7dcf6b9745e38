// Loads feeds/ through the content loader, for `build` and `check` alike. Warnings go to stderr;
// invalid content throws ContentError (exit 2) before anything is written or checked.
import type { Config } from '../../core/config.js';
import type { Feed } from '../../core/types.js';
import { formatDiagnostics } from '../../core/errors.js';
import { loadContent } from '../../content/load.js';
import { fsContentSource } from './content-source.js';

export async function loadFeeds(config: Pick<Config, 'feeds' | 'idAuthority' | 'iframeHosts'>, stderr: NodeJS.WritableStream): Promise<Feed[]> {
  const { feeds, warnings } = await loadContent(fsContentSource(config.feeds), { idAuthority: config.idAuthority, iframeHosts: config.iframeHosts });
  for (const line of formatDiagnostics(warnings)) stderr.write(`feedwatch: ${line}\n`);
  return feeds;
}
