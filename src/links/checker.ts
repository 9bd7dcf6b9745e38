// Checks many links: a global limit on links in flight, a per-host limit on links started at one
// host (so one slow host cannot fill the global slots) and, underneath, the HostGate that bounds
// every single request per host, redirect hops to other hosts included.
import pLimit from 'p-limit';
import type { LinkCheckResult, LinkTarget } from '../core/types.js';
import type { LinkState } from '../core/ports.js';
import { checkLink, type CheckDeps, type CheckOptions } from './check-link.js';
import type { HttpClient } from './http.js';
import { HostGate } from './politeness.js';

export interface CheckerOptions extends CheckOptions {
  concurrency: number;
  perHost: number;
  minIntervalMs: number;
  /** Start of the 429 slowdown interval (default 500 ms); tests make it small. */
  slowdownStartMs?: number;
}

export interface Progress {
  done: number;
  total: number;
  /** Links found broken or soft404 so far. */
  failing: number;
  last: LinkCheckResult;
}

export interface CheckLinksInput {
  targets: readonly LinkTarget[];
  previous: ReadonlyMap<string, LinkState>;
  http: HttpClient;
  now: () => Date;
  options: CheckerOptions;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Results in the order of `targets`. */
export async function checkLinks(input: CheckLinksInput): Promise<LinkCheckResult[]> {
  const { options } = input;
  const gate = new HostGate({ perHost: options.perHost, minIntervalMs: options.minIntervalMs, slowdownStartMs: options.slowdownStartMs });
  const deps: CheckDeps = { http: input.http, gate, now: input.now, options, signal: input.signal };
  const global = pLimit(options.concurrency);
  const perHost = new Map<string, ReturnType<typeof pLimit>>();
  const results: LinkCheckResult[] = new Array(input.targets.length);
  let done = 0;
  let failing = 0;
  await Promise.all(
    input.targets.map((target, i) => {
      const host = hostOf(target.url);
      let limit = perHost.get(host);
      if (!limit) perHost.set(host, (limit = pLimit(options.perHost)));
      // Host slot first, then a global slot: global slots are only held by links that can run.
      const run = target.skip ? () => checkLink(target, undefined, deps) : () => limit!(() => global(() => checkLink(target, input.previous.get(target.url), deps)));
      return run().then((r) => {
        results[i] = r;
        done++;
        if (r.status === 'broken' || r.status === 'soft404') failing++;
        input.onProgress?.({ done, total: input.targets.length, failing, last: r });
      });
    }),
  );
  return results;
}
