// What the readers of RSS, Atom and JSON Feed make of one document: the channel and its entries,
// still as the source wrote them (texts, raw dates, HTML), with relative links already resolved.
// entry.ts turns an entry into an item; nothing here judges whether it is valid.

export type SourceFormat = 'RSS 2.0' | 'Atom 1.0' | 'JSON Feed 1.0' | 'JSON Feed 1.1';

/** Text as the source typed it: `html` is markup, `text` is plain. */
export interface SourceText {
  type: 'html' | 'text';
  value: string;
}

export interface SourceAuthor {
  name?: string;
  email?: string;
  uri?: string;
}

export interface SourceChannel {
  title?: string;
  description?: string;
  link?: string;
  language?: string;
  author?: SourceAuthor;
  /** Atom's feed `id`: kept, so the feed keeps its identity too. */
  id?: string;
  image?: string;
  copyright?: string;
  categories: string[];
}

export interface SourceEntry {
  /** For messages: `<page>, entry 3`. */
  where: string;
  id?: string;
  title?: SourceText;
  link?: string;
  /** As written: RFC 822 in RSS, RFC 3339 in Atom and JSON Feed. */
  published?: string;
  updated?: string;
  summary?: SourceText;
  content?: SourceText;
  categories: string[];
  authors: SourceAuthor[];
  /** Addresses the entry cites that are not its own page (JSON Feed `external_url`): monitored. */
  sources: string[];
  /** Fields of the source that items have no place for (enclosures, images): named in the summary. */
  leftOut: string[];
}

export interface SourcePage {
  format: SourceFormat;
  /** Where it came from, as shown in messages. */
  label: string;
  channel: SourceChannel;
  entries: SourceEntry[];
  /** RFC 5005 paging, resolved: `prev-archive` (archived feeds), `next` (paged feeds, JSON `next_url`). */
  links: { prevArchive?: string; next?: string };
}

/** The document is not a feed this importer reads (exit 2). */
export class NotAFeedError extends Error {
  /** The page it was, once known. */
  label?: string;
}

/** `href` resolved against `base`: an absolute one stays as written; undefined when blank. */
export function resolveLink(href: string | undefined, base: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  const h = href.trim();
  if (h === '') return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(h) || base === undefined) return h;
  try {
    return new URL(h, base).href;
  } catch {
    // Not resolvable (a malformed base): kept as written, so the reason it fails is shown.
    return h;
  }
}
