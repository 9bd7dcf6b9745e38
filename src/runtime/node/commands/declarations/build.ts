// `feedwatch build` as the command line knows it: its options, arguments and help text. Its code,
// ../build.ts, is imported only when it runs, so help and argument checks load nothing heavy.
import { lazyRun, type Command } from '../command.js';

export const buildCommand: Command = {
  name: 'build',
  summary: 'Build RSS 2.0, Atom 1.0 and JSON Feed 1.1 (with archives), index.html and feeds.opml from feeds/.',
  details: [
    'Writes <out>/<feed-id>/rss.xml, atom.xml, feed.json, older items under <out>/<feed-id>/archive/',
    '(RFC 5005), <out>/index.html and <out>/feeds.opml. Files whose bytes did not change are not rewritten.',
    'Exit 2 on invalid content; nothing in <out> changes then. With --robust-links, cited links whose',
    'archived copy the --state file knows get data-versionurl/data-versiondate (Robust Links).',
    '',
    'Drafts (draft: true) are left out. Items dated after the cut-off are held back until their date;',
    'the build says how many and until when. The cut-off is now, or --now / FEEDWATCH_NOW (ISO 8601',
    'with an offset): the same content and the same cut-off give the same bytes.',
    '',
    'Preview: --drafts and --future publish drafts and later items too, into an --out other than the',
    'configured one (exit 2 otherwise), and never write the archive page record:',
    '  feedwatch build --drafts --future --out preview',
  ].join('\n'),
  options: [
    { flag: 'drafts', type: 'boolean', description: 'Preview: include drafts (needs an --out other than the configured one).' },
    { flag: 'future', type: 'boolean', description: 'Preview: include items dated after the cut-off (needs an --out other than the configured one).' },
    { flag: 'now', type: 'string', kind: 'date-time', description: 'The cut-off for scheduled items, ISO 8601 with an offset (default now; env FEEDWATCH_NOW).' },
  ],
  run: lazyRun(() => import('../build.js')),
};
