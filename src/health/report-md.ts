// report.md: the same findings as report.html, as Markdown fit to paste into an issue or a pull
// request. Outside strings are escaped so a page title cannot inject links, HTML or table cells.
import { LINK_STATUSES } from '../core/types.js';
import { advice, OFFLINE_TITLE, offlineExplanation, privateAddressHint, type Part } from './advice.js';
import {
  buildView, formatTime, formatUptime, safeHref, unpublished, unpublishedPage, uptimeText, UNPUBLISHED_LABEL, type LinkView, type ViewInput,
} from './report-view.js';
import type { CitingItem } from '../core/types.js';

/**
 * Backslash-escapes the CommonMark/GFM punctuation that could start emphasis, code, links, images,
 * strikethrough or table cells (spec §2.4), turns HTML specials into entities, and folds newlines.
 * Text is never placed at the start of a line, so block markers (#, -, 1.) need no escape.
 * Outside a link's text, GFM's autolink extension would also turn a bare `www.` or `scheme://`
 * address in a title into a link; an escaped `.` or `:` keeps it text.
 */
export function escapeMarkdown(text: string, inLinkText = false): string {
  const t = text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]!|<>~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
  return inLinkText ? t : t.replace(/:\/\//g, '\\://').replace(/\b(www)\./gi, '$1\\.');
}

/**
 * A code span for our own fixed texts (flags, config keys; never outside strings): the fence is one
 * backtick longer than any run inside, padded when the text starts or ends with one (CommonMark
 * §6.1). In a GFM table cell a pipe must be escaped even inside code.
 */
export function mdCode(text: string, inTable = false): string {
  const t = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(t) ? ' ' : '';
  return `${fence}${pad}${inTable ? t.replace(/\|/g, '\\|') : t}${pad}${fence}`;
}

/** A link whose visible text and target are both safe; non-web URLs stay plain text. */
export function mdLink(url: string, text: string = url): string {
  const href = safeHref(url);
  if (!href) return escapeMarkdown(text);
  // Parentheses, spaces and angle brackets would end or break the destination (CommonMark §6.3);
  // a backtick could open a code span that outranks the link, a pipe would split a table cell.
  const dest = href.replace(/[()<>\s|`\\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdown(text, true)}](${dest})`;
}

/** An item by its title, linked to its page; a draft or scheduled one marked, its page (not there yet) not linked. */
function mdCiter(i: CitingItem): string {
  const state = unpublished(i);
  if (state) return `${escapeMarkdown(i.title)} _(${UNPUBLISHED_LABEL[state]})_`;
  return i.link ? mdLink(i.link, i.title) : escapeMarkdown(i.title);
}

function mdParts(parts: readonly Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? escapeMarkdown(p) : 'code' in p ? mdCode(p.code) : mdLink(p.url))).join('');
}

function linkLines(v: LinkView, offline: boolean): string[] {
  const l = v.link;
  const facts: string[] = [];
  if (l.httpStatus !== null) facts.push(`HTTP ${l.httpStatus}`);
  if (l.reason) facts.push(escapeMarkdown(l.reason));
  if (l.since) facts.push(`since ${formatTime(l.since)}`);
  if (v.uptime !== null) facts.push(uptimeText(v));
  const lines = [`- **${l.status}** ${mdLink(l.url)}${facts.length ? ` (${facts.join(', ')})` : ''}`];
  const sub = (text: string) => lines.push(`  - ${text}`);
  if (l.title) sub(`page title: ${escapeMarkdown(l.title)}`);
  if (l.error) sub(`error: ${escapeMarkdown(l.error)}`);
  if (l.redirects.length) sub(`redirects: ${[...l.redirects.map((h) => `${mdLink(h.url)} (${h.status})`), ...(l.finalUrl ? [mdLink(l.finalUrl)] : [])].join(' → ')}`);
  if (l.status === 'moved' && l.finalUrl) sub(`new address: ${mdLink(l.finalUrl)}`);
  if (l.change) sub(`what changed: before “${escapeMarkdown(l.change.before)}”, after “${escapeMarkdown(l.change.after)}”`);
  if (l.suggestion?.kind === 'archive') sub(`archived copy: ${mdLink(l.suggestion.url)}${l.suggestion.at ? ` (${formatTime(l.suggestion.at)})` : ''}`);
  if (v.mute) sub(`muted: ${escapeMarkdown(v.mute.reason)}${v.mute.until ? ` (until ${escapeMarkdown(v.mute.until)})` : ''}`);
  if (l.status !== 'ok' && l.status !== 'skipped') sub(`what to do: ${mdParts(advice(l.status, l.finalUrl, l.suggestion, offline))}`);
  return lines;
}

/** Renders report.md. Deterministic: times come from the report. */
export function renderReportMarkdown(input: ViewInput): string {
  const view = buildView(input);
  const r = view.report;
  const heading = view.offline ? 'this run looked offline' : `${view.problemCount} problem${view.problemCount === 1 ? '' : 's'}`;
  const out: string[] = [`# Link health: ${heading}`, ''];
  // A blockquote, not GitHub's "[!WARNING]" alert: that one shows as literal text elsewhere.
  if (view.offline) out.push(`> **${escapeMarkdown(OFFLINE_TITLE)}** ${mdParts(offlineExplanation())}`, '');
  out.push(`Checked ${formatTime(r.generatedAt)}. ${r.historySince ? `History since ${formatTime(r.historySince)}.` : 'No history kept yet.'}`, '');
  out.push(`| links | ${LINK_STATUSES.join(' | ')}${view.muted.length ? ' | muted' : ''} |`);
  out.push(`|${' ---: |'.repeat(LINK_STATUSES.length + 1 + (view.muted.length ? 1 : 0))}`);
  out.push(`| ${r.summary.total} | ${LINK_STATUSES.map((s) => r.summary[s]).join(' | ')}${view.muted.length ? ` | ${view.muted.length}` : ''} |`, '');
  out.push('## Problems', '');
  if (view.problems.length === 0) out.push('No problems: every checked link works.', '');
  for (const g of view.problems) {
    out.push(`### ${mdCiter(g.item)}${g.item.feed ? ` (${escapeMarkdown(g.item.feed)})` : ''}`, '');
    for (const v of g.links) out.push(...linkLines(v, view.offline));
    out.push('');
  }
  if (view.muted.length) {
    out.push('## Muted', '');
    for (const v of view.muted) out.push(...linkLines(v, view.offline));
    out.push('');
  }
  out.push('## Healthy and skipped', '');
  if (view.privateSkipped) out.push(mdParts(privateAddressHint(view.privateSkipped)), '');
  if (view.abridged) {
    const listed = r.summary.total - view.abridged.omitted;
    out.push(`This run checked ${r.summary.total} links, too many for one page: it lists ${listed} of them, the problems first. Every link, healthy and skipped ones included, is in ${mdLink('report.json')}.`, '');
  } else if (view.healthy.length === 0) out.push('No healthy links.', '');
  else {
    out.push('| status | link | uptime | cited by |', '| --- | --- | ---: | --- |');
    for (const v of view.healthy) {
      const cited = v.link.items.map(mdCiter).join(', ');
      const url = unpublishedPage(v.link) ? escapeMarkdown(v.link.url) : mdLink(v.link.url);
      out.push(`| ${v.link.status}${v.link.reason ? ` (${escapeMarkdown(v.link.reason)})` : ''} | ${url} | ${formatUptime(v.uptime)} | ${cited} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
