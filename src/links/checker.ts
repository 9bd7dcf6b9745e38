// Checks many links: a global limit on links in flight, a per-host limit on links started at one
// host (so one slow host cannot fill the global slots) and, underneath, the HostGate that bounds
// every single request per host, redirect hops to other hosts included.
import pLimit from 'p-limit';
import type { LinkCheckResult, LinkTarget } from '../core/types.js';
import type { LinkState } from '../core/ports.js';
import { applyFragment, fetchPage, pageOf, unfetchable, REVALIDATE, type CheckDeps, type CheckOptions, type PageCheck } from './check-link.js';
import type { HttpClient } from './http.js';
import type { HtmlReader } from './page-summary.js';
import { HostGate } from './politeness.js';
import { abortFanout } from './abort-fanout.js';
import { redactorFor } from '../core/redact.js';

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
  /** Reads HTML pages elsewhere (another thread); default: in this thread. */
  readHtml?: HtmlReader;
}

/** The links citing one page (they differ at most in their #fragment): one fetch serves them all. */
interface PageGroup {
  page: URL;
  /** Indices into `targets`, with each link's fragment. */
  members: { index: number; fragment: string }[];
  /** Read afresh: some citing link was unhealthy last time (a 304 has no anchors to check). */
  fresh: boolean;
}

/**
 * Results in the order of `targets`. Work is started lazily: each host has a queue of pages, at
 * most `perHost` of them started at once (so one slow host cannot fill the global slots), and a
 * global p-limit bounds the pages in flight. Nothing per link is allocated before its turn, so a
 * 20,000-link run does not hold 20,000 pending promises.
 */
export async function checkLinks(input: CheckLinksInput): Promise<LinkCheckResult[]> {
  const { options, targets } = input;
  const gate = new HostGate({ perHost: options.perHost, minIntervalMs: options.minIntervalMs, slowdownStartMs: options.slowdownStartMs });
  const deps: CheckDeps = { http: input.http, gate, now: input.now, options, signal: input.signal, readHtml: input.readHtml };
  const global = pLimit(options.concurrency);
  const results: LinkCheckResult[] = new Array(targets.length);
  let done = 0;
  let failing = 0;
  // Error messages are kept in the state and shown in reports: no header value or URL secret in them.
  const redact = redactorFor({ check: { headers: options.headers } });
  const finish = (index: number, result: LinkCheckResult) => {
    const r = result.error ? { ...result, error: redact(result.error) } : result;
    results[index] = r;
    done++;
    if (r.status === 'broken' || r.status === 'soft404') failing++;
    input.onProgress?.({ done, total: targets.length, failing, last: r });
  };

  // Group links by page, pages by host, in the order the links came.
  const groups = new Map<string, PageGroup>();
  const hosts = new Map<string, { queue: PageGroup[]; next: number; active: number }>();
  targets.forEach((target, index) => {
    const early = unfetchable(target, input.now());
    if (early) return finish(index, early);
    const { page, fragment } = pageOf(target.url)!;
    let group = groups.get(page.href);
    if (!group) {
      groups.set(page.href, (group = { page, members: [], fresh: false }));
      let host = hosts.get(page.hostname);
      if (!host) hosts.set(page.hostname, (host = { queue: [], next: 0, active: 0 }));
      host.queue.push(group);
    }
    group.members.push({ index, fragment });
    const prev = input.previous.get(target.url);
    if (prev && !REVALIDATE.has(prev.status)) group.fresh = true;
  });
  groups.clear();

  const fanout = abortFanout(input.signal);
  return new Promise<LinkCheckResult[]>((resolve, reject) => {
    let pagesLeft = 0;
    for (const h of hosts.values()) pagesLeft += h.queue.length;
    if (pagesLeft === 0) return resolve(results);
    const runGroup = async (group: PageGroup, fetched: () => void) => {
      const first = targets[group.members[0]!.index]!;
      const previous = input.previous.get(first.url) ?? input.previous.get(group.page.href);
      const stage = await global(() => {
        // The page's requests and waits listen to a signal of its own, not to the run's.
        const shutdown = fanout.child();
        return fetchPage(group.page, previous, { ...deps, signal: shutdown.signal }, !group.fresh).finally(shutdown.release);
      });
      // The slots go as soon as the network part is over, and the page is read a turn later: the
      // next requests are on the wire while this one is parsed. (Answers tend to arrive in bursts;
      // parsing each before sending the next request delayed the last of a burst by the
      // parsing of all the others.) At most one event-loop turn's answers wait to be read.
      fetched();
      let page: PageCheck;
      if (typeof stage === 'function') {
        await nextTurn();
        page = await stage();
      } else page = stage;
      for (const m of group.members) finish(m.index, applyFragment(page, targets[m.index]!.url, m.fragment));
    };
    const pump = (host: { queue: PageGroup[]; next: number; active: number }) => {
      while (host.active < options.perHost && host.next < host.queue.length) {
        const group = host.queue[host.next]!;
        host.queue[host.next++] = undefined as unknown as PageGroup; // let it go once started
        host.active++;
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          host.active--;
          pump(host);
        };
        runGroup(group, release).then(
          () => {
            release();
            if (--pagesLeft === 0) resolve(results);
          },
          reject,
        );
      }
    };
    for (const host of hosts.values()) pump(host);
  }).finally(() => fanout.close());
}

/** Resolves on a later event-loop turn (a timer), after the work already queued for this one. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
