// Drives the Worker's check handlers by hand inside workerd: the cron event through
// createScheduledController, each queue batch through createMessageBatch and getQueueResult (what
// was acked, what retried), with a queue of our own in between. Local Queues run batches one at a
// time, redeliver a whole batch on a throw and lose pending messages on restart, so the semantics are
// proved here, message by message, where the tests choose the order, the duplicates and the losses.
import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from 'cloudflare:test';
import type { LinkTarget } from '../../../src/core/types.js';
import { groupLinks, linkFiles, LINKS_DIR, LINKS_FORMAT } from '../../../src/links/link-groups.js';
import { checkHandlers } from '../../../src/runtime/worker/checks/handlers.js';
import type { ChecksEnv, ChecksOptions } from '../../../src/runtime/worker/checks/context.js';
import type { ChecksMessage } from '../../../src/runtime/worker/checks/messages.js';
import type { InvocationBudget } from '../../../src/runtime/worker/checks/budget.js';
import { LinksMissing, type LinksSource } from '../../../src/runtime/worker/checks/links-source.js';
import { bodyText, type ReportFile } from '../../../src/runtime/worker/checks/report-sink.js';
import { QUEUE } from '../../../src/runtime/worker/checks/limits.js';
import type { Report } from '../../../src/core/types.js';
import { isPrivateAddressLiteral as defaultBlocked } from '../../../src/links/private-address.js';
import type { D1Like } from '../../../src/store/d1.js';

export interface Pending {
  id: string;
  body: ChecksMessage;
  attempts: number;
  /** The delay it was sent or retried with. */
  delaySeconds: number;
}

export interface Delivery {
  messages: Pending[];
  acked: string[];
  retried: Array<{ id: string; delaySeconds: number | undefined }>;
  /** What the invocation used. */
  subrequests: number;
  queries: number;
  byKind: InvocationBudget['byKind'];
}

