// The last step of a run: the four reports, the run closed, then the webhook (after the reports, as
// on Node: an event is committed before it is sent, and one not acknowledged is sent again next run).
// report.json is written link by link from D1, so its size is bounded by R2, not by the Worker's
// 128 MB; report.html and report.md list every link up to SIZES.fullReportLinks, above that the
// problems only (and muted links), with each link's history digested in SQL.
import { redactorFor, redactWebhookUrl } from '../../../core/redact.js';
import { LINK_STATUSES, REPORT_VERSION, type LinkStatus, type Report, type ReportLink, type StatusCounts } from '../../../core/types.js';
import { ALERTS_FEED_SIZE, renderAlertsAtom } from '../../../health/alerts-atom.js';
import { reportJsonFrame } from '../../../health/report-json.js';
import { renderReportHtml } from '../../../health/report-html.js';
import { renderReportMarkdown } from '../../../health/report-md.js';
import { PROBLEM_ORDER, STRIP_CELLS, type Abridged } from '../../../health/report-view.js';
import { deliverEvents, HEALTH_FILES } from '../../../health/steps.js';
import { EPOCH } from '../../../store/schema.js';
import type { Invocation } from './context.js';
import { SIZES } from './limits.js';
import type { QueueMessage } from './platform.js';
import type { ReportFile, ReportStream } from './report-sink.js';
import type { RunRow } from './run-db.js';

const DAY_MS = 86_400_000;
const encoder = new TextEncoder();

/** The content types the Node server gives these files (src/serve/content-type.ts). */
export const REPORT_TYPES: Record<string, string> = {
  'report.json': 'application/json; charset=utf-8',
  'report.html': 'text/html; charset=utf-8',
  'report.md': 'text/markdown; charset=utf-8',
  'alerts.atom': 'application/atom+xml; charset=utf-8',
};

function summaryOf(byStatus: ReadonlyMap<string, number>): StatusCounts {
  const summary = { total: 0 } as StatusCounts;
  for (const s of LINK_STATUSES) {
    summary[s] = byStatus.get(s) ?? 0;
    summary.total += summary[s];
  }
  return summary;
}

/** report.json as a stream read page by page from D1, of an exact length known in advance; each open() reads afresh. */
function reportJsonStream(inv: Invocation, runId: string, head: Omit<Report, 'links'>, count: number, linkBytes: number): ReportStream {
  const frame = reportJsonFrame(head, count);
  const bytes = utf8(frame.head) + linkBytes + (count > 0 ? (count - 1) * utf8(frame.separator) : 0) + utf8(frame.tail);
  const open = (): ReadableStream<Uint8Array> => {
    let after = '';
    let sent = 0;
    let started = false;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(frame.head));
          if (count === 0) return controller.close();
        }
        const page = await inv.db.reportPage(runId, after, SIZES.reportPageRows);
        if (page.length === 0) {
          controller.enqueue(encoder.encode(frame.tail));
          return controller.close();
        }
        const parts: string[] = [];
        for (const row of page) {
          parts.push(sent++ === 0 ? row.link : frame.separator + row.link);
          after = row.url;
        }
        controller.enqueue(encoder.encode(parts.join('')));
      },
    });
  };
  return { bytes, open };
}

const utf8 = (s: string) => encoder.encode(s).length;

export async function handleReport(message: QueueMessage, runId: string, inv: Invocation): Promise<void> {
  const { db, store, config, log } = inv;
  const run = await db.run(runId);
  if (!run || run.state !== 'reporting') return message.ack();
  const generatedAt = inv.clock.now().toISOString();
  const counts = await db.reportCounts(runId);
  const summary = summaryOf(counts.byStatus);
  const historySince = await store.historySince();
  const head: Omit<Report, 'links'> = {
    version: REPORT_VERSION, generatedAt, historySince, offline: run.offline === true, partial: run.partial, summary,
  };
  const files: ReportFile[] = [
    { name: 'report.json', body: reportJsonStream(inv, runId, head, summary.total, counts.bytes), lastModified: generatedAt, contentType: REPORT_TYPES['report.json']! },
    ...(await humanReports(inv, run, head, counts.privateSkipped)),
  ];
  await inv.sink(files);

  const finishedAt = inv.clock.now();
  const record = run.offline ? null : { startedAt: run.startedAt, links: summary.total, events: await db.runEvents(runId) };
  const closed = await db.closeRun(runId, finishedAt.toISOString(), record, new Date(finishedAt.getTime() - config.alerts.historyDays * DAY_MS).toISOString());
  if (closed) {
    log(`feedwatch: [check] run ${runId} done: ${summary.total} links${run.partial ? ' (partial: some messages were lost)' : ''}${run.offline ? ' (looked offline: not recorded)' : ''}`);
    const delivery = await deliverEvents(store, config, inv.fetch);
    if (delivery.error) log(`feedwatch: [webhook] ${delivery.error} from ${redactWebhookUrl(config.alerts.webhook ?? '')}; the events stay queued and are sent again next run.`);
    await db.dropStaging(runId, new Date(finishedAt.getTime() - config.alerts.historyDays * DAY_MS).toISOString());
  }
  message.ack();
}

/** report.html, report.md and alerts.atom, redacted. */
async function humanReports(inv: Invocation, run: RunRow, head: Omit<Report, 'links'>, privateSkipped: number): Promise<ReportFile[]> {
  const { db, store, config } = inv;
  const total = head.summary.total;
  let texts: string[];
  let abridged: Abridged | undefined;
  if (total <= SIZES.fullReportLinks) {
    texts = [];
    for (let after = ''; ;) {
      const page = await db.reportPage(run.id, after, SIZES.reportPageRows);
      texts.push(...page.map((p) => p.link));
      if (page.length < SIZES.reportPageRows) break;
      after = page[page.length - 1]!.url;
    }
  } else {
    const muted = config.alerts.mute.map((m) => m.url);
    texts = await db.reportSelection(run.id, PROBLEM_ORDER as readonly LinkStatus[], muted, SIZES.abridgedProblems);
    abridged = { omitted: total - texts.length, privateSkipped };
  }
  const links = texts.map((t) => JSON.parse(t) as ReportLink);
  const report: Report = { ...head, links };
  const digest = await db.historyDigest(links.map((l) => l.url), report.historySince ?? EPOCH, STRIP_CELLS);
  const input = { report, digest, mute: config.alerts.mute, abridged };
  const redact = redactorFor(config);
  const events = await store.events(ALERTS_FEED_SIZE);
  const atom = renderAlertsAtom({ events, selfUrl: new URL('health/alerts.atom', config.baseUrl).href, emptyUpdated: head.generatedAt });
  return [
    { name: HEALTH_FILES.html, body: redact(renderReportHtml(input)) },
    { name: HEALTH_FILES.markdown, body: redact(renderReportMarkdown(input)) },
    { name: HEALTH_FILES.atom, body: redact(atom) },
  ].map((f) => ({ ...f, lastModified: head.generatedAt, contentType: REPORT_TYPES[f.name]! }));
}
