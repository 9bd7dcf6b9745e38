// OPML 2.0 (http://opml.org/spec2.opml) subscription list: one outline per feed, for importing all
// feeds into a reader at once. Absolute URLs, since the file is read outside the site.
import type { FeedMeta } from '../core/types.js';
import { rfc822, xml, xmlAttr } from './text.js';

export interface OpmlEntry {
  meta: FeedMeta;
  /** Absolute URL of the feed's RSS document. */
  xmlUrl: string;
}

/** `updated` is the newest item date across feeds, so the file changes only with the content; null (no feeds): no date. */
export function renderOpml(entries: readonly OpmlEntry[], updated: Date | null): string {
  const outlines = entries.map(
    ({ meta, xmlUrl }) =>
      `    <outline type="rss" text="${xmlAttr(meta.title)}" title="${xmlAttr(meta.title)}" description="${xmlAttr(meta.description)}" xmlUrl="${xmlAttr(xmlUrl)}" htmlUrl="${xmlAttr(meta.link)}" language="${xmlAttr(meta.language)}"/>\n`,
  );
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<opml version="2.0">\n' +
    '  <head>\n' +
    '    <title>Feeds</title>\n' +
    (updated ? `    <dateModified>${rfc822(updated)}</dateModified>\n` : '') +
    '  </head>\n' +
    '  <body>\n' +
    outlines.join('') +
    '  </body>\n' +
    '</opml>\n'
  );
}