export class TestClock {
  constructor(public ms = Date.UTC(2026, 10, 2, 6, 0, 0)) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface HarnessOptions {
  targets: readonly LinkTarget[];
  /** Links per group (default 200). */
  groupSize?: number;
  /** Wrangler vars (FEEDWATCH_*). */
  vars?: Record<string, string>;
  /** Addresses the SSRF guard lets through (the local origins stand for public hosts). */
  allow?: readonly string[];
  options?: Partial<ChecksOptions>;
  /** The D1 binding the handlers get (default the test database itself); tests wrap it to inject failures. */
  db?: (db: D1Database) => D1Like;
}

let ids = 0;

export function harness(o: HarnessOptions) {
  const clock = new TestClock();
  const queue: Pending[] = [];
  const reports = new Map<string, string>();
  const writes: ReportFile[][] = [];
  const logs: string[] = [];
  let files = linkFiles(groupLinks(o.targets, o.groupSize)).files;
  let lastBudget: InvocationBudget | null = null;
  const allow = new Set(o.allow ?? []);

  const enqueue = (body: ChecksMessage, delaySeconds = 0) => queue.push({ id: `m${++ids}`, body: structuredClone(body), attempts: 1, delaySeconds });
  const producer = {
    async send(body: ChecksMessage, options?: { delaySeconds?: number }) {
      enqueue(body, options?.delaySeconds);
      return {};
    },
    async sendBatch(items: Iterable<{ body: ChecksMessage; delaySeconds?: number }>) {
      for (const m of items) enqueue(m.body, m.delaySeconds);
      return {};
    },
  };
  const links = (_env: ChecksEnv, budget: InvocationBudget): LinksSource => {
    const read = async (name: string) => {
      budget.take('asset');
      const text = files.get(name);
      if (text === undefined) throw new LinksMissing(`${LINKS_DIR}/${name} is not in the Worker's assets`);
      return JSON.parse(text);
    };
    return { manifest: () => read('manifest.json'), group: (file) => read(file) };
  };
  const options: ChecksOptions = {
    clock,
    links,
    log: (line) => logs.push(line),
    sink: async (f) => {
      writes.push(f);
      for (const file of f) reports.set(file.name, await bodyText(file.body));
    },
    isBlockedAddress: (ip) => !allow.has(ip) && defaultBlocked(ip),
    checker: { slowdownStartMs: 10 },
    onInvocation: (_kind, budget) => (lastBudget = budget),
    ...o.options,
  };
  const handlers = checkHandlers(options);
  const testEnv = { ...env, DB: o.db ? o.db(env.DB) : env.DB, CHECKS: producer, ...(o.vars ?? {}) } as unknown as ChecksEnv;

  /** The cron event; returns what it used. */
  async function cron(): Promise<Pick<Delivery, 'subrequests' | 'queries' | 'byKind'>> {
    const ctx = createExecutionContext();
    lastBudget = null;
    await handlers.scheduled(createScheduledController({ scheduledTime: clock.ms, cron: '0 */6 * * *' }), testEnv, ctx);
    return used(lastBudget);
  }

  function used(budget: InvocationBudget | null): Pick<Delivery, 'subrequests' | 'queries' | 'byKind'> {
    return {
      subrequests: budget?.usedSubrequests ?? 0,
      queries: budget?.usedQueries ?? 0,
      byKind: { ...(budget?.byKind ?? { fetch: 0, d1: 0, queue: 0, asset: 0, r2: 0 }) },
    };
  }

  /** Delivers these messages as one batch; returns what the handler did with each. */
  async function deliver(messages: Pending[]): Promise<Delivery> {
    const batch = createMessageBatch<ChecksMessage>(QUEUE.name, messages.map((m) => ({ id: m.id, timestamp: new Date(clock.ms), attempts: m.attempts, body: m.body })));
    const delays = new Map<string, number | undefined>();
    // The test batch records retry() but not its delay: the handler gets messages that tell us both.
    const seen = {
      queue: batch.queue,
      messages: batch.messages.map((m) => ({
        get id() { return m.id; },
        get timestamp() { return m.timestamp; },
        get body() { return m.body; },
        get attempts() { return m.attempts; },
        retry(opts?: { delaySeconds?: number }) {
          delays.set(m.id, opts?.delaySeconds);
          m.retry(opts);
        },
        ack() { m.ack(); },
      })),
    };
    const ctx = createExecutionContext();
    lastBudget = null;
    await handlers.queue(seen, testEnv, ctx);
    const result = await getQueueResult(batch, ctx);
    return {
      messages,
      acked: result.explicitAcks,
      retried: result.retryMessages.map((r: { msgId: string }) => ({ id: r.msgId, delaySeconds: delays.get(r.msgId) })),
      ...used(lastBudget),
    };
  }

  /**
   * Delivers queued messages, `batchSize` at a time in order, until none is left: a retried message
   * comes back with one more attempt (the clock moves on by its delay). Returns every delivery.
   */
  async function pump(batchSize = 1, maxDeliveries = 500): Promise<Delivery[]> {
    const out: Delivery[] = [];
    while (queue.length) {
      if (out.length >= maxDeliveries) throw new Error(`still ${queue.length} messages after ${maxDeliveries} deliveries`);
      const taken = queue.splice(0, batchSize);
      const d = await deliver(taken);
      out.push(d);
      for (const r of d.retried) {
        const m = taken.find((t) => t.id === r.id)!;
        clock.advance((r.delaySeconds ?? 0) * 1000);
        queue.push({ ...m, attempts: m.attempts + 1, delaySeconds: r.delaySeconds ?? 0 });
      }
    }
    return out;
  }

  return {
    clock, queue, reports, writes, logs, env: testEnv, handlers, cron, deliver, pump,
    /** Takes queued messages out (to lose them, or deliver them by hand). */
    take: (n = queue.length) => queue.splice(0, n),
    /** Puts messages back, as a redelivery or a duplicate would. */
    put: (...m: Pending[]) => queue.push(...m),
    /** The assets without the links (no build:worker before the deploy). */
    dropLinks: () => (files = new Map()),
    /** The cited links change (a new deploy of the assets). */
    setTargets: (targets: readonly LinkTarget[], groupSize = o.groupSize) => (files = linkFiles(groupLinks(targets, groupSize)).files),
    report: (): Report => JSON.parse(reports.get('report.json') ?? 'null') as Report,
    statuses: (): Record<string, string> => Object.fromEntries(JSON.parse(reports.get('report.json') ?? '{"links":[]}').links.map((l: { url: string; status: string; reason: string | null }) => [l.url, `${l.status}${l.reason ? `/${l.reason}` : ''}`])),
    format: LINKS_FORMAT,
  };
}


/** The rows of a table. */
export async function rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]> {
  return (await env.DB.prepare(sql).bind(...params).all<T>()).results;
}
