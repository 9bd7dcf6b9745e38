// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): `author` (1.0) or `authors` (1.1),
// `language` (1.1 only), `content_html`/`content_text`, `tags`, and `next_url` for paging.
import { NotAFeedError, resolveLink, type SourceAuthor, type SourceChannel, type SourceEntry, type SourcePage } from './source.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function author(v: unknown, base: string | undefined): SourceAuthor | undefined {
  if (!isObject(v)) return undefined;
  const a: SourceAuthor = {};
  const name = str(v.name);
  const url = str(v.url);
  if (name !== undefined) a.name = name;
  if (url !== undefined && /^mailto:/i.test(url)) a.email = url.slice(7);
  else if (url !== undefined) a.uri = resolveLink(url, base)!;
  return Object.keys(a).length ? a : undefined;
}

function authors(o: Json, base: string | undefined): SourceAuthor[] {
  const list = Array.isArray(o.authors) ? o.authors : o.author !== undefined ? [o.author] : [];
  return list.map((a) => author(a, base)).filter((a): a is SourceAuthor => a !== undefined);
}

function readItem(item: unknown, index: number, label: string, base: string | undefined): SourceEntry {
  const where = `${label}, item ${index + 1}`;
  if (!isObject(item)) return { where, categories: [], authors: [], sources: [], leftOut: [] };
  const entry: SourceEntry = {
    where,
    categories: Array.isArray(item.tags) ? item.tags.map(str).filter((t): t is string => t !== undefined) : [],
    authors: authors(item, base),
    sources: [],
    leftOut: ['image', 'banner_image', 'attachments'].filter((k) => item[k] !== undefined),
  };
  // JSON Feed ids are strings; a number (seen in the wild) is kept as its JSON text.
  const id = typeof item.id === 'number' ? String(item.id) : str(item.id);
  if (id !== undefined) entry.id = id;
  const title = str(item.title);
  if (title !== undefined) entry.title = { type: 'text', value: title };
  const url = resolveLink(str(item.url), base);
  if (url !== undefined) entry.link = url;
  const external = resolveLink(str(item.external_url), base);
  if (external !== undefined && external !== url) entry.sources.push(external);
  const published = str(item.date_published);
  const modified = str(item.date_modified);
  if (published !== undefined) entry.published = published;
  else if (modified !== undefined) entry.published = modified;
  if (modified !== undefined) entry.updated = modified;
  const html = str(item.content_html);
  const text = str(item.content_text);
  const summary = str(item.summary);
  if (html !== undefined) entry.content = { type: 'html', value: item.content_html as string };
  else if (text !== undefined) entry.content = { type: 'text', value: item.content_text as string };
  if (summary !== undefined) {
    if (entry.content) entry.summary = { type: 'text', value: summary };
    else entry.content = { type: 'text', value: summary };
  }
  return entry;
}

export function readJsonFeed(doc: unknown, label: string, location: string | undefined): SourcePage {
  if (!isObject(doc) || typeof doc.version !== 'string' || !/^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/.test(doc.version)) {
    throw new NotAFeedError('it is JSON but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")');
  }
  if (!Array.isArray(doc.items)) throw new NotAFeedError('it is a JSON Feed without an "items" list');
  const format = /\/1\.1\/?$/.test(doc.version) ? 'JSON Feed 1.1' : 'JSON Feed 1.0';
  const base = location;
  const channel: SourceChannel = { categories: [] };
  const set = <K extends keyof SourceChannel>(key: K, value: SourceChannel[K] | undefined) => {
    if (value !== undefined) channel[key] = value;
  };
  set('title', str(doc.title));
  set('description', str(doc.description));
  set('link', resolveLink(str(doc.home_page_url), base));
  set('language', str(doc.language));
  set('author', authors(doc, base)[0]);
  set('image', resolveLink(str(doc.icon) ?? str(doc.favicon), base));
  const links: SourcePage['links'] = {};
  const next = resolveLink(str(doc.next_url), base);
  if (next) links.next = next;
  return { format, label, channel, entries: doc.items.map((item, i) => readItem(item, i, label, base)), links };
}
