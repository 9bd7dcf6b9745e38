// JSON Feed 1.1 (https://jsonfeed.org/version/1.1) through the `feed` package, which fits here:
// its json1() is a plain JSON.stringify with a fixed key order. It writes version 1.0, so the
// missing 1.1 parts go in as extensions (assigned after its own keys, so `version` is replaced
// in place): `version`, `authors`, `language`, `next_url`; item `authors` likewise. Its singular
// 1.0 `author` is never fed. Strings are cleaned first: JSON could carry control characters and
// lone surrogates, but readers that turn content into XML or HTML choke on them.
import { Feed, type Extension, type Item as FeedItem } from 'feed';
import type { Author, Item } from '../core/types.js';
import type { FeedDocument } from './document.js';
import { clean, cleanHtml, publishableCategories } from './text.js';

const VERSION = 'https://jsonfeed.org/version/1.1';

interface JsonAuthor {
  name: string;
  url?: string;
}

/** JSON Feed 1.1 authors have name, url and avatar; an e-mail goes in as a mailto: url when there is no uri. */
function jsonAuthors(author: Author): JsonAuthor[] {
  const url = author.uri ?? (author.email ? `mailto:${author.email}` : undefined);
  return [url ? { name: clean(author.name), url: clean(url) } : { name: clean(author.name) }];
}

function extension(name: string, value: unknown): Extension {
  return { name, objects: value as Record<string, unknown> };
}

function feedItem(item: Item): FeedItem {
  const out: FeedItem = {
    id: clean(item.id),
    title: clean(item.title),
    link: clean(item.link),
    content: cleanHtml(item),
    date: item.updated, // becomes date_modified
    published: item.date, // becomes date_published
  };
  const tags = publishableCategories(item.categories);
  if (tags.length) out.category = tags.map((name) => ({ name })); // becomes tags
  if (item.summary) out.description = clean(item.summary); // becomes summary (content is always set)
  if (item.author) out.extensions = [extension('authors', jsonAuthors(item.author))];
  return out;
}

/** Renders JSON Feed documents; archive pages are chained oldest-last through `next_url`. */
export function createJsonFeedRenderer(): (doc: FeedDocument) => string {
  const items = new WeakMap<Item, FeedItem>();
  const itemFor = (item: Item): FeedItem => {
    let f = items.get(item);
    if (f === undefined) items.set(item, (f = feedItem(item)));
    return f;
  };
  return (doc) => {
    const { meta, links } = doc;
    const feed = new Feed({
      id: clean(doc.feedId),
      title: clean(meta.title),
      link: clean(meta.link),
      description: clean(meta.description),
      ...(meta.image ? { image: clean(meta.image) } : {}),
      feedLinks: { json: links.current },
    });
    feed.addExtension(extension('version', VERSION));
    feed.addExtension(extension('authors', jsonAuthors(meta.author)));
    feed.addExtension(extension('language', clean(meta.language)));
    if (links.prevArchive) feed.addExtension(extension('next_url', links.prevArchive));
    if (links.hubs?.length) feed.addExtension(extension('hubs', links.hubs.map((url) => ({ type: 'WebSub', url: clean(url) }))));
    for (const item of doc.items) feed.addItem(itemFor(item));
    return feed.json1() + '\n';
  };
}
