// The feed's permanent Atom id. The content loader sets `atomId` (feed.yaml `id`, or a tag: URI
// from the id authority); this fallback makes the same tag: URI for feeds built in code.
import { defaultAuthority, feedTagId } from '../content/ids.js';
import type { FeedMeta } from '../core/types.js';

export function feedAtomId(meta: FeedMeta, idAuthority: string | null): string {
  return meta.atomId ?? feedTagId(meta.idAuthority ?? idAuthority ?? defaultAuthority(meta.link), meta.id);
}
