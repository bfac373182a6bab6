// Sign-in rules. Wrong email and wrong password give the same answer on purpose. Failed attempts
// slow down further attempts with growing delays instead of locking the account: a guesser on one
// address cannot lock the owner out, because the tightest limit is per (account, address) pair.
//   - the same account from the same address: free for PAIR_FREE failures, then 1 s, 2 s, 4 s ...
//   - one address over all accounts (spraying): free for ADDRESS_FREE failures, then growing;
//   - one account from all addresses (a distributed attack): free for ACCOUNT_FREE, then growing.
// Failures are counted in the audit log over a rolling window, so every API process agrees.
import { TooManyRequestsError, UnauthenticatedError } from './errors.ts';
import { msg } from './messages.ts';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const PAIR_FREE = 5;
export const ADDRESS_FREE = 30;
export const ACCOUNT_FREE = 100;
export const MAX_DELAY_SECONDS = 15 * 60;

/** Emails are compared trimmed and in lower case. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Failed sign-ins since this instant count. */
export const failureWindowStart = (now: Date): Date => new Date(now.getTime() - SIGN_IN_WINDOW_MS);

/** Failures in the window for one key, and when the latest happened. */
export interface FailureCount {
  count: number;
  last: Date | null;
}

export interface RecentFailures {
  pair: FailureCount;
  address: FailureCount;
  account: FailureCount;
}

/**
 * Seconds until the next attempt for a key is allowed: 0 while under `free` failures, then 2^(n - free)
 * seconds after the latest failure, capped at MAX_DELAY_SECONDS.
 * Example: delayAfter({ count: 7, last: t }, 5, t + 1 s) = 4 - 1 = 3.
 */
export function delayAfter(f: FailureCount, free: number, now: Date): number {
  if (f.count < free || !f.last) return 0;
  const delay = Math.min(2 ** (f.count - free), MAX_DELAY_SECONDS);
  const waited = (now.getTime() - f.last.getTime()) / 1000;
  return Math.max(0, Math.ceil(delay - waited));
}

/** Refuses (before any password is checked) while one of the three keys is slowed down. */
export function checkNotThrottled(f: RecentFailures, now: Date): void {
  const wait = Math.max(
    delayAfter(f.pair, PAIR_FREE, now),
    delayAfter(f.address, ADDRESS_FREE, now),
    delayAfter(f.account, ACCOUNT_FREE, now),
  );
  if (wait > 0) throw new TooManyRequestsError(msg('auth.throttled', { seconds: wait }), wait);
}

export const wrongCredentials = (): UnauthenticatedError => new UnauthenticatedError(msg('auth.wrongCredentials'));
