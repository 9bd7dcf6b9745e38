// Atom 1.0 (RFC 4287), written directly rather than through the `feed` package (see README):
// `xml:lang`, a permanent feed `id`, entry ids taken as they are (tag: URIs), `updated` from the
// content, categories with `term`, escaped text, and HTML content in CDATA split at every `]]>`.
// Links may be IRIs (RFC 4287), but valid ones: characters no IRI may hold are percent-encoded.
import type { Author, Item } from '../core/types.js';
import type { FeedDocument } from './document.js';
import { MEDIA_TYPES } from './document.js';
import { GENERATOR, NS } from './namespaces.js';
import { toIri, toUri } from '../core/uri.js';
import { publishableCategories, rfc3339, xml, xmlAttr, xmlHtml } from './text.js';

function personElement(tag: 'author', person: Author, indent: string): string {
  let out = `${indent}<${tag}>\n${indent}  <name>${xml(person.name)}</name>\n`;
  if (person.email) out += `${indent}  <email>${xml(person.email)}</email>\n`;
  if (person.uri) out += `${indent}  <uri>${xml(toIri(person.uri))}</uri>\n`;
  return out + `${indent}</${tag}>\n`;
}

function renderEntry(item: Item): string {
  let out = '  <entry>\n';
  out += `    <id>${xml(item.id)}</id>\n`;
  out += `    <title type="text">${xml(item.title)}</title>\n`;
  out += `    <link rel="alternate" type="text/html" href="${xmlAttr(toIri(item.link))}"/>\n`;
  out += `    <published>${rfc3339(item.date)}</published>\n`;
  out += `    <updated>${rfc3339(item.updated)}</updated>\n`;
  // Entries without their own author inherit the feed's (RFC 4287 §4.2.1).
  if (item.author) out += personElement('author', item.author, '    ');
  for (const c of publishableCategories(item.categories)) out += `    <category term="${xmlAttr(c)}"/>\n`;
  if (item.summary) out += `    <summary type="text">${xml(item.summary)}</summary>\n`;
  out += `    <content type="html">${xmlHtml(item)}</content>\n`;
  return out + '  </entry>\n';
}

function link(rel: string, href: string, type: string): string {
  return `  <link rel="${rel}" type="${type}" href="${xmlAttr(toIri(href))}"/>\n`;
}

/** Renders Atom documents; each entry is rendered once per build and reused across documents. */
export function createAtomRenderer(): (doc: FeedDocument) => string {
  const fragments = new WeakMap<Item, string>();
  const fragment = (item: Item): string => {
    let f = fragments.get(item);
    if (f === undefined) fragments.set(item, (f = renderEntry(item)));
    return f;
  };
  return (doc) => {
    const { meta, links } = doc;
    const type = MEDIA_TYPES.atom;
    const parts: string[] = [
      '<?xml version="1.0" encoding="utf-8"?>\n',
      `<feed xmlns="${NS.atom}" xmlns:fh="${NS.fh}" xml:lang="${xmlAttr(meta.language)}">\n`,
      `  <id>${xml(doc.feedId)}</id>\n`,
      `  <title type="text">${xml(meta.title)}</title>\n`,
    ];
    if (meta.description) parts.push(`  <subtitle type="text">${xml(meta.description)}</subtitle>\n`);
    parts.push(`  <updated>${rfc3339(doc.updated)}</updated>\n`);
    parts.push(personElement('author', meta.author, '  '));
    parts.push(link('self', links.self, type));
    parts.push(link('alternate', meta.link, 'text/html'));
    for (const hub of links.hubs ?? []) parts.push(`  <link rel="hub" href="${xmlAttr(toIri(hub))}"/>\n`);
    if (doc.archive) parts.push(link('current', links.current, type));
    if (links.prevArchive) parts.push(link('prev-archive', links.prevArchive, type));
    if (links.nextArchive) parts.push(link('next-archive', links.nextArchive, type));
    if (doc.archive) parts.push('  <fh:archive/>\n');
    for (const c of publishableCategories(meta.categories)) parts.push(`  <category term="${xmlAttr(c)}"/>\n`);
    parts.push(`  <generator>${GENERATOR}</generator>\n`);
    if (meta.image) parts.push(`  <logo>${xml(toUri(meta.image))}</logo>\n`); // the W3C validator wants a URI here
    if (meta.copyright) parts.push(`  <rights type="text">${xml(meta.copyright)}</rights>\n`);
    for (const item of doc.items) parts.push(fragment(item));
    parts.push('</feed>\n');
    return parts.join('');
  };
}
