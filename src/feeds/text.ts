// Text and date hygiene shared by every feed format: the output must be valid whatever the input holds.
import { escapeXml, stripInvalidXmlChars } from '../core/text.js';
import type { Item } from '../core/types.js';

/** Drops characters XML forbids (and JSON readers choke on); used for every string we publish. */
export const clean = stripInvalidXmlChars;

/** Escaped text for XML element content and attribute values (no CDATA: `]]>` can never end anything). */
export const xml = escapeXml;

/**
 * RFC 822 / RFC 1123 date in GMT with English day and month names, as RSS 2.0 requires.
 * `toUTCString` is specified (ECMA-262 §21.4.4.41) to produce exactly this, whatever the locale.
 */
export function rfc822(date: Date): string {
  return date.toUTCString();
}

/** RFC 3339 in UTC with an uppercase `T` and `Z`; milliseconds only when there are any. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/** The date of an empty document: fixed, so an empty feed is as deterministic as a full one. */
export const EMPTY_FEED_DATE = new Date(0);

/** Newest `updated` among the items: a document's date is its content's date, never the build time. */
export function newestUpdated(items: readonly Item[]): Date {
  let newest = EMPTY_FEED_DATE;
  for (const item of items) if (item.updated.getTime() > newest.getTime()) newest = item.updated;
  return newest;
}

/** Categories worth publishing: cleaned, non-empty, first occurrence kept. */
export function publishableCategories(categories: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const c of categories) {
    const term = clean(c).trim();
    if (term) seen.add(term);
  }
  return [...seen];
}

/** Items newest first by publication date, ties by id: the one order every document uses. */
export function newestFirst(a: Item, b: Item): number {
  return b.date.getTime() - a.date.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
