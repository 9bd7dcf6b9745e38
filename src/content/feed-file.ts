// feed.yaml -> FeedMeta.
import type { Author, FeedMeta } from '../core/types.js';
import type { Diagnostics } from './diagnostics.js';
import { FEED_SCHEMA } from './fields.js';
import { authorityCoversLink, authorityDomain, isTaggingAuthority } from './ids.js';
import { validate, type Values } from './schema.js';
import type { ValueNode } from './tree.js';
import { parseYaml } from './parsers.js';

/**
 * Null when feed.yaml has errors (they are reported). `idAuthority` is the global setting: a feed
 * whose link is not on the domain of the authority that applies to it gets one warning.
 */
export function readFeedMeta(feedId: string, text: string, file: string, diagnostics: Diagnostics, idAuthority: string | null = null): FeedMeta | null {
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
  if (v.idAuthority !== undefined) meta.idAuthority = v.idAuthority as string;
  if (v.image !== undefined) meta.image = v.image as string;
  if (v.copyright !== undefined) meta.copyright = v.copyright as string;
  checkAuthority(meta, idAuthority, tree, file, diagnostics);
  return meta;
}

/** Ids are forever: say so when they would be minted under a domain that is not the feed's. */
function checkAuthority(meta: FeedMeta, global: string | null, tree: ValueNode | null, file: string, diagnostics: Diagnostics): void {
  const own = meta.idAuthority;
  const example = `${new URL(meta.link).hostname.replace(/^www\./, '')},<year>`;
  if (own !== undefined && !isTaggingAuthority(own)) {
    diagnostics.warn(file, lineOf(tree, 'idAuthority'), 'idAuthority', `"${own}" is not a tagging authority (RFC 4151)`,
      `write a domain you own, a comma and a year you owned it in, e.g. idAuthority: "${example}"; if ids were published with it, keep it as it is`);
    return;
  }
  const authority = own ?? global;
  if (authority === null || !isTaggingAuthority(authority) || authorityCoversLink(authority, meta.link)) return;
  const host = new URL(meta.link).hostname;
  const mint = `ids are forever: this feed's ids are minted as tag:${authority}:${meta.id}/<slug>`;
  if (own !== undefined) {
    diagnostics.warn(file, lineOf(tree, 'idAuthority'), 'idAuthority', `"${own}" is not the domain of this feed's link (${host})`,
      `${mint}; keep it only if ${authorityDomain(own)} is yours, and never change it once published`);
  } else {
    diagnostics.warn(file, lineOf(tree, 'link'), 'link', `${host} is not under the idAuthority setting "${authority}"`,
      `${mint}; before this feed is first published, give it idAuthority: "${example}" in feed.yaml, unless ${authorityDomain(authority)} is yours too`);
  }
}

function lineOf(tree: ValueNode | null, key: string): number {
  if (tree?.kind !== 'map') return 1;
  return tree.fields.find((f) => f.key === key)?.line ?? 1;
}

export function toAuthor(v: Values): Author {
  const author: Author = { name: v.name as string };
  if (v.email !== undefined) author.email = v.email as string;
  if (v.uri !== undefined) author.uri = v.uri as string;
  return author;
}
