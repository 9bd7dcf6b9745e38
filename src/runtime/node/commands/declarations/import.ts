// `feedwatch import` as the command line knows it: its options, arguments and help text. Its code,
// ../import.ts, is imported only when it runs, so help and argument checks load nothing heavy.
import { lazyRun, type Command } from '../command.js';

/** Pages `import` reads at most, unless --max-pages says otherwise. */
export const DEFAULT_MAX_PAGES = 100;

export const importCommand: Command = {
  name: 'import',
  summary: 'Import an RSS, Atom or JSON feed (with its archive pages) into feeds/<id>/, every id kept.',
  details:
    'Each entry becomes feeds/<id>/items/<yyyy-mm-dd>-<slug>.md with the source\'s guid, atom:id or JSON id as its id:.\n' +
    'An entry the feed already has is left alone (--update rewrites it), so a second import writes nothing.\n' +
    'Exit codes: 0 done (entries that could not be imported are listed); 2 invalid input (flags, a source that is\n' +
    'not a feed or is larger than 50 MiB, a private address without --allow-private, a feed.yaml field missing);\n' +
    '3 a fetch or a write failed. Nothing is written unless everything was read.',
  options: [
    { flag: 'feed', type: 'string', kind: 'feed-id', description: 'The feed to import into, feeds/<id>/; made when it does not exist. Required.' },
    { flag: 'max-pages', type: 'string', kind: 'count', description: `Read at most this many pages (default ${DEFAULT_MAX_PAGES}).` },
    { flag: 'paged', type: 'boolean', description: 'Page through WordPress\'s ?paged=2, 3, ... until a page is empty or repeats.' },
    { flag: 'update', type: 'boolean', description: 'Rewrite items the feed already has (in their own files) instead of leaving them alone.' },
    { flag: 'author', type: 'string', kind: 'text', valueName: 'NAME', description: 'Author name for a new feed.yaml when the source names none (RSS).' },
    { flag: 'language', type: 'string', kind: 'text', valueName: 'LANG', description: 'Language for a new feed.yaml when the source names none (JSON Feed 1.0), e.g. sv.' },
    { flag: 'dry-run', type: 'boolean', description: 'Print what would be written, and write nothing.' },
  ],
  positionals: [{ name: 'url-or-file', kind: 'url-or-path', required: true, description: 'The feed to import.' }],
  run: lazyRun(() => import('../import.js')),
};
