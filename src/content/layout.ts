// Where files sit below the feeds root (docs/content.md "Layout"): which are feeds, items, or strays.
import type { Diagnostics } from './diagnostics.js';
import { isRealDate } from './values.js';

/** Feed ids the published site uses for its own folders (docs/content.md "Layout"). */
export const RESERVED_FEED_IDS: readonly string[] = ['health', 'assets', 'archive'];

/** A feed folder name, the feed id in every URL. */
export const FEED_ID = /^[a-z0-9-]+$/;
/** `<yyyy-mm-dd>-<slug>.md`; the slug is lowercase letters, digits and single hyphens. */
const ITEM_NAME = /^(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const ITEM_HINT = 'name item files <yyyy-mm-dd>-<slug>.md, e.g. 2018-11-29-skl-sammanhallningspolitik.md (lowercase a-z, 0-9, -)';

export interface FeedFolder {
  id: string;
  /** Path of feed.yaml, present or not. */
  feedFile: string;
  hasFeedFile: boolean;
  /** It holds `<sub>/feed.yaml`: a sign that --feeds points one folder too high. */
  holdsFeeds: boolean;
  items: { path: string; slug: string }[];
}

type Label = (path: string) => string;

/** The folder that holds `dir`, as the user would type it: feeds/sbhss -> feeds, sbhss -> ., . -> .. */
export function parentFolder(dir: string): string {
  const trimmed = dir.replace(/(.)[\\/]+$/, '$1');
  if (trimmed === '.' || /(^|[\\/])\.\.$/.test(trimmed)) return `${trimmed === '.' ? '' : `${trimmed}/`}..`;
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut < 0 ? '.' : cut === 0 ? trimmed[0]! : trimmed.slice(0, cut);
}

/**
 * The feeds root is itself a feed folder (`--feeds feeds/sbhss`, one folder too deep): every other
 * message would be a consequence of that, so this is the only one.
 */
function rootIsFeedFolder(paths: string[], label: Label, diagnostics: Diagnostics): boolean {
  // A real feeds folder with a stray feed.yaml has feed folders too: then that file is only ignored.
  if (paths.some((p) => /^[^/]+\/feed\.yaml$/.test(p))) return false;
  const hasFeedFile = paths.includes('feed.yaml');
  const hasItems = paths.some((p) => /^items\/[^/]+\.md$/i.test(p));
  if (!hasFeedFile && !hasItems) return false;
  const root = label('');
  diagnostics.error(root, 0, undefined,
    `looks like a feed folder (it has ${hasFeedFile ? 'feed.yaml' : 'items/'}), not the folder that holds the feeds`,
    `point --feeds at its parent: --feeds ${parentFolder(root)}`);
  return true;
}

/** Groups `paths` (relative, '/'-separated) into feed folders; reports misplaced and misnamed files. */
export function findFeeds(paths: string[], label: Label, diagnostics: Diagnostics): FeedFolder[] {
  if (rootIsFeedFolder(paths, label, diagnostics)) return [];
  const feeds = new Map<string, FeedFolder>();
  for (const path of paths) {
    const parts = path.split('/');
    if (parts.some((p) => p.startsWith('.'))) continue; // .DS_Store, .git, editor files
    if (parts.length === 1) {
      if (!/^readme/i.test(path)) {
        diagnostics.warn(label(path), 0, undefined, 'ignored: files directly in the feeds folder belong to no feed',
          'move it into a feed folder, or remove it');
      }
      continue;
    }
    const id = parts[0]!;
    let feed = feeds.get(id);
    if (!feed) {
      feed = { id, feedFile: `${id}/feed.yaml`, hasFeedFile: false, holdsFeeds: false, items: [] };
      feeds.set(id, feed);
    }
    const rest = parts.slice(1).join('/');
    if (parts.length === 3 && parts[2] === 'feed.yaml') feed.holdsFeeds = true;
    if (rest === 'feed.yaml') feed.hasFeedFile = true;
    else if (parts[1] === 'items' && parts.length === 3 && /\.md$/i.test(rest)) {
      const m = ITEM_NAME.exec(parts[2]!);
      if (!m) diagnostics.error(label(path), 0, undefined, 'the file name is not <yyyy-mm-dd>-<slug>.md', ITEM_HINT);
      else if (!isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
        diagnostics.error(label(path), 0, undefined, `the file name starts with an impossible date (${m[1]}-${m[2]}-${m[3]})`, ITEM_HINT);
      } else feed.items.push({ path, slug: m[4]! });
    } else if (parts[1] === 'items' && /\.md$/i.test(rest)) {
      diagnostics.error(label(path), 0, undefined, 'item files must sit directly in items/, not in a subfolder', 'move it up into items/');
    } else if (rest === 'feed.yml' || rest === 'Feed.yaml') {
      diagnostics.error(label(path), 0, undefined, 'the feed file must be named feed.yaml', 'rename it to feed.yaml');
    } else {
      diagnostics.warn(label(path), 0, undefined, 'ignored: not feed.yaml and not an item in items/',
        /\.md$/i.test(path) ? 'items go into items/ as <yyyy-mm-dd>-<slug>.md' : 'remove it, or keep it outside feeds/');
    }
  }
  const out: FeedFolder[] = [];
  for (const feed of feeds.values()) {
    const where = label(feed.id);
    if (!FEED_ID.test(feed.id)) {
      diagnostics.error(where, 0, undefined, `feed folder name "${feed.id}" is not a valid feed id`,
        'use lowercase letters a-z, digits and -, e.g. sbhss; the folder name is the feed id in every URL');
    } else if (RESERVED_FEED_IDS.includes(feed.id)) {
      diagnostics.error(where, 0, undefined, `"${feed.id}" is reserved for the published site's own folder`,
        `rename the folder; reserved: ${RESERVED_FEED_IDS.join(', ')}`);
    } else if (!feed.hasFeedFile) {
      diagnostics.error(label(feed.feedFile), 0, undefined, 'the feed folder has no feed.yaml',
        feed.holdsFeeds
          ? `its subfolders have feed.yaml files, so it looks like a feeds folder itself: point --feeds at ${label(feed.id)}`
          : 'create feed.yaml with title, description, link, language and author.name');
    } else {
      out.push(feed);
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}
