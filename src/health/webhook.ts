// The webhook: a JSON POST of new link-health events, in a shape Slack- and Teams-style incoming
// webhooks accept (a top-level `text`), with full details in `events`. Delivery is at least once:
// events stay undelivered in the store until the receiver answers 2xx, and are sent again on the
// next run; the `Idempotency-Key` header and each event's `id` let a receiver drop repeats.
import type { AlertEvent, Store } from '../core/ports.js';
import type { CitingItem } from '../core/types.js';
import { basicCredentials, decodeUrlPart } from '../core/redact.js';
import { parseDetail, type EventDetail } from './alerts.js';
import { unpublished } from './report-view.js';
import { sha256Hex } from './hash.js';
import type { FetchLike } from './wayback.js';

/** Events per POST; the rest go in the following POSTs of the same run. */
export const WEBHOOK_BATCH = 100;
/** Lines of `text` before "and N more" (chat messages should stay readable). */
const TEXT_LINES = 20;
/** Exponential backoff: 500 ms doubling, capped at 30 s (as lychee does for 429/5xx). */
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;

export interface WebhookOptions {
  url: string;
  fetch: FetchLike;
  timeoutMs: number;
  retries: number;
  /** For tests: how to wait between attempts. */
  sleep?: (ms: number) => Promise<void>;
  /** Applied to the body and to error messages: secrets never travel (core/redact.ts). */
  redact?: (text: string) => string;
}

export interface WebhookEvent extends EventDetail {
  id: string;
  url: string;
  from: string | null;
  to: string;
  at: string;
}

export interface WebhookBody {
  text: string;
  events: WebhookEvent[];
}

export interface DeliveryReport {
  /** Ids the receiver acknowledged. */
  delivered: string[];
  /** Why the rest were not, or null. */
  error: string | null;
  attempts: number;
}

/** Slack's mrkdwn needs &, < and > as entities; Teams shows them fine too. */
function chatEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `"Title"`, marked `(draft)` or `(scheduled)` when the item is not published yet. */
function citedBy(item: CitingItem): string {
  const state = unpublished(item);
  return `"${item.title}"${state ? ` (${state})` : ''}`;
}

export function webhookBody(events: readonly AlertEvent[]): WebhookBody {
  const full = events.map((e): WebhookEvent => ({ id: e.id, url: e.url, from: e.from, to: e.to, at: e.at, ...parseDetail(e) }));
  const lines = full.slice(0, TEXT_LINES).map((e) => {
    const cited = e.items.length ? `, cited by ${e.items.map(citedBy).join(', ')}` : '';
    const where = e.to === 'moved' && e.finalUrl ? ` -> ${e.finalUrl}` : '';
    return `• ${e.to}: ${e.url}${where}${e.from ? ` (was ${e.from})` : ''}${cited}`;
  });
  if (full.length > TEXT_LINES) lines.push(`… and ${full.length - TEXT_LINES} more`);
  const head = `feedwatch: ${full.length} link-health event${full.length === 1 ? '' : 's'}`;
  return { text: chatEscape([head, ...lines].join('\n')), events: full };
}

function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3), capped by the backoff cap. */
function retryAfterMs(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - nowMs;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, BACKOFF_CAP_MS) : null;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Where to POST and the Authorization header to send. A URL with userinfo (`https://user:pw@host/`)
 * cannot be fetched (the Fetch standard refuses to build the request), so, as curl does, the
 * userinfo travels as `Authorization: Basic` and is stripped from the URL. Anything else is as given.
 */
export function webhookTarget(url: string): { url: string; authorization: string | null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, authorization: null };
  }
  if (!u.username && !u.password) return { url, authorization: null };
  const authorization = `Basic ${basicCredentials(decodeUrlPart(u.username), decodeUrlPart(u.password))}`;
  u.username = '';
  u.password = '';
  return { url: u.href, authorization };
}

/** POSTs one batch with retries. Resolves with what happened; never throws. */
export async function postEvents(events: readonly AlertEvent[], options: WebhookOptions): Promise<DeliveryReport> {
  const sleep = options.sleep ?? realSleep;
  const redact = options.redact ?? ((t: string) => t);
  const body = redact(JSON.stringify(webhookBody(events)));
  // The same batch always gets the same key, so a repeat delivery is recognisable as one.
  const key = await sha256Hex(events.map((e) => e.id).sort().join('\n'));
  const target = webhookTarget(options.url);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': key, 'user-agent': 'feedwatch' };
  if (target.authorization) headers.authorization = target.authorization;
  let error = 'not sent';
  let attempt = 0;
  for (; attempt <= options.retries; attempt++) {
    let wait = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_CAP_MS);
    try {
      const response = await options.fetch(target.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return { delivered: events.map((e) => e.id), error: null, attempts: attempt + 1 };
      error = `HTTP ${response.status}`;
      if (!retryable(response.status)) return { delivered: [], error, attempts: attempt + 1 };
      wait = retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? wait;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      // fetch says "fetch failed"; the reason is in its cause (ECONNREFUSED, a DNS error, ...).
      const cause = err.cause?.code ?? err.cause?.message;
      error = err.name === 'TimeoutError' ? `timed out after ${options.timeoutMs} ms` : redact(`${err.message}${cause ? ` (${cause})` : ''}`);
    }
    if (attempt < options.retries) await sleep(wait);
  }
  return { delivered: [], error, attempts: attempt };
}

/**
 * Sends every undelivered event (this run's and any a receiver missed before), oldest first, in
 * batches, and marks what was acknowledged. With no webhook configured there is nothing to wait
 * for: events are marked delivered so they can be pruned with history.
 */
export async function deliverPending(store: Pick<Store, 'undeliveredEvents' | 'markDelivered'>, options: WebhookOptions | null): Promise<DeliveryReport> {
  const pending = (await store.undeliveredEvents()).slice().sort((a, b) => cmp(a.at, b.at) || cmp(a.url, b.url) || cmp(a.id, b.id));
  const total: DeliveryReport = { delivered: [], error: null, attempts: 0 };
  if (pending.length === 0) return total;
  if (!options) {
    await store.markDelivered(pending.map((e) => e.id));
    return total;
  }
  for (let i = 0; i < pending.length; i += WEBHOOK_BATCH) {
    const report = await postEvents(pending.slice(i, i + WEBHOOK_BATCH), options);
    total.attempts += report.attempts;
    if (report.delivered.length) {
      await store.markDelivered(report.delivered);
      total.delivered.push(...report.delivered);
    }
    if (report.error) {
      total.error = report.error;
      break; // the receiver is down: the rest wait for the next run
    }
  }
  return total;
}
