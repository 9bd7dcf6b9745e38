// Synthetic values for health tests: link states, reports, history, events.
import type { AlertEvent, CheckRecord, LinkState } from '../../src/core/ports.js';
import type { LinkStatus, Report, ReportItem, ReportLink, StatusCounts } from '../../src/core/types.js';
import { LINK_STATUSES, REPORT_VERSION } from '../../src/core/types.js';

export function state(url: string, status: LinkStatus, over: Partial<LinkState> = {}): LinkState {
  const at = over.checkedAt ?? '2026-01-01T00:00:00.000Z';
  return {
    url,
    status,
    reason: null,
    httpStatus: status === 'broken' ? 404 : 200,
    finalUrl: null,
    title: 'A page',
    etag: null,
    lastModified: null,
    fingerprint: 'v1:aaa',
    excerpt: null,
    since: at,
    checkedAt: at,
    lastOkAt: at,
    firstFailedAt: null,
    consecutiveFailures: status === 'broken' || status === 'soft404' ? 1 : 0,
    alertedStatus: null,
    ...over,
  };
}

type ItemInput = Omit<ReportItem, 'draft' | 'scheduled'> & { draft?: boolean; scheduled?: boolean };

/** `items` may leave out `draft` and `scheduled` (false). */
export function link(url: string, status: LinkStatus, over: Omit<Partial<ReportLink>, 'items'> & { items?: ItemInput[] } = {}): ReportLink {
  const { items, ...rest } = over;
  return {
    url,
    status,
    reason: null,
    error: null,
    httpStatus: 200,
    finalUrl: null,
    redirects: [],
    title: null,
    since: '2026-01-01T00:00:00.000Z',
    checkedAt: '2026-01-02T00:00:00.000Z',
    lastOkAt: null,
    firstFailedAt: null,
    consecutiveFailures: 0,
    change: null,
    suggestion: null,
    ...rest,
    items: (items ?? [{ feed: 'news', id: 'tag:x,2026:news/a', title: 'Item A', link: 'https://site.example/a' }]).map((i) => ({ ...i, draft: i.draft ?? false, scheduled: i.scheduled ?? false })),
  };
}

export function report(links: ReportLink[], over: Partial<Report> = {}): Report {
  const summary = { total: links.length } as StatusCounts;
  for (const s of LINK_STATUSES) summary[s] = links.filter((l) => l.status === s).length;
  return {
    version: REPORT_VERSION,
    generatedAt: '2026-01-02T00:00:00.000Z',
    historySince: '2025-12-01T00:00:00.000Z',
    offline: false,
    partial: false,
    summary,
    links,
    ...over,
  };
}

export function check(url: string, status: LinkStatus, checkedAt: string): CheckRecord {
  return { url, status, checkedAt, httpStatus: status === 'broken' ? 404 : 200, reason: null };
}

export function event(url: string, to: LinkStatus, at: string, over: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id: `tag:feedwatch,2026:event/${url}/${to}/${at}`,
    url,
    from: 'ok',
    to,
    at,
    detail: JSON.stringify({ items: [{ feed: 'news', id: 'i1', title: 'Item A', link: 'https://site.example/a' }] }),
    delivered: false,
    ...over,
  };
}

/** Every status once, with the details each status shows in reports. */
export function everyStatusReport(): Report {
  const b = { feed: 'news', id: 'tag:x,2026:news/b', title: 'Item B', link: 'https://site.example/b' };
  const c = { feed: 'eu', id: 'tag:x,2026:eu/c', title: 'EU item <C>', link: 'https://site.example/c' };
  return report([
    link('https://ok.example/', 'ok', { title: 'Fine page' }),
    link('https://changed.example/news', 'changed', { change: { before: 'Deadline 1 May', after: 'Deadline 15 May' } }),
    link('https://moved.example/old', 'moved', {
      httpStatus: 301,
      finalUrl: 'https://moved.example/new',
      redirects: [{ url: 'https://moved.example/old', status: 301 }],
      suggestion: { kind: 'moved', url: 'https://moved.example/new', at: '2026-01-02T00:00:00.000Z' },
      items: [b],
    }),
    link('https://soft.example/gone', 'soft404', { reason: 'soft-404', items: [b, c] }),
    link('https://blocked.example/', 'blocked', { httpStatus: 403, reason: 'http-403', items: [c] }),
    link('https://broken.example/x', 'broken', {
      httpStatus: 404,
      reason: 'http-404',
      error: 'Not Found',
      firstFailedAt: '2026-01-01T00:00:00.000Z',
      consecutiveFailures: 2,
      suggestion: { kind: 'archive', url: 'https://web.archive.org/web/20251201000000/https://broken.example/x', at: '2025-12-01T00:00:00.000Z' },
    }),
    link('mailto:someone@example.com', 'skipped', { reason: 'mailto', httpStatus: null }),
  ]);
}
