// Queue messages within the platform's sizes: at most 100 KB of JSON per message (128 KB allowed),
// at most 100 messages and 200 KB per sendBatch call (256 KB allowed), each call one subrequest.
import { describe, expect, it } from 'vitest';
import { InvocationBudget } from '../../../src/runtime/worker/checks/budget.js';
import { PLATFORM, SIZES } from '../../../src/runtime/worker/checks/limits.js';
import { checkMessages, jsonBytes, sendAll, type ChecksMessage } from '../../../src/runtime/worker/checks/messages.js';

describe('check messages', () => {
  it('a group of 200 ordinary links is one message; long addresses are split over several, none too big', () => {
    const ordinary = Array.from({ length: 200 }, (_, i) => `https://www.example.org/news/2026/article-${i}`);
    expect(checkMessages('run-1', 0, ordinary)).toHaveLength(1);
    const long = Array.from({ length: 200 }, (_, i) => `https://www.example.org/search?q=${'x'.repeat(2000)}&n=${i}`);
    const messages = checkMessages('run-1', 3, long);
    expect(messages.length).toBeGreaterThanOrEqual(4);
    for (const m of messages) expect(jsonBytes(m)).toBeLessThanOrEqual(SIZES.messageBytes);
    expect(messages.flatMap((m) => m.urls)).toEqual(long);
    expect(messages.every((m) => m.run === 'run-1' && m.group === 3)).toBe(true);
  });

  it('sendAll: at most 100 messages and 200 KB per call, one subrequest each', async () => {
    const calls: Array<{ bodies: ChecksMessage[] }> = [];
    const queue = {
      send: async (body: ChecksMessage) => void calls.push({ bodies: [body] }),
      sendBatch: async (items: Iterable<{ body: ChecksMessage }>) => void calls.push({ bodies: [...items].map((i) => i.body) }),
    };
    const small = Array.from({ length: 250 }, (_, i) => ({ body: { kind: 'slice', run: 'r', slice: i } as ChecksMessage }));
    const big = Array.from({ length: 10 }, (_, i) => ({ body: checkMessages('r', i, Array.from({ length: 30 }, (_, j) => `https://e.example/${'y'.repeat(1500)}${j}`))[0]! }));
    const budget = new InvocationBudget(1000, 1000);
    await sendAll(queue, [...small, ...big], budget);
    expect(calls.flatMap((c) => c.bodies)).toHaveLength(260);
    for (const c of calls) {
      expect(c.bodies.length).toBeLessThanOrEqual(PLATFORM.batchMessages);
      expect(c.bodies.reduce((n, b) => n + jsonBytes(b), 0)).toBeLessThanOrEqual(SIZES.batchBytes);
    }
    expect(budget.byKind.queue).toBe(calls.length);
  });
});
