// `feedwatch serve`: publishes the output folder over HTTP until SIGTERM/SIGINT.
import { EXIT } from '../../../core/errors.js';
import type { CommandContext } from './command.js';
import { startFeedServer } from '../server/server.js';
import { listenForShutdown } from '../server/shutdown.js';
import { publishedAddresses } from '../server/addresses.js';
import { baseUrlPortWarning } from '../server/base-url-port.js';

/** `feedwatch serve` (declared in declarations/serve.ts, which imports this file when the command runs). */
export async function run(ctx: CommandContext): Promise<number> {
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
}
