// The feed being imported into, read through the project's own loader: its items' ids (the `id:`
// of each file, or the id derived from its slug), files and slugs. The same overlay then checks
// the planned files together with the existing ones before anything is written.
import { loadContent, type ContentSource, type LoadOptions } from '../content/load.js';
import type { Diagnostic, FeedMeta } from '../core/types.js';

export interface ExistingItem {
  id: string;
  /** Relative to the feeds root: `<feed-id>/items/<file>.md`. */
  path: string;
  slug: string;
  sources: string[];
}

export interface ExistingFeed {
  meta: FeedMeta | null;
  items: ExistingItem[];
  warnings: Diagnostic[];
}

const encoder = new TextEncoder();

/** The files of one feed below `source`, with `files` (relative path -> text) laid over them. */
export function feedOverlay(source: ContentSource, feedId: string, files: ReadonlyMap<string, string>): ContentSource {
  return {
    async list() {
      const own = (await source.list()).filter((p) => p.startsWith(`${feedId}/`));
      return [...new Set([...own, ...files.keys()])].sort();
    },
    async read(path) {
      const text = files.get(path);
      return text === undefined ? source.read(path) : encoder.encode(text);
    },
    label: (path) => source.label(path),
  };
}

/** Loads the feed (with `files` laid over it); throws ContentError when anything in it is invalid. */
export async function loadFeed(source: ContentSource, feedId: string, options: LoadOptions, files: ReadonlyMap<string, string> = new Map()): Promise<ExistingFeed> {
  const overlay = feedOverlay(source, feedId, files);
  const paths = await overlay.list();
  const pathOf = new Map(paths.map((p) => [overlay.label(p), p]));
  const { feeds, warnings } = await loadContent(overlay, options);
  const feed = feeds.find((f) => f.meta.id === feedId);
  return {
    meta: feed?.meta ?? null,
    items: (feed?.items ?? []).map((item) => ({ id: item.id, path: pathOf.get(item.file) ?? item.file, slug: item.slug, sources: item.sources })),
    warnings,
  };
}
