// RFC 5005 archived feeds with pages that never reshuffle.
//
// The rule (README "Archives"):
// - Archive pages hold item ids, oldest page first (page 1). Their assignment is kept between
//   builds in `<feed-id>/archive/.pages.json`; a page, once made, keeps its items for good.
// - Items on no page yet form the open end, taken oldest first (publication date, then id).
//   Whenever the open end holds `archiveSize` items, the oldest `archiveSize` of them become a new
//   page. So a new item only ever joins the open end, even when it is backdated.
// - The main document holds the newest `archiveSize` items by date, plus any item of the open
//   end that is older than those (a backdated newcomer), so every item is in the main document or
//   on a page. RFC 5005 §4 allows the overlap between the main document and the archives.
// - A page changes only when an item on it is edited or deleted, or to gain its `next-archive`
//   link when the page after it is made.
import type { Item } from '../core/types.js';
import { newestFirst } from './text.js';

export const PAGES_STATE_VERSION = 1;

export interface PagesState {
  version: typeof PAGES_STATE_VERSION;
  /** Item ids per archive page, page 1 (oldest) first; ids within a page oldest first. */
  pages: string[][];
}

export interface ArchivePlan {
  state: PagesState;
  /** Items of each page, page 1 first; items newest first. */
  pages: Item[][];
  /** Items of the main document, newest first. */
  current: Item[];
}

/** Reads a stored state; anything unexpected counts as no state (pages are then derived afresh). */
export function parsePagesState(text: string): PagesState | null {
  try {
    const v = JSON.parse(text) as Partial<PagesState>;
    if (v.version !== PAGES_STATE_VERSION || !Array.isArray(v.pages)) return null;
    if (!v.pages.every((p) => Array.isArray(p) && p.every((id) => typeof id === 'string'))) return null;
    return { version: PAGES_STATE_VERSION, pages: v.pages };
  } catch {
    return null;
  }
}

export function serializePagesState(state: PagesState): string {
  return `{\n  "version": ${state.version},\n  "pages": [${state.pages.map((p) => `\n    ${JSON.stringify(p)}`).join(',')}${state.pages.length ? '\n  ' : ''}]\n}\n`;
}

const oldestFirst = (a: Item, b: Item): number => newestFirst(b, a);

export function planArchive(items: readonly Item[], previous: PagesState | null, archiveSize: number): ArchivePlan {
  const byId = new Map(items.map((item) => [item.id, item]));
  // Ids of deleted items leave their page; the page itself stays, so numbering never shifts.
  const pageIds = (previous?.pages ?? []).map((page) => page.filter((id) => byId.has(id)));
  const assigned = new Set(pageIds.flat());
  const open = items.filter((item) => !assigned.has(item.id)).sort(oldestFirst);
  let start = 0;
  while (open.length - start >= archiveSize) {
    pageIds.push(open.slice(start, start + archiveSize).map((item) => item.id));
    start += archiveSize;
  }
  const openEnd = open.slice(start);
  const sorted = [...items].sort(newestFirst);
  const current = new Set(sorted.slice(0, archiveSize));
  for (const item of openEnd) current.add(item);
  return {
    state: { version: PAGES_STATE_VERSION, pages: pageIds },
    pages: pageIds.map((ids) => ids.map((id) => byId.get(id)!).sort(newestFirst)),
    current: [...current].sort(newestFirst),
  };
}
