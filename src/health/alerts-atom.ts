// alerts.atom: an Atom 1.0 feed (RFC 4287) of link-health events, one entry per transition, so a
// maintainer subscribes in the same reader as the news. Entry ids are the events' permanent ids.
import { escapeXml } from '../core/text.js';
import type { AlertEvent } from '../core/ports.js';
import { parseDetail } from './alerts.js';
import { advice, partsToHtml } from './advice.js';
import { formatTime, safeHref, unpublished } from './report-view.js';
import type { CitingItem } from '../core/types.js';

/** Entries kept in the feed (issue #4: "keep the last N events"). */
export const ALERTS_FEED_SIZE = 200;

export interface AlertsFeedInput {
  /** Events, any order; the newest ALERTS_FEED_SIZE are rendered. */
  events: readonly AlertEvent[];
  /** Absolute URL of alerts.atom itself (rel=self, and the feed id). */
  selfUrl: string;
  /** `updated` when there are no events yet (RFC 4287 §4.1.1 requires one); e.g. the report time. */
  emptyUpdated: string;
}

const x = escapeXml;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One citing item in a public feed. A draft or scheduled item is under embargo: named by its feed
 * and file (what a maintainer needs to find it), never by its title or its future link.
 */
function citer(i: CitingItem): string {
  const h = x;
  const state = unpublished(i);
  if (state) return `a ${state} item in feed ${h(i.feed)}${i.file ? ` (${h(i.file)})` : ''}`;
  return `${safeHref(i.link) ? `<a href="${h(safeHref(i.link)!)}">${h(i.title)}</a>` : h(i.title)} (${h(i.feed)})`;
}

/** The HTML body of one entry (carried escaped in `<content type="html">`). */
function entryHtml(event: AlertEvent): string {
  const d = parseDetail(event);
  const h = x;
  const link = (url: string) => (safeHref(url) ? `<a href="${h(safeHref(url)!)}">${h(url)}</a>` : h(url));
  const parts = [`<p>${link(event.url)} is now <strong>${event.to}</strong>${event.from ? ` (was ${event.from})` : ''} since ${h(formatTime(d.since ?? event.at))}.</p>`];
  const facts: string[] = [];
  if (d.httpStatus !== null) facts.push(`HTTP ${d.httpStatus}`);
  if (d.reason) facts.push(h(d.reason));
  if (d.error) facts.push(h(d.error));
  if (facts.length) parts.push(`<p>${facts.join('; ')}</p>`);
  if (event.to === 'moved' && d.finalUrl) parts.push(`<p>New address: ${link(d.finalUrl)}</p>`);
  if (d.change) parts.push(`<p>Before: ${h(d.change.before)}<br>After: ${h(d.change.after)}</p>`);
  if (d.suggestion?.kind === 'archive') parts.push(`<p>Archived copy: ${link(d.suggestion.url)}</p>`);
  if (d.items.length) {
    parts.push(`<p>Cited by:</p><ul>${d.items.map((i) => `<li>${citer(i)}</li>`).join('')}</ul>`);
  }
  parts.push(`<p>What to do: ${partsToHtml(advice(event.to, d.finalUrl, d.suggestion), link)}</p>`);
  return parts.join('');
}

function entry(event: AlertEvent): string {
  const href = safeHref(event.url);
  return [
    '  <entry>',
    `    <id>${x(event.id)}</id>`,
    `    <title>${x(`${event.to}: ${event.url}`)}</title>`,
    `    <updated>${x(event.at)}</updated>`,
    `    <published>${x(event.at)}</published>`,
    href ? `    <link rel="alternate" href="${x(href)}"/>` : null,
    `    <category term="${event.to}"/>`,
    `    <content type="html">${x(entryHtml(event))}</content>`,
    '  </entry>',
  ]
    .filter((l) => l !== null)
    .join('\n');
}

/** Renders alerts.atom. Deterministic: newest first, then by URL and id; `updated` is the newest event's time. */
export function renderAlertsAtom(input: AlertsFeedInput): string {
  const events = [...input.events]
    .sort((a, b) => cmp(b.at, a.at) || cmp(a.url, b.url) || cmp(a.id, b.id))
    .slice(0, ALERTS_FEED_SIZE);
  const updated = events[0]?.at ?? input.emptyUpdated;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `  <id>${x(input.selfUrl)}</id>`,
    '  <title>feedwatch: link-health alerts</title>',
    '  <subtitle>Cited sources that broke, moved, changed or recovered; one entry per transition.</subtitle>',
    `  <updated>${x(updated)}</updated>`,
    '  <author><name>feedwatch</name></author>',
    `  <link rel="self" type="application/atom+xml" href="${x(input.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(new URL('report.html', input.selfUrl).href)}"/>`,
    '  <generator>feedwatch</generator>',
    ...events.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
