// Retry delays: exponential growth with "equal jitter" (half fixed, half random), so a station's
// devices that lost the network together do not all come back in the same second, yet no retry
// fires immediately after a failure.

export interface BackoffOptions {
  /** First retry waits between base/2 and base (ms). */
  baseMs: number;
  /** Ceiling of the exponential part (ms). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Delay before retry number `attempt` (1 = first retry). `random` is in [0, 1).
 * Example: base 1 s, attempt 3 → cap 4 s → between 2 s and 4 s.
 */
export function backoffDelay(attempt: number, random: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (cap / 2) * random);
}
