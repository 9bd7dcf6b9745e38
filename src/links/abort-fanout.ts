// One listener on a long-lived signal (a run's shutdown) for any number of short-lived ones (each
// page's requests and waits). A listener per request on the run's signal would put up to
// `concurrency` listeners on it at once, and Node warns past 10 (MaxListenersExceededWarning).

export interface AbortFanout {
  /** A signal that aborts when the parent does (at once if it has); release it when done. Undefined without a parent. */
  child(): { signal: AbortSignal | undefined; release: () => void };
  /** Takes the one listener off the parent (which may outlive this run: `run` reuses it for every check). */
  close(): void;
}

export function abortFanout(parent: AbortSignal | undefined): AbortFanout {
  const children = new Set<AbortController>();
  const onAbort = () => {
    for (const c of children) c.abort(parent!.reason);
  };
  parent?.addEventListener('abort', onAbort, { once: true });
  return {
    child() {
      if (!parent) return { signal: undefined, release: () => {} };
      const c = new AbortController();
      if (parent.aborted) c.abort(parent.reason);
      else children.add(c);
      return { signal: c.signal, release: () => children.delete(c) };
    },
    close() {
      parent?.removeEventListener('abort', onAbort);
      children.clear();
    },
  };
}
