// XML namespaces our feeds declare (always all of them, so attribute order never varies).
export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  /** RSS content module: `content:encoded`. */
  content: 'http://purl.org/rss/1.0/modules/content/',
  /** Dublin Core: `dc:creator`, the usual RSS way to name an author without an e-mail. */
  dc: 'http://purl.org/dc/elements/1.1/',
  /** RFC 5005 §4: `fh:archive`. */
  fh: 'http://purl.org/syndication/history/1.0',
} as const;

/** Named in `generator`; no version, so upgrading feedwatch does not change every feed's bytes. */
export const GENERATOR = 'feedwatch';
