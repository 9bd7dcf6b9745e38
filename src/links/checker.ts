// Checks many links: a global limit on links in flight, a per-host limit on links started at one
// host (so one slow host cannot fill the global slots) and, underneath, the HostGate that bounds
// every single request per host, redirect hops to other hosts included.
import pLimit from 'p-limit';
import type { LinkCheckResult, LinkTarget } from '../core/types.js';
import type { LinkState } from '../core/ports.js';
import { applyFragment, checkPage, pageOf, unfetchable, REVALIDATE, type CheckDeps, type CheckOptions, type PageCheck } from './check-link.js';
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

/** Results in the order of `targets`. */
export async function checkLinks(input: CheckLinksInput): Promise<LinkCheckResult[]> {
  const { options } = input;
  const gate = new HostGate({ perHost: options.perHost, minIntervalMs: options.minIntervalMs, slowdownStartMs: options.slowdownStartMs });
  const deps: CheckDeps = { http: input.http, gate, now: input.now, options, signal: input.signal };
  const global = pLimit(options.concurrency);
  const perHost = new Map<string, ReturnType<typeof pLimit>>();
  const hostLimit = (host: string) => {
    let limit = perHost.get(host);
    if (!limit) perHost.set(host, (limit = pLimit(options.perHost)));
    return limit;
  };
  // Links that differ only in their #fragment share one fetch of the page (lychee merges identical
  // requests too); the page's check is dropped once every link citing it has its result.
  const waiting = new Map<string, number>();
  // Pages where some citing link was not healthy last time: read afresh (a 304 has no anchors).
  const freshRead = new Set<string>();
  for (const t of input.targets) {
    const p = t.skip ? null : pageOf(t.url);
    if (!p) continue;
    waiting.set(p.page.href, (waiting.get(p.page.href) ?? 0) + 1);
    const prev = input.previous.get(t.url);
    if (prev && !REVALIDATE.has(prev.status)) freshRead.add(p.page.href);
  }
  const pages = new Map<string, Promise<PageCheck>>();

  const checkOne = async (target: LinkTarget): Promise<LinkCheckResult> => {
    const early = unfetchable(target, input.now());
    if (early) return early;
    const { page, fragment } = pageOf(target.url)!;
    const key = page.href;
    let check = pages.get(key);
    if (!check) {
      // Host slot first, then a global slot: global slots are only held by links that can run.
      const previous = input.previous.get(target.url) ?? input.previous.get(key);
      check = hostLimit(page.hostname)(() => global(() => checkPage(page, previous, deps, !freshRead.has(key))));
      pages.set(key, check);
    }
    const result = applyFragment(await check, target.url, fragment);
    const left = waiting.get(key)! - 1;
    if (left === 0) {
      waiting.delete(key);
      pages.delete(key);
    } else waiting.set(key, left);
    return result;
  };

  const results: LinkCheckResult[] = new Array(input.targets.length);
  let done = 0;
  let failing = 0;
  await Promise.all(
    input.targets.map((target, i) =>
      checkOne(target).then((r) => {
        results[i] = r;
        done++;
        if (r.status === 'broken' || r.status === 'soft404') failing++;
        input.onProgress?.({ done, total: input.targets.length, failing, last: r });
      }),
    ),
  );
  return results;
}
