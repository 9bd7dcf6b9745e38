// report.json version 2 in the exact shape of docs/report.schema.json: every key always present,
// null or [] where there is no value, keys in a fixed order.
import { LINK_STATUSES, REPORT_VERSION, type LinkCheckResult, type LinkTarget, type Report, type ReportLink, type StatusCounts, type Suggestion } from '../core/types.js';
import type { LinkState } from '../core/ports.js';

export function reportLink(target: LinkTarget, result: LinkCheckResult, state: LinkState, suggestion: Suggestion | null): ReportLink {
  return {
    url: result.url,
    status: result.status,
    reason: result.reason ?? null,
    error: result.error ?? null,
    httpStatus: result.httpStatus ?? null,
    finalUrl: result.finalUrl ?? null,
    redirects: result.redirects.map((h) => ({ url: h.url, status: h.status })),
    title: result.title ?? state.title ?? null,
    since: state.since ?? null,
    checkedAt: result.checkedAt ?? null,
    lastOkAt: state.lastOkAt ?? null,
    firstFailedAt: state.firstFailedAt ?? null,
    consecutiveFailures: state.consecutiveFailures,
    change: result.change ? { before: result.change.before, after: result.change.after } : null,
    suggestion,
    items: target.items.map((i) => ({ feed: i.feed, id: i.id, title: i.title, link: i.link, draft: i.draft ?? false })),
  };
}

export function countStatuses(links: readonly { status: ReportLink['status'] }[]): StatusCounts {
  const summary = { total: links.length } as StatusCounts;
  for (const s of LINK_STATUSES) summary[s] = 0;
  for (const l of links) summary[l.status]++;
  return summary;
}

/** What the report says about the run as a whole. */
export interface RunFlags {
  /** The run looked offline (links/offline.ts): nothing was recorded. */
  offline: boolean;
  /** The run ended before every link was checked (a Worker out of time); never on Node. */
  partial?: boolean;
}

export function buildReport(links: ReportLink[], generatedAt: string, historySince: string | null, flags: RunFlags): Report {
  const sorted = [...links].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return {
    version: REPORT_VERSION,
    generatedAt,
    historySince,
    offline: flags.offline,
    partial: flags.partial ?? false,
    summary: countStatuses(sorted),
    links: sorted,
  };
}

export function serializeReport(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
