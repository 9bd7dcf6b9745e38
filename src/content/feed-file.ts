// feed.yaml -> FeedMeta.
import type { Author, FeedMeta } from '../core/types.js';
import type { Diagnostics } from './diagnostics.js';
import { FEED_SCHEMA } from './fields.js';
import { validate, type Values } from './schema.js';
import { parseYaml } from './yaml.js';

/** Null when feed.yaml has errors (they are reported). */
export function readFeedMeta(feedId: string, text: string, file: string, diagnostics: Diagnostics): FeedMeta | null {
  const before = diagnostics.errorCount;
  const tree = parseYaml(text, file, 0, diagnostics);
  if (diagnostics.errorCount > before) return null;
  const v = validate(FEED_SCHEMA, tree, { file, diagnostics }, 1);
  if (diagnostics.errorCount > before) return null;
  const meta: FeedMeta = {
    id: feedId,
    title: v.title as string,
    description: v.description as string,
    link: v.link as string,
    language: v.language as string,
    author: toAuthor(v.author as Values),
    categories: (v.categories as string[] | undefined) ?? [],
    file,
  };
  if (v.id !== undefined) meta.atomId = v.id as string;
  if (v.image !== undefined) meta.image = v.image as string;
  if (v.copyright !== undefined) meta.copyright = v.copyright as string;
  return meta;
}

export function toAuthor(v: Values): Author {
  const author: Author = { name: v.name as string };
  if (v.email !== undefined) author.email = v.email as string;
  if (v.uri !== undefined) author.uri = v.uri as string;
  return author;
}
