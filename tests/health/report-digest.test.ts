// The reports from a history digest (the newest checks and the uptime counts, what the Worker has
// its database compute) are the reports from every history row, byte for byte; and a run too big for
// one page lists its problems and points to report.json for the rest.
import { describe, expect, it } from 'vitest';
import type { CheckRecord } from '../../src/core/ports.js';
import { LINK_STATUSES, type LinkStatus } from '../../src/core/types.js';
import { renderReportHtml } from '../../src/health/report-html.js';
import { renderReportMarkdown } from '../../src/health/report-md.js';
import { digestHistory, STRIP_CELLS, type HistoryDigest } from '../../src/health/report-view.js';
import { reportJsonFrame, reportLinkJson, serializeReport } from '../../src/health/report-json.js';
import { check, everyStatusReport, link, report } from './fixtures.js';

function longHistory(urls: readonly string[]): CheckRecord[] {
  const rows: CheckRecord[] = [];
  for (let i = 0; i < 150; i++) {
    const at = new Date(Date.UTC(2025, 11, 1) + i * 6 * 3600_000).toISOString();
    urls.forEach((url, j) => {
      if ((i + j) % 11 === 0) return; // links with fewer checks
      const status: LinkStatus = LINK_STATUSES[(i * 7 + j * 3) % LINK_STATUSES.length]!;
      rows.push(check(url, status, at));
    });
  }
  // Two checks at the same time: the order given must decide, as it does from the rows.
  rows.push(check(urls[0]!, 'broken', rows[rows.length - 1]!.checkedAt));
  return rows;
}

describe('history digest', () => {
  it('renders report.html and report.md exactly as every history row does', () => {
    const r = everyStatusReport();
    const history = longHistory(r.links.map((l) => l.url).slice(0, -1)); // the last link has no history
    const digest = new Map<string, HistoryDigest>();
    for (const l of r.links) digest.set(l.url, digestHistory(history.filter((c) => c.url === l.url)));
    // What the database hands over: only the newest checks.
    for (const d of digest.values()) expect(d.recent.length).toBeLessThanOrEqual(STRIP_CELLS);
    const mute = [{ url: 'https://blocked.example/', reason: 'known' }];
    expect(renderReportHtml({ report: r, digest, mute })).toBe(renderReportHtml({ report: r, history, mute }));
    expect(renderReportMarkdown({ report: r, digest, mute })).toBe(renderReportMarkdown({ report: r, history, mute }));
    expect(digest.get('https://ok.example/')!.checks).toBe(history.filter((c) => c.url === 'https://ok.example/').length);
  });
});

describe('abridged reports', () => {
  it('list the problems given, count the whole run, and send readers to report.json for the rest', () => {
    const full = report([
      link('https://broken.example/x', 'broken', { reason: 'http-404', httpStatus: 404 }),
      ...Array.from({ length: 20 }, (_, i) => link(`https://ok.example/${i}`, 'ok')),
    ]);
    const problemsOnly = { ...full, links: full.links.slice(0, 1) };
    const abridged = { omitted: 20, privateSkipped: 0 };
    const html = renderReportHtml({ report: problemsOnly, abridged });
    expect(html).toContain('<h2>Problems (1)</h2>');
    expect(html).toContain('<h2>Healthy and skipped (20)</h2>');
    expect(html).toContain('This run checked 21 links, too many for one page: it lists 1 of them, the problems first.');
    expect(html).toContain('<a href="report.json">report.json</a>');
    expect(html).not.toContain('https://ok.example/3');
    expect(html).toContain('<li><b>21</b>links</li>');
    const md = renderReportMarkdown({ report: problemsOnly, abridged });
    expect(md).toContain('This run checked 21 links, too many for one page: it lists 1 of them, the problems first.');
    expect(md).toContain('| 21 | 20 |');
    expect(md).not.toContain('ok.example/3');
  });
});

describe('report.json written link by link', () => {
  it('frame and link texts make exactly serializeReport', () => {
    for (const r of [everyStatusReport(), report([])]) {
      const { head, separator, tail } = reportJsonFrame(r, r.links.length);
      expect(head + r.links.map(reportLinkJson).join(separator) + tail).toBe(serializeReport(r));
    }
  });
});
