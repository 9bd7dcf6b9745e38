// What one invocation (a cron event, or one batch of queue messages) works with: its budgets, its
// connection slots, the database, the queue, the links, the report sink, the settings and the clock.
// Built once per invocation; the messages of a batch share it, as they share the platform's limits.
import type { Config } from '../../../core/config.js';
import type { Clock } from '../../../core/ports.js';
import { systemClock } from '../../../core/ports.js';
import type { FetchLike } from '../../../health/wayback.js';
import type { CheckerOptions } from '../../../links/checker.js';
import { D1Store } from '../../../store/d1.js';
import { InvocationBudget, Semaphore } from './budget.js';
import { checkVars, varsProblemMessage } from '../config.js';
import type { FetchFn } from './http-client.js';
import { PLATFORM } from './limits.js';
import { assetLinks, type LinksSource } from './links-source.js';
import type { ChecksMessage } from './messages.js';
import type { AssetFetcher, D1Like, QueueProducer } from './platform.js';
import { r2ReportSink, type ReportSink } from './report-sink.js';
import { RunDb } from './run-db.js';
import type { ScheduledOutcome } from './scheduled.js';

/** The bindings the check runs use (wrangler.toml): ../env.ts's Env has these and more. */
export interface ChecksEnv {
  DB: D1Like;
  CHECKS: QueueProducer<ChecksMessage>;
  ASSETS?: AssetFetcher;
  REPORTS?: R2Bucket;
  /** Settings as wrangler vars (../config.ts). */
  [setting: `FEEDWATCH_${string}`]: unknown;
}

/** What tests (and the lead's wiring) may put in place of the platform's defaults. */
export interface ChecksOptions {
  clock?: Clock;
  /** Where the reports go; default R2 (REPORTS) under `health/`. */
  sink?: ReportSink;
  links?: (env: ChecksEnv, budget: InvocationBudget) => LinksSource;
  /** The platform fetch for the checker, Wayback and the webhook; default the global one (msw patches it). */
  fetch?: FetchFn;
  /** Literal addresses the SSRF guard refuses (tests let their loopback servers through). */
  isBlockedAddress?: (address: string) => boolean;
  /** Checker knobs that are not settings (tests make the 429 slowdown short). */
  checker?: Partial<CheckerOptions>;
  /** Settings over what the vars say (tests). */
  config?: (config: Config) => Config;
  log?: (line: string) => void;
  /** Called with each invocation's budget when it is done (tests read the counts). */
  onInvocation?: (kind: string, budget: InvocationBudget) => void;
  /** Called with what a cron event did (null: it failed, and said why in the log). */
  onScheduled?: (outcome: ScheduledOutcome | null) => void;
}

export interface Invocation {
  env: ChecksEnv;
  config: Config;
  clock: Clock;
  budget: InvocationBudget;
  connections: Semaphore;
  db: RunDb;
  store: D1Store;
  links: LinksSource;
  sink: ReportSink;
  queue: QueueProducer<ChecksMessage>;
  log: (line: string) => void;
  /** The platform fetch for Wayback and the webhook: each call counted, within the connection slots. */
  fetch: FetchLike;
  options: ChecksOptions;
  /** Messages in this invocation's batch (they share the connection slots). */
  batchSize: number;
}

const defaultLog = (line: string) => console.log(line);
const resolved = new WeakMap<object, ReturnType<typeof checkVars>>();

/** The bucket with every call (head, get, put, delete, list) counted as a subrequest, as the platform counts it. */
export function countedBucket(bucket: R2Bucket, budget: InvocationBudget): R2Bucket {
  return new Proxy(bucket, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        budget.take('r2');
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export function invocation(env: ChecksEnv, options: ChecksOptions, batchSize = 1): Invocation {
  const log = options.log ?? defaultLog;
  // The same vars, names and checks as the fetch handler's (../config.ts); a bad var keeps its
  // default and is logged once per isolate (env is the same object for each of its invocations).
  let checked = resolved.get(env);
  if (!checked) {
    checked = checkVars(env);
    resolved.set(env, checked);
    if (checked.problems.length) log(varsProblemMessage(checked.problems));
  }
  let config = checked.config;
  if (options.config) config = options.config(config);
  const budget = new InvocationBudget(config.worker.subrequests, PLATFORM.d1Queries);
  const connections = new Semaphore(PLATFORM.connections);
  const platformFetch: FetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const fetch: FetchLike = async (input, init) => {
    budget.take('fetch');
    const release = await connections.acquire();
    try {
      const res = await platformFetch(input, init);
      // The slot is held until the body is read: the caller reads or cancels it at once.
      const body = await res.arrayBuffer();
      const empty = [101, 204, 205, 304].includes(res.status); // statuses whose Response may have no body
      return new Response(empty ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      release();
    }
  };
  const sink = options.sink ?? (env.REPORTS ? r2ReportSink(countedBucket(env.REPORTS, budget)) : async () => {
    throw new Error('the Worker has no REPORTS binding (R2): the reports cannot be written. Add [[r2_buckets]] binding = "REPORTS" to wrangler.toml.');
  });
  return {
    env, config, budget, connections, log, fetch, options, batchSize, sink,
    clock: options.clock ?? systemClock,
    db: new RunDb(env.DB, budget),
    store: new D1Store(env.DB, { beforeQueries: (n) => budget.take('d1', n) }),
    links: options.links ? options.links(env, budget) : assetLinks(env.ASSETS, budget),
    queue: env.CHECKS,
  };
}
