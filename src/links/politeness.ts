// Per-host politeness: at most `perHost` requests in flight to one host, an optional minimum interval
// between request starts, and a host that answered 429 is slowed down for the rest of the run
// (one request at a time, interval doubling from 0.5 s up to 30 s, as lychee does).
import { sleep } from './retry.js';

/** lychee's adaptive backoff on 429: start at 0.5 s, double, cap at 30 s. */
export const SLOWDOWN_START_MS = 500;
export const SLOWDOWN_MAX_MS = 30_000;

interface HostState {
  active: number;
  limit: number;
  waiters: Array<() => void>;
  /** When the last request actually started (ms since epoch). */
  lastStart: number;
  /** Starts are taken one after another through this chain, so each sees the previous start. */
  startChain: Promise<void>;
  intervalMs: number;
  slowed: boolean;
}

export interface HostGateOptions {
  perHost: number;
  minIntervalMs: number;
  slowdownStartMs?: number;
  slowdownMaxMs?: number;
  now?: () => number;
}

export class HostGate {
  private readonly hosts = new Map<string, HostState>();
  constructor(private readonly options: HostGateOptions) {}

  private host(name: string): HostState {
    let h = this.hosts.get(name);
    if (!h) {
      h = { active: 0, limit: this.options.perHost, waiters: [], lastStart: 0, startChain: Promise.resolve(), intervalMs: this.options.minIntervalMs, slowed: false };
      this.hosts.set(name, h);
    }
    return h;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Runs `fn` when the host has a free slot and its interval has passed. */
  async run<T>(hostname: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const h = this.host(hostname);
    while (h.active >= h.limit) await new Promise<void>((resolve) => h.waiters.push(resolve));
    h.active++;
    try {
      if (h.intervalMs > 0) await this.spaceStart(h, signal);
      return await fn();
    } finally {
      h.active--;
      h.waiters.shift()?.();
    }
  }

  /** Waits until `intervalMs` after the previous actual start (a late timer never squeezes two starts). */
  private spaceStart(h: HostState, signal?: AbortSignal): Promise<void> {
    const turn = h.startChain.then(async () => {
      for (let wait = h.lastStart + h.intervalMs - this.now(); wait > 0 && !signal?.aborted; wait = h.lastStart + h.intervalMs - this.now()) {
        await sleep(wait, signal);
      }
      h.lastStart = this.now();
    });
    h.startChain = turn;
    return turn;
  }

  /** The host answered 429: one request at a time from now on, each further apart. */
  slowDown(hostname: string): void {
    const h = this.host(hostname);
    const start = this.options.slowdownStartMs ?? SLOWDOWN_START_MS;
    const max = this.options.slowdownMaxMs ?? SLOWDOWN_MAX_MS;
    h.limit = 1;
    h.intervalMs = h.slowed ? Math.min(max, Math.max(start, h.intervalMs * 2)) : Math.max(start, h.intervalMs);
    h.slowed = true;
  }

  isSlowed(hostname: string): boolean {
    return this.hosts.get(hostname)?.slowed ?? false;
  }
}
