// `feedwatch check`: checks every monitored link of every item, keeps state in the SQLite file,
// writes <out>/health/ (report.json, report.html, report.md, alerts.atom) and prints a summary.
// `check --url` (or positional URLs) is an ad-hoc probe instead: it prints its result and nothing
// else; it never opens the state file and writes nothing into <out>/health/.
// Exit: 0 nothing broken; 1 a link is broken or soft404; 2 invalid input; 3 the run failed.
import { join, resolve } from 'node:path';
import { UsageError } from '../../../core/errors.js';
import { redactorFor, redactWebhookUrl } from '../../../core/redact.js';
import { systemClock, type Store } from '../../../core/ports.js';
import { collectLinks, targetsFromUrls, unusedIgnoreRules } from '../../../links/collect.js';
import type { Config } from '../../../core/config.js';
import type { LinkTarget } from '../../../core/types.js';
import { runCheck, type Decorate, type RunCheckOutput } from '../../../health/pipeline.js';
import { serializeReport } from '../../../health/report-json.js';
import { partsToText, PRIVATE_ADDRESS, privateAddressHint } from '../../../health/advice.js';
import { openSqliteStore } from '../../../store/sqlite.js';
import { MemoryStore } from '../../../store/memory.js';
import { createNodeHttpClient } from '../http-client.js';
import { htmlReaders } from '../html-readers.js';
import { ensureFolder, writeFileAtomic } from '../fs.js';
import { removeStaleTemps } from '../temp-files.js';
import { writeLastModified } from '../last-modified.js';
import { progressReporter, summaryTable } from '../check-output.js';
import { loadFeeds } from '../load-feeds.js';
import { acquireStateLock, describeHolder, seconds } from '../state-lock.js';
import type { CommandContext } from './command.js';

type Stderr = NodeJS.WritableStream & { isTTY?: boolean };

export interface CheckRunOptions {
  stderr: Stderr;
  signal?: AbortSignal;
  /** Environment for proxy settings (HTTP_PROXY, HTTPS_PROXY, NO_PROXY); default process.env. */
  env?: Record<string, string | undefined>;
  /** Health's alert step (events, mute, suggestions); default: health's, with the global fetch. */
  decorate?: Decorate;
  /** The clock that says which items are scheduled (their own page is not checked yet); default: now. */
  now?: () => Date;
  /** Who takes the state file's lock, and how long it waits (default: `feedwatch check`, check.lockWaitMs). */
  lock?: { command: string; waitMs: number };
}

/** Checks the targets with the Node HTTP client, progress on stderr; the caller owns the store. */
async function checkTargets(config: Config, targets: LinkTarget[], store: Store, o: CheckRunOptions, decorate: Decorate | undefined): Promise<RunCheckOutput> {
  const http = createNodeHttpClient({
    connectTimeoutMs: config.check.connectTimeoutMs,
    firstByteTimeoutMs: config.check.firstByteTimeoutMs,
    allowPrivate: config.check.allowPrivate,
    env: o.env ?? process.env,
  });
  const progress = progressReporter(o.stderr);
  // Costly HTML pages are read on the other cores while this thread keeps the requests going.
  const readers = htmlReaders();
  try {
    const out = await runCheck({
      targets, store, http, clock: systemClock, config, signal: o.signal, decorate,
      onStart: (n) => progress.start(n),
      onProgress: (p) => progress.update(p),
      ...(readers ? { readHtml: readers.read } : {}),
    });
    progress.finish();
    return out;
  } finally {
    await Promise.all([http.close?.(), readers?.close()]);
  }
}

/** What stderr says after a run: an offline run, and how to check links skipped as private addresses. */
function notices(out: RunCheckOutput, stderr: Stderr, recorded: boolean): void {
  if (out.offline) {
    stderr.write(
      'feedwatch: [check] every link failed before any server answered (no DNS or no route), on several hosts: ' +
        `this machine looks offline. The report shows what this run saw${recorded ? ', but it was not recorded and no alerts were sent' : ''}. ` +
        'Check the network (or HTTPS_PROXY), then run again.\n',
    );
  }
  const privates = out.report.links.filter((l) => l.status === 'skipped' && l.reason === PRIVATE_ADDRESS).length;
  if (privates) stderr.write(`feedwatch: [check] ${partsToText(privateAddressHint(privates))}\n`);
}

/**
 * One check run of the feeds with the Node capabilities: load feeds, check, commit the state (with
 * health's alert events), write <out>/health/ (report.json, report.html, report.md, alerts.atom),
 * then deliver the webhook. `run`/`start` call this on their schedule.
 */
