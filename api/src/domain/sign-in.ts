// Sign-in rules. Wrong email and wrong password give the same answer on purpose; too many failures
// for one email lock it for a while (counted from the audit log, so every API process agrees).
import { UnauthenticatedError } from './errors.ts';

export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/** Emails are compared trimmed and in lower case. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Failed sign-ins since this instant count towards the lock. */
export const failureWindowStart = (now: Date): Date => new Date(now.getTime() - SIGN_IN_WINDOW_MS);

/** Refuses before the password is checked once an email has failed MAX_FAILED_SIGN_INS times in the window. */
export function checkNotLocked(recentFailures: number): void {
  if (recentFailures >= MAX_FAILED_SIGN_INS) {
    throw new UnauthenticatedError(`Too many failed sign-ins for this email; try again in ${SIGN_IN_WINDOW_MS / 60_000} minutes`);
  }
}

export const wrongCredentials = (): UnauthenticatedError => new UnauthenticatedError('Email or password is wrong');
