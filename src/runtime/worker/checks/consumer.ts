// A check message: the links of one group (one host) of a run, checked by the shared core
// (links/checker.ts) through the fetch HttpClient, under the host's lease, and written once per
// (run, url). What it does not finish it hands on: a 429 or Retry-After retries the message later
// (on its last delivery the core waits and writes the link blocked/http-429, as on Node), and the
// host's lease stays held until then, so no other message of that host reaches it meanwhile; a
// message nearing the subrequest budget or its time sends its remaining links as a new message.
import type { LinkCheckResult, LinkTarget } from '../../../core/types.js';
import { checkLinks } from '../../../links/checker.js';
import { failure, type HttpClient, type HttpFailure } from '../../../links/http.js';
import { failedBeforeAnswer } from '../../../links/offline.js';
import { backoffMs, isRetryableStatus, parseRetryAfter } from '../../../links/retry.js';
import { SLOWDOWN_MAX_MS, SLOWDOWN_START_MS } from '../../../links/politeness.js';
import { checkerOptions } from '../../../health/checker-options.js';
import type { Invocation } from './context.js';
import { createFetchHttpClient } from './http-client.js';
import { PLATFORM, QUEUE, SIZES } from './limits.js';
import { checkMessages, sendAll, type CheckMessage } from './messages.js';
import type { QueueMessage } from './platform.js';
import type { HostSlowdown, LeaseRelease, ResultRow } from './run-db.js';

/** Why a message stopped starting links; throttled: `host` asked us to wait until `untilMs` (clock time). */
type Stop = { reason: 'budget' | 'deadline' } | { reason: 'throttled'; host: string; untilMs: number };

