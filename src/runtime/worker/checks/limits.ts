// The platform's limits the check runs keep to, and the sizes chosen to keep inside them. Each is
// explained in the README, "Scaling out"; wrangler.toml's queue settings must match QUEUE below (a
// test reads wrangler.toml).

/** Cloudflare's limits (Workers Paid, Queues, D1), as documented. */
export const PLATFORM = {
  /** Simultaneous open connections per invocation; more wait on the platform (and count against our timeouts). */
  connections: 6,
  /** D1 queries per invocation, on the Paid plan as well. */
  d1Queries: 1000,
  /** One queue message, 1 KB = 1000 bytes, about 100 of them the platform's own. */
  messageBytes: 128_000,
  /** One sendBatch call. */
  batchMessages: 100,
  batchBytes: 256_000,
  /** delaySeconds of send and retry (12 h on older accounts, 24 h now). */
  maxDelaySeconds: 12 * 3600,
  /** A queue consumer's wall time per invocation. */
  consumerWallMs: 15 * 60_000,
} as const;

/** The consumer settings in wrangler.toml ([[queues.consumers]]). */
export const QUEUE = {
  name: 'feedwatch-checks',
  /** Deliveries of a message are 1 + maxRetries; the last one writes what it has (a 429 as blocked). */
  maxRetries: 10,
  /** Messages per invocation; they share the connections and the budgets. */
  maxBatchSize: 3,
} as const;

/** Our sizes. */
export const SIZES = {
  /** Bytes of JSON we put in one message (PLATFORM.messageBytes less room for the platform's metadata). */
  messageBytes: 100_000,
  /** Bytes of JSON per sendBatch call. */
  batchBytes: 200_000,
  /** A message stops starting links after this long and hands the rest to a new message. */
  messageWallMs: 4 * 60_000,
  /** Subrequests a message keeps in hand for its own ending: D1 writes, the lease, a follow-up message. */
  reserveSubrequests: 20,
  /** Links per finalize slice: a slice's reads, commit and report rows are a handful of D1 queries. */
  sliceLinks: 500,
  /**
   * Above this many links, report.html and report.md list the problems only (report.json has every
   * link). 2,000 links make a report.html of about 3 MiB from about 120,000 history rows (60 per link):
   * well inside 128 MB. (Node renders every link, from every history row.)
   */
  fullReportLinks: 2_000,
  /** At most this many problem (and muted) links in an abridged report.html/report.md; the rest are in report.json. */
  abridgedProblems: 2_000,
  /** Rows of report.json read from D1 per query while it is written out. */
  reportPageRows: 500,
  /** A run that made no progress this long lost its messages: the next cron closes it. */
  staleMs: 30 * 60_000,
  /** Shortest and longest wait before a message retries for a busy host. */
  leaseRetryMinSeconds: 5,
  leaseRetryMaxSeconds: 60,
} as const;
