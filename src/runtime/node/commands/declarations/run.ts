// `feedwatch run` as the command line knows it: its options, arguments and help text. Its code,
// ../run.ts, is imported only when it runs, so help and argument checks load nothing heavy.
import { lazyRun, type Command } from '../command.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Serve the feeds and keep them fresh: scheduled link checks, rebuild when feeds/ changes.',
  details: [
    'Builds once, serves --out like `serve`, then checks links on the cron schedule --check-schedule',
    '(default every 6 hours) and rebuilds when the --feeds folder changes, or on --build-schedule if set.',
    'Never runs two checks at once (a check still running when the next is due is skipped, and logged).',
    'Rebuilds when an item that a build held back (dated later) falls due, so it is published on time.',
    'One log line per run with its summary. Broken links or invalid content never stop it: the last',
    'good outputs stay served. GET /healthz reports the last runs.',
    '',
    'SIGTERM or SIGINT: the running build or check finishes its current write, then exit 0.',
    'Exit 3 when the port is in use or the output folder cannot be read.',
  ].join('\n'),
  run: lazyRun(() => import('../run.js')),
};
