// Source pages + the feed as it is -> the files to write. Idempotent: an entry whose id the feed
// already has is left alone (or, with `update`, rewritten in its own file); each item is written
// whole or reported with its reason; every text is checked by reading it back through the loader.
import { Diagnostics } from '../content/diagnostics.js';
import { readItem } from '../content/item-file.js';
import { formatDiagnostic } from '../core/errors.js';
import { convertEntry, entryId, type ItemDraft } from './entry.js';
import type { ExistingItem } from './existing.js';
import { plainText } from './html-text.js';
import { itemFileText, type ItemFields } from './item-text.js';
import { uniqueSlug } from './slug.js';
import type { SourceEntry, SourcePage } from './source.js';

export interface PlannedFile {
  /** Relative to the feeds root. */
  path: string;
  text: string;
  kind: 'new' | 'update';
  rawHtml: boolean;
}

export interface InvalidEntry {
  where: string;
  /** Its title or id, to find it in the source. */
  name?: string;
  reason: string;
}

export interface ImportPlan {
  files: PlannedFile[];
  /** Entries the feed already has (with `update`: already the same). */
  skipped: number;
  invalid: InvalidEntry[];
  /** Entries seen again on a later page with the same id and link (RFC 5005 pages may overlap): imported once. */
  repeated: number;
  /** Items whose title was made from their text. */
  titlesMade: number;
  /** Source fields items have no place for, with how many entries had them. */
  leftOut: Map<string, number>;
}

export interface PlanOptions {
  feedId: string;
  existing: readonly ExistingItem[];
  /** Rewrite entries the feed already has. */
  update: boolean;
  /** The current text of an existing item file (for `update`: unchanged files are not rewritten). */
  currentText?: (path: string) => string | undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** What the loader reads back differs from what was meant: a field the writer could not express. */
function readBackProblem(feedId: string, slug: string, path: string, text: string, f: ItemFields, markdown: string): string | undefined {
  const diagnostics = new Diagnostics();
  const item = readItem(feedId, slug, text, path, diagnostics);
  const error = diagnostics.list.find((d) => d.severity === 'error');
  if (error || !item) return `it does not make a valid item: ${error ? formatDiagnostic(error) : 'unreadable'}`;
  const differs: string[] = [];
  if (item.id !== f.id) differs.push('id');
  if (item.title !== f.title) differs.push('title');
  if (item.link !== f.link) differs.push('link');
  if (item.summary !== f.summary) differs.push('summary');
  if (!sameList(item.categories, f.categories)) differs.push('categories');
  if (!sameList(item.sources, f.sources)) differs.push('sources');
  if (item.markdown !== markdown + (markdown === '' ? '' : '\n')) differs.push('text');
  if ((item.author?.name ?? '') !== (f.author?.name ?? '') || item.author?.email !== f.author?.email || item.author?.uri !== f.author?.uri) differs.push('author');
  return differs.length ? `its ${differs.join(', ')} would not read back as in the source` : undefined;
}

function nameOf(entry: SourceEntry): string | undefined {
  const t = plainText(entry.title);
  if (t) return t.length > 60 ? `${t.slice(0, 59)}…` : t;
  return entry.id ?? entry.link;
}

/** The first entry taken with an id: where it was, and its link. */
interface Taken {
  page: number;
  where: string;
  link: string | undefined;
}

/** `item 3` of `<page>, item 3`, on the page it names; the whole `where` elsewhere. */
function shortWhere(where: string, label: string): string {
  return where.startsWith(`${label}, `) ? where.slice(label.length + 2) : where;
}

export function planImport(pages: readonly SourcePage[], o: PlanOptions): ImportPlan {
  const byId = new Map(o.existing.map((item) => [item.id, item]));
  const slugs = new Set(o.existing.map((item) => item.slug));
  const taken = new Map<string, Taken>();
  const plan: ImportPlan = { files: [], skipped: 0, invalid: [], repeated: 0, titlesMade: 0, leftOut: new Map() };
  const invalid = (entry: SourceEntry, reason: string) => {
    const name = nameOf(entry);
    plan.invalid.push({ where: entry.where, ...(name ? { name } : {}), reason });
  };
  pages.forEach((page, pageIndex) => {
    /**
     * An id taken before. The same entry on another page (RFC 5005 archives and WordPress pages
     * overlap; the first seen is the newest document's) is imported once. Any other repeat is two
     * entries with one id, which one item cannot be: listed with the reason, the first one kept.
     */
    const repeat = (id: string, entry: SourceEntry): boolean => {
      const first = taken.get(id);
      if (!first) return false;
      if (first.page === pageIndex) {
        invalid(entry, `duplicate id of ${shortWhere(first.where, page.label)} on the same page ("${id}"): only the first is taken`);
      } else if (first.link !== entry.link) {
        invalid(entry, `the id "${id}" is also that of ${first.where}, which has another link (${first.link ?? 'none'}, here ${entry.link ?? 'none'}): only the first is taken`);
      } else plan.repeated++;
      return true;
    };
    const take = (id: string, entry: SourceEntry) => taken.set(id, { page: pageIndex, where: entry.where, link: entry.link });
    for (const entry of page.entries) {
      // An entry the feed has (and that is not to be updated) needs no converting: a re-run is quick.
      const knownId = entryId(entry);
      if (knownId !== undefined && repeat(knownId, entry)) continue;
      if (knownId !== undefined && !o.update && byId.has(knownId)) {
        take(knownId, entry);
        plan.skipped++;
        continue;
      }
      const converted = convertEntry(entry);
      if (!converted.ok) {
        invalid(entry, converted.reason);
        continue;
      }
      const draft: ItemDraft = converted.item;
      const id = draft.fields.id;
      if (repeat(id, entry)) continue;
      take(id, entry);
      const existing = byId.get(id);
      if (existing && !o.update) {
        plan.skipped++;
        continue;
      }
      let path: string;
      let slug: string;
      if (existing) {
        path = existing.path;
        slug = existing.slug;
        // Sources are the author's own additions (a feed has none to give): kept.
        draft.fields.sources = [...new Set([...existing.sources, ...draft.fields.sources])];
      } else {
        slug = uniqueSlug(draft.slug, slugs);
        path = `${o.feedId}/items/${draft.day}-${slug}.md`;
      }
      const text = itemFileText(draft.fields, draft.markdown);
      const problem = readBackProblem(o.feedId, slug, path, text, draft.fields, draft.markdown);
      if (problem) {
        invalid(entry, problem);
        continue;
      }
      if (existing && o.currentText?.(existing.path) === text) {
        plan.skipped++;
        continue;
      }
      slugs.add(slug);
      if (draft.titleMade) plan.titlesMade++;
      for (const field of entry.leftOut) plan.leftOut.set(field, (plan.leftOut.get(field) ?? 0) + 1);
      plan.files.push({ path, text, kind: existing ? 'update' : 'new', rawHtml: draft.rawHtml });
    }
  });
  return plan;
}
