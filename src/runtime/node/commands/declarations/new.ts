// `feedwatch new` as the command line knows it: its options, arguments and help text. Its code,
// ../new.ts, is imported only when it runs, so help and argument checks load nothing heavy.
import { lazyRun, type Command } from '../command.js';

export const newCommand: Command = {
  name: 'new',
  summary: 'Write a new item, feeds/<feed-id>/items/<yyyy-mm-dd>-<slug>.md (a draft unless --publish); print its path.',
  details: [
    'The slug comes from the title: accents stripped (å, ä -> a; ö -> o; é -> e), ß -> ss, æ -> ae,',
    'ø -> o, lowercase, - between words. The item\'s id is made from it and never changes, so a slug',
    'already used in the feed, on any date, is exit 2: choose another title (it can be edited',
    'afterwards; the file name stays). The date is now with this machine\'s UTC offset, or --date;',
    'a date after the build\'s cut-off holds the item back until then. The link is the feed\'s link',
    'plus the slug, or --link. The item has draft: true (in no feed) until you remove that line, or',
    'give --publish. Prints the path of the new file, e.g. to open it: $EDITOR "$(feedwatch new ...)".',
  ].join('\n'),
  options: [
    { flag: 'date', type: 'string', kind: 'date-time', description: 'Publication time, ISO 8601 with an offset (default: now, local offset).' },
    { flag: 'link', type: 'string', kind: 'url', description: 'The item\'s page (default: the feed\'s link plus the slug).' },
    { flag: 'publish', type: 'boolean', description: 'Write it without draft: true, so the next build publishes it.' },
  ],
  positionals: [
    { name: 'feed-id', kind: 'feed-id', required: true, description: 'The feed the item goes into (its folder in feeds/).' },
    { name: 'title', kind: 'text', required: true, description: 'The item\'s title; quote it.' },
  ],
  run: lazyRun(() => import('../new.js')),
};
