// Which pages to read: the document given, then its RFC 5005 `prev-archive` (archived feeds) or
// `next` (paged feeds, JSON Feed `next_url`) links; or, with `paged`, WordPress's `?paged=2`,
// `?paged=3`, ... until a page is empty or repeats. Never more than `maxPages`, never a page twice.
import { parseFeedDocument, type FetchedDocument } from './parse.js';
import { NotAFeedError, type SourcePage } from './source.js';

/** Reads one page; 'missing' when it does not exist (a `?paged=N` past the end answers 404). */
export type PageLoader = (location: string, pageNumber: number) => Promise<FetchedDocument | 'missing'>;

export interface CrawlOptions {
  maxPages: number;
  /** WordPress paging (`?paged=N`) instead of following links. */
  paged: boolean;
  /** Each page as it is read (for progress). */
  onPage?: (page: SourcePage, pageNumber: number) => void;
}

export interface CrawlResult {
  pages: SourcePage[];
  notes: string[];
}

/** `?paged=n` on the first page's address. */
export function pagedUrl(start: string, n: number): string {
  const url = new URL(start);
  url.searchParams.set('paged', String(n));
  return url.href;
}

const schemeOf = (location: string): string => /^([a-z][a-z0-9+.-]*):/i.exec(location)?.[1]?.toLowerCase() ?? '';
const sameKind = (a: string, b: string): boolean => (schemeOf(a) === 'file') === (schemeOf(b) === 'file');

/** The key an entry is known by across pages, to see that a page repeats. */
const entryKey = (e: SourcePage['entries'][number]): string => e.id ?? e.link ?? e.title?.value ?? '';

export async function crawl(start: string, load: PageLoader, o: CrawlOptions): Promise<CrawlResult> {
  const pages: SourcePage[] = [];
  const notes: string[] = [];
  const visited = new Set<string>();
  const seenEntries = new Set<string>();
  let next: string | undefined = start;
  while (next !== undefined) {
    if (pages.length >= o.maxPages) {
      notes.push(`stopped after ${o.maxPages} page${o.maxPages === 1 ? '' : 's'} (--max-pages); the next would have been ${next}`);
      break;
    }
    const location: string = next;
    visited.add(location);
    const doc = await load(location, pages.length + 1);
    if (doc === 'missing') break;
    visited.add(doc.location);
    let page: SourcePage;
    try {
      page = parseFeedDocument(doc);
    } catch (e) {
      if (e instanceof NotAFeedError) e.label ??= doc.label;
      throw e;
    }
    if (o.paged && pages.length > 0) {
      // WordPress answers a page past the end with an empty feed, or with the last page again.
      if (page.entries.length === 0) break;
      if (page.entries.every((e) => seenEntries.has(entryKey(e)))) {
        notes.push(`${page.label} repeats an earlier page: stopped there`);
        break;
      }
    }
    for (const e of page.entries) seenEntries.add(entryKey(e));
    pages.push(page);
    o.onPage?.(page, pages.length);
    if (o.paged) {
      next = page.entries.length === 0 ? undefined : pagedUrl(start, pages.length + 1);
      continue;
    }
    const link = page.links.prevArchive ?? page.links.next;
    next = undefined;
    if (link === undefined) continue;
    const rel = page.links.prevArchive ? 'prev-archive' : 'next';
    let resolved: string;
    try {
      resolved = new URL(link).href;
    } catch {
      notes.push(`${page.label}: its ${rel} link "${link}" is not a valid address: not followed`);
      continue;
    }
    if (visited.has(resolved) || visited.has(link)) notes.push(`${page.label}: its ${rel} link leads back to ${link}, read already: stopped there`);
    else if (!sameKind(resolved, doc.location)) notes.push(`${page.label}: its ${rel} link ${link} is ${schemeOf(resolved) === 'file' ? 'a file' : 'on the web'}; a ${schemeOf(doc.location) === 'file' ? 'file' : 'web'} import follows only links of its own kind: not followed`);
    else if (schemeOf(resolved) !== 'file' && schemeOf(resolved) !== 'http' && schemeOf(resolved) !== 'https') notes.push(`${page.label}: its ${rel} link ${link} is not http(s): not followed`);
    else next = resolved;
  }
  return { pages, notes };
}