/** What a message saw while checking: why it stopped, and whether the group's host answered 429. */
interface Watch {
  host: string;
  stop: Stop | null;
  got429: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The last delivery the platform makes of a message (deliveries are 1 + max_retries). */
export function isLastAttempt(message: { attempts: number }): boolean {
  return message.attempts > QUEUE.maxRetries;
}

/** How long a message waits for a host another consumer holds: until its lease runs out, within bounds. */
function leaseWaitSeconds(until: string | null, nowMs: number): number {
  const left = until ? Math.ceil((Date.parse(until) - nowMs) / 1000) : SIZES.leaseRetryMinSeconds;
  return Math.max(SIZES.leaseRetryMinSeconds, Math.min(SIZES.leaseRetryMaxSeconds, left));
}

/**
 * How long the lease on a host lasts: the message's time, then what a link started at its end may
 * still take (its request time, and its waits for Retry-After on the last delivery), plus a margin.
 * A consumer gives it back as soon as it is done; this only bounds a consumer that died.
 */
export function leaseMs(check: { timeoutMs: number; retries: number; retryAfterCapMs: number }): number {
  return SIZES.messageWallMs + check.timeoutMs + check.retries * check.retryAfterCapMs + 60_000;
}

export async function handleCheck(message: QueueMessage, body: CheckMessage, inv: Invocation): Promise<void> {
  const { db, clock, config } = inv;
  const run = await db.run(body.run);
  // A message of a run that is over (or unknown) changes nothing.
  if (!run || run.state !== 'checking') return message.ack();
  const group = await db.group(body.run, body.group);
  if (!group) return message.ack();
  const done = await db.checkedUrls(body.run, body.urls);
  const todo = body.urls.filter((u) => !done.has(u));
  // A repeated or late message: its links have results already.
  if (todo.length === 0) return message.ack();

  // One consumer per host at a time, whatever run or message it is working for.
  let lease: { holder: string; slowdown: HostSlowdown } | null = null;
  if (group.host) {
    const holder = crypto.randomUUID();
    const now = clock.now().getTime();
    const taken = await db.takeLease(group.host, holder, iso(now + leaseMs(config.check)), iso(now));
    if (!taken.taken) {
      const delaySeconds = leaseWaitSeconds(taken.until, now);
      if (!isLastAttempt(message)) return message.retry({ delaySeconds });
      // Waiting is not a failure of the links: on the last delivery they go on in a new message.
      await sendAll(inv.queue, [{ body: { ...body, urls: todo }, delaySeconds }], inv.budget);
      return message.ack();
    }
    lease = { holder, slowdown: taken.slowdown };
  }

  // A host slowed down earlier in this run (it answered 429) stays slowed, as in the Node checker.
  const slowMs = lease?.slowdown.run === body.run ? lease.slowdown.ms : null;
  const watch: Watch = { host: group.host, stop: null, got429: false };
  let outcome: { finalizing: boolean };
  let rows: ResultRow[];
  let hostFreeAt = 0;
  try {
    const file = await inv.links.group(group.file);
    const targets = new Map(file.links.map((l) => [l.url, l]));
    const list = todo.map((url) => targets.get(url) ?? { url, items: [] });
    const results = await checkGroup(list, message, inv, slowMs, watch);
    rows = results.map((r) => ({
      url: r.url, status: r.status, unanswered: failedBeforeAnswer(r), result: JSON.stringify(r), items: JSON.stringify(targets.get(r.url)?.items ?? []),
    }));
    const release = lease ? leaseRelease(lease, body.run, slowMs, watch, inv) : null;
    if (release) hostFreeAt = Date.parse(release.until) + 1;
    outcome = await db.writeResults(body.run, group, rows, iso(clock.now().getTime()), release);
    lease = null; // given back in the same transaction as the results
  } finally {
    // Checking or writing failed: the lease is given back now, not when it runs out (minutes later).
    if (lease) await db.releaseLease(group.host, leaseRelease(lease, body.run, slowMs, watch, inv)).catch(() => undefined);
  }
  if (outcome.finalizing) await sendAll(inv.queue, [{ body: { kind: 'prepare', run: body.run } }], inv.budget);

  const finished = new Set(rows.map((r) => r.url));
  const remaining = todo.filter((u) => !finished.has(u));
  if (remaining.length === 0) return message.ack();
  const s = watch.stop;
  if (s?.reason === 'throttled') {
    // Back when the host is free again: after its Retry-After (and its slowdown interval, if longer).
    const waitMs = Math.max(s.untilMs, hostFreeAt) - clock.now().getTime();
    return message.retry({ delaySeconds: Math.max(1, Math.ceil(waitMs / 1000)) });
  }
  // Out of budget or time: the rest goes on in new messages (fresh deliveries, fresh budgets).
  await sendAll(inv.queue, checkMessages(body.run, body.group, remaining).map((m) => ({ body: m })), inv.budget);
  message.ack();
}

/**
 * The lease as a message gives it back. It stays held (no consumer may start on the host) until the
 * host's Retry-After has passed, when the host asked us to wait, and, after the last request, for
 * check.minIntervalMs or the host's slowdown interval, so the pause holds across consumers. A 429
 * slows the host down for the rest of the run: the interval starts at 0.5 s and doubles, up to 30 s
 * (links/politeness.ts).
 */
function leaseRelease(lease: { holder: string; slowdown: HostSlowdown }, run: string, slowMs: number | null, watch: Watch, inv: Invocation): LeaseRelease {
  const start = inv.options.checker?.slowdownStartMs ?? SLOWDOWN_START_MS;
  const slowdown: HostSlowdown = watch.got429 ? { run, ms: slowMs === null ? start : Math.min(SLOWDOWN_MAX_MS, Math.max(start, slowMs * 2)) } : lease.slowdown;
  const now = inv.clock.now().getTime();
  const pauseMs = Math.max(inv.config.check.minIntervalMs, slowdown.run === run ? slowdown.ms : 0);
  const throttledUntil = watch.stop?.reason === 'throttled' && watch.stop.host === watch.host ? watch.stop.untilMs : 0;
  // Free once `until < now`: from `now + pause` on, or from the end of the host's Retry-After on.
  return { holder: lease.holder, until: iso(Math.max(now + pauseMs, throttledUntil) - 1), slowdown };
}

/**
 * Checks the links; returns the results that stand. A stop (budget, time, or a host asking us to
 * wait) keeps the results finished before it; the rest are not results and are handed on.
 */
async function checkGroup(targets: LinkTarget[], message: QueueMessage, inv: Invocation, slowMs: number | null, watch: Watch): Promise<LinkCheckResult[]> {
  const { config, budget } = inv;
  const started = Date.now();
  const last = isLastAttempt(message);
  const shutdown = new AbortController();
  // The first stop counts (watch.stop); later ones change nothing.
  const stop = (s: Stop) => {
    if (watch.stop) return;
    watch.stop = s;
    // Throttled: the host wants a pause, so nothing more goes to it now (waits and requests end at once).
    if (s.reason === 'throttled') shutdown.abort();
  };
  const beforeRequest = (): HttpFailure | null => {
    if (!watch.stop) {
      if (budget.remaining <= SIZES.reserveSubrequests) stop({ reason: 'budget' });
      else if (Date.now() - started > SIZES.messageWallMs) stop({ reason: 'deadline' });
    }
    return watch.stop ? failure('aborted', `stopped: ${watch.stop.reason}`) : null;
  };
  const client = createFetchHttpClient({
    connectTimeoutMs: config.check.connectTimeoutMs,
    firstByteTimeoutMs: config.check.firstByteTimeoutMs,
    allowPrivate: config.check.allowPrivate,
    connections: inv.connections,
    budget,
    beforeRequest,
    isBlockedAddress: inv.options.isBlockedAddress,
    fetch: inv.options.fetch,
  });
  const http: HttpClient = {
    async request(url, o) {
      const answer = await client.request(url, o);
      const host = new URL(url).hostname; // a redirect may lead to another host
      if (answer.kind === 'response' && answer.status === 429 && host === watch.host) watch.got429 = true;
      // A 429, or a retryable answer with Retry-After: before the last delivery, the message waits instead of the consumer.
      if (!last && answer.kind === 'response' && isRetryableStatus(answer.status) && (answer.status === 429 || answer.headers['retry-after'])) {
        const after = parseRetryAfter(answer.headers['retry-after'], inv.clock.now());
        const delayMs = Math.min(after ?? Math.max(1000, backoffMs(message.attempts - 1, config.check.retryBaseMs)), config.check.retryAfterCapMs);
        stop({ reason: 'throttled', host, untilMs: inv.clock.now().getTime() + delayMs });
      }
      return answer;
    },
  };
  const kept: LinkCheckResult[] = [];
  const options = checkerOptions(config);
  // Slowed down earlier in the run: one request at a time, at least slowMs apart.
  if (slowMs !== null) Object.assign(options, { perHost: 1, minIntervalMs: Math.max(options.minIntervalMs, slowMs) });
  const concurrency = Math.max(1, Math.min(options.concurrency, Math.floor(PLATFORM.connections / inv.batchSize)));
  const previous = await inv.store.getLinks(targets.map((t) => t.url));
  await checkLinks({
    targets, previous, http, now: () => inv.clock.now(), signal: shutdown.signal,
    options: { ...options, concurrency, ...inv.options.checker },
    onProgress: (p) => {
      const r = p.last;
      if (r.reason === 'aborted') return; // cut short by our own stop: not a verdict
      if (watch.stop?.reason === 'throttled') return; // finished after the host asked for a pause
      kept.push(r);
    },
  });
  return kept;
}

