// What a build publishes (docs/content.md "Drafts and scheduled items"): every item but drafts and
// items dated after the cut-off. The cut-off is handed in (the clock, or --now), never read here,
// so the same content and the same cut-off give the same feeds.
import type { Feed, Item } from '../core/types.js';

export interface PublishOptions {
  /** Items dated after this are held back until their date. */
  cutoff: Date;
  /** Preview: publish drafts too. */
  drafts?: boolean;
  /** Preview: publish items dated after the cut-off too. */
  future?: boolean;
}

export interface Publication {
  /** The feeds with only the items to publish (same order). */
  feeds: Feed[];
  /** Items dated after the cut-off, held back until their date: soonest first. */
  held: Item[];
  /** Drafts left out. */
  drafts: Item[];
}

/** An item dated after the cut-off (a draft is a draft whatever its date). */
export function isScheduled(item: Item, cutoff: Date): boolean {
  return !item.draft && item.date.getTime() > cutoff.getTime();
}

export function selectPublished(feeds: readonly Feed[], o: PublishOptions): Publication {
  const held: Item[] = [];
  const drafts: Item[] = [];
  const published = feeds.map((feed) => ({
    meta: feed.meta,
    items: feed.items.filter((item) => {
      if (item.draft && !o.drafts) drafts.push(item);
      else if (isScheduled(item, o.cutoff) && !o.future) held.push(item);
      else return true;
      return false;
    }),
  }));
  held.sort((a, b) => a.date.getTime() - b.date.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { feeds: published, held, drafts };
}

/** When the next held item falls due, or null when none is held. */
export function nextDue(publication: Publication): Date | null {
  return publication.held[0]?.date ?? null;
}
