// What the human reports show, computed once for every format: problems grouped by the item that
// cites them (worst first), muted links, healthy links, a history strip and uptime per link.
// Pure and deterministic: the same report, history and mutes give the same view.
import type { MuteRule } from '../core/config.js';
import type { CheckRecord } from '../core/ports.js';
import type { CitingItem, LinkStatus, Report, ReportLink } from '../core/types.js';
import { PRIVATE_ADDRESS } from './advice.js';
import { activeMutes, muteFor } from './mute.js';

/** Statuses a maintainer should look at, worst first: the order problems are listed in. */
export const PROBLEM_ORDER: readonly LinkStatus[] = ['broken', 'soft404', 'moved', 'changed', 'blocked'];
/** Cells in a history strip: the most recent checks (the uptime covers all kept history). */
export const STRIP_CELLS = 60;

export interface LinkView {
  link: ReportLink;
  mute: MuteRule | null;
  /** The most recent checks, oldest first, at most STRIP_CELLS. */
  strip: CheckRecord[];
  /** Share of checks that reached the page (ok, changed, moved) over checks that tried; null with no checks. */
  uptime: number | null;
  /** Checks kept in history. */
  checks: number;
  /** Of those, the checks that reached the page or failed: what the uptime is over. */
  counted: number;
  feeds: string[];
}

export interface ItemGroup {
  item: CitingItem;
  links: LinkView[];
}

export interface ReportView {
  report: Report;
  problems: ItemGroup[];
  muted: LinkView[];
  healthy: LinkView[];
  feeds: string[];
  problemCount: number;
  /** The run looked offline: a banner says so, and failing links get no "replace the link" advice. */
  offline: boolean;
  /** Links skipped because they point to private addresses: the reports say how to allow them. */
  privateSkipped: number;
  /** The page lists only part of the run (problems first); null when it lists every link. */
  abridged: Abridged | null;
}

/**
 * What the view needs of one link's history, without every row: the newest STRIP_CELLS checks and
 * the counts behind the uptime. A runtime that cannot hold all history in memory (the Worker, 128 MB)
 * has the database compute it; `digestHistory` computes the same from the rows.
 */
export interface HistoryDigest {
  /** The newest STRIP_CELLS checks (or more), oldest first; checks at the same time in the order they were recorded. */
  recent: CheckRecord[];
  /** Checks kept in history. */
  checks: number;
  /** Of those, checks that reached the page (ok, changed, moved). */
  up: number;
  /** Of those, checks that reached the page or failed (broken, soft404). */
  tried: number;
}

/** The report lists only some of its links (a run too big for one page): how many it leaves out. */
export interface Abridged {
  /** Links of the run not listed on the page (they are all in report.json). */
  omitted: number;
  /** Links skipped as private addresses, over the whole run. */
  privateSkipped: number;
}

export interface ViewInput {
  report: Report;
  /** History rows of the report's links (store.history), any order. */
  history?: readonly CheckRecord[];
  /** Instead of `history`: each link's history digest, by URL. */
  digest?: ReadonlyMap<string, HistoryDigest>;
  mute?: readonly MuteRule[];
  /** Set when `report.links` is a selection (problems first) of a bigger run; `report.summary` counts the whole run. */
  abridged?: Abridged;
}

/** The digest of a link's history rows, as the view would compute it from them. */
export function digestHistory(rows: readonly CheckRecord[]): HistoryDigest {
  let up = 0;
  let tried = 0;
  for (const c of rows) {
    if (UP.has(c.status)) up++;
    if (UP.has(c.status) || DOWN.has(c.status)) tried++;
  }
  const recent = rows.slice().sort((a, b) => byString(a.checkedAt, b.checkedAt)).slice(-STRIP_CELLS);
  return { recent, checks: rows.length, up, tried };
}

const UP: ReadonlySet<LinkStatus> = new Set(['ok', 'changed', 'moved']);
const DOWN: ReadonlySet<LinkStatus> = new Set(['broken', 'soft404']);

export function isProblem(status: LinkStatus): boolean {
  return PROBLEM_ORDER.includes(status);
}

