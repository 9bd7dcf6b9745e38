// What travels on the `feedwatch-checks` queue, and sending it within the platform's sizes: 128 KB
// per message, 100 messages or 256 KB per sendBatch (PLATFORM in limits.ts; we keep to SIZES).
import type { InvocationBudget } from './budget.js';
import { PLATFORM, SIZES } from './limits.js';
import type { QueueProducer } from './platform.js';

/** Check these links of one group (one host) of a run. The citing items stay in the group's asset file. */
export interface CheckMessage {
  kind: 'check';
  run: string;
  /** Index of the group in the run (its file is in check_run_groups). */
  group: number;
  urls: string[];
}

/** Finishing a run: decide offline and cut slices (`prepare`), commit one slice, write the reports. */
export type FinalizeMessage =
  | { kind: 'prepare'; run: string }
  | { kind: 'slice'; run: string; slice: number }
  | { kind: 'report'; run: string };

export type ChecksMessage = CheckMessage | FinalizeMessage;

export interface Outgoing {
  body: ChecksMessage;
  delaySeconds?: number;
}

const encoder = new TextEncoder();
export const jsonBytes = (value: unknown): number => encoder.encode(JSON.stringify(value)).length;

/** The check messages for these links of a group: as few as fit SIZES.messageBytes each. */
export function checkMessages(run: string, group: number, urls: readonly string[]): CheckMessage[] {
  const empty = jsonBytes({ kind: 'check', run, group, urls: [] } satisfies CheckMessage);
  const out: CheckMessage[] = [];
  let urlsOf: string[] = [];
  let size = empty;
  for (const url of urls) {
    const bytes = jsonBytes(url) + 1;
    if (urlsOf.length && size + bytes > SIZES.messageBytes) {
      out.push({ kind: 'check', run, group, urls: urlsOf });
      urlsOf = [];
      size = empty;
    }
    urlsOf.push(url);
    size += bytes;
  }
  if (urlsOf.length) out.push({ kind: 'check', run, group, urls: urlsOf });
  return out;
}

/** Clamps a delay to what the platform accepts. */
export function delaySeconds(seconds: number): number {
  return Math.max(0, Math.min(PLATFORM.maxDelaySeconds, Math.ceil(seconds)));
}

/**
 * Sends every message, in sendBatch calls of at most PLATFORM.batchMessages messages and
 * SIZES.batchBytes bytes; each call counts as one subrequest.
 */
export async function sendAll(queue: QueueProducer<ChecksMessage>, messages: readonly Outgoing[], budget: InvocationBudget): Promise<void> {
  let batch: Outgoing[] = [];
  let size = 0;
  const flush = async () => {
    if (!batch.length) return;
    budget.take('queue');
    const items = batch.map((m) => (m.delaySeconds ? { body: m.body, delaySeconds: delaySeconds(m.delaySeconds) } : { body: m.body }));
    if (items.length === 1) await queue.send(items[0]!.body, items[0]!.delaySeconds ? { delaySeconds: items[0]!.delaySeconds } : undefined);
    else await queue.sendBatch(items);
    batch = [];
    size = 0;
  };
  for (const m of messages) {
    const bytes = jsonBytes(m.body);
    if (batch.length >= PLATFORM.batchMessages || (batch.length && size + bytes > SIZES.batchBytes)) await flush();
    batch.push(m);
    size += bytes;
  }
  await flush();
}
