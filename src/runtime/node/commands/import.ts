// `feedwatch import <url-or-file> --feed <id>`: reads an RSS 2.0, Atom 1.0 or JSON Feed document
// and its further pages (RFC 5005, or --paged), and writes one item file per entry into
// feeds/<id>/items/, every id kept verbatim, plus feed.yaml when the feed is new. Everything is
// fetched, converted and checked through the content loader first; only then is anything written.
// Exit: 0 done (entries that could not be imported are listed); 2 invalid input; 3 fetch or disk failed.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { formatDiagnostics, ImportError, UsageError } from '../../../core/errors.js';
import { checkLanguage } from '../../../content/values.js';
import { parentFolder } from '../../../content/layout.js';
import type { ContentSource } from '../../../content/load.js';
import { loadFullParsers } from '../../../content/parsers.js';
import { checkerOptions } from '../../../health/pipeline.js';
import { crawl } from '../../../import/crawl.js';
import { loadFeed } from '../../../import/existing.js';
import { makeFeedYaml } from '../../../import/feed-yaml.js';
import { NotAFeedError } from '../../../import/source.js';
import { planImport } from '../../../import/plan.js';
import { importSummary } from '../../../import/summary.js';
import { usageLine } from '../arguments.js';
import { fsContentSource } from '../content-source.js';
import { writeFileAtomic } from '../fs.js';
import { createSourceLoader } from '../import-source.js';
import type { CommandContext } from './command.js';
import { DEFAULT_MAX_PAGES, importCommand } from './declarations/import.js';

/** Item files written at once. */
const WRITE_CONCURRENCY = 8;

/** A feeds folder that is not there yet: no files (import makes it). */
function emptySource(dir: string): ContentSource {
  return { list: async () => [], read: async () => new Uint8Array(0), label: (path) => (path === '' ? dir : join(dir, path)) };
}

interface ImportOptions {
  feedId: string;
  maxPages: number;
  paged: boolean;
  update: boolean;
  dryRun: boolean;
  author?: string;
  language?: string;
}

function readOptions(ctx: CommandContext): ImportOptions {
  const o = ctx.options;
  const usage = usageLine(importCommand);
  const feedId = o.feed as string | undefined;
  if (feedId === undefined) throw new UsageError(`import: missing --feed ID: the feed to import into, e.g. --feed news (feeds/news/).\n${usage}`);
  const language = o.language as string | undefined;
  if (language !== undefined) {
    const checked = checkLanguage(language.trim());
    if (!checked.ok) throw new UsageError(`import: --language ${checked.message}; ${checked.hint}.\n${usage}`);
  }
  const source = ctx.positionals[0]!;
  if (o.paged === true && !/^https?:/i.test(source)) {
    throw new UsageError(`import: --paged pages through a web address (?paged=2, 3, ...); it does not apply to a file.\n${usage}`);
  }
  const options: ImportOptions = {
    feedId,
    maxPages: o['max-pages'] === undefined ? DEFAULT_MAX_PAGES : Number(o['max-pages']),
    paged: o.paged === true,
    update: o.update === true,
    dryRun: o['dry-run'] === true,
  };
  if (o.author !== undefined) options.author = o.author as string;
  if (language !== undefined) options.language = language.trim();
  return options;
}

