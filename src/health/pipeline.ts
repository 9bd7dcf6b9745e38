// One check run: collect -> previous state -> check -> next states -> (health's events) -> commit
// (atomic) -> Report. The runtime hands in the store, the HTTP client and the clock.
import type { Config } from '../core/config.js';
import { RunError } from '../core/errors.js';
import type { AlertEvent, Clock, LinkState, Store } from '../core/ports.js';
import { FAILING_STATUSES, type Feed, type LinkCheckResult, type LinkTarget, type Report, type Suggestion } from '../core/types.js';
import { collectLinks } from '../links/collect.js';
import { looksOffline } from '../links/offline.js';
import { checkLinks, type CheckerOptions, type Progress } from '../links/checker.js';
import type { HttpClient } from '../links/http.js';
import type { HtmlReader } from '../links/page-summary.js';
import { nextLinkState } from './state.js';
import { buildReport, reportLink } from './report-json.js';
import { checkerOptions } from './checker-options.js';

export { checkerOptions, USER_AGENT_PRODUCT } from './checker-options.js';

const DAY_MS = 86_400_000;

/** What health's alert step sees, and may change, before anything is committed. */
export interface DecorateInput {
  targets: readonly LinkTarget[];
  results: readonly LinkCheckResult[];
  previous: ReadonlyMap<string, LinkState>;
  /** Next states, in the order of `results`. */
  next: LinkState[];
  now: Date;
  config: Config;
  store: Store;
}
export interface DecorateOutput {
  /** Transitions worth an alert; committed with the run. */
  events: AlertEvent[];
  /** Next states with `alertedStatus` updated (same order); default: `next` unchanged. */
  next?: LinkState[];
  /** Suggestions by URL (Wayback copies, ...), shown in the report. */
  suggestions?: ReadonlyMap<string, Suggestion>;
}
/** The seam where health plugs in alert transitions, mute and suggestions. */
export type Decorate = (input: DecorateInput) => Promise<DecorateOutput>;

export interface RunCheckInput {
  /** Feeds mode: every monitored link of every item. */
  feeds?: readonly Feed[];
  /** URL mode (or pre-collected targets). */
  targets?: readonly LinkTarget[];
  store: Store;
  http: HttpClient;
  clock: Clock;
  config: Config;
  onProgress?: (p: Progress) => void;
  /** Called with the number of links once they are collected. */
  onStart?: (total: number) => void;
  decorate?: Decorate;
  signal?: AbortSignal;
  /** Checker knobs that are not settings (tests make the 429 slowdown short). */
  checker?: Partial<CheckerOptions>;
  /** Reads HTML pages elsewhere (Node: worker threads); default: in this thread. */
  readHtml?: HtmlReader;
}

export interface RunCheckOutput {
  report: Report;
  results: LinkCheckResult[];
  states: LinkState[];
  events: AlertEvent[];
  /** 1 when a link is broken or soft404, else 0 (docs/cli.md "Exit codes"). */
  exitCode: 0 | 1;
  /**
   * Every checked link failed before any server answered, on several hosts: this machine looks
   * offline. The report shows the run as seen, but nothing was committed and no events were made.
   */
  offline: boolean;
}

export async function runCheck(input: RunCheckInput): Promise<RunCheckOutput> {
  const { store, clock, config } = input;
  const startedAt = clock.now();
  const targets = input.targets ?? collectLinks(input.feeds ?? [], config.check.ignore);
  input.onStart?.(targets.length);
  const previous = await store.getLinks(targets.map((t) => t.url));
  const results = await checkLinks({
    targets,
    previous,
    http: input.http,
    now: () => clock.now(),
    options: { ...checkerOptions(config), ...input.checker },
    onProgress: input.onProgress,
    signal: input.signal,
    readHtml: input.readHtml,
  });
  // Interrupted (shutdown): the unfinished checks say nothing about the links; keep the old state.
  if (input.signal?.aborted) throw new RunError('the check was interrupted; the state file is unchanged.');
  let next = results.map((r) => nextLinkState(previous.get(r.url), r));
  let events: AlertEvent[] = [];
  let suggestions: ReadonlyMap<string, Suggestion> = new Map();
  const offline = looksOffline(results);
  if (input.decorate && !offline) {
    const out = await input.decorate({ targets, results, previous, next, now: clock.now(), config, store });
    events = out.events;
    next = out.next ?? next;
    suggestions = out.suggestions ?? suggestions;
  }
  const finishedAt = clock.now();
  // An offline run is no evidence against the links: keep state, history and failure counts as they were.
  if (!offline) await store.commitRun({
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    links: next,
    checks: results.map((r) => ({ url: r.url, checkedAt: r.checkedAt, status: r.status, httpStatus: r.httpStatus, reason: r.reason })),
    events,
    pruneBefore: new Date(finishedAt.getTime() - config.alerts.historyDays * DAY_MS).toISOString(),
  });
  const links = results.map((r, i) => {
    const suggestion = suggestions.get(r.url) ?? (r.status === 'moved' && r.finalUrl ? { kind: 'moved' as const, url: r.finalUrl, at: r.checkedAt } : null);
    return reportLink(targets[i]!, r, next[i]!, suggestion);
  });
  const report = buildReport(links, finishedAt.toISOString(), await store.historySince(), { offline });
  const exitCode = results.some((r) => FAILING_STATUSES.includes(r.status)) ? 1 : 0;
  return { report, results, states: next, events, exitCode, offline };
}
