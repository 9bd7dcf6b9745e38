// WebSub publishing (W3C WebSub §7 "Publishing"): after a build that changed a feed, tell each hub
// in config websub.hubs with `hub.mode=publish` and `hub.url=<feed URL>`, so subscribers get the
// update without polling. The feeds themselves declare the hubs with rel="hub" links (build).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Task } from './scheduler.js';

const FEED_FILES = ['rss.xml', 'atom.xml', 'feed.json'];
/** A hub that does not answer within this time is reported as failed; the next build tries again. */
const PING_TIMEOUT_MS = 10_000;

/** Feed URL → hash of its bytes, for every feed document in the output folder. */
export async function feedHashes(out: string, baseUrl: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  let ids: string[];
  try {
    ids = (await readdir(out, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'health').map((d) => d.name);
  } catch {
    return hashes;
  }
  for (const id of ids) {
    for (const file of FEED_FILES) {
      try {
        const bytes = await readFile(join(out, id, file));
        hashes.set(new URL(`${id}/${file}`, baseUrl).href, createHash('sha256').update(bytes).digest('hex'));
      } catch {
        // This feed has no such format.
      }
    }
  }
  return hashes;
}

export interface PingResult {
  hub: string;
  url: string;
  ok: boolean;
  detail: string;
}

export async function pingHubs(hubs: readonly string[], urls: readonly string[], fetchFn: typeof fetch, signal?: AbortSignal): Promise<PingResult[]> {
  const jobs = hubs.flatMap((hub) =>
    urls.map(async (url): Promise<PingResult> => {
      try {
        const timeout = AbortSignal.timeout(PING_TIMEOUT_MS);
        const res = await fetchFn(hub, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }).toString(),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        await res.body?.cancel();
        return { hub, url, ok: res.ok, detail: `HTTP ${res.status}` };
      } catch (e) {
        return { hub, url, ok: false, detail: (e as Error).message };
      }
    }),
  );
  return Promise.all(jobs);
}

export interface WebSubOptions {
  out: string;
  baseUrl: string;
  hubs: readonly string[];
  fetch: typeof fetch;
  log: (line: string) => void;
}

/** Wraps a build task: after a successful build, pings the hubs about each feed whose bytes changed. */
export function withWebSub(build: Task, options: WebSubOptions): Task {
  if (options.hubs.length === 0) return build;
  return async (signal) => {
    const before = await feedHashes(options.out, options.baseUrl);
    const result = await build(signal);
    if (result.exitCode !== 0) return result;
    const after = await feedHashes(options.out, options.baseUrl);
    const changed = [...after].filter(([url, hash]) => before.get(url) !== hash).map(([url]) => url);
    if (changed.length === 0) return result;
    const pings = await pingHubs(options.hubs, changed, options.fetch, signal);
    for (const p of pings.filter((x) => !x.ok)) options.log(`WebSub: ${p.hub} refused the ping for ${p.url} (${p.detail}); the next build that changes it pings again`);
    const ok = pings.filter((p) => p.ok).length;
    return { ...result, summary: `${result.summary}; WebSub: ${changed.length} changed feed${changed.length === 1 ? '' : 's'}, ${ok}/${pings.length} hub pings ok` };
  };
}
