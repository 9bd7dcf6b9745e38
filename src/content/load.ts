// Loads and validates every feed below a feeds root: the content half of `build` and `check`.
// Runtime-agnostic: files come through a ContentSource (Node: the file system; Worker: bundled text).
import { ContentError } from '../core/errors.js';
import type { Diagnostic, Feed, Item } from '../core/types.js';
import { decodeUtf8 } from './decode.js';
import { Diagnostics } from './diagnostics.js';
import { findFeeds } from './layout.js';
import { readFeedMeta } from './feed-file.js';
import { readItem, renderItem, type DraftItem } from './item-file.js';
import { defaultAuthority, feedTagId, itemTagId } from './ids.js';
import { withFullParsersIfNeeded } from './parsers.js';
import type { HtmlSanitizer } from './sanitize.js';

export interface ContentSource {
  /** Every file path below the feeds root, relative, '/'-separated, sorted. */
  list(): Promise<string[]>;
  read(path: string): Promise<Uint8Array>;
  /** How to name `path` in messages, e.g. 'feeds/sbhss/items/2018-11-29-skl.md'. */
  label(path: string): string;
}

export interface LoadOptions {
  /** Tagging authority for tag: ids (RFC 4151), unless feed.yaml has its own `idAuthority`; null: `<feed link host without www.>,2000`. */
  idAuthority: string | null;
  /** Hosts whose iframes item HTML keeps (config `iframeHosts`); default none. */
  iframeHosts?: readonly string[];
}

export interface LoadedContent {
  feeds: Feed[];
  warnings: Diagnostic[];
}

/** Files read at once: enough to keep the disk busy, few enough not to exhaust file handles. */
const READ_CONCURRENCY = 64;

