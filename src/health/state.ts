// The next remembered state of a link, from its previous state and this run's check.
// Only a check that reached the page (ok, changed, moved) moves the baseline: its validators,
// fingerprint, excerpt and title. A failed or blocked fetch keeps the last good ones
// (changedetection.io keeps the previous checksum on a failed fetch; blocked is never a success).
import { FAILING_STATUSES, type LinkCheckResult, type LinkStatus } from '../core/types.js';
import type { LinkState } from '../core/ports.js';

export const REACHED: readonly LinkStatus[] = ['ok', 'changed', 'moved'];

export function nextLinkState(previous: LinkState | undefined, result: LinkCheckResult): LinkState {
  const reached = REACHED.includes(result.status);
  const failing = FAILING_STATUSES.includes(result.status);
  const prevFailing = previous ? FAILING_STATUSES.includes(previous.status) : false;
  const keep = !reached && previous;
  return {
    url: result.url,
    status: result.status,
    reason: result.reason,
    httpStatus: result.httpStatus,
    finalUrl: result.finalUrl,
    title: keep ? previous.title : result.title,
    etag: keep ? previous.etag : result.etag,
    lastModified: keep ? previous.lastModified : result.lastModified,
    fingerprint: keep ? previous.fingerprint : result.fingerprint,
    excerpt: keep ? previous.excerpt : result.excerpt,
    since: previous && previous.status === result.status ? previous.since : result.checkedAt,
    checkedAt: result.checkedAt,
    lastOkAt: reached ? result.checkedAt : previous?.lastOkAt ?? null,
    firstFailedAt: failing ? (prevFailing ? previous!.firstFailedAt ?? result.checkedAt : result.checkedAt) : null,
    consecutiveFailures: failing ? (prevFailing ? previous!.consecutiveFailures : 0) + 1 : 0,
    // Health's alert state machine owns this.
    alertedStatus: previous?.alertedStatus ?? null,
  };
}
