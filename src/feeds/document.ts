// What a renderer needs to write one feed document (a main feed or one archive page) in one format.
import type { FeedMeta, Item } from '../core/types.js';

export type FeedFormat = 'rss' | 'atom' | 'json';

/** Links of one document, all absolute, for the format being rendered. */
export interface DocumentLinks {
  /** This document's own URL (`rel="self"`). */
  self: string;
  /** The main (subscription) document of this format: RFC 5005 `current`; JSON Feed `feed_url`. */
  current: string;
  /** The next older archive page: RFC 5005 `prev-archive`; JSON Feed `next_url`. */
  prevArchive?: string;
  /** The next newer archive page (archive pages only): RFC 5005 `next-archive`. */
  nextArchive?: string;
  /** WebSub hubs that get told when this document changes (main documents only; W3C WebSub §4). */
  hubs?: readonly string[];
}

export interface FeedDocument {
  meta: FeedMeta;
  /** Permanent feed id (Atom `id`), the same in the main document and every archive page. */
  feedId: string;
  /** Newest first. */
  items: readonly Item[];
  /** Newest item `updated` in this document (without items: ids.ts emptyFeedDate); never the build time. */
  updated: Date;
  links: DocumentLinks;
  /** An RFC 5005 archive document (`fh:archive`). */
  archive: boolean;
}

/** Output file names per format; archive pages end the same way (`archive/3.atom.xml`). */
export const FILE_NAMES: Record<FeedFormat, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

/** Media types (RSS 2.0 board, RFC 4287 §7, JSON Feed 1.1). */
export const MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

export const FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];
