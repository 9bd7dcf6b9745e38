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
  // JSON Feed ids are strings; a number (seen in the wild) arrives as its JSON text (quoteNumericIds).
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

/** A JSON number (RFC 8259 §6), matched where a value starts. */
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The JSON text with every number that is the value of an `"id"` key written as a string of its
 * own text, so that JSON.parse keeps it verbatim: `"id": 12345678901234567891` would become
 * 12345678901234567000 and `"id": 1.50` would become 1.5, and an id must never change. Strings are
 * skipped whole (an `"id": 1` inside a text is text); a key spelled with escapes (`"\u0069d"`)
 * counts. Text that is not JSON comes back as it is, for JSON.parse to say what is wrong.
 */
export function quoteNumericIds(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let at = 0;
  for (;;) {
    const start = text.indexOf('"', at);
    if (start === -1) break;
    let end = start + 1;
    for (;;) {
      end = text.indexOf('"', end);
      if (end === -1) return text; // an unterminated string: not JSON
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) break;
      end++;
    }
    at = end + 1;
    const colon = skipSpace(text, at);
    if (text[colon] !== ':' || !isIdKey(text.slice(start, at))) continue;
    const value = skipSpace(text, colon + 1);
    JSON_NUMBER.lastIndex = value;
    const number = JSON_NUMBER.exec(text)?.[0];
    if (number === undefined) continue;
    parts.push(text.slice(copied, value), '"', number, '"');
    copied = at = value + number.length;
  }
  return copied === 0 ? text : parts.join('') + text.slice(copied);
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++;
  return at;
}

/** The key (with its quotes) is `id`, also when written with escapes. */
function isIdKey(quoted: string): boolean {
  if (quoted === '"id"') return true;
  if (!quoted.includes('\\') || quoted.length > 20) return false;
  try {
    return JSON.parse(quoted) === 'id';
  } catch {
    return false;
  }
}
