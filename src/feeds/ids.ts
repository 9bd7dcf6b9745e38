// The feed's permanent Atom id. feed.yaml's `id` wins; otherwise a tag: URI (RFC 4151) from the
// configured authority (or the site's host and the year 2000) and the feed id: never the title.
import type { FeedMeta } from '../core/types.js';

/** Used when no `idAuthority` is configured (config.ts documents the same default). */
const DEFAULT_TAG_YEAR = '2000';

export function feedAtomId(meta: FeedMeta, idAuthority: string | null): string {
  if (meta.atomId) return meta.atomId;
  const authority = idAuthority ?? `${new URL(meta.link).hostname},${DEFAULT_TAG_YEAR}`;
  return `tag:${authority}:${meta.id}`;
}
