// Health's step in the check pipeline (pipeline.ts `decorate`, before the commit): suggestions and
// alert events, with alertedStatus updated in the next states. The runtime chooses the fetch.
import type { Decorate } from './pipeline.js';
import { beforeCommit } from './steps.js';
import type { FetchLike } from './wayback.js';

export interface HealthDecorateOptions {
  /** The platform fetch for the Wayback API: the runtime's, or one msw intercepts in tests. */
  fetch: FetchLike;
  /** Which links the Wayback API is asked about (default: public web addresses only). */
  archivable?: (url: string) => boolean;
}

export function healthDecorate(options: HealthDecorateOptions): Decorate {
  return async (input) => {
    const out = await beforeCommit({
      previous: input.previous,
      next: input.next,
      results: new Map(input.results.map((r) => [r.url, r])),
      citing: new Map(input.targets.map((t) => [t.url, t.items])),
      config: input.config,
      store: input.store,
      fetch: options.fetch,
      now: input.now.toISOString(),
      archivable: options.archivable,
    });
    return { events: out.events, next: out.states, suggestions: out.suggestions };
  };
}
