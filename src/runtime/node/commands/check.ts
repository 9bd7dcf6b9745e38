// `feedwatch check`: checks every monitored link of every item (or the --url addresses), keeps
// state in the SQLite file, writes <out>/health/report.json and prints a summary.
// Exit: 0 nothing broken; 1 a link is broken or soft404; 2 invalid input; 3 the run failed.
import { join, resolve } from 'node:path';
import { UsageError } from '../../../core/errors.js';
import { systemClock } from '../../../core/ports.js';
import type { Feed } from '../../../core/types.js';
import { targetsFromUrls } from '../../../links/collect.js';
import { runCheck } from '../../../health/pipeline.js';
import { serializeReport } from '../../../health/report-json.js';
import { healthDecorate } from '../../../health/decorate.js';
import { deliverEvents, renderOutputs } from '../../../health/steps.js';
import { openSqliteStore } from '../../../store/sqlite.js';
import { createNodeHttpClient } from '../http-client.js';
import { writeFileAtomic } from '../fs.js';
import { writeLastModified } from '../last-modified.js';
import { progressReporter, summaryTable } from '../check-output.js';
import { loadFeeds } from '../check-feeds.js';
import type { Command } from './command.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check every link cited by the feeds (or --url addresses); write <out>/health/report.json.',
  details:
    'Statuses: ok, changed, moved, soft404, blocked, broken, skipped (see README).\n' +
    'Exit codes: 0 nothing broken; 1 a link is broken or soft404 (blocked never counts); 2 invalid input; 3 the run failed.',
  options: [
    { flag: 'url', type: 'string', multiple: true, description: 'Check this address instead of the feeds (repeatable).' },
    { flag: 'format', type: 'string', description: 'text (default) or json: the report on standard output, nothing else.' },
  ],
  async run(ctx) {
    const { config } = ctx;
    const format = (ctx.options.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`check: --format must be "text" or "json" (got "${format}").`);
    const urls = [...((ctx.options.url as string[] | undefined) ?? []), ...ctx.positionals];
    let feeds: Feed[] | undefined;
    if (urls.length === 0) feeds = await loadFeeds(config, ctx.stderr);
    const targets = urls.length ? targetsFromUrls(urls, config.check.ignore) : undefined;

    const store = openSqliteStore(config.state);
    const http = createNodeHttpClient({
      connectTimeoutMs: config.check.connectTimeoutMs,
      firstByteTimeoutMs: config.check.firstByteTimeoutMs,
      allowPrivate: config.check.allowPrivate,
      env: ctx.env,
    });
    const progress = progressReporter(ctx.stderr);
    try {
      const out = await runCheck({
        ...(feeds ? { feeds } : { targets: targets! }),
        store, http, clock: systemClock, config, signal: ctx.signal,
        onStart: (n) => progress.start(n),
        onProgress: (p) => progress.update(p),
        // Looked up per call, so msw (which patches the global fetch) intercepts it in tests.
        decorate: healthDecorate({ fetch: (url, init) => globalThis.fetch(url, init) }),
      });
      progress.finish();
      const healthDir = resolve(config.out, 'health');
      const reportPath = join(healthDir, 'report.json');
      const outputs = await renderOutputs(out.report, store, config);
      await writeFileAtomic(reportPath, serializeReport(out.report));
      for (const [name, text] of outputs) await writeFileAtomic(join(healthDir, name), text);
      await writeLastModified(healthDir, Object.fromEntries(['report.json', ...outputs.keys()].map((n) => [n, out.report.generatedAt])));
      // After the commit: an event is kept before it is sent; a failed delivery is retried next run.
      const delivery = await deliverEvents(store, config, (url, init) => globalThis.fetch(url, init));
      if (delivery.error) ctx.stderr.write(`feedwatch: [webhook] ${delivery.error}; the events stay queued and are sent again next run.\n`);
      if (format === 'json') ctx.stdout.write(serializeReport(out.report));
      else ctx.stdout.write(summaryTable(out.report, reportPath));
      return out.exitCode;
    } finally {
      await http.close?.();
      await store.close();
    }
  },
};
