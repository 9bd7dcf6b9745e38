// The health steps of a check run, in the order the pipeline calls them:
//   1. beforeCommit: suggestions (moved, Wayback) and alert events from the state transition;
//   2. (the pipeline commits states, history and events atomically);
//   3. renderOutputs: report.html, report.md and alerts.atom from the report and the store;
//   4. deliverEvents: the webhook, after the commit, so an event is never sent without being kept.
import type { Config } from '../core/config.js';
import { redactorFor } from '../core/redact.js';
import type { LinkState, Store } from '../core/ports.js';
import type { CitingItem, LinkCheckResult, Report, Suggestion } from '../core/types.js';
import { computeAlerts, type AlertOutput } from './alerts.js';
import { ALERTS_FEED_SIZE, renderAlertsAtom } from './alerts-atom.js';
import { renderReportHtml } from './report-html.js';
import { renderReportMarkdown } from './report-md.js';
import { suggestionsFor, type FetchLike } from './wayback.js';
import { deliverPending, type DeliveryReport } from './webhook.js';

export interface BeforeCommitInput {
  previous: ReadonlyMap<string, LinkState>;
  next: readonly LinkState[];
  results?: ReadonlyMap<string, LinkCheckResult>;
  citing?: ReadonlyMap<string, readonly CitingItem[]>;
  config: Pick<Config, 'alerts'>;
  store: Pick<Store, 'getCache' | 'putCache'>;
  /** The platform fetch for the Wayback API (the runtime's, or one msw intercepts in tests). */
  fetch: FetchLike;
  /** The run's time, ISO 8601. */
  now: string;
  archivable?: (url: string) => boolean;
}

export interface BeforeCommitOutput extends AlertOutput {
  suggestions: Map<string, Suggestion>;
}

export async function beforeCommit(input: BeforeCommitInput): Promise<BeforeCommitOutput> {
  const suggestions = await suggestionsFor(input.next, { fetch: input.fetch, store: input.store, now: input.now }, { wayback: input.config.alerts.wayback, archivable: input.archivable });
  const alerts = await computeAlerts({
    previous: input.previous,
    next: input.next,
    failureThreshold: input.config.alerts.failureThreshold,
    mute: input.config.alerts.mute,
    results: input.results,
    citing: input.citing,
    suggestions,
  });
  return { ...alerts, suggestions };
}

/** The report with each link's suggestion filled in where the run found one. */
export function withSuggestions(report: Report, suggestions: ReadonlyMap<string, Suggestion>): Report {
  return { ...report, links: report.links.map((l) => ({ ...l, suggestion: suggestions.get(l.url) ?? l.suggestion })) };
}

/** File names beside report.json in `<out>/health/`. */
export const HEALTH_FILES = { html: 'report.html', markdown: 'report.md', atom: 'alerts.atom' } as const;

/**
 * Renders the human reports and the alerts feed; the caller writes them (atomically). Secrets (the
 * configuration's header values and webhook, URL passwords and tokens: core/redact.ts) are redacted.
 */
export async function renderOutputs(report: Report, store: Pick<Store, 'history' | 'events'>, config: Pick<Config, 'alerts' | 'baseUrl'> & Partial<Pick<Config, 'check'>>): Promise<Map<string, string>> {
  const redact = redactorFor(config);
  const history = await store.history(
    report.links.map((l) => l.url),
    report.historySince,
  );
  const events = await store.events(ALERTS_FEED_SIZE);
  const input = { report, history, mute: config.alerts.mute };
  return new Map([
    [HEALTH_FILES.html, redact(renderReportHtml(input))],
    [HEALTH_FILES.markdown, redact(renderReportMarkdown(input))],
    [HEALTH_FILES.atom, redact(renderAlertsAtom({ events, selfUrl: new URL('health/alerts.atom', config.baseUrl).href, emptyUpdated: report.generatedAt }))],
  ]);
}

/** Sends undelivered events to the webhook (if configured). Never throws for the receiver's sake. */
export async function deliverEvents(store: Pick<Store, 'undeliveredEvents' | 'markDelivered'>, config: Pick<Config, 'alerts'> & Partial<Pick<Config, 'check'>>, fetch: FetchLike): Promise<DeliveryReport> {
  const { webhook, webhookTimeoutMs, webhookRetries } = config.alerts;
  return deliverPending(store, webhook ? { url: webhook, fetch, timeoutMs: webhookTimeoutMs, retries: webhookRetries, redact: redactorFor(config) } : null);
}
