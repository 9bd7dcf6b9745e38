// RSS 2.0 (https://www.rssboard.org/rss-specification), written directly rather than through the
// `feed` package: see README "Why RSS and Atom are not written by `feed`". Every text is escaped
// (item HTML as CDATA split at every `]]>`), every date is RFC 822 in GMT, and nothing depends on the build time.
// `description` holds HTML, so plain text (a summary, the feed's description) goes in escaped twice:
// as HTML, then as XML. Plain text writes `&` and `<` as hexadecimal references (rssText), and
// links are URIs, never IRIs (core/uri.ts): what the W3C Feed Validator asks of RSS.
import type { Author, Item } from '../core/types.js';
import type { FeedDocument } from './document.js';
import { MEDIA_TYPES } from './document.js';
import { GENERATOR, NS } from './namespaces.js';
import { htmlText, publishableCategories, rfc3339, rfc822, rssText, xml, xmlAttr, xmlHtml } from './text.js';
import { toUri } from '../core/uri.js';

/** RSS `author`/`managingEditor` must hold an e-mail: `email (Name)`; a name alone goes to `dc:creator`. */
function authorElement(author: Author, indent: string): string {
  if (author.email) return `${indent}<author>${rssText(`${author.email} (${author.name})`)}</author>\n`;
  return author.name ? `${indent}<dc:creator>${rssText(author.name)}</dc:creator>\n` : '';
}

/**
 * `isPermaLink="true"` only when the id is the item's own web address written as a URI; tag: and
 * urn: ids are not. An id that is an IRI stays as it is (ids never change) and is no permalink.
 */
function isPermaLink(item: Item): boolean {
  return /^https?:\/\//i.test(item.id) && item.id === toUri(item.link) && toUri(item.id) === item.id;
}

function renderItem(item: Item): string {
  let out = '    <item>\n';
  out += `      <title>${rssText(item.title)}</title>\n`;
  out += `      <link>${xml(toUri(item.link))}</link>\n`;
  out += `      <guid isPermaLink="${isPermaLink(item)}">${xml(item.id)}</guid>\n`;
  out += `      <pubDate>${rfc822(item.date)}</pubDate>\n`;
  // RSS has no field for a later edit; Atom's, which RSS readers and `import` know, carries it.
  if (item.updated.getTime() > item.date.getTime()) out += `      <atom:updated>${rfc3339(item.updated)}</atom:updated>\n`;
  // Readers that ignore content:encoded show description; give them the summary, or the full text.
  out += `      <description>${item.summary ? rssText(htmlText(item.summary)) : xmlHtml(item)}</description>\n`;
  out += `      <content:encoded>${xmlHtml(item)}</content:encoded>\n`;
  if (item.author) out += authorElement(item.author, '      ');
  for (const c of publishableCategories(item.categories)) out += `      <category>${rssText(c)}</category>\n`;
  return out + '    </item>\n';
}

function atomLink(rel: string, href: string): string {
  return `    <atom:link href="${xmlAttr(toUri(href))}" rel="${rel}" type="${MEDIA_TYPES.rss}"/>\n`;
}

/**
 * Renders RSS documents. An item appears in the main document and in an archive page, so its
 * fragment is rendered once per build and reused.
 */
export function createRssRenderer(): (doc: FeedDocument) => string {
  const fragments = new WeakMap<Item, string>();
  const fragment = (item: Item): string => {
    let f = fragments.get(item);
    if (f === undefined) fragments.set(item, (f = renderItem(item)));
    return f;
  };
  return (doc) => {
    const { meta, links } = doc;
    const parts: string[] = [
      '<?xml version="1.0" encoding="utf-8"?>\n',
      `<rss version="2.0" xmlns:atom="${NS.atom}" xmlns:content="${NS.content}" xmlns:dc="${NS.dc}" xmlns:fh="${NS.fh}">\n`,
      '  <channel>\n',
      `    <title>${rssText(meta.title)}</title>\n`,
      `    <link>${xml(toUri(meta.link))}</link>\n`,
      `    <description>${rssText(htmlText(meta.description))}</description>\n`,
      `    <language>${xml(meta.language)}</language>\n`,
    ];
    if (meta.copyright) parts.push(`    <copyright>${rssText(meta.copyright)}</copyright>\n`);
    if (meta.author.email) parts.push(`    <managingEditor>${rssText(`${meta.author.email} (${meta.author.name})`)}</managingEditor>\n`);
    else parts.push(authorElement(meta.author, '    '));
    // RSS dates are optional: an empty feed has none rather than an invented one.
    if (doc.items.length) parts.push(`    <lastBuildDate>${rfc822(doc.updated)}</lastBuildDate>\n`);
    parts.push(`    <generator>${GENERATOR}</generator>\n`);
    parts.push('    <docs>https://www.rssboard.org/rss-specification</docs>\n');
    for (const c of publishableCategories(meta.categories)) parts.push(`    <category>${rssText(c)}</category>\n`);
    if (meta.image) {
      parts.push(`    <image>\n      <url>${xml(toUri(meta.image))}</url>\n      <title>${rssText(meta.title)}</title>\n      <link>${xml(toUri(meta.link))}</link>\n    </image>\n`);
    }
    parts.push(atomLink('self', links.self));
    for (const hub of links.hubs ?? []) parts.push(`    <atom:link href="${xmlAttr(toUri(hub))}" rel="hub"/>\n`);
    if (doc.archive) parts.push(atomLink('current', links.current));
    if (links.prevArchive) parts.push(atomLink('prev-archive', links.prevArchive));
    if (links.nextArchive) parts.push(atomLink('next-archive', links.nextArchive));
    if (doc.archive) parts.push('    <fh:archive/>\n');
    for (const item of doc.items) parts.push(fragment(item));
    parts.push('  </channel>\n</rss>\n');
    return parts.join('');
  };
}
