// The shapes every layer shares. Imports nothing.

export interface Author {
  name: string;
  email?: string;
  uri?: string;
}

/** A feed as declared in `feeds/<feed-id>/feed.yaml`. */
export interface FeedMeta {
  /** The folder name: [a-z0-9-]+. */
  id: string;
  title: string;
  description: string;
  /** The site's home page (absolute URL). */
  link: string;
  /** BCP 47, e.g. `sv`. */
  language: string;
  author: Author;
  /** Optional permanent feed id (`id:` in feed.yaml); otherwise derived, never from the title. */
  atomId?: string;
  /** `idAuthority:` in feed.yaml: this feed's tagging authority, over the global setting. */
  idAuthority?: string;
  image?: string;
  copyright?: string;
  categories: string[];
  /** Path of feed.yaml, for messages. */
  file: string;
}

/** One news item: `feeds/<feed-id>/items/<yyyy-mm-dd>-<slug>.md`. */
export interface Item {
  feedId: string;
  /** Permanent id: front matter `id`, or derived from feed id + slug. Never changes once published. */
  id: string;
  slug: string;
  /** Path of the Markdown file, for messages. */
  file: string;
  title: string;
  /** Publication date, from front matter (ISO 8601 with offset). */
  date: Date;
  /** Last meaningful edit; defaults to `date`. */
  updated: Date;
  /** Absolute URL of the item on the site. */
  link: string;
  summary?: string;
  categories: string[];
  author?: Author;
  /** Extra URLs to monitor that the body does not link. */
  sources: string[];
  /** `draft: true`: in no feed, archive page or index; its links are still checked. Absent means false. */
  draft?: boolean;
  /** The Markdown body as written. */
  markdown: string;
  /** Rendered HTML, sanitized, with every relative URL made absolute against `link`. */
  html: string;
}

export interface Feed {
  meta: FeedMeta;
  /** Newest first; ties broken by id so the order is deterministic. */
  items: Item[];
}

/** A problem found in content or config: where, which field, what, and what to do. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  file: string;
  /** 1-based; 0 when the problem is the file as a whole. */
  line: number;
  column?: number;
  field?: string;
  message: string;
  hint?: string;
}

// ---- Link health --------------------------------------------------------------------------

/** One status per link per run; see docs/link-statuses.md for meaning and precedence. */
export type LinkStatus = 'ok' | 'changed' | 'moved' | 'soft404' | 'blocked' | 'broken' | 'skipped';

export const LINK_STATUSES: readonly LinkStatus[] = [
  'ok',
  'changed',
  'moved',
  'soft404',
  'blocked',
  'broken',
  'skipped',
];

/** Statuses that make `check` exit 1. `blocked` never counts as broken. */
export const FAILING_STATUSES: readonly LinkStatus[] = ['broken', 'soft404'];

export interface RedirectHop {
  url: string;
  status: number;
}

/** An item that cites a link. */
export interface CitingItem {
  feed: string;
  id: string;
  title: string;
  link: string;
  /** The item is a draft; absent means false. */
  draft?: boolean;
  /** The item is dated after the check's cut-off, held back until then; absent means false. */
  scheduled?: boolean;
  /** A draft's or scheduled item's file in its feed folder (`items/2026-12-10-slug.md`), so public
   *  outputs can name it without its title or future link. Not in report.json. */
  file?: string;
}

/** A citing item as report.json writes it: `draft` and `scheduled` always present. */
export interface ReportItem {
  feed: string;
  id: string;
  title: string;
  link: string;
  draft: boolean;
  scheduled: boolean;
}

export interface Suggestion {
  kind: 'moved' | 'archive';
  url: string;
  /** ISO 8601; for an archive, the snapshot time. */
  at: string | null;
}

/** One link in `report.json` (docs/report.schema.json). Every key is always present: null where there is no value. */
export interface ReportLink {
  url: string;
  status: LinkStatus;
  reason: string | null;
  error: string | null;
  httpStatus: number | null;
  finalUrl: string | null;
  redirects: RedirectHop[];
  title: string | null;
  since: string | null;
  checkedAt: string | null;
  lastOkAt: string | null;
  firstFailedAt: string | null;
  consecutiveFailures: number;
  change: { before: string; after: string } | null;
  suggestion: Suggestion | null;
  items: ReportItem[];
}

export type StatusCounts = { total: number } & Record<LinkStatus, number>;

/** report.json, version 2: the exact shape is docs/report.schema.json; keys in this order. */
export interface Report {
  version: number;
  generatedAt: string;
  /** The oldest check kept in history (ISO 8601), or null when there is none. */
  historySince: string | null;
  /** Every checked link failed before any server answered, on several hosts (links/offline.ts): nothing was recorded. */
  offline: boolean;
  /** The run stopped before every link was checked (a Worker run out of time, issue 10); always false on Node. */
  partial: boolean;
  summary: StatusCounts;
  links: ReportLink[];
}

/** 2 added `offline`, `partial` and each item's `draft` and `scheduled`; nothing was removed or renamed. */
export const REPORT_VERSION = 2;

/** A link to check, with every item that cites it (one URL is checked once per run). */
export interface LinkTarget {
  url: string;
  items: CitingItem[];
  /** Set when the link is not checked at all (mailto:, excluded by config, ...). */
  skip?: { reason: string; error: string | null };
}

/** What one check of one link found: the checker's output, before history is applied. */
export interface LinkCheckResult {
  url: string;
  status: LinkStatus;
  /** Short stable code: `http-404`, `timeout`, `dns`, `redirect-loop`, `private-address`, ... */
  reason: string | null;
  /** The underlying message. */
  error: string | null;
  httpStatus: number | null;
  finalUrl: string | null;
  redirects: RedirectHop[];
  title: string | null;
  checkedAt: string;
  /** Validators to send next time (kept from the last run on a 304). */
  etag: string | null;
  lastModified: string | null;
  /** `<algorithm version>:<digest>`, or null when the page's text was not read. */
  fingerprint: string | null;
  excerpt: string | null;
  /** For `changed`: short excerpts of the text before and after. */
  change: { before: string; after: string } | null;
  /** The server answered 304 Not Modified to a conditional request. */
  notModified: boolean;
  durationMs: number;
}
