// Robust Links (https://robustlinks.mementoweb.org/spec/): decorate cited links in item HTML with
// the address and date of an archived copy, so a reader can still reach the source when it breaks.
// Pure and deterministic: the same HTML and the same suggestions give the same bytes.
import { escapeXml } from '../core/text.js';
import type { Store } from '../core/ports.js';
import type { Suggestion } from '../core/types.js';
import { waybackCacheKey } from './wayback.js';

/** Archived copies by cited URL (from report.json links' `suggestion` of kind `archive`). */
export type ArchiveCopies = ReadonlyMap<string, Suggestion>;

function decodeAttr(value: string): string {
  return value.replace(/&(amp|quot|#39|lt|gt);/g, (_, n: string) => ({ amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' })[n]!);
}

/**
 * Adds `data-versionurl` and `data-versiondate` (YYYY-MM-DD, Robust Links §2.2) to every
 * `<a href>` whose target has an archived copy. Links already decorated are left alone.
 */
export function decorateRobustLinks(html: string, copies: ArchiveCopies): string {
  if (copies.size === 0) return html;
  return html.replace(/<a\s([^>]*?)>/gi, (tag: string, attrs: string) => {
    if (/\sdata-versionurl=|^data-versionurl=/i.test(attrs)) return tag;
    const href = /(?:^|\s)href="([^"]*)"/i.exec(attrs)?.[1];
    if (href === undefined) return tag;
    const copy = copies.get(decodeAttr(href));
    if (!copy || copy.kind !== 'archive') return tag;
    const date = copy.at ? ` data-versiondate="${escapeXml(copy.at.slice(0, 10))}"` : '';
    return `<a ${attrs} data-versionurl="${escapeXml(copy.url)}"${date}>`;
  });
}

/**
 * Archived copies the state file knows (the Wayback lookups `check` cached), for `build --state`.
 * Reads only what is stored, never the network, so the same state gives the same bytes.
 */
export async function archiveCopiesFromStore(store: Pick<Store, 'allLinks' | 'getCache'>): Promise<Map<string, Suggestion>> {
  const copies = new Map<string, Suggestion>();
  for (const link of await store.allLinks()) {
    const cached = await store.getCache(waybackCacheKey(link.url));
    if (!cached) continue;
    try {
      const { suggestion } = JSON.parse(cached.value) as { suggestion: Suggestion | null };
      if (suggestion?.kind === 'archive' && typeof suggestion.url === 'string') copies.set(link.url, suggestion);
    } catch {
      // A damaged cache entry decorates nothing.
    }
  }
  return copies;
}
