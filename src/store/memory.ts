// The Store in memory: for tests and one-off `check --url` runs. Same contract as SQLite: a commit
// is validated in full before anything changes, so a failing commit leaves the previous state.
import type { AlertEvent, CacheEntry, CheckRecord, LinkState, RunRecord, Store } from '../core/ports.js';
import { StoreError } from '../core/errors.js';

function requireText(v: unknown, what: string): void {
  if (typeof v !== 'string' || v === '') throw new StoreError(`memory: cannot write the state (${what} is missing).`);
}

export class MemoryStore implements Store {
  private links = new Map<string, LinkState>();
  private checks: CheckRecord[] = [];
  private eventList: AlertEvent[] = [];
  private cache = new Map<string, CacheEntry>();
  private closed = false;

  private open(): void {
    if (this.closed) throw new StoreError('memory: the store is closed.');
  }

  async getLinks(urls: readonly string[]): Promise<Map<string, LinkState>> {
    this.open();
    const out = new Map<string, LinkState>();
    for (const u of urls) {
      const l = this.links.get(u);
      if (l) out.set(u, structuredClone(l));
    }
    return out;
  }

  async allLinks(): Promise<LinkState[]> {
    this.open();
    return [...this.links.values()].sort((a, b) => (a.url < b.url ? -1 : 1)).map((l) => structuredClone(l));
  }

  async commitRun(run: RunRecord): Promise<void> {
    this.open();
    // Validate everything first (the same NOT NULL rules as the SQL schema), then swap.
    for (const l of run.links) {
      requireText(l.url, 'link url');
      requireText(l.status, `status of ${l.url}`);
      requireText(l.since, `since of ${l.url}`);
      requireText(l.checkedAt, `checkedAt of ${l.url}`);
    }
    for (const c of run.checks) {
      requireText(c.url, 'check url');
      requireText(c.checkedAt, `checkedAt of ${c.url}`);
      requireText(c.status, `status of ${c.url}`);
    }
    for (const e of run.events) {
      requireText(e.id, 'event id');
      requireText(e.to, `event ${e.id} status`);
      requireText(e.at, `event ${e.id} time`);
    }
    const links = new Map(this.links);
    for (const l of run.links) links.set(l.url, structuredClone(l));
    let checks = [...this.checks, ...run.checks.map((c) => ({ ...c }))];
    const known = new Set(this.eventList.map((e) => e.id));
    let events = [...this.eventList, ...run.events.filter((e) => !known.has(e.id) && known.add(e.id)).map((e) => ({ ...e }))];
    if (run.pruneBefore) {
      const cut = run.pruneBefore;
      checks = checks.filter((c) => c.checkedAt >= cut);
      events = events.filter((e) => !(e.delivered && e.at < cut));
    }
    this.links = links;
    this.checks = checks;
    this.eventList = events;
  }

  async history(urls: readonly string[] | null, since: string | null): Promise<CheckRecord[]> {
    this.open();
    const wanted = urls ? new Set(urls) : null;
    return this.checks
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => (!wanted || wanted.has(c.url)) && (since === null || c.checkedAt >= since))
      .sort((a, b) => (a.c.checkedAt < b.c.checkedAt ? -1 : a.c.checkedAt > b.c.checkedAt ? 1 : a.i - b.i))
      .map(({ c }) => ({ ...c }));
  }

  async historySince(): Promise<string | null> {
    this.open();
    let min: string | null = null;
    for (const c of this.checks) if (min === null || c.checkedAt < min) min = c.checkedAt;
    return min;
  }

  async events(limit: number): Promise<AlertEvent[]> {
    this.open();
    return this.eventList
      .map((e, i) => ({ e, i }))
      .sort((a, b) => (a.e.at > b.e.at ? -1 : a.e.at < b.e.at ? 1 : b.i - a.i))
      .slice(0, limit)
      .map(({ e }) => ({ ...e }));
  }

  async undeliveredEvents(): Promise<AlertEvent[]> {
    this.open();
    return this.eventList
      .map((e, i) => ({ e, i }))
      .filter(({ e }) => !e.delivered)
      .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.i - b.i))
      .map(({ e }) => ({ ...e }));
  }

  async markDelivered(ids: readonly string[]): Promise<void> {
    this.open();
    const set = new Set(ids);
    this.eventList = this.eventList.map((e) => (set.has(e.id) ? { ...e, delivered: true } : e));
  }

  async getCache(key: string): Promise<CacheEntry | null> {
    this.open();
    const v = this.cache.get(key);
    return v ? { ...v } : null;
  }

  async putCache(key: string, value: string, storedAt: string): Promise<void> {
    this.open();
    this.cache.set(key, { value, storedAt });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
