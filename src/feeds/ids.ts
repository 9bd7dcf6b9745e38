// The feed's permanent Atom id. The content loader sets `atomId` (feed.yaml `id`, or a tag: URI
// from the id authority); this fallback makes the same tag: URI for feeds built in code.
import { defaultAuthority, feedTagId } from '../content/ids.js';
import type { FeedMeta } from '../core/types.js';

/** The feed's tagging authority (RFC 4151): feed.yaml's own, else the setting, else the link's host and 2000. */
export function feedAuthority(meta: FeedMeta, idAuthority: string | null): string {
  return meta.idAuthority ?? idAuthority ?? defaultAuthority(meta.link);
}

export function feedAtomId(meta: FeedMeta, idAuthority: string | null): string {
  return meta.atomId ?? feedTagId(feedAuthority(meta, idAuthority), meta.id);
}

/** The W3C validator calls any date before this implausible ("Implausible date"). */
const PLAUSIBLE_SINCE = Date.UTC(1990, 0, 1);

/**
 * The date of a feed document with no items (a new site, a feed of drafts only), where Atom still
 * needs an `updated`: the date of the feed's tagging authority (`example.org,2026` is 1 January
 * 2026), a day the feed's owner named, so the same content builds the same bytes. Never before
 * 1990, which the W3C validator calls implausible (like 1970, the old fixed date).
 */
export function emptyFeedDate(meta: FeedMeta, idAuthority: string | null): Date {
  const m = /,(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(feedAuthority(meta, idAuthority));
  const at = m ? Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1) : PLAUSIBLE_SINCE;
  // Digits only (4, 2, 2): Date.UTC always gives a number here (an out-of-range month or day rolls over).
  return new Date(Math.max(at, PLAUSIBLE_SINCE));
}
