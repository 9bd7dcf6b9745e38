// Row <-> object mapping shared by the SQL drivers (SQLite, D1).
import type { AlertEvent, CheckRecord, LinkState } from '../core/ports.js';
import type { LinkStatus } from '../core/types.js';

export type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function linkParams(l: LinkState): unknown[] {
  return [l.url, l.status, l.reason, l.httpStatus, l.finalUrl, l.title, l.etag, l.lastModified, l.fingerprint, l.excerpt,
    l.since, l.checkedAt, l.lastOkAt, l.firstFailedAt, l.consecutiveFailures, l.alertedStatus];
}

export function linkFromRow(r: Row): LinkState {
  return {
    url: String(r.url),
    status: String(r.status) as LinkStatus,
    reason: str(r.reason),
    httpStatus: num(r.http_status),
    finalUrl: str(r.final_url),
    title: str(r.title),
    etag: str(r.etag),
    lastModified: str(r.last_modified),
    fingerprint: str(r.fingerprint),
    excerpt: str(r.excerpt),
    since: String(r.since),
    checkedAt: String(r.checked_at),
    lastOkAt: str(r.last_ok_at),
    firstFailedAt: str(r.first_failed_at),
    consecutiveFailures: Number(r.consecutive_failures ?? 0),
    alertedStatus: str(r.alerted_status) as LinkStatus | null,
  };
}

export function checkParams(c: CheckRecord): unknown[] {
  return [c.url, c.checkedAt, c.status, c.httpStatus, c.reason];
}

export function checkFromRow(r: Row): CheckRecord {
  return { url: String(r.url), checkedAt: String(r.checked_at), status: String(r.status) as LinkStatus, httpStatus: num(r.http_status), reason: str(r.reason) };
}

export function eventParams(e: AlertEvent): unknown[] {
  return [e.id, e.url, e.from, e.to, e.at, e.detail, e.delivered ? 1 : 0];
}

export function eventFromRow(r: Row): AlertEvent {
  return {
    id: String(r.id), url: String(r.url), from: str(r.from_status) as LinkStatus | null, to: String(r.to_status) as LinkStatus,
    at: String(r.at), detail: String(r.detail), delivered: Number(r.delivered) === 1,
  };
}
