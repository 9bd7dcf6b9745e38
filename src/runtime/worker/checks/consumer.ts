// A check message: the links of one group (one host) of a run, checked by the shared core
// (links/checker.ts) through the fetch HttpClient, under the host's lease, and written once per
// (run, url). What it does not finish it hands on: a 429 or Retry-After retries the message later
// (on its last delivery the core waits and writes the link blocked/http-429, as on Node); a message
// nearing the subrequest budget or its time sends its remaining links as a new message.
import type { LinkCheckResult, LinkTarget } from '../../../core/types.js';
import { checkLinks } from '../../../links/checker.js';
import { failure, type HttpClient, type HttpFailure } from '../../../links/http.js';
import { failedBeforeAnswer } from '../../../links/offline.js';
import { backoffMs, isRetryableStatus, parseRetryAfter } from '../../../links/retry.js';
import { checkerOptions } from '../../../health/checker-options.js';
import type { Invocation } from './context.js';
import { createFetchHttpClient } from './http-client.js';
import { PLATFORM, QUEUE, SIZES } from './limits.js';
import { checkMessages, sendAll, type CheckMessage } from './messages.js';
import type { QueueMessage } from './platform.js';
import type { ResultRow } from './run-db.js';

type Stop = { reason: 'budget' | 'deadline' } | { reason: 'throttled'; delayMs: number };

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
  let lease: { holder: string } | null = null;
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
    lease = { holder };
  }

  let results: LinkCheckResult[];
  let stop: Stop | null = null;
  let targets: Map<string, LinkTarget>;
  try {
    const file = await inv.links.group(group.file);
    targets = new Map(file.links.map((l) => [l.url, l]));
    const list = todo.map((url) => targets.get(url) ?? { url, items: [] });
    const out = await checkGroup(list, message, inv, (s) => (stop ??= s));
    results = out;
  } catch (e) {
    if (lease) await db.releaseLease(group.host, lease.holder, iso(clock.now().getTime() - 1)).catch(() => undefined);
    throw e;
  }

  const rows: ResultRow[] = results.map((r) => ({
    url: r.url, status: r.status, unanswered: failedBeforeAnswer(r), result: JSON.stringify(r), items: JSON.stringify(targets.get(r.url)?.items ?? []),
  }));
  const now = clock.now().getTime();
  // The lease is given back: free at once, or after check.minIntervalMs (a lease is free once `until < now`).
  const freeAt = config.check.minIntervalMs > 0 ? now + config.check.minIntervalMs : now - 1;
  const { finalizing } = await db.writeResults(body.run, group, rows, iso(now), lease ? { holder: lease.holder, until: iso(freeAt) } : null);
  if (finalizing) await sendAll(inv.queue, [{ body: { kind: 'prepare', run: body.run } }], inv.budget);

  const written = new Set(rows.map((r) => r.url));
  const remaining = todo.filter((u) => !written.has(u));
  if (remaining.length === 0) return message.ack();
  const s = stop as Stop | null;
  if (s?.reason === 'throttled') return message.retry({ delaySeconds: Math.max(1, Math.ceil(s.delayMs / 1000)) });
  // Out of budget or time: the rest goes on in new messages (fresh deliveries, fresh budgets).
  await sendAll(inv.queue, checkMessages(body.run, body.group, remaining).map((m) => ({ body: m })), inv.budget);
  message.ack();
}

/**
 * Checks the links; returns the results that stand. A stop (budget, time, or a host asking us to
 * wait) keeps the results finished before it; the rest are not results and are handed on.
 */
async function checkGroup(targets: LinkTarget[], message: QueueMessage, inv: Invocation, onStop: (s: Stop) => void): Promise<LinkCheckResult[]> {
  const { config, budget } = inv;
  const started = Date.now();
  const last = isLastAttempt(message);
  const shutdown = new AbortController();
  let stopped: Stop | null = null;
  const stop = (s: Stop) => {
    if (stopped) return;
    stopped = s;
    onStop(s);
    // Throttled: the host wants a pause, so nothing more goes to it now (waits and requests end at once).
    if (s.reason === 'throttled') shutdown.abort();
  };
  const beforeRequest = (): HttpFailure | null => {
    if (stopped) return failure('aborted', `stopped: ${stopped.reason}`);
    if (budget.remaining <= SIZES.reserveSubrequests) stop({ reason: 'budget' });
    else if (Date.now() - started > SIZES.messageWallMs) stop({ reason: 'deadline' });
    return stopped ? failure('aborted', `stopped: ${(stopped as Stop).reason}`) : null;
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
      // A 429, or a retryable answer with Retry-After: before the last delivery, the message waits instead of the consumer.
      if (!last && answer.kind === 'response' && isRetryableStatus(answer.status) && (answer.status === 429 || answer.headers['retry-after'])) {
        const after = parseRetryAfter(answer.headers['retry-after'], inv.clock.now());
        const delayMs = Math.min(after ?? Math.max(1000, backoffMs(message.attempts - 1, config.check.retryBaseMs)), config.check.retryAfterCapMs);
        stop({ reason: 'throttled', delayMs });
      }
      return answer;
    },
  };
  const kept: LinkCheckResult[] = [];
  const options = checkerOptions(config);
  const concurrency = Math.max(1, Math.min(options.concurrency, Math.floor(PLATFORM.connections / inv.batchSize)));
  const previous = await inv.store.getLinks(targets.map((t) => t.url));
  await checkLinks({
    targets, previous, http, now: () => inv.clock.now(), signal: shutdown.signal,
    options: { ...options, concurrency, ...inv.options.checker },
    onProgress: (p) => {
      const r = p.last;
      if (r.reason === 'aborted') return; // cut short by our own stop: not a verdict
      if ((stopped as Stop | null)?.reason === 'throttled') return; // finished after the host asked for a pause
      kept.push(r);
    },
  });
  return kept;
}

