// A host that answers 429 with Retry-After, message by message: before the last delivery the message
// is retried with the host's Retry-After as its delay (the consumer does not wait), each delivery with
// one more attempt; on the last delivery (message.attempts past max_retries) the checker waits and
// retries as on Node, and the link is written blocked/http-429 instead of vanishing. Deliveries are
// made by hand (createMessageBatch) and read back with getQueueResult.
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { targetsFromUrls } from '../../../src/links/collect.js';
import { QUEUE } from '../../../src/runtime/worker/checks/limits.js';
import { emptyD1 } from '../d1-helpers.js';
import { harness, rows } from './harness.js';

const scenario = inject('scenarioOrigins');
const addresses = inject('scenarioAddresses');

beforeEach(() => emptyD1(env.DB));

describe('429 with Retry-After', () => {
  it('retries the message with the Retry-After as its delay, attempt after attempt; the last attempt writes the link blocked/http-429', async () => {
    const busy = `${scenario.c}/busy`; // always 429, Retry-After: 1
    const h = harness({
      targets: targetsFromUrls([busy]), allow: addresses,
      vars: { FEEDWATCH_RETRIES: '1', FEEDWATCH_RETRY_AFTER_CAP_MS: '3000' },
      // The host's slowdown interval doubles with each 429 of the run; starting at 1 ms it stays under
      // the Retry-After for all ten retries, so the delay is the Retry-After's alone.
      options: { checker: { slowdownStartMs: 1 } },
    });
    await h.cron();
    const deliveries = await h.pump();
    const checks = deliveries.filter((d) => d.messages[0]!.body.kind === 'check');
    const id = checks[0]!.messages[0]!.id;
    // 1 + max_retries deliveries of the one message, each with one more attempt.
    expect(checks.map((d) => d.messages.map((m) => [m.id, m.attempts]))).toEqual(Array.from({ length: QUEUE.maxRetries + 1 }, (_, i) => [[id, i + 1]]));
    // Before the last: one request, then message.retry({ delaySeconds: 1 }), nothing written.
    for (const d of checks.slice(0, -1)) {
      expect(d.retried).toEqual([{ id, delaySeconds: 1 }]);
      expect(d.acked).toEqual([]);
      expect(d.byKind.fetch).toBe(1);
    }
    // The last: the checker itself waits the Retry-After and tries again (check.retries 1), then writes.
    const last = checks.at(-1)!;
    expect(last.acked).toEqual([id]);
    expect(last.retried).toEqual([]);
    expect(last.byKind.fetch).toBe(2);
    expect(h.statuses()).toEqual({ [busy]: 'blocked/http-429' });
    expect(await rows('SELECT status, reason, http_status FROM links')).toEqual([{ status: 'blocked', reason: 'http-429', http_status: 429 }]);
  });

  it('a message delivered for the last time does not hand the 429 on: it writes the verdict at once', async () => {
    const busy = `${scenario.c}/busy`;
    const h = harness({ targets: targetsFromUrls([busy]), allow: addresses, vars: { FEEDWATCH_RETRIES: '0' } });
    await h.cron();
    const [m] = h.take();
    const d = await h.deliver([{ ...m!, attempts: QUEUE.maxRetries + 1 }]);
    expect(d.acked).toEqual([m!.id]);
    expect(d.byKind.fetch).toBe(1);
    expect(await rows('SELECT status FROM check_results')).toEqual([{ status: 'blocked' }]);
    // One attempt earlier it is handed on instead (a new run: the first one's `prepare` is dropped).
    h.take();
    await emptyD1(env.DB);
    await h.cron();
    const [again] = h.take();
    expect((await h.deliver([{ ...again!, attempts: QUEUE.maxRetries }])).retried).toEqual([{ id: again!.id, delaySeconds: 1 }]);
  });
});
