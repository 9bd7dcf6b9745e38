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

/** RFC 4151 §2.1: taggingEntity = authorityName "," date; authorityName = DNSname / emailAddress. */
const TAGGING_ENTITY = /^(?:[^\s@,:/]+@)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*,\d{4}(?:-\d{2}(?:-\d{2})?)?$/i;

export function isTaggingAuthority(authority: string): boolean {
  return TAGGING_ENTITY.test(authority);
}

/** The domain an authority names: `sbhss.eu` of `sbhss.eu,2018`, `example.org` of `news@example.org,2020`. */
export function authorityDomain(authority: string): string {
  const name = authority.split(',')[0]!;
  return name.slice(name.lastIndexOf('@') + 1).toLowerCase();
}

/** The link's host is the authority's domain, or below it (`www.`, `news.`): the authority owns it. */
export function authorityCoversLink(authority: string, link: string): boolean {
  const domain = authorityDomain(authority);
  const host = new URL(link).hostname.toLowerCase();
  return host === domain || host.endsWith(`.${domain}`);
}
