// `feedwatch start` as the command line knows it: its options, arguments and help text. Its code,
// ../start.ts, is imported only when it runs, so help and argument checks load nothing heavy.
import { lazyRun, type Command } from '../command.js';

export const startCommand: Command = {
  name: 'start',
  summary: 'Build, check the links once, then `run` (serve + schedules) on http://localhost:8787.',
  details: [
    'What `npm start` runs. Builds the feeds (invalid content stops here with exit 2 and every',
    'problem listed), serves them, prints the addresses of the feeds and the report, checks every',
    'link once, then keeps going like `run`. With no network it still starts: the report says the',
    'links could not be reached.',
  ].join('\n'),
  run: lazyRun(() => import('../start.js')),
};
