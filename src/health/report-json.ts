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
    items: target.items.map((i) => ({ feed: i.feed, id: i.id, title: i.title, link: i.link, draft: i.draft ?? false, scheduled: i.scheduled ?? false })),
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

/** One link as it sits in report.json's `links` array (what serializeReport writes for it). */
export function reportLinkJson(link: ReportLink): string {
  return JSON.stringify(link, null, 2).replace(/^/gm, '    ');
}

/**
 * report.json around its links, for writing it link by link (a run too big to hold as one string):
 * `head + linkTexts.join(separator) + tail` is serializeReport of the report with those links, in
 * that order. `report.links` is not read; `count` says how many links there will be.
 */
export function reportJsonFrame(report: Omit<Report, 'links'>, count: number): { head: string; separator: string; tail: string } {
  const empty = serializeReport({ ...report, links: [] } as Report);
  if (count === 0) return { head: empty, separator: ',\n', tail: '' };
  const marker = '"links": []';
  const at = empty.lastIndexOf(marker);
  return { head: `${empty.slice(0, at)}"links": [\n`, separator: ',\n', tail: `\n  ]${empty.slice(at + marker.length)}` };
}
