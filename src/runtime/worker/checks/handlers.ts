// The Worker's `scheduled` and `queue` handlers for link checks. src/runtime/worker/index.ts only
// needs `export default { fetch, scheduled, queue }`; `checkHandlers(options)` builds the same with
// other parts (tests: a clock, a report sink, loopback servers let through the guard).
import type { ChecksEnv, ChecksOptions, Invocation } from './context.js';
import { invocation } from './context.js';
import { handleCheck } from './consumer.js';
import { handlePrepare, handleSlice } from './finalize.js';
import type { ChecksMessage } from './messages.js';
import type { QueueBatch, QueueMessage, ScheduledEventLike, WaitUntil } from './platform.js';
import { handleReport } from './report.js';
import { runScheduled, type ScheduledOutcome } from './scheduled.js';
import { LinksMissing } from './links-source.js';

export type { ChecksEnv, ChecksOptions };

async function handleMessage(message: QueueMessage, inv: Invocation): Promise<void> {
  const body = message.body as ChecksMessage;
  switch (body?.kind) {
    case 'check':
      return handleCheck(message, body, inv);
    case 'prepare':
      return handlePrepare(message, body.run, inv);
    case 'slice':
      return handleSlice(message, body.run, body.slice, inv);
    case 'report':
      return handleReport(message, body.run, inv);
    default:
      inv.log(`feedwatch: [queue] a message this feedwatch does not know (${JSON.stringify(body)?.slice(0, 200)}); dropped.`);
      return message.ack();
  }
}

export function checkHandlers(options: ChecksOptions = {}) {
  return {
    /** The cron trigger: see scheduled.ts. Never throws: a failed event is logged, and the next one tries again. */
    async scheduled(_event: ScheduledEventLike, env: ChecksEnv, _ctx?: WaitUntil): Promise<void> {
      const inv = invocation(env, options);
      let outcome: ScheduledOutcome | null = null;
      try {
        outcome = await runScheduled(inv);
      } catch (e) {
        const why = e instanceof LinksMissing ? e.message : `${(e as Error)?.message ?? e}`;
        inv.log(`feedwatch: [check] the cron event could not start a run: ${why}`);
      } finally {
        options.onInvocation?.('scheduled', inv.budget);
        options.onScheduled?.(outcome);
      }
    },

    /**
     * A batch of messages. They run side by side and share the invocation's connections and budgets
     * (the platform's limits are per invocation). A message that fails is retried on its own; the
     * others keep their ack, so the handler itself never throws.
     */
    async queue(batch: QueueBatch, env: ChecksEnv, _ctx?: WaitUntil): Promise<void> {
      const inv = invocation(env, options, batch.messages.length);
      await Promise.all(
        batch.messages.map(async (message) => {
          try {
            await handleMessage(message, inv);
          } catch (e) {
            inv.log(`feedwatch: [queue] message ${message.id} (${(message.body as ChecksMessage)?.kind}, attempt ${message.attempts}) failed: ${(e as Error)?.message ?? e}; it is retried.`);
            message.retry();
          }
        }),
      );
      options.onInvocation?.('queue', inv.budget);
    },
  };
}

const handlers = checkHandlers();
export const scheduled = handlers.scheduled;
export const queue = handlers.queue;
