// The loop of `run`: checks on a cron schedule, rebuilds on a schedule or when feeds/ changes, and
// when an item a build held back falls due; never two checks at once, a log line per run, and a
// stop that waits for the running writes. The clocks (schedule, now and timers), the tasks and the
// watcher are injected so tests need no wall clock.
import { watch, type FSWatcher } from 'node:fs';
import cron from 'node-cron';
import { ConfigError } from '../../core/errors.js';

export interface ScheduledHandle {
  stop(): void;
}

/** Calls `fn` at the times of a cron expression, in a time zone. */
export type Schedule = (expression: string, fn: () => void, options: { timezone: string; name: string }) => ScheduledHandle;

/** node-cron (5 fields, or 6 with seconds first). */
export const cronSchedule: Schedule = (expression, fn, options) => {
  const task = cron.schedule(expression, () => fn(), { timezone: options.timezone, name: options.name });
  return {
    stop() {
      void task.stop();
      void task.destroy();
    },
  };
};

/**
 * Checks the cron expressions and time zone before anything runs, so a typo is a config error
 * (exit 2) at start, not a crash at the first tick.
 */
export function validateSchedules(settings: { check: string | null; build: string | null; timezone: string }): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: settings.timezone });
  } catch {
    throw new ConfigError(`schedule.timezone "${settings.timezone}" is not an IANA time zone. Use a name like "UTC" or "Europe/Stockholm".`);
  }
  for (const [key, expression] of [['schedule.check', settings.check], ['schedule.build', settings.build]] as const) {
    if (expression !== null && !cron.validate(expression)) {
      throw new ConfigError(`${key} "${expression}" is not a valid cron expression (a field is out of range). Example: "0 */6 * * *" is every 6 hours.`);
    }
  }
}

export type TaskName = 'build' | 'check';

export interface TaskResult {
  /** The command's exit code (0 ok, 1 links failing, 2 invalid input, 3 run failed). */
  exitCode: number;
  /** One line for the log: what the run found. */
  summary: string;
  /** More lines for the log, e.g. every problem of invalid content. */
  details?: string;
  /** A build: when the next item it held back falls due (null: none held); the runner rebuilds then. */
  nextDue?: Date | null;
  /** The task did not run (another process holds the state file's lock): logged as skipped, not as a run. */
  skipped?: boolean;
}

/** The timers of due rebuilds; tests inject their own clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** setTimeout's longest delay (2^31-1 ms, 24.8 days): a longer one fires at once, so it is waited in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** One run of a task. The signal aborts when the process is stopping: finish the current write, then return. */
export type Task = (signal: AbortSignal) => Promise<TaskResult>;

export interface RunRecord {
  task: TaskName;
  number: number;
  reason: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  exitCode: number;
  summary: string;
  details?: string;
}

export interface RunnerOptions {
  schedule: Schedule;
  tasks: Record<TaskName, Task>;
  /** Cron expression of checks (config schedule.check); null: no scheduled checks. */
  checkExpression: string | null;
  /** Cron expression of rebuilds (config schedule.build); null: rebuild when `watchDir` changes. */
  buildExpression: string | null;
  timezone: string;
  /** The content folder to watch when there is no build schedule; null: no watching. */
  watchDir: string | null;
  /** Quiet time after the last change in the content folder before a rebuild. */
  debounceMs?: number;
  log: (line: string) => void;
  now?: () => Date;
  /** Timers for rebuilds when a held item falls due (default the global ones), on the clock `now`. */
  timers?: Timers;
}

export interface RunnerStatus {
  running: TaskName[];
  runs: Record<TaskName, RunRecord | null>;
  counts: Record<TaskName, number> & { skippedChecks: number };
  schedule: { check: string | null; build: string; timezone: string };
  /** When the next held (scheduled) item falls due and the site is rebuilt; null when none is held. */
  nextDue: string | null;
}

export interface Runner {
  /** Starts the schedules and the watcher. */
  start(): void;
  /** Runs a check now unless one is running (then it is skipped and logged; resolves undefined). */
  runCheck(reason: string): Promise<RunRecord | undefined>;
  /** Runs a build now; while one runs, further requests collapse into one more build after it. */
  runBuild(reason: string): Promise<RunRecord | undefined>;
  status(): RunnerStatus;
  /** Stops the schedules and the watcher, aborts the tasks' signal and waits for running tasks. */
  stop(): Promise<void>;
}

/** Editors and atomic writes leave dotfiles and backup files: not content changes. */
function isContentChange(filename: string | null): boolean {
  if (!filename) return true;
  return !filename.split(/[\\/]/).some((p) => p.startsWith('.') || p.endsWith('~'));
}

/** The default quiet time before a rebuild: long enough to coalesce a `git pull`, short for a person. */
const DEFAULT_DEBOUNCE_MS = 500;

