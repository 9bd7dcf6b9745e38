// report.html: one self-contained page a maintainer reads at a glance. Problems first, grouped by
// the item that cites them; then muted and healthy links. Every string from outside (page titles,
// URLs, error messages, item titles) goes through escapeHtml: a hostile page title shows as text.
import { escapeHtml } from '../core/text.js';
import { LINK_STATUSES, type LinkStatus } from '../core/types.js';
import { advice, OFFLINE_TITLE, offlineExplanation, partsToHtml, privateAddressHint } from './advice.js';
import { CELL_PX, REPORT_CSS, REPORT_JS, STATUS_COLOURS } from './report-html-assets.js';
import {
  buildView, formatTime, safeHref, unpublished, unpublishedPage, uptimeText, UNPUBLISHED_LABEL, type ItemGroup, type LinkView, type ViewInput,
} from './report-view.js';
import type { CitingItem } from '../core/types.js';

const e = escapeHtml;

function anchor(url: string, text: string = url, cls = ''): string {
  const href = safeHref(url);
  const c = cls ? ` class="${cls}"` : '';
  return href ? `<a${c} href="${e(href)}" rel="noopener noreferrer">${e(text)}</a>` : `<span${c}>${e(text)}</span>`;
}

function badge(status: LinkStatus): string {
  return `<span class="badge" style="background:${STATUS_COLOURS[status]}">${status}</span>`;
}

/** Consecutive checks with the same status, drawn as one segment of equal cells (keeps the page small). */
function runs(v: LinkView): Array<{ status: LinkStatus; from: string; to: string; count: number }> {
  const out: Array<{ status: LinkStatus; from: string; to: string; count: number }> = [];
  for (const c of v.strip) {
    const last = out[out.length - 1];
    if (last && last.status === c.status) {
      last.to = c.checkedAt;
      last.count++;
    } else out.push({ status: c.status, from: c.checkedAt, to: c.checkedAt, count: 1 });
  }
  return out;
}

function strip(v: LinkView): string {
  if (v.strip.length === 0) return '';
  const cells = runs(v)
    .map((r) => {
      const when = r.count === 1 ? formatTime(r.from) : `${r.count} checks, ${formatTime(r.from)} to ${formatTime(r.to)}`;
      return `<span style="background-color:${STATUS_COLOURS[r.status]};width:${r.count * CELL_PX - 1}px" title="${e(`${r.status}: ${when}`)}"></span>`;
    })
    .join('');
  return `<div class="history"><div class="strip" aria-label="history of the last ${v.strip.length} checks">${cells}</div><span>${uptimeText(v)}</span></div>`;
}

function facts(v: LinkView, offline: boolean): string {
  const l = v.link;
  const rows: Array<[string, string]> = [];
  if (l.title) rows.push(['page title', e(l.title)]);
  if (l.httpStatus !== null) rows.push(['HTTP status', String(l.httpStatus)]);
  if (l.reason) rows.push(['reason', e(l.reason)]);
  if (l.error) rows.push(['error', e(l.error)]);
  if (l.since) rows.push(['since', e(formatTime(l.since))]);
  if (l.lastOkAt && l.status !== 'ok') rows.push(['last worked', e(formatTime(l.lastOkAt))]);
  if (l.consecutiveFailures > 0) rows.push(['failing runs', String(l.consecutiveFailures)]);
  if (l.redirects.length > 0) {
    const chain = [...l.redirects.map((h) => `${anchor(h.url, h.url, 'url')} (${h.status})`), l.finalUrl ? anchor(l.finalUrl, l.finalUrl, 'url') : ''];
    rows.push(['redirects', chain.filter(Boolean).join(' → ')]);
  }
  if (l.status === 'moved' && l.finalUrl) rows.push(['new address', anchor(l.finalUrl, l.finalUrl, 'url')]);
  if (l.change) {
    rows.push(['what changed', `<div class="change"><div><b>before</b> ${e(l.change.before)}</div><div><b>after</b> ${e(l.change.after)}</div></div>`]);
  }
  if (l.suggestion?.kind === 'archive') {
    rows.push(['archived copy', `${anchor(l.suggestion.url, l.suggestion.url, 'url')}${l.suggestion.at ? ` (${e(formatTime(l.suggestion.at))})` : ''}`]);
  }
  if (v.mute) rows.push(['muted', `<span class="mutenote">${e(v.mute.reason)}${v.mute.until ? ` (until ${e(v.mute.until)})` : ''}</span>`]);
  if (l.status !== 'ok' && l.status !== 'skipped') rows.push(['what to do', partsToHtml(advice(l.status, l.finalUrl, l.suggestion, offline), (u) => anchor(u, u, 'url'))]);
  return rows.length ? `<dl class="facts">${rows.map(([k, val]) => `<dt>${k}</dt><dd>${val}</dd>`).join('')}</dl>` : '';
}

function linkEntry(v: LinkView, offline: boolean): string {
  return (
    `<li class="link" data-status="${v.link.status}" data-feeds="${e(v.feeds.join(' '))}">` +
    `${badge(v.link.status)}${anchor(v.link.url, v.link.url, 'url')}${facts(v, offline)}${strip(v)}</li>`
  );
}

