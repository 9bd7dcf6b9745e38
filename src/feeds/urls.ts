// Where each output lives: relative paths inside the output folder and public URLs from `baseUrl`.
import { FILE_NAMES, type FeedFormat } from './document.js';

/** `baseUrl` with exactly one trailing slash, so relative resolution keeps its last segment. */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}

/** Path of a main document, e.g. `sbhss/atom.xml`. */
export function feedPath(feedId: string, format: FeedFormat): string {
  return `${feedId}/${FILE_NAMES[format]}`;
}

/** Path of archive page `page` (1 = oldest), e.g. `sbhss/archive/3.atom.xml`. */
export function archivePath(feedId: string, page: number, format: FeedFormat): string {
  return `${feedId}/archive/${page}.${FILE_NAMES[format]}`;
}

/** Where the archive page assignment is kept between builds. */
export function pagesStatePath(feedId: string): string {
  return `${feedId}/archive/.pages.json`;
}

export function publicUrl(baseUrl: string, path: string): string {
  return new URL(path, normalizeBaseUrl(baseUrl)).href;
}
