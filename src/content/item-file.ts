// items/<yyyy-mm-dd>-<slug>.md -> Item: front matter validated, Markdown rendered.
import { cleanText } from './clean.js';
import type { Item } from '../core/types.js';
import type { Diagnostics } from './diagnostics.js';
import { toAuthor } from './feed-file.js';
import { ITEM_SCHEMA } from './fields.js';
import { splitFrontMatter } from './front-matter.js';
import type { HtmlSanitizer } from './sanitize.js';
import { validate, type Values } from './schema.js';
import type { ValueNode } from './tree.js';
import { parseYaml, renderCleanMarkdownWith } from './parsers.js';

/** An item before rendering: `id` is '' until derived; `idLine` is where `id:` was written (or 1). */
export type DraftItem = Omit<Item, 'html'> & { idLine: number };

export function readItem(feedId: string, slug: string, text: string, file: string, diagnostics: Diagnostics): DraftItem | null {
  const before = diagnostics.errorCount;
  const split = splitFrontMatter(text, file, diagnostics);
  if (!split) return null;
  const tree = parseYaml(split.yaml, file, split.yamlLineOffset, diagnostics);
  if (diagnostics.errorCount > before) return null;
  const v = validate(ITEM_SCHEMA, tree, { file, diagnostics }, 1);
  if (diagnostics.errorCount > before) return null;
  const date = v.date as Date;
  const updated = (v.updated as Date | undefined) ?? date;
  if (updated.getTime() < date.getTime()) {
    diagnostics.warn(file, lineOf(tree, 'updated'), 'updated', 'is earlier than date', 'updated is the last edit; it cannot precede the publication date');
  }
  const item: DraftItem = {
    feedId,
    id: (v.id as string | undefined) ?? '',
    idLine: lineOf(tree, 'id'),
    slug,
    file,
    title: v.title as string,
    date,
    updated,
    link: v.link as string,
    categories: (v.categories as string[] | undefined) ?? [],
    sources: (v.sources as string[] | undefined) ?? [],
    markdown: cleanText(split.body),
  };
  if (v.summary !== undefined) item.summary = v.summary as string;
  if (v.author !== undefined) item.author = toAuthor(v.author as Values);
  if (v.draft === true) item.draft = true;
  return item;
}

/** The item with its HTML; raw HTML in its Markdown goes through `sanitizer`. */
export function renderItem(draft: DraftItem, sanitizer: HtmlSanitizer): Item {
  const item: Item = {
    feedId: draft.feedId,
    id: draft.id,
    slug: draft.slug,
    file: draft.file,
    title: draft.title,
    date: draft.date,
    updated: draft.updated,
    link: draft.link,
    categories: draft.categories,
    sources: draft.sources,
    markdown: draft.markdown,
    html: renderCleanMarkdownWith(draft.markdown, new URL(draft.link), sanitizer),
  };
  if (draft.summary !== undefined) item.summary = draft.summary;
  if (draft.author !== undefined) item.author = draft.author;
  if (draft.draft) item.draft = true;
  return item;
}

function lineOf(tree: ValueNode | null, key: string): number {
  if (tree?.kind !== 'map') return 1;
  return tree.fields.find((f) => f.key === key)?.line ?? 1;
}
