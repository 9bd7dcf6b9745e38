// Atom 1.0 (RFC 4287): text constructs (text, html, xhtml), `xml:base` for relative links,
// `published`/`updated`, categories by `term`, and RFC 5005 `prev-archive`/`next` links.
import { resolveLink, type SourceAuthor, type SourceChannel, type SourceEntry, type SourcePage, type SourceText } from './source.js';
import { plainText } from './html-text.js';
import { NS, attr, child, childText, children, innerHtml, isElement, textOf, type XmlElement } from './xml.js';

function baseOf(el: XmlElement, parent: string | undefined): string | undefined {
  const b = attr(el, 'base', NS.xml);
  return b === undefined ? parent : resolveLink(b, parent);
}

/**
 * A text construct (RFC 4287 §3.1) or `content` (§4.1.3): text, html, xhtml, or for content a
 * media type (text/* is text, an XML type is markup). Out-of-line content (`src`) has no text here.
 */
function readText(el: XmlElement | undefined): SourceText | undefined {
  if (!el || attr(el, 'src') !== undefined) return undefined;
  const type = (attr(el, 'type') ?? 'text').trim().toLowerCase();
  if (type === 'xhtml' || /[+/]xml$/.test(type)) {
    const div = el.children.find(isElement);
    const value = div && div.uri === NS.xhtml && div.local === 'div' ? innerHtml(div) : innerHtml(el);
    return value.trim() === '' ? undefined : { type: 'html', value };
  }
  const value = textOf(el);
  if (value.trim() === '') return undefined;
  if (type === 'html' || type === 'text/html') return { type: 'html', value };
  if (type === 'text' || type.startsWith('text/')) return { type: 'text', value };
  return undefined; // base64 media: nothing a news item can hold
}

function plain(el: XmlElement | undefined): string | undefined {
  return plainText(readText(el));
}

function person(el: XmlElement, base: string | undefined): SourceAuthor {
  const p: SourceAuthor = {};
  const name = childText(el, NS.atom, 'name');
  const email = childText(el, NS.atom, 'email');
  const uri = resolveLink(childText(el, NS.atom, 'uri'), base);
  if (name !== undefined) p.name = name;
  if (email !== undefined) p.email = email;
  if (uri !== undefined) p.uri = uri;
  return p;
}

function link(el: XmlElement, rel: string, base: string | undefined): string | undefined {
  const links = children(el, NS.atom, 'link').filter((l) => (attr(l, 'rel') ?? 'alternate').trim() === rel);
  // Of several alternates, the HTML page.
  const best = links.find((l) => /html/i.test(attr(l, 'type') ?? 'text/html')) ?? links[0];
  return best ? resolveLink(attr(best, 'href'), base) : undefined;
}

function categories(el: XmlElement): string[] {
  return children(el, NS.atom, 'category').map((c) => (attr(c, 'term') ?? '').trim()).filter((t) => t !== '');
}

function readEntry(entryEl: XmlElement, index: number, label: string, parentBase: string | undefined): SourceEntry {
  const base = baseOf(entryEl, parentBase);
  const entry: SourceEntry = {
    where: `${label}, entry ${index + 1}`,
    categories: categories(entryEl),
    authors: children(entryEl, NS.atom, 'author').map((a) => person(a, base)),
    sources: [],
    leftOut: children(entryEl, NS.atom, 'link').some((l) => attr(l, 'rel') === 'enclosure') ? ['enclosure'] : [],
  };
  const id = childText(entryEl, NS.atom, 'id');
  if (id !== undefined) entry.id = id;
  const title = readText(child(entryEl, NS.atom, 'title'));
  if (title) entry.title = title;
  const alternate = link(entryEl, 'alternate', base);
  if (alternate !== undefined) entry.link = alternate;
  const published = childText(entryEl, NS.atom, 'published');
  const updated = childText(entryEl, NS.atom, 'updated');
  if (published !== undefined) entry.published = published;
  if (updated !== undefined) entry.updated = updated;
  const summary = readText(child(entryEl, NS.atom, 'summary'));
  const contentEl = child(entryEl, NS.atom, 'content');
  const content = readText(contentEl);
  if (contentEl && !content && attr(contentEl, 'src') !== undefined) entry.leftOut.push('content (out of line, src)');
  // Without content, the summary is the text readers show: it becomes the body.
  if (content) {
    entry.content = content;
    if (summary) entry.summary = summary;
  } else if (summary) {
    entry.content = summary;
  }
  return entry;
}

export function readAtom(root: XmlElement, label: string, location: string | undefined): SourcePage {
  const base = baseOf(root, location);
  const channel: SourceChannel = { categories: categories(root) };
  const set = <K extends keyof SourceChannel>(key: K, value: SourceChannel[K] | undefined) => {
    if (value !== undefined) channel[key] = value;
  };
  set('id', childText(root, NS.atom, 'id'));
  set('title', plain(child(root, NS.atom, 'title')));
  set('description', plain(child(root, NS.atom, 'subtitle')));
  set('link', link(root, 'alternate', base));
  set('language', attr(root, 'lang', NS.xml)?.trim() || undefined);
  const author = child(root, NS.atom, 'author');
  set('author', author ? person(author, base) : undefined);
  set('image', resolveLink(childText(root, NS.atom, 'logo') ?? childText(root, NS.atom, 'icon'), base));
  set('copyright', plain(child(root, NS.atom, 'rights')));
  const links: SourcePage['links'] = {};
  const prev = link(root, 'prev-archive', base);
  const next = link(root, 'next', base);
  if (prev) links.prevArchive = prev;
  if (next) links.next = next;
  const entries = children(root, NS.atom, 'entry').map((e, i) => readEntry(e, i, label, base));
  return { format: 'Atom 1.0', label, channel, entries, links };
}