function rank(status: LinkStatus): number {
  const i = PROBLEM_ORDER.indexOf(status);
  return i === -1 ? PROBLEM_ORDER.length : i;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Uptime over the given checks: blocked and skipped checks say nothing about the page, so they do not count. */
export function uptimeOf(checks: readonly CheckRecord[]): number | null {
  let up = 0;
  let tried = 0;
  for (const c of checks) {
    if (UP.has(c.status)) up++;
    if (UP.has(c.status) || DOWN.has(c.status)) tried++;
  }
  return tried === 0 ? null : up / tried;
}

export function buildView(input: ViewInput): ReportView {
  const { report } = input;
  const mutes = activeMutes(input.mute ?? [], report.generatedAt);
  const historyByUrl = new Map<string, CheckRecord[]>();
  for (const row of input.history ?? []) {
    const rows = historyByUrl.get(row.url) ?? [];
    rows.push(row);
    historyByUrl.set(row.url, rows);
  }
  const views = report.links.map((link): LinkView => {
    const d = input.digest ? input.digest.get(link.url) ?? digestHistory([]) : digestHistory(historyByUrl.get(link.url) ?? []);
    const recent = d.recent.slice().sort((a, b) => byString(a.checkedAt, b.checkedAt));
    return {
      link,
      mute: muteFor(mutes, link.url) ?? null,
      strip: recent.slice(-STRIP_CELLS),
      uptime: d.tried === 0 ? null : d.up / d.tried,
      checks: d.checks,
      counted: d.tried,
      feeds: [...new Set(link.items.map((i) => i.feed))].sort(byString),
    };
  });
  const worstFirst = (a: LinkView, b: LinkView) => rank(a.link.status) - rank(b.link.status) || byString(a.link.url, b.link.url);

  const groups = new Map<string, ItemGroup>();
  for (const v of views) {
    if (v.mute || !isProblem(v.link.status)) continue;
    for (const item of v.link.items) {
      const key = `${item.feed}\n${item.id}`;
      const g: ItemGroup = groups.get(key) ?? { item, links: [] };
      g.links.push(v);
      groups.set(key, g);
    }
  }
  const problems = [...groups.values()];
  for (const g of problems) g.links.sort(worstFirst);
  problems.sort(
    (a, b) =>
      rank(a.links[0]!.link.status) - rank(b.links[0]!.link.status) ||
      byString(a.item.feed, b.item.feed) ||
      byString(a.item.title, b.item.title) ||
      byString(a.item.id, b.item.id),
  );
  // Links no item cites any more still deserve a place among the problems.
  const orphans = views.filter((v) => !v.mute && isProblem(v.link.status) && v.link.items.length === 0).sort(worstFirst);
  if (orphans.length > 0) problems.push({ item: { feed: '', id: '', title: '(no item cites it any more)', link: '' }, links: orphans });

  return {
    report,
    problems,
    muted: views.filter((v) => v.mute).sort(worstFirst),
    healthy: views.filter((v) => !v.mute && !isProblem(v.link.status)).sort(worstFirst),
    feeds: [...new Set(views.flatMap((v) => v.feeds))].sort(byString),
    problemCount: views.filter((v) => !v.mute && isProblem(v.link.status)).length,
    offline: report.offline,
    privateSkipped: input.abridged?.privateSkipped ?? report.links.filter((l) => l.status === 'skipped' && l.reason === PRIVATE_ADDRESS).length,
    abridged: input.abridged ?? null,
  };
}

/** `2026-01-02T03:04:05.000Z` -> `2026-01-02 03:04 UTC`; readable and independent of the reader's locale. */
export function formatTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `uptime 96.6% over 30 checks`, counting only checks that reached the page or failed. */
export function uptimeText(v: LinkView): string {
  if (v.uptime === null) return v.checks ? 'no uptime: no check reached or failed' : 'no history yet';
  const n = v.counted;
  return `uptime ${formatUptime(v.uptime)} over ${n} check${n === 1 ? '' : 's'}`;
}

export function formatUptime(uptime: number | null): string {
  if (uptime === null) return '–';
  const pct = Math.floor(uptime * 1000) / 10; // floor: 99.96 % must not read as 100 %
  return `${pct}%`;
}

/** A citing item not published yet (a draft, or held back until its date); null for a published one. */
export function unpublished(item: { draft?: boolean; scheduled?: boolean }): 'draft' | 'scheduled' | null {
  return item.draft ? 'draft' : item.scheduled ? 'scheduled' : null;
}

/**
 * How the reports show an unpublished citer's state. Its link is a page that does not exist yet
 * (and an address under embargo): shown as this, never as a link.
 */
export const UNPUBLISHED_LABEL = { draft: 'draft, not published', scheduled: 'scheduled, not published yet' } as const;

/** The link is the own page of an unpublished item (skipped, reason `draft` or `scheduled`): not made clickable. */
export function unpublishedPage(link: ReportLink): boolean {
  return link.status === 'skipped' && (link.reason === 'draft' || link.reason === 'scheduled');
}

/** Only web and mail links become clickable; anything else (javascript:, data:) stays text. */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}