export function createRunner(options: RunnerOptions): Runner {
  const now = options.now ?? (() => new Date());
  const controller = new AbortController();
  const handles: ScheduledHandle[] = [];
  const running = new Map<TaskName, Promise<RunRecord | undefined>>();
  const last: Record<TaskName, RunRecord | null> = { build: null, check: null };
  const counts = { build: 0, check: 0, skippedChecks: 0 };
  let buildAgain: string | null = null;
  let watcher: FSWatcher | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let stopped = false;
  const timers: Timers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
  let due: { at: Date; handle: unknown } | null = null;
  /** A due time already rebuilt for: never again, so a clock that disagrees cannot loop rebuilds. */
  let firedDue = -Infinity;

  function clearDue(): void {
    if (due) timers.clearTimeout(due.handle);
    due = null;
  }

  /** Rebuilds at `at`, waiting in steps of at most MAX_TIMER_MS (re-armed each time, never overflowed). */
  function armDue(at: Date): void {
    const wait = at.getTime() - now().getTime();
    const step = Math.max(0, Math.min(wait, MAX_TIMER_MS));
    const handle = timers.setTimeout(() => {
      if (stopped || due?.handle !== handle) return;
      if (now().getTime() < at.getTime()) return armDue(at); // a step of a long wait, or a timer a little early
      due = null;
      firedDue = at.getTime();
      void runner.runBuild(`scheduled item due ${at.toISOString()}`);
    }, step);
    due = { at, handle };
  }

  function scheduleDue(next: Date | null | undefined): void {
    if (next === undefined || stopped) return; // a failed build says nothing: keep what was armed
    if (next !== null && next.getTime() <= firedDue) next = null;
    if (due && next && due.at.getTime() === next.getTime()) return;
    clearDue();
    if (!next) return;
    armDue(next);
    options.log(`next scheduled item due ${next.toISOString()}: rebuild then`);
  }

  async function execute(task: TaskName, reason: string): Promise<RunRecord | undefined> {
    const number = ++counts[task];
    const started = now();
    let result: TaskResult;
    try {
      result = await options.tasks[task](controller.signal);
    } catch (e) {
      // A task's failure is logged and the loop goes on: the next run may succeed.
      result = { exitCode: 3, summary: `failed: ${(e as Error)?.message ?? String(e)}` };
    }
    if (result.skipped) {
      counts[task]--;
      counts.skippedChecks++;
      options.log(`${task} skipped (${reason}): ${result.summary}`);
      return undefined;
    }
    const finished = now();
    const record: RunRecord = {
      task,
      number,
      reason,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      exitCode: result.exitCode,
      summary: result.summary,
      ...(result.details ? { details: result.details } : {}),
    };
    last[task] = record;
    options.log(`${task} #${number} (${reason}): exit ${record.exitCode} in ${(record.durationMs / 1000).toFixed(1)}s: ${record.summary}`);
    if (result.details) options.log(result.details.replace(/^/gm, '  '));
    if (task === 'build') scheduleDue(result.nextDue);
    return record;
  }

  function track(task: TaskName, p: Promise<RunRecord | undefined>): Promise<RunRecord | undefined> {
    running.set(task, p);
    void p.finally(() => {
      if (running.get(task) === p) running.delete(task);
    });
    return p;
  }

  const runner: Runner = {
    start() {
      if (options.checkExpression) {
        handles.push(options.schedule(options.checkExpression, () => void runner.runCheck('schedule'), { timezone: options.timezone, name: 'feedwatch-check' }));
      }
      if (options.buildExpression) {
        handles.push(options.schedule(options.buildExpression, () => void runner.runBuild('schedule'), { timezone: options.timezone, name: 'feedwatch-build' }));
      } else if (options.watchDir) {
        try {
          watcher = watch(options.watchDir, { recursive: true }, (_event, filename) => {
            if (stopped || !isContentChange(filename)) return;
            if (debounce) clearTimeout(debounce);
            debounce = setTimeout(() => {
              debounce = null;
              void runner.runBuild(`${options.watchDir} changed`);
            }, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
          });
          watcher.on('error', (e) => options.log(`watch of ${options.watchDir} stopped: ${e.message}; rebuilds on change are off until restart`));
        } catch (e) {
          options.log(`cannot watch ${options.watchDir} (${(e as Error).message}); rebuilds on change are off. Set schedule.build to rebuild on a schedule.`);
        }
      }
    },

    runCheck(reason) {
      if (stopped) return Promise.resolve(undefined);
      const current = running.get('check');
      if (current) {
        counts.skippedChecks++;
        options.log(`check skipped (${reason}): check #${counts.check} is still running`);
        return Promise.resolve(undefined);
      }
      return track('check', execute('check', reason));
    },

    runBuild(reason) {
      if (stopped) return Promise.resolve(undefined);
      const current = running.get('build');
      if (current) {
        // The running build may have read the content before this change: build once more after it.
        buildAgain = reason;
        return current.then(() => undefined);
      }
      const p = (async () => {
        let record = await execute('build', reason);
        while (buildAgain !== null && !stopped) {
          const again = buildAgain;
          buildAgain = null;
          record = await execute('build', again);
        }
        return record;
      })();
      return track('build', p);
    },

    status() {
      return {
        running: [...running.keys()],
        runs: { ...last },
        counts: { ...counts },
        schedule: { check: options.checkExpression, build: options.buildExpression ?? (options.watchDir ? `when ${options.watchDir} changes` : 'never'), timezone: options.timezone },
        nextDue: due ? due.at.toISOString() : null,
      };
    },

    async stop() {
      stopped = true;
      for (const h of handles.splice(0)) h.stop();
      watcher?.close();
      watcher = null;
      if (debounce) clearTimeout(debounce);
      clearDue();
      controller.abort(new Error('stopping'));
      const pending = [...running.entries()];
      if (pending.length) options.log(`waiting for ${pending.map(([t]) => t).join(' and ')} to finish writing`);
      await Promise.allSettled(pending.map(([, p]) => p));
    },
  };
  return runner;
}
