// What `check` prints: progress on stderr (a bar on a terminal, plain lines in CI) and a summary
// table at the end. The report itself is the JSON file (or stdout with --format json).
import { LINK_STATUSES, type Report, type LinkStatus } from '../../core/types.js';
import type { Progress } from '../../links/checker.js';

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Terminal redraws at most this often (ms): more is flicker and wasted writes. */
const REDRAW_MS = 100;

export function progressReporter(stderr: Stream): { start(total: number): void; update(p: Progress): void; finish(): void } {
  const tty = Boolean(stderr.isTTY);
  let total = 0;
  let lastDraw = 0;
  let nextStep = 0.1;
  const line = (p: Progress) => `${p.done}/${p.total} links checked, ${p.failing} broken or soft404`;
  return {
    start(n) {
      total = n;
      stderr.write(`check: ${n} link${n === 1 ? '' : 's'} to check\n`);
    },
    update(p) {
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < REDRAW_MS && p.done < p.total) return;
        lastDraw = now;
        const width = 24;
        const filled = Math.round((p.done / Math.max(1, p.total)) * width);
        stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(p)}`);
        return;
      }
      if (p.last.status === 'broken' || p.last.status === 'soft404') {
        stderr.write(`check: ${p.last.status} (${p.last.reason ?? '-'}) ${p.last.url}\n`);
      }
      if (p.done === p.total || p.done / Math.max(1, total) >= nextStep) {
        while (p.done / Math.max(1, total) >= nextStep) nextStep += 0.1;
        stderr.write(`check: ${line(p)}\n`);
      }
    },
    finish() {
      if (tty) stderr.write('\n');
    },
  };
}

/** Statuses listed link by link under the table, worst first. */
const LISTED: readonly LinkStatus[] = ['broken', 'soft404', 'blocked', 'moved', 'changed', 'skipped'];

export function summaryTable(report: Report, reportPath: string | null): string {
  const rows = LINK_STATUSES.map((s) => `  ${s.padEnd(9)}${String(report.summary[s]).padStart(7)}`);
  const out = ['', 'status     links', ...rows, `  ${'total'.padEnd(9)}${String(report.summary.total).padStart(7)}`, ''];
  for (const status of LISTED) {
    const links = report.links.filter((l) => l.status === status);
    if (links.length === 0) continue;
    out.push(`${status}:`);
    for (const l of links.slice(0, 50)) {
      const extra = l.finalUrl && status === 'moved' ? ` -> ${l.finalUrl}` : '';
      const cited = l.items.length ? `  (cited by ${l.items.slice(0, 3).map(citingLabel).join(', ')}${l.items.length > 3 ? ', ...' : ''})` : '';
      out.push(`  ${(l.reason ?? '-').padEnd(20)} ${l.url}${extra}${cited}`);
    }
    if (links.length > 50) out.push(`  ... and ${links.length - 50} more in the report`);
    out.push('');
  }
  if (reportPath) out.push(`report: ${reportPath}`);
  return out.join('\n') + '\n';
}

/** `sbhss: "Title of the item"`, shortened: maintainers know items by title, not by tag: id. */
function citingLabel(item: { feed: string; title: string }): string {
  const title = item.title.length > 60 ? `${item.title.slice(0, 59)}…` : item.title;
  return `${item.feed}: "${title}"`;
}
