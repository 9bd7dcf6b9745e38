// The cron event: closes a run whose messages were lost, nudges one whose finishing stalled, and
// otherwise opens a new run and sends one message per group of one host's links. Never two runs at
// once: while a run is making progress, a cron event only says so.
import type { Invocation } from './context.js';
import { SIZES } from './limits.js';
import { checkMessages, sendAll, type Outgoing } from './messages.js';
import type { RunRow } from './run-db.js';

export interface ScheduledOutcome {
  /** The run this event opened, if any. */
  opened: string | null;
  /** Runs it closed as partial (lost messages) or nudged (a stalled finish). */
  closed: string[];
  nudged: string[];
  /** A run still making progress: nothing new was started. */
  busy: string | null;
}

/** Finishing messages again for a run whose finishing stalled (a lost message); all of them are idempotent. */
function nudge(run: RunRow): Outgoing[] {
  if (run.state === 'reporting') return [{ body: { kind: 'report', run: run.id } }];
  return [{ body: { kind: 'prepare', run: run.id } }];
}

export async function runScheduled(inv: Invocation): Promise<ScheduledOutcome> {
  const { db, clock, log } = inv;
  const now = clock.now();
  const outcome: ScheduledOutcome = { opened: null, closed: [], nudged: [], busy: null };
  const staleBefore = now.getTime() - Math.max(SIZES.staleMs, inv.config.check.retryAfterCapMs * 2);
  let open = false;
  for (const run of await db.openRuns()) {
    open = true;
    if (Date.parse(run.progressAt) >= staleBefore) {
      outcome.busy ??= run.id;
      continue;
    }
    if (run.state === 'checking') {
      // Its messages were lost (or died): close it with what it has.
      if (await db.markLost(run.id, now.toISOString())) {
        log(`feedwatch: [check] run ${run.id} made no progress since ${run.progressAt}: some of its messages were lost; closing it with what it has (partial).`);
        await sendAll(inv.queue, [{ body: { kind: 'prepare', run: run.id } }], inv.budget);
        outcome.closed.push(run.id);
      }
    } else {
      await db.touch(run.id, now.toISOString());
      await sendAll(inv.queue, nudge(run), inv.budget);
      outcome.nudged.push(run.id);
    }
  }
  if (open) {
    if (outcome.busy) log(`feedwatch: [check] run ${outcome.busy} is still in progress; this cron event starts nothing.`);
    return outcome;
  }

  const manifest = await inv.links.manifest();
  const id = `run-${now.toISOString()}-${crypto.randomUUID().slice(0, 8)}`;
  await db.createRun(id, now.toISOString(), manifest.total, manifest.groups.map((g) => ({ file: g.file, host: g.host, links: g.urls.length })));
  const messages = manifest.groups.flatMap((g, i) => checkMessages(id, i, g.urls)).map((body): Outgoing => ({ body }));
  await sendAll(inv.queue, messages, inv.budget);
  // A run with no links at all goes straight to its (empty) report.
  if (manifest.groups.length === 0 && (await db.allGroupsDone(id))) await sendAll(inv.queue, [{ body: { kind: 'prepare', run: id } }], inv.budget);
  log(`feedwatch: [check] run ${id}: ${manifest.total} links in ${manifest.groups.length} groups, ${messages.length} messages.`);
  outcome.opened = id;
  return outcome;
}
