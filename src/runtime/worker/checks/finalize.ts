// Finishing a run in slices: D1's 1,000 queries per invocation (and 128 MB) cannot take 100,000
// links in one go. `prepare` decides whether the run looked offline (over every result, in SQL) and
// cuts the results into slices by URL; each `slice` message does for its links what runCheck does on
// Node (next states, suggestions and alert transitions, one atomic commit) and stages their report
// rows; the message that commits the last slice sends `report`.
import type { LinkState } from '../../../core/ports.js';
import type { CitingItem, LinkCheckResult, Suggestion } from '../../../core/types.js';
import { OFFLINE_MIN_HOSTS } from '../../../links/offline.js';
import { nextLinkState } from '../../../health/state.js';
import { beforeCommit } from '../../../health/steps.js';
import { reportLink, reportLinkJson } from '../../../health/report-json.js';
import { waybackCacheKey } from '../../../health/wayback.js';
import { redactorFor } from '../../../core/redact.js';
import { checkParams, eventParams, linkParams } from '../../../store/rows.js';
import { utf8Length } from '../../../store/d1-chunks.js';
import type { Invocation } from './context.js';
import { SIZES } from './limits.js';
import { sendAll } from './messages.js';
import type { QueueMessage } from './platform.js';
import type { SliceCommit } from './run-db.js';

export async function handlePrepare(message: QueueMessage, runId: string, inv: Invocation): Promise<void> {
  const { db } = inv;
  const run = await db.run(runId);
  if (!run || run.state !== 'finalizing') return message.ack();
  const now = inv.clock.now().toISOString();
  if (run.slices === null) {
    // links/offline.ts's rule, over every result of the run at once.
    const facts = await db.offlineFacts(runId);
    await db.createSlices(runId, SIZES.sliceLinks, facts.answered === 0 && facts.hosts >= OFFLINE_MIN_HOSTS, now);
  }
  const open = await db.openSlices(runId);
  if (open.length === 0) {
    if (await db.slicesDone(runId, now)) await sendAll(inv.queue, [{ body: { kind: 'report', run: runId } }], inv.budget);
  } else {
    await sendAll(inv.queue, open.map((slice) => ({ body: { kind: 'slice', run: runId, slice } })), inv.budget);
  }
  message.ack();
}

export async function handleSlice(message: QueueMessage, runId: string, slice: number, inv: Invocation): Promise<void> {
  const { db, store, config } = inv;
  const run = await db.run(runId);
  if (!run || run.state !== 'finalizing' || run.offline === null) return message.ack();
  const rows = await db.sliceResults(runId, slice);
  if (!rows) return message.ack(); // committed already: a repeated message changes nothing
  const results: LinkCheckResult[] = rows.map((r) => JSON.parse(r.result) as LinkCheckResult);
  const citing = new Map(rows.map((r) => [r.url, JSON.parse(r.items) as CitingItem[]]));
  const previous = await store.getLinks(results.map((r) => r.url));
  let next: LinkState[] = results.map((r) => nextLinkState(previous.get(r.url), r));
  let suggestions: ReadonlyMap<string, Suggestion> = new Map();
  let events: ReturnType<typeof eventParams>[] = [];
  const cachePuts: Array<[string, string, string]> = [];
  let eventCount = 0;
  if (!run.offline) {
    // Wayback lookups read the cache once for the slice and write it with the commit.
    const cached = await db.cacheEntries(next.filter((s) => s.status === 'broken' || s.status === 'soft404').map((s) => waybackCacheKey(s.url)));
    const cache = {
      getCache: async (key: string) => cached.get(key) ?? null,
      putCache: async (key: string, value: string, storedAt: string) => {
        cached.set(key, { value, storedAt });
        cachePuts.push([key, value, storedAt]);
      },
    };
    const out = await beforeCommit({
      previous, next, results: new Map(results.map((r) => [r.url, r])), citing, config, store: cache, fetch: inv.fetch,
      now: inv.clock.now().toISOString(),
    });
    next = out.states;
    suggestions = out.suggestions;
    events = out.events.map(eventParams);
    eventCount = out.events.length;
  }
  const redact = redactorFor(config);
  const report = results.map((r, i): SliceCommit['report'][number] => {
    const suggestion = suggestions.get(r.url) ?? (r.status === 'moved' && r.finalUrl ? { kind: 'moved' as const, url: r.finalUrl, at: r.checkedAt } : null);
    const text = redact(reportLinkJson(reportLink({ url: r.url, items: citing.get(r.url) ?? [] }, r, next[i]!, suggestion)));
    return [r.url, r.status, r.reason, text, utf8Length(text)];
  });
  // An offline run is no evidence against the links: its report is written, nothing else.
  const commit: SliceCommit = run.offline
    ? { links: [], checks: [], events: [], cache: [], report }
    : {
        links: next.map(linkParams),
        checks: results.map((r) => checkParams({ url: r.url, checkedAt: r.checkedAt, status: r.status, httpStatus: r.httpStatus, reason: r.reason })),
        events, cache: cachePuts, report,
      };
  const { reporting } = await db.commitSlice(runId, slice, commit, eventCount, inv.clock.now().toISOString());
  if (reporting) await sendAll(inv.queue, [{ body: { kind: 'report', run: runId } }], inv.budget);
  message.ack();
}