/** `feedwatch import` (declared in declarations/import.ts, which imports this file when the command runs). */
export async function run(ctx: CommandContext): Promise<number> {
  const { config } = ctx;
  const o = readOptions(ctx);
  // --feeds feeds/news --feed news would make feeds/news/news/: the build would refuse it.
  if (existsSync(join(config.feeds, 'feed.yaml'))) {
    throw new UsageError(`import: ${config.feeds} is a feed folder (it has feed.yaml), not the folder that holds the feeds: pass --feeds ${parentFolder(config.feeds)}.`);
  }
  const source = ctx.positionals[0]!;
  const isUrl = /^https?:/i.test(source);
  const filePath = isUrl ? '' : isAbsolute(source) ? source : resolve(ctx.cwd, source);
  const start = isUrl ? new URL(source).href : pathToFileURL(filePath).href;
  const loader = createSourceLoader({
    config, env: ctx.env, signal: ctx.signal, paged: o.paged, userAgent: checkerOptions(config).userAgent,
    fileLabel: (path) => (path === filePath ? source : relative(ctx.cwd, path) || path),
  });

  let crawled;
  try {
    crawled = await crawl(start, loader.load, {
      maxPages: o.maxPages,
      paged: o.paged,
      onPage: (page, n) => ctx.stderr.write(`page ${n}: ${page.label}: ${page.format}, ${page.entries.length} entr${page.entries.length === 1 ? 'y' : 'ies'}\n`),
    });
  } catch (e) {
    if (e instanceof NotAFeedError) throw new ImportError(`${e.label ?? source} is not a feed this command reads: ${e.message}. Nothing was written.`);
    throw e;
  } finally {
    await loader.close();
  }
  const { pages, notes } = crawled;

  const feedDir = join(config.feeds, o.feedId);
  const feedYamlPath = `${o.feedId}/feed.yaml`;
  const overlay = new Map<string, string>();
  let newFeed = false;
  if (!existsSync(join(config.feeds, feedYamlPath))) {
    const made = makeFeedYaml(pages[0]!.channel, { author: o.author, language: o.language, from: source, file: join(feedDir, 'feed.yaml') });
    if (!made.ok) {
      const list = made.problems.length === 1 ? made.problems[0]! : `${made.problems.length} problems:\n${made.problems.map((p) => `  ${p}`).join('\n')}`;
      throw new ImportError(`${join(feedDir, 'feed.yaml')} cannot be made from ${source}: ${list}\nNothing was written.`);
    }
    overlay.set(feedYamlPath, made.text);
    notes.push(...made.notes);
    newFeed = true;
  } else if (o.author !== undefined || o.language !== undefined) {
    notes.push(`${join(feedDir, 'feed.yaml')} exists: --author and --language are only for a new feed, not used`);
  }

  const base = existsSync(config.feeds) ? fsContentSource(config.feeds) : emptySource(config.feeds);
  const loadOptions = { idAuthority: config.idAuthority };
  const existing = await loadFeed(base, o.feedId, loadOptions, overlay);
  await loadFullParsers(); // planImport reads every planned file back (readItem), synchronously
  const plan = planImport(pages, {
    feedId: o.feedId,
    existing: existing.items,
    update: o.update,
    currentText: (path) => {
      try {
        return readFileSync(join(config.feeds, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  // Everything planned, read with the feed as it is: an invalid file is never written.
  for (const f of plan.files) overlay.set(f.path, f.text);
  if (overlay.size > 0) {
    const checked = await loadFeed(base, o.feedId, loadOptions, overlay);
    const planned = new Set([...overlay.keys()].map((p) => join(config.feeds, p)));
    for (const line of formatDiagnostics(checked.warnings.filter((w) => planned.has(w.file)))) ctx.stderr.write(`feedwatch: ${line}\n`);
  }

  const writes = [...(newFeed ? [{ path: feedYamlPath, text: overlay.get(feedYamlPath)!, kind: 'new' }] : []), ...plan.files];
  if (o.dryRun) {
    for (const w of writes) ctx.stdout.write(`--- ${join(config.feeds, w.path)} (${w.kind === 'new' ? 'new' : 'rewritten'})\n${w.text}`);
  } else {
    // feed.yaml first: items without it would be a folder the build refuses. Then the items, a few
    // at a time: each is flushed to disk before its rename, and flushes wait on the disk.
    if (newFeed) await writeFileAtomic(join(config.feeds, feedYamlPath), overlay.get(feedYamlPath)!);
    const limit = pLimit(WRITE_CONCURRENCY);
    await Promise.all(plan.files.map((f) => limit(() => writeFileAtomic(join(config.feeds, f.path), f.text))));
  }
  ctx.stdout.write(importSummary({
    source, formats: pages.map((p) => p.format), pages: pages.length, entries: pages.reduce((n, p) => n + p.entries.length, 0),
    feedDir, plan, feedYaml: newFeed, notes, dryRun: o.dryRun, show: (path) => join(config.feeds, path),
  }));
  return 0;
}
