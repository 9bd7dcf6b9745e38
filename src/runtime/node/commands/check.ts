// `feedwatch check`: checks every monitored link of every item (or the --url addresses), keeps
// state in the SQLite file, writes <out>/health/report.json and prints a summary.
// Exit: 0 nothing broken; 1 a link is broken or soft404; 2 invalid input; 3 the run failed.
import { join, resolve } from 'node:path';
import { UsageError } from '../../../core/errors.js';
import { systemClock } from '../../../core/ports.js';
import { targetsFromUrls } from '../../../links/collect.js';
import type { Config } from '../../../core/config.js';
import { runCheck, type Decorate, type RunCheckOutput } from '../../../health/pipeline.js';
import { serializeReport } from '../../../health/report-json.js';
import { healthDecorate } from '../../../health/decorate.js';
import { deliverEvents, renderOutputs } from '../../../health/steps.js';
import { openSqliteStore } from '../../../store/sqlite.js';
import { createNodeHttpClient } from '../http-client.js';
import { writeFileAtomic } from '../fs.js';
import { writeLastModified } from '../last-modified.js';
import { progressReporter, summaryTable } from '../check-output.js';
import { loadFeeds } from '../load-feeds.js';
import type { Command } from './command.js';

export interface CheckRunOptions {
  /** Check these addresses instead of the feeds. */
  urls?: string[];
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  signal?: AbortSignal;
  /** Environment for proxy settings (HTTP_PROXY, HTTPS_PROXY, NO_PROXY); default process.env. */
  env?: Record<string, string | undefined>;
  /** Health's alert step (events, mute, suggestions); default: health's, with the global fetch. */
  decorate?: Decorate;
}

/**
 * One check run with the Node capabilities: load feeds (or take URLs), check, commit the state
 * (with health's alert events), write <out>/health/ (report.json, report.html, report.md,
 * alerts.atom), then deliver the webhook. `run`/`start` call this on their schedule.
 */
export async function checkAndWriteReport(config: Config, o: CheckRunOptions): Promise<RunCheckOutput & { reportPath: string }> {
  const urls = o.urls ?? [];
  const feeds = urls.length === 0 ? await loadFeeds(config, o.stderr) : undefined;
  const targets = urls.length ? targetsFromUrls(urls, config.check.ignore) : undefined;
  const store = openSqliteStore(config.state);
  const http = createNodeHttpClient({
    connectTimeoutMs: config.check.connectTimeoutMs,
    firstByteTimeoutMs: config.check.firstByteTimeoutMs,
    allowPrivate: config.check.allowPrivate,
    env: o.env ?? process.env,
  });
  const progress = progressReporter(o.stderr);
  try {
    const out = await runCheck({
      ...(feeds ? { feeds } : { targets: targets! }),
      store, http, clock: systemClock, config, signal: o.signal,
      // The global fetch looked up per call, so msw (which patches it) intercepts it in tests.
      decorate: o.decorate ?? healthDecorate({ fetch: (url, init) => globalThis.fetch(url, init) }),
      onStart: (n) => progress.start(n),
      onProgress: (p) => progress.update(p),
    });
    progress.finish();
    if (out.offline) {
      o.stderr.write(
        'feedwatch: [check] every link failed before any server answered (no DNS or no route), on several hosts: ' +
          'this machine looks offline. The report shows what this run saw, but it was not recorded and no alerts were sent. ' +
          'Check the network (or HTTPS_PROXY), then run again.\n',
      );
    }
    const healthDir = resolve(config.out, 'health');
    const reportPath = join(healthDir, 'report.json');
    const outputs = await renderOutputs(out.report, store, config);
    await writeFileAtomic(reportPath, serializeReport(out.report));
    for (const [name, text] of outputs) await writeFileAtomic(join(healthDir, name), text);
    await writeLastModified(healthDir, Object.fromEntries(['report.json', ...outputs.keys()].map((n) => [n, out.report.generatedAt])));
    // After the commit: an event is kept before it is sent; a failed delivery is retried next run.
    const delivery = await deliverEvents(store, config, (url, init) => globalThis.fetch(url, init));
    if (delivery.error) o.stderr.write(`feedwatch: [webhook] ${delivery.error}; the events stay queued and are sent again next run.\n`);
    return { ...out, reportPath };
  } finally {
    await http.close?.();
    await store.close();
  }
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check every link cited by the feeds (or --url addresses); write the reports in <out>/health/.',
  details:
    'Statuses: ok, changed, moved, soft404, blocked, broken, skipped (see README).\n' +
    'Exit codes: 0 nothing broken; 1 a link is broken or soft404 (blocked never counts); 2 invalid input; 3 the run failed.',
  options: [
    { flag: 'url', type: 'string', multiple: true, kind: 'url', description: 'Check this address instead of the feeds (repeatable).' },
    { flag: 'format', type: 'string', choices: ['text', 'json'], description: 'text (default) or json: the report on standard output, nothing else.' },
  ],
  positionals: [
    { name: 'url', kind: 'url', repeatable: true, description: 'Check these addresses instead of the feeds, like --url.' },
  ],
  async run(ctx) {
    const format = (ctx.options.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`check: --format must be "text" or "json" (got "${format}").`);
    const urls = [...((ctx.options.url as string[] | undefined) ?? []), ...ctx.positionals];
    const out = await checkAndWriteReport(ctx.config, { urls, stderr: ctx.stderr, signal: ctx.signal, env: ctx.env });
    ctx.stdout.write(format === 'json' ? serializeReport(out.report) : summaryTable(out.report, out.reportPath));
    return out.exitCode;
  },
};
