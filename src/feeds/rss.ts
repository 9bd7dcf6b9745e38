// RSS 2.0 (https://www.rssboard.org/rss-specification), written directly rather than through the
// `feed` package: see README "Why RSS and Atom are not written by `feed`". Every text is escaped
// (item HTML as CDATA split at every `]]>`), every date is RFC 822 in GMT, and nothing depends on the build time.
import type { Author, Item } from '../core/types.js';
import type { FeedDocument } from './document.js';
import { MEDIA_TYPES } from './document.js';
import { GENERATOR, NS } from './namespaces.js';
import { publishableCategories, rfc822, xml, xmlAttr, xmlHtml } from './text.js';

/** RSS `author`/`managingEditor` must hold an e-mail: `email (Name)`; a name alone goes to `dc:creator`. */
function authorElement(author: Author, indent: string): string {
  if (author.email) return `${indent}<author>${xml(`${author.email} (${author.name})`)}</author>\n`;
  return author.name ? `${indent}<dc:creator>${xml(author.name)}</dc:creator>\n` : '';
}

/** `isPermaLink="true"` only when the id is the item's own web address; tag: and urn: ids are not. */
function isPermaLink(item: Item): boolean {
  return item.id === item.link && /^https?:\/\//i.test(item.id);
}

function renderItem(item: Item): string {
  let out = '    <item>\n';
  out += `      <title>${xml(item.title)}</title>\n`;
  out += `      <link>${xml(item.link)}</link>\n`;
  out += `      <guid isPermaLink="${isPermaLink(item)}">${xml(item.id)}</guid>\n`;
  out += `      <pubDate>${rfc822(item.date)}</pubDate>\n`;
  // Readers that ignore content:encoded show description; give them the summary, or the full text.
  out += `      <description>${item.summary ? xml(item.summary) : xmlHtml(item)}</description>\n`;
  out += `      <content:encoded>${xmlHtml(item)}</content:encoded>\n`;
  if (item.author) out += authorElement(item.author, '      ');
  for (const c of publishableCategories(item.categories)) out += `      <category>${xml(c)}</category>\n`;
  return out + '    </item>\n';
}

function atomLink(rel: string, href: string): string {
  return `    <atom:link href="${xmlAttr(href)}" rel="${rel}" type="${MEDIA_TYPES.rss}"/>\n`;
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
      `    <title>${xml(meta.title)}</title>\n`,
      `    <link>${xml(meta.link)}</link>\n`,
      `    <description>${xml(meta.description)}</description>\n`,
      `    <language>${xml(meta.language)}</language>\n`,
    ];
    if (meta.copyright) parts.push(`    <copyright>${xml(meta.copyright)}</copyright>\n`);
    if (meta.author.email) parts.push(`    <managingEditor>${xml(`${meta.author.email} (${meta.author.name})`)}</managingEditor>\n`);
    else parts.push(authorElement(meta.author, '    '));
    parts.push(`    <lastBuildDate>${rfc822(doc.updated)}</lastBuildDate>\n`);
    parts.push(`    <generator>${GENERATOR}</generator>\n`);
    parts.push('    <docs>https://www.rssboard.org/rss-specification</docs>\n');
    for (const c of publishableCategories(meta.categories)) parts.push(`    <category>${xml(c)}</category>\n`);
    if (meta.image) {
      parts.push(`    <image>\n      <url>${xml(meta.image)}</url>\n      <title>${xml(meta.title)}</title>\n      <link>${xml(meta.link)}</link>\n    </image>\n`);
    }
    parts.push(atomLink('self', links.self));
    for (const hub of links.hubs ?? []) parts.push(`    <atom:link href="${xmlAttr(hub)}" rel="hub"/>\n`);
    if (doc.archive) parts.push(atomLink('current', links.current));
    if (links.prevArchive) parts.push(atomLink('prev-archive', links.prevArchive));
    if (links.nextArchive) parts.push(atomLink('next-archive', links.nextArchive));
    if (doc.archive) parts.push('    <fh:archive/>\n');
    for (const item of doc.items) parts.push(fragment(item));
    parts.push('  </channel>\n</rss>\n');
    return parts.join('');
  };
}
