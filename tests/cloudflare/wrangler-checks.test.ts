// wrangler.toml's queue, consumer and cron settings against what the check handlers assume
// (src/runtime/worker/checks/limits.ts): the last delivery of a message is decided from max_retries,
// and a batch's messages share the connection slots, so the two must not drift apart.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { QUEUE } from '../../src/runtime/worker/checks/limits.js';

const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');

/** The key = value lines of the first [[section]] / [section] block with this header. */
function block(header: string): Record<string, string> {
  const start = toml.indexOf(`${header}\n`);
  if (start < 0) return {};
  const body = toml.slice(start + header.length + 1).split(/\n\[/)[0]!;
  return Object.fromEntries(body.split('\n').map((l) => /^(\w+)\s*=\s*(.+)$/.exec(l.trim())).filter((m): m is RegExpExecArray => !!m).map((m) => [m[1]!, m[2]!.trim()]));
}

describe('wrangler.toml for link checks', () => {
  it('binds the producer CHECKS to the queue the consumer reads', () => {
    expect(block('[[queues.producers]]')).toMatchObject({ binding: '"CHECKS"', queue: `"${QUEUE.name}"` });
  });

  it('the consumer settings are the ones the handlers assume', () => {
    const consumer = block('[[queues.consumers]]');
    expect(consumer).toMatchObject({ queue: `"${QUEUE.name}"`, max_retries: String(QUEUE.maxRetries), max_batch_size: String(QUEUE.maxBatchSize) });
    expect(consumer.dead_letter_queue).toBeUndefined(); // documented: no dead-letter queue
  });

  it('has a cron trigger, and no nodejs_compat', () => {
    expect(block('[triggers]').crons).toMatch(/^\["[^"]+"\]$/);
    expect(toml).not.toMatch(/^compatibility_flags/m);
  });
});