/** An item by its title, linked to its page; a draft or scheduled one marked, its page (not there yet) not linked. */
function citer(i: CitingItem): string {
  const state = unpublished(i);
  if (state) return `${e(i.title)} <span class="unpublished">${UNPUBLISHED_LABEL[state]}</span>`;
  return i.link ? anchor(i.link, i.title) : e(i.title);
}

function itemGroup(g: ItemGroup, offline: boolean): string {
  const title = citer(g.item);
  const feed = g.item.feed ? ` <span class="feed">in ${e(g.item.feed)}</span>` : '';
  return `<section class="item" data-group><h3>${title}${feed}</h3><ul class="links">${g.links.map((v) => linkEntry(v, offline)).join('')}</ul></section>`;
}

function citedBy(v: LinkView): string {
  return v.link.items.map(citer).join(', ');
}

function healthyTable(views: LinkView[]): string {
  if (views.length === 0) return '<p class="empty">No healthy links.</p>';
  const rows = views
    .map(
      (v) =>
        `<tr data-status="${v.link.status}" data-feeds="${e(v.feeds.join(' '))}"><td>${badge(v.link.status)}</td>` +
        `<td>${unpublishedPage(v.link) ? `<span class="url">${e(v.link.url)}</span>` : anchor(v.link.url, v.link.url, 'url')}${v.link.reason ? ` <span class="feed">(${e(v.link.reason)})</span>` : ''}` +
        `${v.link.title ? `<div class="feed">${e(v.link.title)}</div>` : ''}${strip(v)}</td>` +
        `<td>${citedBy(v)}</td></tr>`,
    )
    .join('');
  return `<table data-group><thead><tr><th>status</th><th>link</th><th>cited by</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function summary(input: ReturnType<typeof buildView>): string {
  const s = input.report.summary;
  const cells = [`<li><b>${s.total}</b>links</li>`, ...LINK_STATUSES.map((st) => `<li style="border-left:4px solid ${STATUS_COLOURS[st]}"><b>${s[st]}</b>${st}</li>`)];
  if (input.muted.length) cells.push(`<li><b>${input.muted.length}</b>muted</li>`);
  return `<ul class="summary">${cells.join('')}</ul>`;
}

function filters(feeds: string[]): string {
  const boxes = LINK_STATUSES.map((s) => `<label><input type="checkbox" name="status" value="${s}" checked> ${s}</label>`).join('');
  const options = feeds.map((f) => `<option value="${e(f)}">${e(f)}</option>`).join('');
  return `<form class="filters" aria-label="filters" onsubmit="return false">${boxes}<label>feed <select id="feed"><option value="">all feeds</option>${options}</select></label></form>`;
}

/** A run that looked offline proves nothing about the links: said first, before any red badge. */
function offlineBanner(offline: boolean): string {
  if (!offline) return '';
  return `<div class="banner" role="alert"><strong>${e(OFFLINE_TITLE)}</strong> ${partsToHtml(offlineExplanation(), (u) => anchor(u))}</div>\n`;
}

function privateHint(count: number): string {
  return count ? `<p class="hint" id="private-address">${partsToHtml(privateAddressHint(count), (u) => anchor(u))}</p>` : '';
}

/** A run too big for one page: the healthy and skipped links (and problems past the page's share) are in report.json. */
function abridgedSection(view: ReturnType<typeof buildView>): string {
  const total = view.report.summary.total;
  const listed = total - view.abridged!.omitted;
  const healthy = view.report.summary.ok + view.report.summary.skipped;
  return `<h2>Healthy and skipped (${healthy})</h2>\n${privateHint(view.privateSkipped)}` +
    `<p class="empty">This run checked ${total} links, too many for one page: it lists ${listed} of them, the problems first. ` +
    `Every link, healthy and skipped ones included, is in <a href="report.json">report.json</a>.</p>`;
}

function pageTitle(view: ReturnType<typeof buildView>): string {
  if (view.offline) return 'Link health: this run looked offline';
  return `Link health: ${view.problemCount} problem${view.problemCount === 1 ? '' : 's'}`;
}

/** Renders report.html. Deterministic: no clock, no randomness; times come from the report. */
export function renderReportHtml(input: ViewInput): string {
  const view = buildView(input);
  const r = view.report;
  const history = r.historySince ? `History since ${e(formatTime(r.historySince))}.` : 'No history kept yet.';
  const problems = view.problems.length
    ? view.problems.map((g) => itemGroup(g, view.offline)).join('')
    : '<p class="empty">No problems: every checked link works.</p>';
  const muted = view.muted.length
    ? `<h2>Muted (${view.muted.length})</h2><section class="item"><ul class="links">${view.muted.map((v) => linkEntry(v, view.offline)).join('')}</ul></section>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="robots" content="noindex">
<title>${pageTitle(view)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<nav class="meta"><a href="../index.html">← Feeds</a></nav>
<h1>Link health</h1>
<p class="meta">Checked ${e(formatTime(r.generatedAt))}. ${history} <a href="report.json">report.json</a> · <a href="report.md">report.md</a> · <a href="alerts.atom">alerts feed</a></p>
</header>
${offlineBanner(view.offline)}${summary(view)}
${filters(view.feeds)}
<main>
<h2>Problems (${view.problemCount})</h2>
${problems}
${muted}
${view.abridged ? abridgedSection(view) : `<h2>Healthy and skipped (${view.healthy.length})</h2>\n${privateHint(view.privateSkipped)}${healthyTable(view.healthy)}`}
</main>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}
