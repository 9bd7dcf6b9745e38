// Renders every output of a build in memory, from loaded content: nothing here touches a disk, so
// the runtime can compare and write afterwards, and write nothing at all when content is invalid.
import type { Feed, FeedMeta, Item } from '../core/types.js';
import { planArchive, serializePagesState, type PagesState } from './archive.js';
import { createAtomRenderer } from './atom.js';
import { FORMATS, type FeedDocument, type FeedFormat } from './document.js';
import { emptyFeedDate, feedAtomId } from './ids.js';
import { renderIndexHtml } from './index-html.js';
import { createJsonFeedRenderer } from './json-feed.js';
import { renderOpml } from './opml.js';
import { createRssRenderer } from './rss.js';
import { EMPTY_FEED_DATE, newestUpdated } from './text.js';
import { archivePath, feedPath, pagesStatePath, publicUrl } from './urls.js';

export interface SiteOptions {
  /** Public URL of the output folder. */
  baseUrl: string;
  /** Items in the main document and in each archive page (config `archiveSize`). */
  archiveSize: number;
  /** Tagging authority for the feed's Atom id when feed.yaml has none (config `idAuthority`). */
  idAuthority: string | null;
  /** WebSub hubs declared in main documents (config `websub.hubs`). */
  hubs?: readonly string[];
}

export interface OutputFile {
  /** Relative to the output folder, `/`-separated. */
  path: string;
  content: string;
  /** Content date: the newest item `updated` in the file (for `.last-modified.json`). */
  lastModified: Date;
  /** Not derivable from feeds/ alone (the archive page assignment): flushed to disk before it replaces
   *  the old file. Every other output is made again by the next build, so it skips the flush. */
  durable?: boolean;
}

export interface FeedSummary {
  meta: FeedMeta;
  items: number;
  archivePages: number;
  /** Main documents: path and public URL per format. */
  documents: Record<FeedFormat, { path: string; url: string }>;
}

export interface Site {
  /** Archive pages first, then main documents, then the index: the order to write them in, so a
   *  document never links to a file that is not there yet. */
  files: OutputFile[];
  feeds: FeedSummary[];
}

type Renderers = Record<FeedFormat, (doc: FeedDocument) => string>;

/**
 * A feed document rendered each time `content` is read, and not kept: the runtime reads it once, to
 * write it, so no document outlives its write and rendering overlaps the writing of the ones before
 * (BENCHMARKS.md "build"). Renderers are pure and deterministic: every read gives the same text.
 */
function renderedOnRead(path: string, render: () => string, lastModified: Date): OutputFile {
  return {
    path,
    get content() {
      return render();
    },
    lastModified,
  };
}

/** `previousPages` maps a feed id to the page assignment its last build stored (or null). */
export function renderSite(feeds: readonly Feed[], options: SiteOptions, previousPages: ReadonlyMap<string, PagesState | null>): Site {
  const render: Renderers = { rss: createRssRenderer(), atom: createAtomRenderer(), json: createJsonFeedRenderer() };
  const archives: OutputFile[] = [];
  const mains: OutputFile[] = [];
  const summaries: FeedSummary[] = [];
  const published: Feed[] = [];
  const url = (path: string) => publicUrl(options.baseUrl, path);
  /** A feed's date: its newest item's `updated`; without items, its emptyFeedDate. */
  const feedDate = (meta: FeedMeta, items: readonly Item[]) => (items.length ? newestUpdated(items) : emptyFeedDate(meta, options.idAuthority));

  for (const feed of feeds) {
    const { meta } = feed;
    const atomId = feedAtomId(meta, options.idAuthority);
    const plan = planArchive(feed.items, previousPages.get(meta.id) ?? null, options.archiveSize);
    const lastPage = plan.pages.length;
    // The main document's date, the same in every format.
    const currentDate = feedDate(meta, plan.current);
    for (const format of FORMATS) {
      const current = url(feedPath(meta.id, format));
      plan.pages.forEach((items, i) => {
        const page = i + 1;
        const updated = newestUpdated(items);
        const doc: FeedDocument = {
          meta,
          feedId: atomId,
          items,
          updated,
          archive: true,
          links: {
            self: url(archivePath(meta.id, page, format)),
            current,
            ...(page > 1 ? { prevArchive: url(archivePath(meta.id, page - 1, format)) } : {}),
            // JSON Feed pages link only towards older pages, so they never change once made.
            ...(page < lastPage && format !== 'json' ? { nextArchive: url(archivePath(meta.id, page + 1, format)) } : {}),
          },
        };
        archives.push(renderedOnRead(archivePath(meta.id, page, format), () => render[format](doc), updated));
      });
      const doc: FeedDocument = {
        meta,
        feedId: atomId,
        items: plan.current,
        updated: currentDate,
        archive: false,
        links: {
          self: current,
          current,
          ...(lastPage ? { prevArchive: url(archivePath(meta.id, lastPage, format)) } : {}),
          ...(options.hubs?.length ? { hubs: options.hubs } : {}),
        },
      };
      mains.push(renderedOnRead(feedPath(meta.id, format), () => render[format](doc), currentDate));
    }
    if (lastPage) {
      const lastModified = newestUpdated(plan.pages.flat());
      archives.push({ path: pagesStatePath(meta.id), content: serializePagesState(plan.state), lastModified, durable: true });
    }
    published.push({ meta, items: plan.current });
    summaries.push({
      meta,
      items: feed.items.length,
      archivePages: lastPage,
      documents: Object.fromEntries(FORMATS.map((f) => [f, { path: feedPath(meta.id, f), url: url(feedPath(meta.id, f)) }])) as FeedSummary['documents'],
    });
  }

  // The newest of the feeds' dates; none without feeds.
  const newest = feeds.reduce<Date | null>((d, feed) => {
    const n = feedDate(feed.meta, feed.items);
    return d === null || n > d ? n : d;
  }, null);
  const site: OutputFile[] = [
    { path: 'index.html', content: renderIndexHtml(published), lastModified: newest ?? EMPTY_FEED_DATE },
    { path: 'feeds.opml', content: renderOpml(feeds.map((f) => ({ meta: f.meta, xmlUrl: url(feedPath(f.meta.id, 'rss')) })), newest), lastModified: newest ?? EMPTY_FEED_DATE },
  ];
  return { files: [...archives, ...mains, ...site], feeds: summaries };
}
