// `feedwatch new <feed-id> "<title>"`: writes feeds/<feed-id>/items/<yyyy-mm-dd>-<slug>.md with its
// front matter (a draft unless --publish) and prints its path. The slug is the item's id for good, so
// one already used in the feed, on any date, is exit 2.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanText } from '../../../content/clean.js';
import { Diagnostics } from '../../../content/diagnostics.js';
import { readFeedMeta } from '../../../content/feed-file.js';
import { parseItemFileName } from '../../../content/layout.js';
import { withFullParsersIfNeeded } from '../../../content/parsers.js';
import { itemText, localDateTime } from '../../../content/scaffold.js';
import { slugify } from '../../../content/slug.js';
import { ContentError, UsageError } from '../../../core/errors.js';
import { makeFolder, writeFileAtomic } from '../fs.js';
import type { CommandContext } from './command.js';

async function listOrNone(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** The feed's link from its feed.yaml; exit 2 naming the problem when there is no valid one. */
async function feedLink(feeds: string, feedId: string): Promise<string> {
  const file = join(feeds, feedId, 'feed.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const known = [];
    for (const name of await listOrNone(feeds)) if ((await listOrNone(join(feeds, name))).includes('feed.yaml')) known.push(name);
    const which = known.length ? ` The feeds in ${feeds}: ${known.join(', ')}.` : '';
    throw new UsageError(`new: there is no feed "${feedId}": ${file} does not exist.${which} Start a site with \`feedwatch init\`, or give --feeds DIR.`);
  }
  const diagnostics = new Diagnostics();
  const meta = await withFullParsersIfNeeded(() => readFeedMeta(feedId, text, file, diagnostics));
  if (!meta) throw new ContentError(diagnostics.sorted());
  return meta.link;
}

/** The feed's link plus the slug: `https://www.example.org/news/` + `hej` is `https://www.example.org/news/hej`. */
function itemLink(base: string, slug: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/?$/, '/')}${slug}`;
  url.search = '';
  url.hash = '';
  return url.href;
}

/** `feedwatch new` (declared in declarations/new.ts, which imports this file when the command runs). */
export async function run(ctx: CommandContext): Promise<number> {
  const [feedId, rawTitle] = ctx.positionals as [string, string];
  const feeds = ctx.config.feeds;
  const title = cleanText(rawTitle).trim();
  const slug = slugify(title);
  if (slug === '') {
    throw new UsageError(`new: the title ${JSON.stringify(title)} has no letter a-z or digit to make a file name of. ` +
      'Give a title with some (it can be changed in the file afterwards: the id comes from the file name).');
  }
  const base = await feedLink(feeds, feedId);
  const link = typeof ctx.options.link === 'string' ? ctx.options.link : itemLink(base, slug);
  const date = typeof ctx.options.date === 'string' ? ctx.options.date.trim() : localDateTime(ctx.now?.() ?? new Date());
  const items = join(feeds, feedId, 'items');
  const taken = (await listOrNone(items)).find((name) => parseItemFileName(name)?.slug === slug);
  if (taken) {
    throw new UsageError(`new: ${join(items, taken)} already has the slug "${slug}", and an item's id is made from its slug: ` +
      'a second one would have the same id. Choose another title (the title can be edited afterwards, the file name stays), ' +
      `or write the item by hand under another file name with an id: of its own.`);
  }
  const path = join(items, `${date.slice(0, 10)}-${slug}.md`);
  await makeFolder(items);
  await writeFileAtomic(path, itemText({ title, date, link, draft: ctx.options.publish !== true }));
  ctx.stdout.write(`${path}\n`);
  return 0;
}