/** Throws ContentError listing every problem of the run (errors and warnings) when any is an error. */
export async function loadContent(source: ContentSource, options: LoadOptions): Promise<LoadedContent> {
  // Host names in iframeHosts are checked first, before any file is read.
  const removedIframes = new Map<string, number>();
  const onIframeRemoved = (host: string) => removedIframes.set(host, (removedIframes.get(host) ?? 0) + 1);
  let sanitizer = options.iframeHosts?.length ? await loadSanitizer(options.iframeHosts, onIframeRemoved) : undefined;
  const diagnostics = new Diagnostics();
  const label = (path: string) => source.label(path);
  const folders = findFeeds(await source.list(), label, diagnostics);
  if (folders.length === 0 && diagnostics.errorCount === 0) {
    diagnostics.warn(source.label(''), 0, undefined, 'no feeds found', 'add a folder <feed-id>/ with feed.yaml and items/');
  }

  const paths = folders.flatMap((f) => [f.feedFile, ...f.items.map((i) => i.path)]);
  const texts = await readAll(source, paths, diagnostics);

  const drafts: { meta: ReturnType<typeof readFeedMeta>; items: DraftItem[] }[] = [];
  for (const folder of folders) {
    const feedText = texts.get(folder.feedFile);
    // yaml and markdown-it load only for a file whose front matter or Markdown the fast paths give up on (parsers.ts).
    const meta = feedText === undefined ? null : await withFullParsersIfNeeded(() => readFeedMeta(folder.id, feedText, label(folder.feedFile), diagnostics, options.idAuthority));
    // feed.yaml's own idAuthority, else the setting, else the link's host and 2000.
    const authority = meta ? (meta.idAuthority ?? options.idAuthority ?? defaultAuthority(meta.link)) : options.idAuthority;
    if (meta) meta.atomId ??= feedTagId(authority!, folder.id);
    const items: DraftItem[] = [];
    for (const { path, slug } of folder.items) {
      const text = texts.get(path);
      if (text === undefined) continue;
      const item = await withFullParsersIfNeeded(() => readItem(folder.id, slug, text, label(path), diagnostics));
      if (!item) continue;
      if (item.id === '' && authority !== null) item.id = itemTagId(authority, folder.id, slug);
      items.push(item);
    }
    reportDuplicateIds(items, diagnostics);
    drafts.push({ meta, items });
  }

  if (diagnostics.errorCount > 0) throw new ContentError(diagnostics.sorted());

  // The sanitizer (sanitize-html and its parser) is loaded only when some item holds raw HTML:
  // markdown-it says which, and the sanitizing of their HTML waits until it is loaded.
  const unsanitized: { item: Item; base: URL }[] = [];
  const feeds: Feed[] = [];
  for (const { meta, items: drafted } of drafts) {
    const items: Item[] = [];
    for (const draft of drafted) {
      let base: URL | undefined;
      const item = await withFullParsersIfNeeded(() => renderItem(draft, sanitizer ?? ((html, at) => ((base = at), html))));
      if (base) unsanitized.push({ item, base });
      items.push(item);
    }
    items.sort((a, b) => b.date.getTime() - a.date.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    feeds.push({ meta: meta!, items });
  }
  if (unsanitized.length > 0) {
    sanitizer ??= await loadSanitizer(options.iframeHosts, onIframeRemoved);
    for (const { item, base } of unsanitized) item.html = sanitizer(item.html, base);
  }
  if (removedIframes.size) diagnostics.warn(source.label(''), 0, undefined, ...iframeWarning(removedIframes));
  return { feeds, warnings: diagnostics.sorted() };
}

/** One warning for the whole build: how many iframes went, from which hosts, and the setting that keeps them. */
function iframeWarning(removed: ReadonlyMap<string, number>): [string, string] {
  const total = [...removed.values()].reduce((a, b) => a + b, 0);
  // By host name; iframes without a usable src last.
  const hosts = [...removed].sort(([a], [b]) => (!a ? 1 : !b ? -1 : a < b ? -1 : a > b ? 1 : 0)).map(([host, n]) => `${host || 'no usable src'}${n > 1 ? ` (${n})` : ''}`);
  return [
    `removed ${total} iframe${total === 1 ? '' : 's'} whose host is not in iframeHosts: ${hosts.join(', ')}`,
    'to keep them, list their host names in "iframeHosts" (feedwatch.config.json, --iframe-hosts or FEEDWATCH_IFRAME_HOSTS)',
  ];
}

async function loadSanitizer(iframeHosts: readonly string[] = [], onIframeRemoved?: (host: string) => void): Promise<HtmlSanitizer> {
  const { createSanitizer } = await import('./sanitize.js');
  return createSanitizer(iframeHosts, onIframeRemoved);
}

/** Two items with one id would be one item to every reader: name both files, ask for `id:`. */
function reportDuplicateIds(items: DraftItem[], diagnostics: Diagnostics): void {
  const seen = new Map<string, DraftItem>();
  for (const item of items) {
    if (item.id === '') continue;
    const first = seen.get(item.id);
    if (!first) {
      seen.set(item.id, item);
      continue;
    }
    diagnostics.error(item.file, item.idLine, 'id', `the id "${item.id}" is also the id of ${first.file}`,
      'set `id:` in the front matter of the newer item to a new permanent id (keep the one already published), ' +
        'e.g. id: ' + (item.id.startsWith('tag:') ? `${item.id}-2` : `${item.id}#2`));
  }
}

async function readAll(source: ContentSource, paths: string[], diagnostics: Diagnostics): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      let bytes: Uint8Array;
      try {
        bytes = await source.read(path);
      } catch (e) {
        diagnostics.error(source.label(path), 0, undefined, `cannot be read: ${(e as Error).message}`, 'check that the file exists and is readable');
        continue;
      }
      const text = decodeUtf8(bytes, source.label(path), diagnostics);
      if (text === null) continue;
      if (text.trim() === '') {
        diagnostics.error(source.label(path), 0, undefined, 'the file is empty',
          path.endsWith('feed.yaml') ? 'write the feed fields (title, description, link, language, author)' : 'write the front matter and text, or delete the file');
        continue;
      }
      texts.set(path, text);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));
  return texts;
}
