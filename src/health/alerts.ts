// The alert state machine: from a link's previous state (with `alertedStatus`, the status alerts
// last announced) and its next state, decide which transitions are news. Transitions only, never a
// repeat of the same news (field notes: urlwatch #489, #808; Uptime Kuma #6366 alert storms).
import type { MuteRule } from '../core/config.js';
import type { AlertEvent, LinkState } from '../core/ports.js';
import { FAILING_STATUSES, type CitingItem, type LinkCheckResult, type LinkStatus, type Suggestion } from '../core/types.js';
import { sha256Hex } from './hash.js';
import { activeMutes, muteFor } from './mute.js';

/** What an event carries for the renderers and the webhook (stored as JSON in AlertEvent.detail). */
export interface EventDetail {
  reason: string | null;
  error: string | null;
  httpStatus: number | null;
  finalUrl: string | null;
  title: string | null;
  since: string | null;
  consecutiveFailures: number;
  change: { before: string; after: string } | null;
  suggestion: Suggestion | null;
  items: CitingItem[];
}

export interface AlertInput {
  /** States before this run (from store.getLinks); absent for links never seen. */
  previous: ReadonlyMap<string, LinkState>;
  /** States after this run, as the checker computed them (alertedStatus carried over). */
  next: readonly LinkState[];
  /** Consecutive failing runs before a failure is news (config alerts.failureThreshold, issue #4). */
  failureThreshold: number;
  mute?: readonly MuteRule[];
  /** This run's check results, for the error message and the change excerpt. */
  results?: ReadonlyMap<string, LinkCheckResult>;
  /** Items citing each link. */
  citing?: ReadonlyMap<string, readonly CitingItem[]>;
  suggestions?: ReadonlyMap<string, Suggestion>;
}

export interface AlertOutput {
  /** `next` with alertedStatus updated: commit these. */
  states: LinkState[];
  /** New events, in the order of `next`. */
  events: AlertEvent[];
}

const FAILING: ReadonlySet<LinkStatus> = new Set(FAILING_STATUSES);

/** Permanent event id: a tag URI (RFC 4151) over what makes the event unique. */
export async function eventId(url: string, to: LinkStatus, at: string, key: string | null): Promise<string> {
  return `tag:feedwatch,2026:event/${await sha256Hex([url, to, at, key ?? ''].join('\n'))}`;
}

interface Decision {
  /** Emit an event from `from` to the next status. */
  emit: boolean;
  from: LinkStatus | null;
  alertedStatus: LinkStatus | null;
}

/** The transition rules (pure). `announced` is the status alerts last announced, null before any. */
export function decide(prev: LinkState | undefined, next: LinkState, failureThreshold: number): Decision {
  const announced = prev?.alertedStatus ?? null;
  const keep: Decision = { emit: false, from: announced, alertedStatus: announced };
  const announce: Decision = { emit: true, from: announced, alertedStatus: next.status };
  switch (next.status) {
    case 'skipped':
      return keep;
    case 'broken':
    case 'soft404':
      // One bad minute of a server is not news: wait for N consecutive failing runs.
      if (next.consecutiveFailures < failureThreshold) return keep;
      return announced === next.status ? keep : announce;
    case 'blocked':
      // Once on entering; never counted as broken.
      return announced === 'blocked' ? keep : announce;
    case 'moved': {
      // Once per new address: a repeat of the same move is not news.
      const sameMove = announced === 'moved' && (prev?.status !== 'moved' || prev.finalUrl === next.finalUrl);
      return sameMove ? keep : announce;
    }
    case 'changed': {
      // Once per new fingerprint; a failure that was announced recovers with this event too.
      const sameChange = prev?.status === 'changed' && prev.fingerprint === next.fingerprint;
      return sameChange ? keep : announce;
    }
    case 'ok':
      // Recovery is news only when the failure was announced; otherwise settle silently.
      if (announced !== null && FAILING.has(announced)) return announce;
      return { emit: false, from: announced, alertedStatus: 'ok' };
  }
}

function detailOf(state: LinkState, input: AlertInput): EventDetail {
  const result = input.results?.get(state.url);
  return {
    reason: state.reason,
    error: result?.error ?? null,
    httpStatus: state.httpStatus,
    finalUrl: state.finalUrl,
    title: state.title,
    since: state.since,
    consecutiveFailures: state.consecutiveFailures,
    change: result?.change ?? null,
    suggestion: input.suggestions?.get(state.url) ?? null,
    items: [...(input.citing?.get(state.url) ?? [])],
  };
}

/** Applies the state machine to every link of a run. Muted links make no events and keep their alert state. */
export async function computeAlerts(input: AlertInput): Promise<AlertOutput> {
  const states: LinkState[] = [];
  const events: AlertEvent[] = [];
  for (const next of input.next) {
    const prev = input.previous.get(next.url);
    const d = decide(prev, next, input.failureThreshold);
    // A muted link settles silently but announces nothing, so it is news once the mute expires.
    if (muteFor(activeMutes(input.mute ?? [], next.checkedAt), next.url)) {
      states.push({ ...next, alertedStatus: d.emit ? prev?.alertedStatus ?? null : d.alertedStatus });
      continue;
    }
    states.push({ ...next, alertedStatus: d.alertedStatus });
    if (!d.emit) continue;
    const key = next.status === 'moved' ? next.finalUrl : next.status === 'changed' ? next.fingerprint : null;
    events.push({
      id: await eventId(next.url, next.status, next.checkedAt, key),
      url: next.url,
      from: d.from,
      to: next.status,
      at: next.checkedAt,
      detail: JSON.stringify(detailOf(next, input)),
      delivered: false,
    });
  }
  return { states, events };
}

/** Parses an event's detail, tolerating rows written by older versions. */
export function parseDetail(event: AlertEvent): EventDetail {
  let raw: Partial<EventDetail> = {};
  try {
    const parsed: unknown = JSON.parse(event.detail);
    if (parsed && typeof parsed === 'object') raw = parsed as Partial<EventDetail>;
  } catch {
    // An unreadable detail still leaves the event's url and transition to show.
  }
  return {
    reason: raw.reason ?? null,
    error: raw.error ?? null,
    httpStatus: raw.httpStatus ?? null,
    finalUrl: raw.finalUrl ?? null,
    title: raw.title ?? null,
    since: raw.since ?? null,
    consecutiveFailures: raw.consecutiveFailures ?? 0,
    change: raw.change ?? null,
    suggestion: raw.suggestion ?? null,
    items: Array.isArray(raw.items) ? raw.items : [],
  };
}
