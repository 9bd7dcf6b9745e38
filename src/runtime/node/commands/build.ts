// `feedwatch build`: loads feeds/, renders every feed document, archive page, index.html and
// feeds.opml in memory, and only then writes, each file atomically and only when its bytes changed.
// Invalid content throws ContentError (exit 2) before anything in the output folder is touched.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { nextDue, selectPublished, type Publication } from '../../../content/publish.js';
import { cutoffOf, previewOptions, publicationLines, type Preview } from '../publication.js';
import { parsePagesState, type PagesState } from '../../../feeds/archive.js';
import { renderSite, type Site } from '../../../feeds/site.js';
import { pagesStatePath } from '../../../feeds/urls.js';
import type { Feed } from '../../../core/types.js';
import type { Config } from '../../../core/config.js';
import { archiveCopiesFromStore, decorateRobustLinks } from '../../../health/robust-links.js';
import { loadFeeds } from '../load-feeds.js';
import { writeOutputs, type WriteReport } from '../build-output.js';
import type { CommandContext } from './command.js';

/**
 * With `robustLinks` on, cited links get the archived copy the state file knows (Robust Links).
 * Reads only the state file, never the network, so the same content and state give the same bytes.
 * No state file yet (no check has run): nothing to decorate.
 */
async function decorateWithArchiveCopies(feeds: Feed[], config: Config): Promise<void> {
  if (!config.robustLinks || !existsSync(config.state)) return;
  // SQLite is loaded only for this: a build without robustLinks never needs it.
  const { openSqliteStore } = await import('../../../store/sqlite.js');
  const store = openSqliteStore(config.state);
  try {
    const copies = await archiveCopiesFromStore(store);
    for (const feed of feeds) for (const item of feed.items) item.html = decorateRobustLinks(item.html, copies);
  } finally {
    await store.close();
  }
}

/** The archive page assignment each feed's last build stored; null when there is none or it is unreadable. */
async function readPreviousPages(outDir: string, feedIds: readonly string[], warn: (text: string) => void): Promise<Map<string, PagesState | null>> {
  const result = new Map<string, PagesState | null>();
  for (const id of feedIds) {
    const path = join(outDir, pagesStatePath(id));
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      result.set(id, null);
      continue;
    }
    const state = parsePagesState(text);
    if (!state) warn(`${path}: warning: unreadable archive page record; archive pages are assigned afresh (oldest first).`);
    result.set(id, state);
  }
  return result;
}

export interface BuildResult {
  site: Site;
  report: WriteReport;
  /** What was published, held back (scheduled) and left out (drafts). */
  publication: Publication;
  /** Milliseconds per phase, for the benchmark. */
  timings: { load: number; render: number; write: number };
}

export interface BuildOptions {
  /** Items dated after this are held back until their date (default: now). */
  cutoff?: Date;
  /** A preview (`--drafts`, `--future`): publish drafts, or items after the cut-off, too. A preview
   *  never writes the archive page record, so no unpublished item gets onto an archive page for good;
   *  it reads the record of `pagesFrom` (the configured output folder), so its pages look the same. */
  preview?: Preview;
}

/** The whole build, for `build` itself and for `run`/`start`, which rebuild on a schedule. */
export async function buildSite(ctx: Pick<CommandContext, 'config' | 'stderr'>, o: BuildOptions = {}): Promise<BuildResult> {
  const { config } = ctx;
  const outDir = resolve(config.out);
  const t0 = performance.now();
  const loaded = await loadFeeds(config, ctx.stderr);
  const publication = selectPublished(loaded, { cutoff: o.cutoff ?? new Date(), drafts: o.preview?.drafts, future: o.preview?.future });
  const { feeds } = publication;
  await decorateWithArchiveCopies(feeds, config);
  const previous = await readPreviousPages(resolve(o.preview?.pagesFrom ?? outDir), feeds.map((f) => f.meta.id), (t) => ctx.stderr.write(t + '\n'));
  const t1 = performance.now();
  const site = renderSite(feeds, { baseUrl: config.baseUrl, archiveSize: config.archiveSize, idAuthority: config.idAuthority, hubs: config.websub.hubs }, previous);
  const files = o.preview ? site.files.filter((f) => !f.durable) : site.files;
  const isMain = (path: string) => /^[^/]+\/(rss\.xml|atom\.xml|feed\.json)$/.test(path);
  const archives = files.filter((f) => f.path.includes('/archive/'));
  const mains = files.filter((f) => isMain(f.path));
  const rest = files.filter((f) => !f.path.includes('/archive/') && !isMain(f.path));
  const t2 = performance.now();
  const report = await writeOutputs(outDir, [archives, mains, rest]);
  return { site, report, publication, timings: { load: t1 - t0, render: t2 - t1, write: performance.now() - t2 } };
}

/** `build` as `run` uses it: the exit code, and when the next held item falls due (to rebuild then). */
export async function runBuild(ctx: CommandContext): Promise<{ exitCode: number; nextDue: Date | null }> {
  const preview = previewOptions(ctx);
  const cutoff = cutoffOf(ctx);
  const { site, report, publication } = await buildSite(ctx, { cutoff, ...(preview ? { preview } : {}) });
  const out = resolve(ctx.config.out);
  const lines: string[] = [];
  const count = (items: readonly { feedId: string }[], id: string) => items.filter((i) => i.feedId === id).length;
  for (const feed of site.feeds) {
    const archives = feed.archivePages ? `, ${feed.archivePages} archive page${feed.archivePages === 1 ? '' : 's'}` : '';
    const held = count(publication.held, feed.meta.id);
    const drafts = count(publication.drafts, feed.meta.id);
    const unpublished = [held ? `${held} held back` : '', drafts ? `${drafts} draft${drafts === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    lines.push(`${feed.meta.id}: ${feed.meta.title} (${feed.items} item${feed.items === 1 ? '' : 's'}${archives}${unpublished ? `; ${unpublished}` : ''})`);
    for (const doc of Object.values(feed.documents)) lines.push(`  ${join(out, doc.path)}  ${doc.url}`);
  }
  lines.push(`index: ${join(out, 'index.html')}  opml: ${join(out, 'feeds.opml')}`);
  lines.push(...publicationLines(publication, cutoff, preview));
  const removed = report.removed.length ? `, ${report.removed.length} removed` : '';
  const leftovers = report.leftovers ? `, ${report.leftovers} leftover temporary file${report.leftovers === 1 ? '' : 's'} removed` : '';
  lines.push(`${report.written.length} file${report.written.length === 1 ? '' : 's'} written, ${report.unchanged} unchanged${removed}${leftovers}.`);
  ctx.stdout.write(lines.join('\n') + '\n');
  return { exitCode: 0, nextDue: nextDue(publication) };
}

/** `feedwatch build` (declared in declarations/build.ts, which imports this file when the command runs). */
export async function run(ctx: CommandContext): Promise<number> {
  return (await runBuild(ctx)).exitCode;
}
