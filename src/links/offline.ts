// A run in which every checked link failed before any server answered, across several hosts, says
// more about this machine's network than about the links: a lost uplink or a dead resolver turns
// every source "broken" at once, the alert storm monitoring users complain about most
// (Uptime Kuma #6366). Such a run is reported as it was seen, but it is not evidence against the
// links: the pipeline records nothing and alerts nobody.
import type { LinkCheckResult } from '../core/types.js';

/** Failures that happen before any HTTP answer and that a local outage produces. */
const LOCAL_OUTAGE_REASONS = new Set(['dns', 'network', 'timeout', 'refused']);

/** Below this many distinct hosts, "all failed" is as likely the hosts' fault as ours. */
export const OFFLINE_MIN_HOSTS = 3;

/**
 * A checked link that failed before any server answered, the way a local outage fails: no HTTP
 * status, no redirect, and a reason a lost uplink or a dead resolver produces. (Skipped links are
 * not checked and say nothing either way.)
 */
export function failedBeforeAnswer(r: Pick<LinkCheckResult, 'status' | 'reason' | 'httpStatus' | 'redirects'>): boolean {
  return r.status === 'broken' && r.httpStatus === null && r.redirects.length === 0 && LOCAL_OUTAGE_REASONS.has(r.reason ?? '');
}

export function looksOffline(results: readonly LinkCheckResult[]): boolean {
  const hosts = new Set<string>();
  for (const r of results) {
    if (r.status === 'skipped') continue;
    if (!failedBeforeAnswer(r)) return false;
    try {
      hosts.add(new URL(r.url).hostname);
    } catch {
      return false;
    }
  }
  return hosts.size >= OFFLINE_MIN_HOSTS;
}
