// Capabilities a runtime hands the core: a store, a clock (and, in links/, an HTTP client).
// Everything here is asynchronous and batch-shaped so that SQLite (Node), D1 (Worker) and memory
// can all implement it: D1 has atomic batches, not interactive transactions.
import type { LinkStatus } from './types.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What the store remembers about one link between runs. Times are ISO 8601 strings (UTC). */
export interface LinkState {
  url: string;
  status: LinkStatus;
  reason: string | null;
  httpStatus: number | null;
  finalUrl: string | null;
  title: string | null;
  /** Validators for conditional requests on the next run. */
  etag: string | null;
  lastModified: string | null;
  /** `<algorithm version>:<digest>` of the title and main text; a new version re-baselines silently. */
  fingerprint: string | null;
  /** A short normalized excerpt of the main text, to show what changed. */
  excerpt: string | null;
  /** When the current status began. */
  since: string;
  checkedAt: string;
  lastOkAt: string | null;
  firstFailedAt: string | null;
  consecutiveFailures: number;
  /** The status alerts last announced for this link (the alert state machine's state); null before any. */
  alertedStatus: LinkStatus | null;
}

/** One row of history: one link, one run. */
export interface CheckRecord {
  url: string;
  checkedAt: string;
  status: LinkStatus;
  httpStatus: number | null;
  reason: string | null;
}

/** A link-health transition worth telling a maintainer about. */
export interface AlertEvent {
  /** Permanent, unique per event: used as the Atom entry id and the webhook idempotency key. */
  id: string;
  url: string;
  from: LinkStatus | null;
  to: LinkStatus;
  at: string;
  /** JSON: whatever the renderers need (reason, finalUrl, change excerpt, citing items, suggestion). */
  detail: string;
  /** Whether the webhook receiver acknowledged it (at-least-once delivery). */
  delivered: boolean;
}

/** Everything one run learned, committed atomically: all of it or none of it. */
export interface RunRecord {
  startedAt: string;
  finishedAt: string;
  links: LinkState[];
  checks: CheckRecord[];
  events: AlertEvent[];
  /** Drop history rows (and delivered events) older than this, to keep history bounded. */
  pruneBefore?: string;
}

export interface CacheEntry {
  value: string;
  storedAt: string;
}

export interface Store {
  /** State of the given links; links never seen are absent from the map. */
  getLinks(urls: readonly string[]): Promise<Map<string, LinkState>>;
  /** Every link the store knows. */
  allLinks(): Promise<LinkState[]>;
  /** Atomic: a run killed at any moment leaves the previous state intact. */
  commitRun(run: RunRecord): Promise<void>;
  /** History rows of these links (all links when `urls` is null) checked at or after `since`, oldest first. */
  history(urls: readonly string[] | null, since: string | null): Promise<CheckRecord[]>;
  /** The oldest check kept, or null. */
  historySince(): Promise<string | null>;
  /** Newest first. */
  events(limit: number): Promise<AlertEvent[]>;
  undeliveredEvents(): Promise<AlertEvent[]>;
  markDelivered(ids: readonly string[]): Promise<void>;
  /** A small key-value cache (Wayback lookups and the like). */
  getCache(key: string): Promise<CacheEntry | null>;
  putCache(key: string, value: string, storedAt: string): Promise<void>;
  close(): Promise<void>;
}
