// Time and timers, injected so the queue's retry schedule can be tested without waiting.
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Runs `fn` only if no other tab is running it; resolves to undefined when another tab is. */
export type Lock = <T>(fn: () => Promise<T>) => Promise<T | undefined>;

/** Without coordination (a single tab, or tests). */
export const noLock: Lock = (fn) => fn();

/**
 * One syncing tab at a time through the Web Locks API. The API's idempotency keeps a double send
 * harmless; this only saves the waste. Browsers without navigator.locks fall back to no lock.
 */
export function webLock(name = 'recycle-station-sync'): Lock {
  return async (fn) => {
    if (typeof navigator === 'undefined' || !navigator.locks) return fn();
    return navigator.locks.request(name, { ifAvailable: true }, (lock) => (lock ? fn() : undefined));
  };
}