export async function checkAndWriteReport(config: Config, o: CheckRunOptions): Promise<RunCheckOutput & { reportPath: string }> {
  const feeds = await loadFeeds(config, o.stderr);
  const targets = collectLinks(feeds, config.check.ignore, { now: o.now?.() ?? new Date() });
  for (const rule of unusedIgnoreRules(config.check.ignore, targets)) {
    o.stderr.write(`feedwatch: [check] warning: check.ignore rule ${JSON.stringify(rule.pattern)} matched no link; remove it or fix the pattern.\n`);
  }
  // One check at a time per state file (state-lock.ts), held until the webhook is done.
  const lock = await acquireStateLock(config.state, {
    command: o.lock?.command ?? 'feedwatch check',
    waitMs: o.lock?.waitMs ?? config.check.lockWaitMs,
    signal: o.signal,
    onWait: (holder) => o.stderr.write(`feedwatch: [check] ${config.state} is in use by another check: ${describeHolder(holder)}; waiting up to ${seconds(o.lock?.waitMs ?? config.check.lockWaitMs)} for it to finish.\n`),
    onTakeover: (holder, path) => o.stderr.write(`feedwatch: [check] took over the stale lock ${path}: ${describeHolder(holder)}, and that process is gone.\n`),
  });
  // The alert steps and the report renderers are needed once the links are checked: they load
  // meanwhile, while the main thread mostly waits for answers, instead of before the first request.
  const later = Promise.all([import('../../../health/decorate.js'), import('../../../health/steps.js')]);
  later.catch(() => undefined); // awaited below; a failure surfaces there
  let store: Store | undefined;
  try {
    store = openSqliteStore(config.state);
    // Before checking for minutes: the reports must have somewhere to go.
    await ensureFolder(config.out, '--out');
    // The global fetch looked up per call, so msw (which patches it) intercepts it in tests.
    const decorate: Decorate = o.decorate ?? (async (input) => (await later)[0].healthDecorate({ fetch: (url, init) => globalThis.fetch(url, init) })(input));
    const out = await checkTargets(config, targets, store, o, decorate);
    notices(out, o.stderr, true);
    const healthDir = resolve(config.out, 'health');
    const reportPath = join(healthDir, 'report.json');
    const { renderOutputs, deliverEvents } = (await later)[1];
    const outputs = await renderOutputs(out.report, store, config);
    await removeStaleTemps(healthDir); // report files of a check killed mid-write
    await writeFileAtomic(reportPath, redactorFor(config)(serializeReport(out.report)));
    for (const [name, text] of outputs) await writeFileAtomic(join(healthDir, name), text);
    await writeLastModified(healthDir, Object.fromEntries(['report.json', ...outputs.keys()].map((n) => [n, out.report.generatedAt])));
    // After the commit: an event is kept before it is sent; a failed delivery is retried next run.
    const delivery = await deliverEvents(store, config, (url, init) => globalThis.fetch(url, init));
    if (delivery.error) o.stderr.write(`feedwatch: [webhook] ${delivery.error} from ${redactWebhookUrl(config.alerts.webhook ?? '')}; the events stay queued and are sent again next run.\n`);
    return { ...out, reportPath };
  } finally {
    await store?.close();
    await lock.release();
  }
}

/**
 * `check --url`: an ad-hoc probe of these addresses. A store in memory stands in for the state
 * file, so nothing is `changed`, `since` is now, and the site's state, history, reports and alerts
 * stay exactly as they were: no file is opened or written, no alert made, no webhook called.
 */
export async function probeUrls(config: Config, urls: readonly string[], o: CheckRunOptions): Promise<RunCheckOutput> {
  const store = new MemoryStore();
  try {
    const out = await checkTargets(config, targetsFromUrls(urls, config.check.ignore), store, o, undefined);
    notices(out, o.stderr, false);
    // The memory store's history is this probe alone; none is kept.
    return { ...out, report: { ...out.report, historySince: null } };
  } finally {
    await store.close();
  }
}

const PROBE_NOTE = 'Ad-hoc check of the given addresses: nothing was recorded, and no report or alert was written.';

/** `feedwatch check` (declared in declarations/check.ts, which imports this file when the command runs). */
export async function run(ctx: CommandContext): Promise<number> {
  const format = (ctx.options.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`check: --format must be "text" or "json" (got "${format}").`);
  const urls = [...((ctx.options.url as string[] | undefined) ?? []), ...ctx.positionals];
  const o = { stderr: ctx.stderr, signal: ctx.signal, env: ctx.env, ...(ctx.now ? { now: ctx.now } : {}) };
  if (urls.length) {
    const out = await probeUrls(ctx.config, urls, o);
    ctx.stdout.write(format === 'json' ? serializeReport(out.report) : `${summaryTable(out.report, null)}${PROBE_NOTE}\n`);
    return out.exitCode;
  }
  // Scheduled by `run`/`start`: never wait for the lock; the runner skips this check and logs why.
  const lock = ctx.scheduledBy ? { command: `feedwatch ${ctx.scheduledBy}`, waitMs: 0 } : undefined;
  const out = await checkAndWriteReport(ctx.config, { ...o, lock });
  ctx.stdout.write(format === 'json' ? serializeReport(out.report) : summaryTable(out.report, out.reportPath));
  return out.exitCode;
}
