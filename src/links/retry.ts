// Retry timing: exponential backoff with jitter, and a tolerant Retry-After parser.

/** Statuses worth another try (RFC 9110 §15.6 5xx, §15.5.9 408; RFC 6585 §4 429). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * Delay before retry number `attempt` (0-based): base * 2^attempt, with "equal jitter" (half fixed,
 * half random) so many checkers that failed together do not retry together.
 */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exp = baseMs * 2 ** attempt;
  return Math.round(exp / 2 + (exp / 2) * random());
}

/**
 * Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP date. Also takes "1m30s"-style values seen
 * in the field (linkinator). Returns milliseconds, or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const parts = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i.exec(v);
  if (parts && (parts[1] || parts[2] || parts[3])) {
    return ((Number(parts[1] ?? 0) * 60 + Number(parts[2] ?? 0)) * 60 + Number(parts[3] ?? 0)) * 1000;
  }
  const date = Date.parse(v);
  if (!Number.isNaN(date)) return Math.max(0, date - now.getTime());
  return null;
}

/** Sleeps, waking early (resolving false) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    if (ms <= 0) return resolve(true);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
