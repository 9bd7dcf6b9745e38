// The Cloudflare Worker's entry point (wrangler.toml `main`). A placeholder: the HTTP runtime, which
// serves the feeds and reports with the same semantics as the Node server, lands in the next part of
// the Worker work. Until then every request gets 404, so nothing half-built is ever served.
// Link checks: the cron trigger and the queue consumer (src/runtime/worker/checks/).
import { queue, scheduled } from './checks/handlers.js';

export default {
  async fetch(): Promise<Response> {
    return new Response('Not found: the feedwatch Worker does not serve anything yet.\n', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  },
  scheduled,
  queue,
};
