// The cited links cut into groups of one host each, about 200 links a group: the unit of work of the
// Worker's queue consumers (one message, one host, under that host's lease). Node writes the groups
// as JSON files at build time (runtime/node/worker-links.ts); the Worker reads them back. Links of
// one page (differing only in their #fragment) stay in one group, so one request serves them all.
import type { LinkTarget } from '../core/types.js';
import { pageOf } from './check-link.js';

/** Links per group the Worker aims for: one queue message's work, well inside its time and subrequest budgets. */
export const GROUP_LINKS = 200;
/** Version of the files below; the Worker refuses another. */
export const LINKS_FORMAT = 1;
/** Where the files live in the Worker's assets folder. */
export const LINKS_DIR = '_feedwatch/links';
export const LINKS_MANIFEST = `${LINKS_DIR}/manifest.json`;

/** One group: every link is fetched from `host` ('' for links that are never fetched: skipped or not a URL). */
export interface LinkGroup {
  host: string;
  links: LinkTarget[];
}

/** `<LINKS_DIR>/<file>`: one group. */
export interface LinkGroupFile extends LinkGroup {
  format: typeof LINKS_FORMAT;
}

export interface LinksManifest {
  format: typeof LINKS_FORMAT;
  /** Links over all groups. */
  total: number;
  /** Each group's file, host and addresses (what a queue message carries; the citing items stay in the file). */
  groups: { file: string; host: string; urls: string[] }[];
}

/** The host a link is fetched from, or '' when it is never fetched. */
export function fetchHost(target: LinkTarget): string {
  if (target.skip) return '';
  return pageOf(target.url)?.page.hostname ?? '';
}

/**
 * Groups of one host each, hosts in name order, links in the order given. A host with more than
 * `size` links is cut into groups of even size; a page's links are never cut apart.
 */
export function groupLinks(targets: readonly LinkTarget[], size = GROUP_LINKS): LinkGroup[] {
  const hosts = new Map<string, Map<string, LinkTarget[]>>();
  for (const t of targets) {
    const host = fetchHost(t);
    const page = host ? pageOf(t.url)!.page.href : t.url;
    let pages = hosts.get(host);
    if (!pages) hosts.set(host, (pages = new Map()));
    const list = pages.get(page);
    if (list) list.push(t);
    else pages.set(page, [t]);
  }
  const out: LinkGroup[] = [];
  for (const host of [...hosts.keys()].sort()) {
    const pages = [...hosts.get(host)!.values()];
    const count = pages.reduce((n, p) => n + p.length, 0);
    const target = Math.ceil(count / Math.ceil(count / size));
    let links: LinkTarget[] = [];
    for (const p of pages) {
      if (links.length && links.length + p.length > target) {
        out.push({ host, links });
        links = [];
      }
      links.push(...p);
    }
    if (links.length) out.push({ host, links });
  }
  return out;
}

/** File name of group `index` (0-based) in LINKS_DIR. */
export function groupFileName(index: number): string {
  return `group-${String(index + 1).padStart(5, '0')}.json`;
}

/** The manifest and the files of these groups, as JSON text by file name (relative to LINKS_DIR). */
export function linkFiles(groups: readonly LinkGroup[]): { manifest: LinksManifest; files: Map<string, string> } {
  const files = new Map<string, string>();
  const manifest: LinksManifest = { format: LINKS_FORMAT, total: 0, groups: [] };
  groups.forEach((g, i) => {
    const file = groupFileName(i);
    const body: LinkGroupFile = { format: LINKS_FORMAT, host: g.host, links: g.links };
    files.set(file, JSON.stringify(body));
    manifest.groups.push({ file, host: g.host, urls: g.links.map((l) => l.url) });
    manifest.total += g.links.length;
  });
  files.set('manifest.json', JSON.stringify(manifest));
  return { manifest, files };
}
