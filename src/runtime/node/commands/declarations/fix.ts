// `feedwatch fix` as the command line knows it: its options, arguments and help text. Its code,
// ../fix.ts, is imported only when it runs, so help and argument checks load nothing heavy.
import { lazyRun, type Command } from '../command.js';

export const fixCommand: Command = {
  name: 'fix',
  summary: 'Rewrite moved links in the content to their new address (prints the diff; --write applies it).',
  details: 'Reads the moved links from the state file (`check` keeps it); muted links are left alone.',
  options: [{ flag: 'write', type: 'boolean', description: 'Apply the changes (default: a dry run that prints the diff).' }],
  run: lazyRun(() => import('../fix.js')),
};
