// A small feeds/ folder in a temporary directory whose one item cites exactly the given links, so a
// test can run `check --feeds` (which records state and writes <out>/health/) on links it controls.
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface LinkFeedOptions {
  /** Feed id (folder name); default `news`. */
  feed?: string;
  /** The item's title (YAML-quoted here); default `Item`. */
  title?: string;
  /** Markdown body; default none. Links in it are checked too. */
  body?: string;
  /** File slug of the item; default `item`. */
  slug?: string;
}

/**
 * Writes `<root>/feeds/<feed>/feed.yaml` and one item: its own `link` is the first URL, the others
 * are its `sources`, so the check sees exactly these links (plus any in `body`). Returns the feeds folder.
 */
export async function writeLinkFeed(root: string, urls: readonly string[], o: LinkFeedOptions = {}): Promise<string> {
  if (urls.length === 0) throw new Error('writeLinkFeed: give at least one URL (the item link)');
  const feeds = join(root, 'feeds');
  const feed = o.feed ?? 'news';
  await mkdir(join(feeds, feed, 'items'), { recursive: true });
  await writeFile(join(feeds, feed, 'feed.yaml'), `title: News\ndescription: Test feed\nlink: https://site.example/\nlanguage: en\nauthor:\n  name: Office\n`);
  const [link, ...sources] = urls;
  const front = [
    '---',
    `title: ${JSON.stringify(o.title ?? 'Item')}`,
    'date: 2026-03-01T10:00:00+01:00',
    `link: ${link}`,
    ...(sources.length ? ['sources:', ...sources.map((u) => `  - ${JSON.stringify(u)}`)] : []),
    '---',
  ];
  await writeFile(join(feeds, feed, 'items', `2026-03-01-${o.slug ?? 'item'}.md`), `${front.join('\n')}\n${o.body ?? ''}\n`);
  return feeds;
}

/** A port on 127.0.0.1 where nothing listens (bound, then closed): connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
