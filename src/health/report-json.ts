// report.json in the exact schema of docs/report.schema.json: every key always present, null or [].
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
    items: target.items.map((i) => ({ feed: i.feed, id: i.id, title: i.title, link: i.link })),
  };
}

export function countStatuses(links: readonly { status: ReportLink['status'] }[]): StatusCounts {
  const summary = { total: links.length } as StatusCounts;
  for (const s of LINK_STATUSES) summary[s] = 0;
  for (const l of links) summary[l.status]++;
  return summary;
}

export function buildReport(links: ReportLink[], generatedAt: string, historySince: string | null): Report {
  const sorted = [...links].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return { version: REPORT_VERSION, generatedAt, historySince, summary: countStatuses(sorted), links: sorted };
}

export function serializeReport(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
