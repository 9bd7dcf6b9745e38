// Collect: every monitored link of every item (links in the body, `sources`, the item's own link),
// resolved, deduplicated (one URL is checked once per run) with the items that cite it, and
// marked skipped (with a reason) when it is not an http(s) link or an ignore rule matches, or when
// it is the own page of a draft or scheduled item, which does not exist yet.
import { Parser } from 'htmlparser2';
import type { CitingItem, Feed, Item, LinkTarget } from '../core/types.js';
import type { IgnoreRule } from '../core/config.js';
import { ignorePatternTest } from '../core/ignore-pattern.js';

/** Schemes that are never fetched; each is its own skip reason. */
const SKIP_SCHEMES: Record<string, string> = { 'mailto:': 'mailto', 'tel:': 'tel', 'javascript:': 'javascript', 'data:': 'data', 'sms:': 'sms' };

export interface IgnoreMatcher {
  (url: string): IgnoreRule | null;
}

/** Rules are URL prefixes, or regular expressions written between slashes (checked with the config: core/ignore-pattern.ts). */
export function ignoreMatcher(rules: readonly IgnoreRule[]): IgnoreMatcher {
  const compiled = rules.map((rule) => ({ rule, test: ignorePatternTest(rule.pattern) }));
  return (url) => compiled.find((c) => c.test(url))?.rule ?? null;
}

/**
 * The rules that match none of the collected links: a typo in the pattern, or a link since removed
 * from the content. A rule shadowed by an earlier one still counts as matching. Only links the
 * rules apply to (web addresses) are tried.
 */
export function unusedIgnoreRules(rules: readonly IgnoreRule[], targets: readonly LinkTarget[]): IgnoreRule[] {
  const urls = targets.filter((t) => !t.skip || t.skip.reason === 'ignored').map((t) => t.url);
  return rules.filter((rule) => !urls.some(ignorePatternTest(rule.pattern)));
}

/**
 * The href of every `<a>` and `<area>`, in document order, entities decoded (the first of repeated
 * attributes, as a DOM keeps it). Read by the parser's events, without building a document: this
 * runs on every item of every check.
 */
export function linksInHtml(html: string): string[] {
  const out: string[] = [];
  const parser = new Parser({
    onopentag(name, attribs) {
      if (name !== 'a' && name !== 'area') return;
      const href = attribs.href?.trim();
      if (href) out.push(href);
    },
  }, { decodeEntities: true });
  parser.end(html);
  return out;
}

function citing(feed: Feed, item: Item, unpublished: Unpublished | undefined): CitingItem {
  const who: CitingItem = { feed: feed.meta.id, id: item.id, title: item.title, link: item.link };
  if (unpublished) {
    who[unpublished] = true;
    // Items sit directly in items/: the file's name says where it is in its feed folder.
    who.file = `items/${item.file.split(/[\\/]/).pop()}`;
  }
  return who;
}

/** Why an item's own page is not checked: it is not published yet. */
const UNPUBLISHED: Readonly<Record<Unpublished, string>> = {
  draft: 'the item is a draft: its own page is not published yet',
  scheduled: 'the item is scheduled for a later date: its own page is not published yet',
};
type Unpublished = 'draft' | 'scheduled';
interface UnpublishedPage {
  /** The item's own link, without its #fragment. */
  url: string;
  reason: Unpublished;
}

export interface CollectOptions {
  /** Items dated after this are scheduled: their own link is not checked yet. Default: never. */
  now?: Date;
}

export class LinkCollector {
  private readonly byUrl = new Map<string, LinkTarget>();
  constructor(private readonly ignore: IgnoreMatcher, private readonly options: CollectOptions = {}) {}

  /**
   * Adds one reference; `base` resolves relative references. `page`: the citing item is a draft or
   * scheduled, and this is its own page (a reference to it, any #fragment): not checked, unless
   * something else cites it too.
   */
  add(raw: string, base: string | null, item: CitingItem | null, page?: UnpublishedPage): void {
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return; // same-page anchors are not sources
    const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(trimmed)?.[1]?.toLowerCase();
    let url: string;
    let skip: LinkTarget['skip'];
    if (scheme && SKIP_SCHEMES[scheme]) {
      url = trimmed;
      skip = { reason: SKIP_SCHEMES[scheme]!, error: null };
    } else {
      try {
        const u = new URL(trimmed, base ?? undefined);
        url = u.href;
        if (u.protocol !== 'http:' && u.protocol !== 'https:') skip = { reason: 'unsupported-scheme', error: `${u.protocol} links are not checked` };
      } catch {
        url = trimmed;
        skip = undefined; // the checker reports it broken: invalid-url
      }
      const rule = skip ? null : this.ignore(url);
      if (rule) skip = { reason: 'ignored', error: rule.reason };
    }
    const held = !skip && page && url.split('#')[0] === page.url ? { reason: page.reason, error: UNPUBLISHED[page.reason] } : undefined;
    let target = this.byUrl.get(url);
    if (!target) {
      target = { url, items: [], ...(skip ?? held ? { skip: skip ?? held } : {}) };
      this.byUrl.set(url, target);
    } else if (!held && target.skip && target.skip.reason in UNPUBLISHED) {
      delete target.skip; // something else cites this page too: it is checked after all
    }
    if (item && !target.items.some((i) => i.feed === item.feed && i.id === item.id)) target.items.push(item);
  }

  addFeeds(feeds: readonly Feed[]): this {
    for (const feed of feeds) {
      for (const item of feed.items) {
        const reason = this.unpublished(item);
        const who = citing(feed, item, reason);
        const page = reason && this.unpublishedPage(item, reason);
        for (const href of linksInHtml(item.html)) this.add(href, item.link, who, page);
        for (const source of item.sources) this.add(source, item.link, who, page);
        this.add(item.link, null, who, page);
      }
    }
    return this;
  }

  private unpublished(item: Item): Unpublished | undefined {
    const now = this.options.now;
    return item.draft ? 'draft' : now && item.date.getTime() > now.getTime() ? 'scheduled' : undefined;
  }

  private unpublishedPage(item: Item, reason: Unpublished): UnpublishedPage | undefined {
    try {
      return { url: new URL(item.link).href.split('#')[0]!, reason };
    } catch {
      return undefined;
    }
  }

  targets(): LinkTarget[] {
    return [...this.byUrl.values()];
  }
}

export function collectLinks(feeds: readonly Feed[], ignore: readonly IgnoreRule[] = [], options: CollectOptions = {}): LinkTarget[] {
  return new LinkCollector(ignoreMatcher(ignore), options).addFeeds(feeds).targets();
}

export function targetsFromUrls(urls: readonly string[], ignore: readonly IgnoreRule[] = []): LinkTarget[] {
  const c = new LinkCollector(ignoreMatcher(ignore));
  for (const u of urls) c.add(u, null, null);
  return c.targets();
}
