// `feedwatch serve` as the command line knows it: its options, arguments and help text. Its code,
// ../serve.ts, is imported only when it runs, so help and argument checks load nothing heavy.
import { lazyRun, type Command } from '../command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the built feeds and health reports over HTTP (ETag, 304, gzip/br, CORS).',
  details: [
    'Serves --out: <out>/index.html at /, feeds.opml, <feed>/rss.xml, atom.xml, feed.json, archives, and',
    'health/report.{json,html,md} and alerts.atom, with exact Content-Types, strong ETags, Last-Modified',
    'from the content dates in .last-modified.json, 304 answers, gzip and brotli, Cache-Control',
    '(--max-age) and CORS. GET /healthz answers 200 with the uptime. Dotfiles and anything outside',
    '--out are never served.',
    '',
    'Stops cleanly on SIGTERM or SIGINT (exit 0): open responses finish first.',
    'Exit 3 when the port is in use or the folder cannot be read.',
  ].join('\n'),
  run: lazyRun(() => import('../serve.js')),
};
