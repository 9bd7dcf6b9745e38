// `feedwatch serve`: publishes the output folder over HTTP until SIGTERM/SIGINT.
import { EXIT } from '../../../core/errors.js';
import type { Command } from './command.js';
import { startFeedServer } from '../server/server.js';
import { listenForShutdown } from '../server/shutdown.js';
import { publishedAddresses } from '../server/addresses.js';
import { baseUrlPortWarning } from '../server/base-url-port.js';

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
  async run(ctx) {
    const shutdown = listenForShutdown(ctx.signal);
    try {
      const server = await startFeedServer({ root: ctx.config.out, host: ctx.config.serve.host, port: ctx.config.serve.port, maxAge: ctx.config.serve.maxAge });
      ctx.stdout.write(`feedwatch: serving ${ctx.config.out} on ${server.url}\n`);
      const warning = baseUrlPortWarning(ctx.config.baseUrl, ctx.config.serve.port, 'serve');
      if (warning) ctx.stderr.write(`${warning}\n`);
      const addresses = await publishedAddresses(ctx.config.out, server.url);
      if (addresses.length) ctx.stdout.write(addresses.join('\n') + '\n');
      const reason = await shutdown.requested;
      ctx.stdout.write(`feedwatch: ${reason}: stopping; finishing open responses\n`);
      await server.close();
      return EXIT.ok;
    } finally {
      shutdown.dispose();
    }
  },
};
