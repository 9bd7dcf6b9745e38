// One source entry -> the fields and Markdown of an item, or the reason it cannot be one. An entry
// is taken whole or not at all: any field that would be invalid in an item makes it invalid here.
import { cleanText } from '../content/clean.js';
import { checkEmail, checkHttpUrl } from '../content/values.js';
import type { Author } from '../core/types.js';
import { importDate } from './dates.js';
import { collapse, htmlToText, plainText } from './html-text.js';
import type { ItemFields } from './item-text.js';
import { slugFromLink, slugify } from './slug.js';
import type { SourceAuthor, SourceEntry, SourceText } from './source.js';
import { htmlToMarkdown, textToMarkdown } from './to-markdown.js';

export interface ItemDraft {
  fields: ItemFields;
  markdown: string;
  /** Part of the HTML is kept as raw HTML. */
  rawHtml: boolean;
  /** Before it is made unique in the feed. */
  slug: string;
  /** `yyyy-mm-dd` of the date, for the file name. */
  day: string;
  /** The entry had no title; one was made from the start of its text. */
  titleMade: boolean;
}

export type Converted = { ok: true; item: ItemDraft } | { ok: false; reason: string };

/** Titles made from the text are cut at a word, near this length. */
const MADE_TITLE = 80;

const fail = (reason: string): Converted => ({ ok: false, reason });
const clean = (t: string | undefined): string | undefined => {
  const c = t === undefined ? undefined : cleanText(t).trim();
  return c === '' ? undefined : c;
};

/** An absolute http(s) URL as items need it, or why not; a URL with spaces gets them encoded. */
function httpUrl(url: string, field: string): { url: string } | { reason: string } {
  const checked = checkHttpUrl(url);
  if (checked.ok) return { url: checked.value };
  try {
    const parsed = new URL(url);
    if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && checkHttpUrl(parsed.href).ok) return { url: parsed.href };
  } catch {
    // not a URL: the checker's message says so
  }
  return { reason: `${field}: ${checked.message}` };
}

function toAuthor(authors: SourceAuthor[]): Author | undefined {
  const named = authors.map((a) => ({ ...a, name: clean(a.name) ?? clean(a.email) })).filter((a) => a.name !== undefined);
  if (named.length === 0) return undefined;
  if (named.length > 1) return { name: [...new Set(named.map((a) => a.name!))].join(', ') };
  const a = named[0]!;
  const author: Author = { name: a.name! };
  const email = clean(a.email);
  const uri = clean(a.uri);
  if (email && checkEmail(email).ok) author.email = email;
  if (uri && checkHttpUrl(uri).ok) author.uri = uri;
  return author;
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => clean(v)).filter((v): v is string => v !== undefined))];
}

function madeTitle(text: string): string {
  if (text.length <= MADE_TITLE) return text;
  const cut = text.slice(0, MADE_TITLE);
  const space = cut.lastIndexOf(' ');
  return `${(space > MADE_TITLE / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

function toMarkdown(content: SourceText | undefined): { markdown: string; rawHtml: boolean } | { reason: string } {
  if (!content) return { markdown: '', rawHtml: false };
  try {
    if (content.type === 'text') return { markdown: cleanText(textToMarkdown(content.value)), rawHtml: false };
    const converted = htmlToMarkdown(content.value);
    return { markdown: cleanText(converted.markdown), rawHtml: converted.rawHtml };
  } catch (e) {
    return { reason: `its HTML could not be converted (${(e as Error).message})` };
  }
}

const rawLinkOf = (entry: SourceEntry): string | undefined =>
  entry.link ?? (entry.id && /^https?:\/\//i.test(entry.id) ? entry.id : undefined);

/**
 * The id the entry's item will have (its own id, or else its link), without converting it: the
 * feed may have it already. Undefined when it has neither (the entry is then invalid).
 */
export function entryId(entry: SourceEntry): string | undefined {
  const id = clean(entry.id);
  if (id !== undefined) return id;
  const raw = rawLinkOf(entry);
  const link = raw === undefined ? undefined : httpUrl(raw, 'link');
  return link && 'url' in link ? link.url : undefined;
}

export function convertEntry(entry: SourceEntry): Converted {
  const contentText = entry.content ? (entry.content.type === 'html' ? htmlToText(entry.content.value) : collapse(entry.content.value)) : '';
  let title = clean(plainText(entry.title));
  const hasContent = entry.content !== undefined && entry.content.value.trim() !== '';
  if (title === undefined && !hasContent) return fail('no title and no content');
  const titleMade = title === undefined;
  if (title === undefined) {
    const text = clean(contentText);
    if (text === undefined) return fail('no title, and its content has no text to make one from');
    title = madeTitle(text);
  }

  const rawLink = rawLinkOf(entry);
  if (rawLink === undefined) return fail('no link (the address of the entry\'s own page)');
  const link = httpUrl(rawLink, 'link');
  if ('reason' in link) return fail(link.reason);

  const id = clean(entry.id) ?? link.url;

  const dateText = entry.published ?? entry.updated;
  if (dateText === undefined) return fail('no date (pubDate, published or date_published)');
  const date = importDate(dateText);
  if (typeof date === 'string') return fail(`date: ${date}`);
  let updated: string | undefined;
  if (entry.updated !== undefined && entry.updated !== dateText) {
    const u = importDate(entry.updated);
    if (typeof u === 'string') return fail(`updated: ${u}`);
    // `updated` defaults to `date`; an earlier one is not an edit (the loader would warn about it).
    if (u.date.getTime() > date.date.getTime()) updated = u.text;
  }

  const body = toMarkdown(entry.content);
  if ('reason' in body) return fail(body.reason);

  const fields: ItemFields = {
    title,
    date: date.text,
    link: link.url,
    id,
    categories: unique(entry.categories),
    sources: unique(entry.sources).filter((s) => checkHttpUrl(s).ok && s !== link.url),
  };
  if (updated) fields.updated = updated;
  const summary = clean(plainText(entry.summary));
  if (summary !== undefined) fields.summary = summary;
  const author = toAuthor(entry.authors);
  if (author) fields.author = author;
  const slug = slugFromLink(link.url) || slugify(title) || 'item';
  return { ok: true, item: { fields, markdown: body.markdown, rawHtml: body.rawHtml, slug, day: date.day, titleMade } };
}
