// One invocation's budgets, counted as the platform counts them: subrequests (every fetch hop, every
// D1 query, every queue send, every asset read, every R2 call) and D1 queries. The platform throws when one is used
// up; so does `take`, before the call is made, so a test sees the same failure the platform gives.

export class BudgetExceeded extends Error {
  constructor(what: string, limit: number) {
    super(`the invocation's ${what} budget (${limit}) is used up`);
    this.name = 'BudgetExceeded';
  }
}

export type SubrequestKind = 'fetch' | 'd1' | 'queue' | 'asset' | 'r2';

export class InvocationBudget {
  private subrequests = 0;
  private queries = 0;
  /** Subrequests by kind, for the figures in the README ("Scaling out") and the tests. */
  readonly byKind: Record<SubrequestKind, number> = { fetch: 0, d1: 0, queue: 0, asset: 0, r2: 0 };

  constructor(readonly subrequestLimit: number, readonly queryLimit: number) {}

  /** Counts `n` subrequests of a kind (D1 queries also against the query limit); throws when over. */
  take(kind: SubrequestKind, n = 1): void {
    if (this.subrequests + n > this.subrequestLimit) throw new BudgetExceeded('subrequest', this.subrequestLimit);
    if (kind === 'd1' && this.queries + n > this.queryLimit) throw new BudgetExceeded('D1 query', this.queryLimit);
    this.subrequests += n;
    if (kind === 'd1') this.queries += n;
    this.byKind[kind] += n;
  }

  get usedSubrequests(): number {
    return this.subrequests;
  }

  get usedQueries(): number {
    return this.queries;
  }

  /** Subrequests left (D1 queries count here too). */
  get remaining(): number {
    return this.subrequestLimit - this.subrequests;
  }

  /** D1 queries left. */
  get queriesLeft(): number {
    return this.queryLimit - this.queries;
  }
}

/** At most `size` holders at once; the rest wait in order. */
export class Semaphore {
  private active = 0;
  private peak = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(readonly size: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    this.peak = Math.max(this.peak, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes on
      else this.active--;
    };
  }

  /** The most holders there ever were at once. */
  get maxActive(): number {
    return this.peak;
  }
}
