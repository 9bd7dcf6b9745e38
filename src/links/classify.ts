// From what the server said to one status per link, in the precedence of docs/link-statuses.md:
// skipped, broken, blocked, soft404, moved, changed, ok.
import type { LinkStatus, RedirectHop } from '../core/types.js';
import type { HttpResponse } from './http.js';
import { PERMANENT } from './fetch-chain.js';
import { landedOnHome } from './soft404.js';

/** Statuses that may still work for a person (docs/link-statuses.md "blocked"). 999: LinkedIn's bot answer (lychee #234). */
const BLOCKED_STATUSES = new Set([401, 403, 429, 999]);

export interface Verdict {
  status: LinkStatus;
  reason: string | null;
}

/** A bot wall or an auth wall: the page may well work for a person. */
export function blockedVerdict(response: HttpResponse): Verdict | null {
  // Cloudflare's challenge page (linkinator: "bot-protected"); it comes with 403 or 503.
  if (/challenge/i.test(response.headers['cf-mitigated'] ?? '')) return { status: 'blocked', reason: 'bot-wall' };
  if (response.status === 999) return { status: 'blocked', reason: 'bot-wall' };
  if (BLOCKED_STATUSES.has(response.status)) return { status: 'blocked', reason: `http-${response.status}` };
  return null;
}

/** Any non-2xx, non-304 final answer that is not blocked is broken. */
export function httpFailureVerdict(response: HttpResponse): Verdict | null {
  const s = response.status;
  if ((s >= 200 && s < 300) || s === 304) return null;
  return { status: 'broken', reason: `http-${s}` };
}

/**
 * The same address written canonically: http -> https, a `www.` added or dropped, a trailing slash
 * added or dropped. Sites redirect such variants permanently all the time; reporting them as moved
 * would bury the real moves.
 */
export function sameAddress(a: string, b: string): boolean {
  const key = (u: string) => {
    try {
      const url = new URL(u);
      return `${url.hostname.replace(/^www\./, '')}${url.pathname.replace(/\/+$/, '')}${url.search}`;
    } catch {
      return u;
    }
  };
  return key(a) === key(b);
}

export function isPermanentMove(start: string, finalUrl: string, redirects: readonly RedirectHop[]): boolean {
  return finalUrl !== start && !sameAddress(start, finalUrl) && redirects.some((h) => PERMANENT.has(h.status));
}

/** Precedence among what a reachable page can be: soft404 over moved over changed over ok. */
export function reachableVerdict(opts: {
  start: string;
  finalUrl: string;
  redirects: readonly RedirectHop[];
  notFoundText: boolean;
  changed: boolean;
}): Verdict {
  if (opts.notFoundText) return { status: 'soft404', reason: 'soft404-title' };
  if (opts.redirects.length > 0 && landedOnHome(opts.start, opts.finalUrl)) return { status: 'soft404', reason: 'soft404-home' };
  if (isPermanentMove(opts.start, opts.finalUrl, opts.redirects)) return { status: 'moved', reason: `http-${permanentStatus(opts.redirects)}` };
  if (opts.changed) return { status: 'changed', reason: 'content' };
  return { status: 'ok', reason: null };
}

function permanentStatus(redirects: readonly RedirectHop[]): number {
  return redirects.find((h) => PERMANENT.has(h.status))!.status;
}
