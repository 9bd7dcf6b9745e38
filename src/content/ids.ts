// Permanent ids (docs/content.md "Ids"): from front matter `id`, else a tag: URI (RFC 4151) built
// from the feed id and the file's slug. Never from the title, the link or the date.

/** `<host of the feed's link, without www.>,2000`: the default tagging authority. */
export function defaultAuthority(feedLink: string): string {
  const host = new URL(feedLink).hostname.replace(/^www\./, '');
  return `${host},2000`;
}

export function feedTagId(authority: string, feedId: string): string {
  return `tag:${authority}:${feedId}`;
}

export function itemTagId(authority: string, feedId: string, slug: string): string {
  return `tag:${authority}:${feedId}/${slug}`;
}
