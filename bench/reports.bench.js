// Health outputs at scale: alert transitions for 5,000 links, and report.html / report.md /
// alerts.atom for 2,000 links with 90 days of history at 4 checks a day (720,000 history rows).
// Run: npm run build && npm run bench -- reports
import { computeAlerts } from '../dist/health/alerts.js';
import { renderReportHtml } from '../dist/health/report-html.js';
import { renderReportMarkdown } from '../dist/health/report-md.js';
import { renderAlertsAtom } from '../dist/health/alerts-atom.js';

const STATUSES = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'changed', 'moved', 'soft404', 'blocked', 'broken', 'skipped'];
const at = (i) => new Date(Date.UTC(2026, 0, 1) + i * 6 * 3600e3).toISOString();

function state(url, status, i) {
  return { url, status, reason: null, httpStatus: 200, finalUrl: status === 'moved' ? url + '/new' : null, title: 'T', etag: null, lastModified: null,
    fingerprint: 'v1:' + (i % 7), excerpt: null, since: at(0), checkedAt: at(1), lastOkAt: at(0), firstFailedAt: null,
    consecutiveFailures: status === 'broken' || status === 'soft404' ? 2 : 0, alertedStatus: 'ok' };
}

function time(label, fn) {
  globalThis.gc?.();
  const t0 = performance.now();
  const out = fn();
  return Promise.resolve(out).then((v) => {
    const ms = performance.now() - t0;
    const heap = process.memoryUsage().heapUsed / 2 ** 20;
    const size = typeof v === 'string' ? ` ${(v.length / 2 ** 20).toFixed(2)} MiB output` : '';
    console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  heap ${heap.toFixed(0)} MiB${size}`);
    return v;
  });
}

const N_ALERTS = 5000;
const prev = new Map();
const next = [];
for (let i = 0; i < N_ALERTS; i++) {
  const url = `https://host${i % 300}.example/page/${i}`;
  prev.set(url, state(url, 'ok', i));
  next.push(state(url, STATUSES[i % STATUSES.length], i + 1));
}
const alerts = await time(`computeAlerts, ${N_ALERTS} links`, () => computeAlerts({ previous: prev, next, failureThreshold: 2 }));

const N = 2000;
const RUNS = 360;
const item = (i) => ({ feed: `feed${i % 5}`, id: `tag:x,2026:item/${i % 400}`, title: `Item ${i % 400} <b>`, link: `https://site.example/${i % 400}`, draft: false });
const links = Array.from({ length: N }, (_, i) => ({
  url: `https://host${i % 300}.example/page/${i}`, status: STATUSES[i % STATUSES.length], reason: 'http-404', error: null, httpStatus: 404,
  finalUrl: null, redirects: [], title: 'Page title', since: at(0), checkedAt: at(RUNS), lastOkAt: at(0), firstFailedAt: null,
  consecutiveFailures: 0, change: null, suggestion: null, items: [item(i), item(i + 7)],
}));
const summary = { total: N };
for (const s of new Set(STATUSES)) summary[s] = links.filter((l) => l.status === s).length;
const report = { version: 2, generatedAt: at(RUNS), historySince: at(0), offline: false, partial: false, summary, links };
const history = [];
for (let r = 0; r < RUNS; r++) for (const l of links) history.push({ url: l.url, checkedAt: at(r), status: r % 50 === 0 ? 'broken' : 'ok', httpStatus: 200, reason: null });

await time(`report.html, ${N} links, ${history.length} history rows`, () => renderReportHtml({ report, history }));
await time(`report.md, ${N} links, ${history.length} history rows`, () => renderReportMarkdown({ report, history }));
await time(`alerts.atom, last 200 of ${alerts.events.length} events`, () => renderAlertsAtom({ events: alerts.events, selfUrl: 'https://x.example/health/alerts.atom', emptyUpdated: at(0) }));
