// RSS 2.0 (https://www.rssboard.org/rss-specification), with what WordPress adds:
// `content:encoded` for the full text, `dc:creator` for authors, `category` for categories and
// tags, and Atom links (`atom:link rel="next"`/`"prev-archive"`) for paging (RFC 5005).
import { htmlToText } from './html-text.js';
import { resolveLink, type SourceAuthor, type SourceChannel, type SourceEntry, type SourcePage, type SourceText } from './source.js';
import { NS, attr, child, childText, children, textOf, type XmlElement } from './xml.js';

/** `email (Name)`, `Name <email>`, a bare e-mail or a bare name. */
export function parseRssPerson(text: string): SourceAuthor {
  const t = text.trim();
  const paren = /^([^\s()<>]+@[^\s()<>]+)\s*\((.+)\)$/.exec(t);
  if (paren) return { email: paren[1]!, name: paren[2]!.trim() };
  const angle = /^(.+?)\s*<([^\s<>]+@[^\s<>]+)>$/.exec(t);
  if (angle) return { name: angle[1]!.trim(), email: angle[2]! };
  if (/^[^\s@]+@[^\s@]+$/.test(t)) return { name: t, email: t };
  return { name: t };
}

function baseOf(el: XmlElement, parent: string | undefined): string | undefined {
  const b = attr(el, 'base', NS.xml);
  return b === undefined ? parent : resolveLink(b, parent);
}

function atomLink(el: XmlElement, rel: string, base: string | undefined): string | undefined {
  const link = children(el, NS.atom, 'link').find((l) => attr(l, 'rel') === rel);
  return link ? resolveLink(attr(link, 'href'), base) : undefined;
}

function texts(el: XmlElement, uri: string, local: string): string[] {
  return children(el, uri, local).map((c) => textOf(c).trim()).filter((t) => t !== '');
}

function readItem(item: XmlElement, index: number, label: string, parentBase: string | undefined): SourceEntry {
  const base = baseOf(item, parentBase);
  const guidEl = child(item, '', 'guid');
  const guid = guidEl ? textOf(guidEl).trim() : '';
  // isPermaLink defaults to true (RSS 2.0): such a guid is also the item's address.
  const guidIsLink = guidEl !== undefined && attr(guidEl, 'isPermaLink')?.trim().toLowerCase() !== 'false' && /^https?:\/\//i.test(guid);
  const title = childText(item, '', 'title');
  const encoded = child(item, NS.content, 'encoded');
  const description = child(item, '', 'description');
  const encodedText = encoded ? textOf(encoded) : '';
  const descriptionText = description ? textOf(description) : '';
  const entry: SourceEntry = {
    where: `${label}, item ${index + 1}`,
    categories: texts(item, '', 'category'),
    authors: [...texts(item, '', 'author').map(parseRssPerson), ...texts(item, NS.dc, 'creator').map((name) => ({ name }))],
    sources: [],
    leftOut: children(item, '', 'enclosure').length ? ['enclosure'] : [],
  };
  if (guid !== '') entry.id = guid;
  if (title !== undefined) entry.title = { type: 'text', value: title };
  const link = resolveLink(childText(item, '', 'link'), base) ?? (guidIsLink ? guid : undefined);
  if (link !== undefined) entry.link = link;
  const published = childText(item, '', 'pubDate') ?? childText(item, NS.dc, 'date');
  if (published !== undefined) entry.published = published;
  const updated = childText(item, NS.atom, 'updated');
  if (updated !== undefined) entry.updated = updated;
  // The full text is content:encoded; description then is a summary, unless it repeats the text.
  const html = (value: string): SourceText => ({ type: 'html', value });
  if (encodedText.trim() !== '') {
    entry.content = html(encodedText);
    if (descriptionText.trim() !== '' && descriptionText.trim() !== encodedText.trim()) entry.summary = html(descriptionText);
  } else if (descriptionText.trim() !== '') {
    entry.content = html(descriptionText);
  }
  return entry;
}

export function readRss(root: XmlElement, label: string, location: string | undefined): SourcePage {
  const channelEl = child(root, '', 'channel') ?? root;
  const base = baseOf(channelEl, baseOf(root, location));
  const channel: SourceChannel = { categories: texts(channelEl, '', 'category') };
  const set = <K extends keyof SourceChannel>(key: K, value: SourceChannel[K] | undefined) => {
    if (value !== undefined) channel[key] = value;
  };
  set('title', childText(channelEl, '', 'title'));
  // RSS descriptions hold HTML (a plain text is escaped inside it): read as HTML, kept as text.
  const description = childText(channelEl, '', 'description');
  set('description', description === undefined ? undefined : htmlToText(description) || undefined);
  set('link', resolveLink(childText(channelEl, '', 'link'), base));
  set('language', childText(channelEl, '', 'language') ?? childText(channelEl, NS.dc, 'language'));
  const editor = childText(channelEl, '', 'managingEditor');
  const creator = childText(channelEl, NS.dc, 'creator');
  set('author', editor !== undefined ? parseRssPerson(editor) : creator !== undefined ? { name: creator } : undefined);
  const image = child(channelEl, '', 'image');
  set('image', image ? resolveLink(childText(image, '', 'url'), base) : undefined);
  set('copyright', childText(channelEl, '', 'copyright') ?? childText(channelEl, NS.dc, 'rights'));
  // Items sit in the channel (RSS 2.0); RSS 0.9x put them beside it.
  const items = [...children(channelEl, '', 'item'), ...(channelEl === root ? [] : children(root, '', 'item'))];
  const links: SourcePage['links'] = {};
  const prev = atomLink(channelEl, 'prev-archive', base);
  const next = atomLink(channelEl, 'next', base);
  if (prev) links.prevArchive = prev;
  if (next) links.next = next;
  return { format: 'RSS 2.0', label, channel, entries: items.map((item, i) => readItem(item, i, label, base)), links };
}
