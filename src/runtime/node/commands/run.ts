// `feedwatch run`: serve, plus scheduled checks and rebuilds, until SIGTERM/SIGINT.
// `start` is the same with a first build that must succeed and a first check.
import { EXIT } from '../../../core/errors.js';
import type { CommandContext } from './command.js';
import { runBuild } from './build.js';
import { buildCommand } from './declarations/build.js';
import { checkCommand } from './declarations/check.js';
import { checkSummary, commandTask } from './tasks.js';
import { createRunner, cronSchedule, validateSchedules, type Schedule, type Task, type TaskName, type Timers } from '../scheduler.js';
import { startFeedServer } from '../server/server.js';
import { listenForShutdown } from '../server/shutdown.js';
import { publishedAddresses, reportAddresses } from '../server/addresses.js';
import { baseUrlPortWarning } from '../server/base-url-port.js';
import { withWebSub } from '../websub.js';
import { ensureFolder } from '../fs.js';

export interface ServiceDeps {
  /** The clock of scheduled runs (default node-cron). */
  schedule?: Schedule;
  /** The tasks (default the real `build` and `check` commands with the same config). */
  tasks?: Partial<Record<TaskName, Task>>;
  /** Quiet time after a change in feeds/ before a rebuild. */
  debounceMs?: number;
  /** HTTP client for WebSub pings (default global fetch). */
  fetch?: typeof fetch;
  /** The clock of scheduled items: the builds' cut-off and the timers of due rebuilds (default the system's). */
  clock?: { now: () => Date; timers: Timers };
}

/** The real `build` as a task that also tells the runner when the next held item falls due. */
function buildTask(ctx: CommandContext): Task {
  let nextDue: Date | null | undefined;
  const task = commandTask({ ...buildCommand, run: async (c) => {
    const result = await runBuild(c);
    nextDue = result.nextDue;
    return result.exitCode;
  } }, ctx);
  return async (signal) => {
    nextDue = undefined;
    const result = await task(signal);
    return nextDue === undefined ? result : { ...result, nextDue };
  };
}

export interface ServiceMode {
  /** `start`: invalid content on the first build stops with exit 2, and a first check runs at once. */
  strictFirstBuild: boolean;
  checkAtStart: boolean;
  /** The command, for messages (default `run`). */
  name?: 'run' | 'start';
}

export async function runService(ctx: CommandContext, deps: ServiceDeps, mode: ServiceMode): Promise<number> {
  const { config } = ctx;
  validateSchedules(config.schedule);
  const log = (line: string) => ctx.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const shutdown = listenForShutdown(ctx.signal);
  const now = deps.clock?.now ?? ctx.now ?? (() => new Date());
  // Held items are published by the clock as they fall due; a fixed cut-off would hold them forever.
  const { FEEDWATCH_NOW, ...env } = ctx.env;
  if (FEEDWATCH_NOW) ctx.stderr.write(`feedwatch: FEEDWATCH_NOW is ignored by ${mode.name ?? 'run'}: scheduled items are published by the clock when they fall due.\n`);
  const taskCtx: CommandContext = { ...ctx, env, now };
  const build = deps.tasks?.build ?? buildTask(taskCtx);
  const tasks: Record<TaskName, Task> = {
    build: withWebSub(build, { out: config.out, baseUrl: config.baseUrl, hubs: config.websub.hubs, fetch: deps.fetch ?? fetch, log }),
    check: deps.tasks?.check ?? commandTask(checkCommand, { ...taskCtx, scheduledBy: mode.name ?? 'run' }, () => checkSummary(config.out)),
  };
  const runner = createRunner({
    schedule: deps.schedule ?? cronSchedule,
    tasks,
    checkExpression: config.schedule.check,
    buildExpression: config.schedule.build,
    timezone: config.schedule.timezone,
    watchDir: config.feeds,
    debounceMs: deps.debounceMs,
    log,
    now,
    ...(deps.clock ? { timers: deps.clock.timers } : {}),
  });
  // Stopping aborts the tasks' signal at once, also during the first build and check.
  shutdown.signal.addEventListener('abort', () => void runner.stop(), { once: true });
  let server: Awaited<ReturnType<typeof startFeedServer>> | undefined;
  try {
    const first = await runner.runBuild('start');
    if (mode.strictFirstBuild && first?.exitCode === EXIT.invalidInput) {
      ctx.stderr.write(`feedwatch: ${first.summary}\n${first.details ? first.details + '\n' : ''}`);
      ctx.stderr.write(`feedwatch: the content in ${config.feeds} is invalid; nothing was published. Fix it and start again.\n`);
      return EXIT.invalidInput;
    }
    if (shutdown.signal.aborted) return EXIT.ok;
    if (mode.strictFirstBuild) await ensureFolder(config.out, '--out');
    server = await startFeedServer({ root: config.out, host: config.serve.host, port: config.serve.port, maxAge: config.serve.maxAge, health: () => ({ ...runner.status() }) });
    log(`serving ${config.out} on ${server.url}`);
    const warning = baseUrlPortWarning(config.baseUrl, config.serve.port, mode.name ?? 'run');
    if (warning) ctx.stderr.write(`${warning}\n`);
    const addresses = await publishedAddresses(config.out, server.url);
    if (addresses.length) ctx.stdout.write(addresses.join('\n') + '\n');
    if (mode.checkAtStart && !shutdown.signal.aborted) {
      // A check that finds broken links, or no network at all, never stops the service.
      await runner.runCheck('start');
      const report = reportAddresses(config.out, server.url);
      if (report.length) ctx.stdout.write(report.join('\n') + '\n');
    }
    if (!shutdown.signal.aborted) {
      runner.start();
      log(`checks: ${config.schedule.check ?? 'never'}; rebuilds: ${config.schedule.build ?? `when ${config.feeds} changes`} (time zone ${config.schedule.timezone})`);
    }
    const reason = await shutdown.requested;
    log(`${reason}: stopping`);
    return EXIT.ok;
  } finally {
    await runner.stop();
    await server?.close();
    shutdown.dispose();
  }
}

/** `feedwatch run` (declared in declarations/run.ts, which imports this file when the command runs). */
export function run(ctx: CommandContext): Promise<number> {
  return runService(ctx, {}, { strictFirstBuild: false, checkAtStart: false });
}
